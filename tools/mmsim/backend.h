/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interface between the scenario executor (run.c) and whatever runs the
 * commands: the mmsim model, or the fake backend of the tests.
 *
 * Life of a backend, per script file:
 *   be = new_backend();             one per file, never shared
 *   create(be, s, cfg)              once, before the first command that runs;
 *                                   not called for a file with no command
 *   exec / expect / checker ...     in script order
 *   destroy(be)                     always, exactly once, even if create was
 *                                   never called or failed
 * The script outlives the backend, so a backend may keep @s and the
 * commands it was given (inject's do COMMAND runs later, from the model).
 *
 * Determinism: everything a backend writes (results, messages, diag lines)
 * must be a function of the script alone: no pointers, no time.
 */
#ifndef MMS_BACKEND_H
#define MMS_BACKEND_H

#include <stddef.h>
#include <stdio.h>

#include "script.h"

enum mms_result_kind {
	MMS_R_RET,	/* value: 0, a negative errno or a non-negative count */
	MMS_R_SIGNAL,	/* value: the signal (MMS_SIGSEGV, MMS_SIGBUS) */
	MMS_R_BUG,	/* the world died; value unused */
};

struct mms_result {
	enum mms_result_kind kind;
	long long value;
	unsigned long long done_pages;	/* range commands: pages that succeeded */
	int mismatch;			/* read/D read with V: data differed */
	char msg[256];			/* output line ("reclaimed 3 pages"), or
					 * why it failed ("not modelled yet: X") */
};

struct mms_backend_ops {
	/*
	 * Build the world from @cfg (cfg->diag: a FILE * for views and trace
	 * narration, every line starting "# ", NULL when quiet). Returns 0, or
	 * non-zero with the reason in @msg: then nothing else runs.
	 */
	int (*create)(void *be, const struct mms_script *s,
		      const struct mms_config *cfg, char *msg, size_t len);

	/*
	 * Run one non-expect command (including thp, inject and show). @res
	 * is zeroed by the caller. A BUG sets MMS_R_BUG or makes dead() true.
	 */
	void (*exec)(void *be, const struct mms_cmd *cmd, struct mms_result *res);

	/*
	 * Evaluate an expect pte/folio/rss/smaps/stats/data/device/log without
	 * changing the world (log must work on a dead world). Returns 0 when
	 * it holds, else non-zero with what was found in @got.
	 */
	int (*expect)(void *be, const struct mms_cmd *cmd, char *got, size_t len);

	/*
	 * Run the invariant checker. Returns 0, or non-zero with the
	 * invariant's NAME (as `expect violation NAME` spells it) in @name and
	 * the report in @msg.
	 */
	int (*checker)(void *be, char *name, size_t nlen, char *msg, size_t mlen);

	/*
	 * The last violation was expected (`expect violation NAME` followed):
	 * suspend that invariant for that object for the rest of the script.
	 */
	void (*accept_violation)(void *be);

	unsigned long (*nr_warn)(void *be);	/* WARN-class reports so far */
	unsigned long (*nr_bug)(void *be);	/* BUG reports so far */
	int (*dead)(void *be);			/* a BUG killed the world */
	void (*destroy)(void *be);

	/* Optional hooks for the command line, NULL when absent. */
	void (*version)(FILE *out);
	/* NULL-terminated injection point names: `inject --list`, and the
	 * parser rejects any other name. NULL: any name parses. */
	const char *const *inject_points;
	/* Any other subcommand (demo, fuzz): exit status, or -1 if unknown. */
	int (*subcommand)(int argc, char **argv, FILE *out, FILE *err);
};

#endif /* MMS_BACKEND_H */
