// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario executor: runs a parsed script against a backend and reports
 * KTAP. Every line other than configuration is exactly one test point, so
 * the plan is known before anything runs (docs/scenario-language.md).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

enum world_state {
	W_NONE,		/* not created yet */
	W_ALIVE,
	W_DEAD,		/* a BUG at stop_line */
	W_STOPPED,	/* an unexpected checker violation at stop_line */
	W_FAILED,	/* create() failed */
};

struct runner {
	const struct mms_script *s;
	const struct mms_backend_ops *ops;
	void *be;
	const struct mms_run_opts *o;
	FILE *out;
	unsigned long n, passed, failed;
	enum world_state state;
	uint32_t stop_line;
	bool bug_unaccounted;
	size_t last_runnable;		/* index of the last non-expect command */
	struct mms_result last;		/* of the previous command */
	bool violation;			/* the checker reported after it */
	char vname[64];
	char vmsg[256];
	char why[300];			/* create() failure */
};

unsigned long mms_plan(const struct mms_script *s)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < s->nr_cmds; i++)
		n += !mms_op_is_config(s->cmds[i].op);
	return n;
}

int mms_exit_worst(int a, int b)
{
	static const int rank[] = { 0, 1, 3, 2 };	/* by status 0..3 */

	if (a < 0 || a > 3)
		return a;
	if (b < 0 || b > 3)
		return b;
	return rank[a] >= rank[b] ? a : b;
}

