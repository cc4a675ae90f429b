// SPDX-License-Identifier: GPL-2.0-only
/*
 * Built-in scenarios for `mmsim demo NAME`: scripts of the scenario language
 * compiled into the program, run with their views, for learners.
 */
#include <string.h>

#include "model.h"
#include "run.h"

struct demo {
	const char *name;
	const char *what;
	const char *const *scripts;	/* NULL-terminated, each run in a fresh world */
};

static const char *const cow_scripts[] = {
	"# A page's life: zero page, write fault, fork, copy on write, reuse.\n"
	"process P\n"
	"mmap P buf 4K anon\n"
	"read P buf 0\n"
	"show pte P buf\n"
	"write P buf 0x1234\n"
	"show pte P buf\n"
	"show folio P buf\n"
	"fork P C\n"
	"show pte P buf\n"
	"show pte C buf\n"
	"expect folio P buf mapcount=2 refcount=2 anon_exclusive=0\n"
	"write C buf 0x5678\n"
	"show pte C buf\n"
	"expect folio C buf mapcount=1 refcount=1 anon_exclusive=1\n"
	"write P buf 0x9abc\n"
	"expect folio P buf mapcount=1 refcount=1 anon_exclusive=1\n"
	"show rmap P buf\n"
	"show stats\n",
	NULL,
};

/*
 * The cover letter's program, scaled from 1 GiB to 4 MiB, before and after
 * the series: the device-exclusive entries keep their reference but, before
 * patch 16, lose their mapcount. The swap-out that then never frees them
 * arrives with the reclaim issue; until then `reclaim` answers -ENOSYS.
 */
#define HMM_SWAP_BODY                                                        \
	"swap 64M\n"                                                         \
	"process A\n"                                                        \
	"mmap A buf 4M anon\n"                                               \
	"madvise A buf nohugepage\n"                                         \
	"write A buf 0x1000 seq\n"                                           \
	"device D A\n"                                                       \
	"D exclusive buf chunk=2M\n"                                         \
	"show pte A buf[0:2]\n"                                              \
	"show folio A buf[0]\n"                                              \
	"expect rss A anon=4M\n"

static const char *const hmm_swap_scripts[] = {
	"# legacy: the kernel the series was posted against\n"
	"series legacy\n"
	HMM_SWAP_BODY
	"expect pte A buf device-exclusive write\n"
	"expect folio A buf[0] mapcount=0 refcount=1 dirty=1\n"
	"expect stats anon=0\n"
	"reclaim all\n"
	"expect ret -ENOSYS\n",
	"# all: the 17 patches applied\n"
	"series all\n"
	HMM_SWAP_BODY
	"expect pte A buf device-exclusive ro\n"
	"expect folio A buf[0] mapcount=1 refcount=1 dirty=1\n"
	"expect stats anon=4M\n"
	"reclaim all\n"
	"expect ret -ENOSYS\n",
	NULL,
};

static const struct demo demos[] = {
	{ "cow", "a page through fault, fork and copy on write", cow_scripts },
	{ "hmm-swap", "the cover letter's program at series legacy and all "
		      "(up to the swap-out, which needs the reclaim issue)", hmm_swap_scripts },
};

static void list_demos(FILE *out)
{
	for (size_t i = 0; i < sizeof(demos) / sizeof(demos[0]); i++)
		fprintf(out, "%-10s %s\n", demos[i].name, demos[i].what);
}

static int run_demo(const struct demo *d, FILE *out, FILE *err)
{
	struct mms_run_opts o = { false, false };
	int status = MMS_EXIT_OK;

	for (const char *const *s = d->scripts; *s; s++) {
		char name[64];

		snprintf(name, sizeof(name), "demo:%s", d->name);
		fprintf(out, "# ---- %s\n", name);
		status = mms_exit_worst(status, mms_run_buffer(name, *s, strlen(*s),
							       &mmsim_model_ops, mmsim_model_new,
							       &o, out, err, NULL));
	}
	return status;
}

int mmsim_model_subcommand(int argc, char **argv, FILE *out, FILE *err)
{
	if (!strcmp(argv[0], "demo")) {
		if (argc < 2) {
			list_demos(out);
			return MMS_EXIT_OK;
		}
		for (size_t i = 0; i < sizeof(demos) / sizeof(demos[0]); i++)
			if (!strcmp(argv[1], demos[i].name))
				return run_demo(&demos[i], out, err);
		fprintf(err, "mmsim demo: unknown demo '%s'; these exist:\n", argv[1]);
		list_demos(err);
		return MMS_EXIT_PARSE;
	}
	if (!strcmp(argv[0], "fuzz")) {
		fprintf(err, "mmsim fuzz: not modelled yet: seeded random operation sequences "
			     "(the fuzzing issue); the libFuzzer targets are in tools/fuzz\n");
		return MMS_EXIT_FAIL;
	}
	return -1;
}
