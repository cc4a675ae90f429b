/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scenario executor and its KTAP reporter (DESIGN.md section 8,
 * "Results, test points, exit status"; docs/scenario-language.md).
 */
#ifndef MMS_RUN_H
#define MMS_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "backend.h"
#include "script.h"

/* Exit statuses, in the order section 8 ranks them: 2 > 3 > 1 > 0 */
#define MMS_EXIT_OK	0
#define MMS_EXIT_FAIL	1
#define MMS_EXIT_PARSE	2
#define MMS_EXIT_BUG	3

struct mms_run_opts {
	bool quiet;		/* only not-ok points and the last line */
	bool trace;		/* passed to the backend in mms_config */
};

struct mms_run_stats {
	unsigned long passed;
	unsigned long failed;	/* skipped points count as failed */
};

/* The plan: how many test points the script produces, known statically. */
unsigned long mms_plan(const struct mms_script *s);

/*
 * Run a parsed script against @be, reporting KTAP to @out. Adds to @st if
 * not NULL. Returns MMS_EXIT_OK, MMS_EXIT_FAIL or MMS_EXIT_BUG.
 */
int mms_run_script(const struct mms_script *s, const struct mms_backend_ops *ops,
		   void *be, const struct mms_run_opts *o, FILE *out,
		   struct mms_run_stats *st);

/*
 * Parse @len bytes named @name and, if they parse, run them in a fresh
 * backend from @new_backend. A parse error goes to @err and returns
 * MMS_EXIT_PARSE with nothing run.
 */
int mms_run_buffer(const char *name, const char *buf, size_t len,
		   const struct mms_backend_ops *ops, void *(*new_backend)(void),
		   const struct mms_run_opts *o, FILE *out, FILE *err,
		   struct mms_run_stats *st);

/* The worse of two exit statuses in the order 2 > 3 > 1 > 0 */
int mms_exit_worst(int a, int b);

#endif /* MMS_RUN_H */