static void point(struct runner *r, bool ok, const struct mms_cmd *c,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* One test point; @fmt (may be NULL) is the "# ..." directive text. */
static void point(struct runner *r, bool ok, const struct mms_cmd *c,
		  const char *fmt, ...)
{
	va_list ap;

	r->n++;
	if (ok)
		r->passed++;
	else
		r->failed++;
	if (ok && r->o->quiet)
		return;
	fprintf(r->out, "%sok %lu - line %u: %s", ok ? "" : "not ", r->n,
		c->line, mms_str(r->s, c->text));
	if (fmt) {
		fputs(" # ", r->out);
		va_start(ap, fmt);
		vfprintf(r->out, fmt, ap);
		va_end(ap);
	}
	fputc('\n', r->out);
}

static void fmt_result(const struct mms_result *res, const struct mms_cmd *c,
		       char *buf, size_t len)
{
	const char *e;
	int n = 0;

	switch (res->kind) {
	case MMS_R_RET:
		e = res->value < 0 ? mms_errno_name(res->value) : NULL;
		if (e)
			n = snprintf(buf, len, "-%s", e);
		else
			n = snprintf(buf, len, "%lld", res->value);
		break;
	case MMS_R_SIGNAL:
		n = snprintf(buf, len, "signal %s", mms_signal_name((int)res->value));
		break;
	case MMS_R_BUG:
		n = snprintf(buf, len, "BUG");
		break;
	}
	if (n < 0 || (size_t)n >= len)
		return;
	if (c && c->range.end && c->range.region != UINT32_MAX)
		n += snprintf(buf + n, len - (size_t)n, " after %llu pages",
			      res->done_pages);
	if (res->msg[0] && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ": %.*s",
			 (int)sizeof(res->msg), res->msg);
}

static bool success(const struct mms_result *res)
{
	return res->kind == MMS_R_RET && res->value >= 0;
}

/* The BUG is accounted for by a later `expect bug N`, N >= 1, that holds. */
static size_t bug_accounted(struct runner *r, size_t i)
{
	unsigned long bugs = r->ops->nr_bug(r->be);
	size_t j;

	for (j = i + 1; j < r->s->nr_cmds; j++) {
		const struct mms_cmd *e = &r->s->cmds[j];

		if (e->op == MMS_OP_EXPECT_BUG && e->n >= 1 && e->n == bugs)
			return j;
	}
	return 0;
}

/* The `expect violation` in the group of expects right after cmds[i]. */
static const struct mms_cmd *expected_violation(struct runner *r, size_t i)
{
	size_t j;

	for (j = i + 1; j < r->s->nr_cmds && mms_op_is_expect(r->s->cmds[j].op); j++)
		if (r->s->cmds[j].op == MMS_OP_EXPECT_VIOLATION)
			return &r->s->cmds[j];
	return NULL;
}

static void exec_cmd(struct runner *r, size_t i)
{
	const struct mms_cmd *c = &r->s->cmds[i], *ev;
	const struct mms_cmd *nx = i + 1 < r->s->nr_cmds ? &r->s->cmds[i + 1] : NULL;
	uint32_t check = r->s->config.check;
	char got[600], res[400];
	bool ok = true;
	size_t acc;

	memset(&r->last, 0, sizeof(r->last));
	r->violation = false;
	r->ops->exec(r->be, c, &r->last);
	r->last.msg[sizeof(r->last.msg) - 1] = '\0';
	fmt_result(&r->last, c, res, sizeof(res));

	if (r->last.kind == MMS_R_BUG || r->ops->dead(r->be)) {
		r->state = W_DEAD;
		r->stop_line = c->line;
		acc = bug_accounted(r, i);
		if (acc) {
			point(r, true, c, "BUG, accounted for by line %u",
			      r->s->cmds[acc].line);
		} else {
			r->bug_unaccounted = true;
			point(r, false, c, "got BUG%s%.*s", r->last.msg[0] ? ": " : "",
			      (int)sizeof(r->last.msg), r->last.msg);
		}
		return;
	}
	got[0] = '\0';
	/* a following expect ret/signal judges the result, not this point */
	if (!(nx && (nx->op == MMS_OP_EXPECT_RET || nx->op == MMS_OP_EXPECT_SIGNAL)) &&
	    !success(&r->last)) {
		ok = false;
		snprintf(got, sizeof(got), "got %s:%u: %s: %s", r->s->filename,
			 c->line, mms_op_name(c->op), res);
	} else if (r->last.mismatch) {
		ok = false;
		snprintf(got, sizeof(got), "got data mismatch: %s", res);
	}

	if (check == MMS_CHECK_EVERY ||
	    (check == MMS_CHECK_END && i == r->last_runnable)) {
		r->vname[0] = r->vmsg[0] = '\0';
		if (r->ops->checker(r->be, r->vname, sizeof(r->vname), r->vmsg,
				    sizeof(r->vmsg))) {
			r->vname[sizeof(r->vname) - 1] = '\0';
			r->vmsg[sizeof(r->vmsg) - 1] = '\0';
			r->violation = true;
			ev = expected_violation(r, i);
			if (ev && !strcmp(mms_str(r->s, ev->str), r->vname)) {
				r->ops->accept_violation(r->be);
			} else {
				size_t n = strlen(got);

				ok = false;
				snprintf(got + n, sizeof(got) - n, "%sviolation %s: %s",
					 n ? "; " : "got ", r->vname, r->vmsg);
				r->state = W_STOPPED;
				r->stop_line = c->line;
			}
		}
	}
	if (!ok) {
		point(r, false, c, "%s", got);
		return;
	}
	/* the command's output line; a failure carries it in its point */
	if (r->last.msg[0] && !r->o->quiet)
		fprintf(r->out, "# line %u: %s\n", c->line, r->last.msg);
	point(r, true, c, NULL);
}

static void eval_expect(struct runner *r, const struct mms_cmd *c)
{
	char got[512], res[400];
	unsigned long have;
	bool ok;

	got[0] = '\0';
	switch (c->op) {
	case MMS_OP_EXPECT_RET:
	case MMS_OP_EXPECT_SIGNAL:
		if (c->op == MMS_OP_EXPECT_RET)
			ok = r->last.kind == MMS_R_RET && r->last.value == c->ret;
		else
			ok = r->last.kind == MMS_R_SIGNAL &&
			     r->last.value == (long long)c->n;
		fmt_result(&r->last, NULL, res, sizeof(res));
		snprintf(got, sizeof(got), "got %s", res);
		break;
	case MMS_OP_EXPECT_VIOLATION:
		ok = r->violation && !strcmp(r->vname, mms_str(r->s, c->str));
		if (r->violation)
			snprintf(got, sizeof(got), "got violation %s: %s", r->vname,
				 r->vmsg);
		else
			snprintf(got, sizeof(got), "got no violation");
		break;
	case MMS_OP_EXPECT_BUG:
	case MMS_OP_EXPECT_WARN:
		have = c->op == MMS_OP_EXPECT_BUG ? r->ops->nr_bug(r->be) :
						    r->ops->nr_warn(r->be);
		ok = have == c->n;
		snprintf(got, sizeof(got), "got %lu", have);
		break;
	default:
		/* the backend fills res only when the expectation fails */
		res[0] = '\0';
		ok = !r->ops->expect(r->be, c, res, sizeof(res));
		res[sizeof(res) - 1] = '\0';
		snprintf(got, sizeof(got), "got %s", res);
		break;
	}
	if (ok)
		point(r, true, c, NULL);
	else
		point(r, false, c, "%s", got);
}

static void skip(struct runner *r, const struct mms_cmd *c)
{
	switch (r->state) {
	case W_DEAD:
		point(r, false, c, "skipped: world died at line %u", r->stop_line);
		break;
	case W_STOPPED:
		point(r, false, c, "skipped: stopped by a checker violation at line %u",
		      r->stop_line);
		break;
	default:
		point(r, false, c, "skipped: world creation failed: %s", r->why);
		break;
	}
}

int mms_run_script(const struct mms_script *s, const struct mms_backend_ops *ops,
		   void *be, const struct mms_run_opts *o, FILE *out,
		   struct mms_run_stats *st)
{
	struct runner r;
	struct mms_config cfg;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.ops = ops;
	r.be = be;
	r.o = o;
	r.out = out;
	for (i = 0; i < s->nr_cmds; i++)
		if (!mms_op_is_config(s->cmds[i].op) && !mms_op_is_expect(s->cmds[i].op))
			r.last_runnable = i;

	if (!o->quiet)
		fprintf(out, "KTAP version 1\n1..%lu\n", mms_plan(s));
	for (i = 0; i < s->nr_cmds; i++) {
		const struct mms_cmd *c = &s->cmds[i];

		if (mms_op_is_config(c->op))
			continue;
		if (r.state == W_NONE) {
			cfg = s->config;
			cfg.trace = o->trace;
			cfg.diag = o->quiet ? NULL : out;
			r.state = W_ALIVE;
			if (ops->create(be, s, &cfg, r.why, sizeof(r.why))) {
				r.why[sizeof(r.why) - 1] = '\0';
				r.state = W_FAILED;
			}
		}
		if (r.state == W_DEAD && (c->op == MMS_OP_EXPECT_BUG ||
					  c->op == MMS_OP_EXPECT_WARN ||
					  c->op == MMS_OP_EXPECT_LOG))
			eval_expect(&r, c);
		else if (r.state != W_ALIVE)
			skip(&r, c);
		else if (mms_op_is_expect(c->op))
			eval_expect(&r, c);
		else
			exec_cmd(&r, i);
	}
	fprintf(out, "%lu passed, %lu failed\n", r.passed, r.failed);
	if (st) {
		st->passed += r.passed;
		st->failed += r.failed;
	}
	if (r.bug_unaccounted)
		return MMS_EXIT_BUG;
	return r.failed ? MMS_EXIT_FAIL : MMS_EXIT_OK;
}

int mms_run_buffer(const char *name, const char *buf, size_t len,
		   const struct mms_backend_ops *ops, void *(*new_backend)(void),
		   const struct mms_run_opts *o, FILE *out, FILE *err,
		   struct mms_run_stats *st)
{
	struct mms_parse_opts po = { .inject_points = ops->inject_points };
	struct mms_script s;
	char msg[1024];
	void *be;
	int ret;

	if (mms_parse(&s, name, buf, len, &po, msg, sizeof(msg))) {
		fprintf(err, "%s\n", msg);
		mms_script_free(&s);
		return MMS_EXIT_PARSE;
	}
	be = new_backend();
	if (!be) {
		fprintf(err, "%s: error: cannot create a backend\n", name);
		mms_script_free(&s);
		return MMS_EXIT_PARSE;
	}
	ret = mms_run_script(&s, ops, be, o, out, st);
	ops->destroy(be);
	mms_script_free(&s);
	return ret;
}
