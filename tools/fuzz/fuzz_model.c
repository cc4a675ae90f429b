// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: scenario scripts run against the real model. Scripts
 * that parse are bounded (memory, range and mapping sizes) so one input
 * stays in milliseconds, then run with the checker after every command.
 * Findings: host crashes and sanitizer reports, a plan that does not match
 * the points printed, and any simulated BUG at series 17, where the fixed
 * kernel has none to give.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "run.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_MEMORY (1ULL << 30)	/* the default world */
#define FUZZ_MAX_PAGES 2048
#define FUZZ_MAX_CMDS 256

/* keep an input cheap: small worlds, short ranges, few commands */
static bool within_bounds(const struct mms_script *s)
{
	if (s->config.memory > FUZZ_MAX_MEMORY || s->config.swap > FUZZ_MAX_MEMORY ||
	    s->config.hugetlb > 8 || s->nr_cmds > FUZZ_MAX_CMDS)
		return false;
	for (size_t i = 0; i < s->nr_regions; i++)
		if (s->regions[i].pages > FUZZ_MAX_PAGES)
			return false;
	for (size_t i = 0; i < s->nr_files; i++)
		if (s->files[i].size > FUZZ_MAX_PAGES * 4096ULL)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mms_run_opts o = { true, false };
	struct mms_script s;
	char err[512], *out = NULL;
	size_t olen = 0;
	bool run, legacy;
	FILE *fo;
	int status;

	memset(&s, 0, sizeof(s));
	run = !mms_parse(&s, "fuzz.mms", (const char *)data, size, NULL, err, sizeof(err)) &&
	      within_bounds(&s);
	legacy = s.config.series < 17;
	mms_script_free(&s);
	if (!run)
		return 0;
	fo = open_memstream(&out, &olen);
	if (!fo)
		abort();
	status = mms_run_buffer("fuzz.mms", (const char *)data, size, &mmsim_model_ops,
				mmsim_model_new, &o, fo, fo, NULL);
	fclose(fo);
	if (status < 0 || status > 3)
		abort();
	if (status == 3 && !legacy) {
		fprintf(stderr, "fuzz_model: a simulated BUG at series 17\n%.*s\n",
			(int)olen, out);
		abort();
	}
	free(out);
	return 0;
}
