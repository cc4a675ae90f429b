// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary bytes through the scenario parser and, when
 * they parse, the executor against the fake backend. Besides not crashing,
 * the KTAP output must keep its promise: exactly as many points as the plan.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_backend.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Points printed must equal the plan line, or the plan was a lie. */
static void check_plan(const char *out, size_t len)
{
	unsigned long plan = 0, points = 0;
	const char *p = out, *end = out + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			nl = end;
		if (!strncmp(p, "1..", 3))
			plan = strtoul(p + 3, NULL, 10);
		else if (!strncmp(p, "ok ", 3) || !strncmp(p, "not ok ", 7))
			points++;
		p = nl + 1;
	}
	if (plan != points) {
		fprintf(stderr, "fuzz_script: plan 1..%lu but %lu points\n", plan, points);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mms_run_opts o = { false, size & 1 };
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	FILE *fo, *fe;
	int status;

	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	if (!fo || !fe)
		abort();
	status = mms_run_buffer("fuzz.mms", (const char *)data, size, &mms_fake_ops,
				mms_fake_new, &o, fo, fe, NULL);
	fclose(fo);
	fclose(fe);
	if (status < 0 || status > 3)
		abort();
	if (status == MMS_EXIT_PARSE ? olen != 0 || elen == 0 : elen != 0)
		abort();	/* a parse error runs nothing, and only it speaks on err */
	if (status != MMS_EXIT_PARSE)
		check_plan(out, olen);
	free(out);
	free(err);
	return 0;
}
