// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fake backend: lets the executor be tested without the model. See
 * fake_backend.h for what it can be told to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_backend.h"

#define FAKE_RULES 64
#define FAKE_LOG 256

struct fake_rule {
	uint32_t line;
	enum mms_fake_what what;
	long long arg;
	char name[64];
};

struct mms_fake {
	const struct mms_script *s;
	unsigned long nr_create, nr_exec, nr_accepted;
	unsigned long warns, bugs;
	bool dead;
	bool violation;			/* a violation is pending for the checker */
	char vname[64];
	size_t nrules;
	struct fake_rule rules[FAKE_RULES];
	size_t nlog;
	char log[FAKE_LOG][96];
};

/* The executor broke the contract of backend.h: fail loudly. */
static void contract(bool ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fake backend: contract broken: %s\n", what);
	abort();
}

void *mms_fake_new(void)
{
	return calloc(1, sizeof(struct mms_fake));
}

void mms_fake_force(struct mms_fake *f, uint32_t line, enum mms_fake_what what,
		    long long arg, const char *name)
{
	struct fake_rule *r;

	contract(f->nrules < FAKE_RULES, "too many rules");
	r = &f->rules[f->nrules++];
	r->line = line;
	r->what = what;
	r->arg = arg;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : "");
}

unsigned long mms_fake_nr_exec(const struct mms_fake *f)
{
	return f->nr_exec;
}

unsigned long mms_fake_nr_create(const struct mms_fake *f)
{
	return f->nr_create;
}

unsigned long mms_fake_nr_accepted(const struct mms_fake *f)
{
	return f->nr_accepted;
}

static const struct fake_rule *rule(const struct mms_fake *f, uint32_t line,
				    enum mms_fake_what what)
{
	size_t i;

	for (i = 0; i < f->nrules; i++)
		if (f->rules[i].what == what &&
		    (f->rules[i].line == line || what == MMS_FAKE_CREATE_FAIL))
			return &f->rules[i];
	return NULL;
}

static void logf_(struct mms_fake *f, const char *fmt, unsigned v, const char *s)
{
	if (f->nlog < FAKE_LOG)
		snprintf(f->log[f->nlog++], sizeof(f->log[0]), fmt, v, s);
}

static int fake_create(void *be, const struct mms_script *s,
		       const struct mms_config *cfg, char *msg, size_t len)
{
	struct mms_fake *f = be;

	contract(!f->nr_create, "create twice");
	f->nr_create++;
	f->s = s;
	if (rule(f, 0, MMS_FAKE_CREATE_FAIL)) {
		snprintf(msg, len, "fake: cannot create");
		return -1;
	}
	if (cfg->diag && cfg->trace)
		fprintf(cfg->diag, "# fake: series %u\n", cfg->series);
	return 0;
}

static void fake_exec(void *be, const struct mms_cmd *c, struct mms_result *res)
{
	struct mms_fake *f = be;
	const struct fake_rule *r;
	uint64_t v = c->has_value ? c->value : 0;

	contract(f->nr_create == 1 && !f->dead, "exec without a live world");
	contract(c->op != MMS_OP__COUNT && !mms_op_is_config(c->op) &&
		 !mms_op_is_expect(c->op), "exec of a config or expect line");
	f->nr_exec++;
	logf_(f, "exec line %u: %s", c->line, mms_op_name(c->op));
	res->kind = MMS_R_RET;
	res->done_pages = c->range.end - c->range.first;
	if ((r = rule(f, c->line, MMS_FAKE_WARN)) || v == 0xa1) {
		f->warns += r ? (unsigned long)r->arg : 1;
		logf_(f, "WARNING: fake at line %u%s", c->line, "");
	}
	if ((r = rule(f, c->line, MMS_FAKE_VIOLATION)) || v == 0x1e) {
		f->violation = true;
		snprintf(f->vname, sizeof(f->vname), "%s", r ? r->name : "refcount");
	}
	if ((r = rule(f, c->line, MMS_FAKE_MISMATCH)) || v == 0xda7a) {
		res->mismatch = c->op == MMS_OP_READ || c->op == MMS_OP_DEV_READ;
		if (res->mismatch)
			snprintf(res->msg, sizeof(res->msg), "page 0 holds 0x0");
	}
	if ((r = rule(f, c->line, MMS_FAKE_MSG)))
		snprintf(res->msg, sizeof(res->msg), "%s", r->name);
	if ((r = rule(f, c->line, MMS_FAKE_BUG)) || v == 0xb06) {
		f->bugs++;
		f->dead = true;
		res->kind = MMS_R_BUG;
		logf_(f, "kernel BUG at mm/fake.c:%u!%s", c->line, "");
		return;
	}
	if ((r = rule(f, c->line, MMS_FAKE_SIGNAL)) || v == 0x5e9) {
		res->kind = MMS_R_SIGNAL;
		res->value = r ? r->arg : MMS_SIGSEGV;
		res->done_pages = 0;
		return;
	}
	if ((r = rule(f, c->line, MMS_FAKE_RET)) || v == 0xbad) {
		res->value = r ? r->arg : -14;
		if (res->value < 0)
			res->done_pages = 0;
	}
	if (c->sub)
		logf_(f, "armed line %u: do %s", c->line, mms_op_name(c->sub->op));
}

static int fake_expect(void *be, const struct mms_cmd *c, char *got, size_t len)
{
	struct mms_fake *f = be;
	size_t i;

	contract(f->nr_create == 1, "expect without a world");
	contract(mms_op_is_expect(c->op), "expect of a non-expect line");
	if (c->op == MMS_OP_EXPECT_LOG) {
		for (i = 0; i < f->nlog; i++)
			if (strstr(f->log[i], mms_str(f->s, c->str)))
				return 0;
		snprintf(got, len, "no such line in %zu log lines", f->nlog);
		return 1;
	}
	contract(!f->dead, "expect on a dead world");
	if (rule(f, c->line, MMS_FAKE_EXPECT_FAIL) ||
	    (c->has_value && c->value == 0xbad)) {
		snprintf(got, len, "fake mismatch");
		return 1;
	}
	return 0;
}

static int fake_checker(void *be, char *name, size_t nlen, char *msg, size_t mlen)
{
	struct mms_fake *f = be;

	contract(f->nr_create == 1 && !f->dead, "checker without a live world");
	if (!f->violation)
		return 0;
	f->violation = false;
	snprintf(name, nlen, "%s", f->vname);
	snprintf(msg, mlen, "fake object: expected 1, found 2");
	return 1;
}

static void fake_accept(void *be)
{
	((struct mms_fake *)be)->nr_accepted++;
}

static unsigned long fake_nr_warn(void *be)
{
	return ((struct mms_fake *)be)->warns;
}

static unsigned long fake_nr_bug(void *be)
{
	return ((struct mms_fake *)be)->bugs;
}

static int fake_dead(void *be)
{
	return ((struct mms_fake *)be)->dead;
}

static void fake_destroy(void *be)
{
	free(be);
}

static void fake_version(FILE *out)
{
	fputs("mmsim fake backend\n", out);
}

static const char *const fake_points[] = {
	"gup:after", "exclusive:before-walk", "alloc:fail", NULL
};

static int fake_subcommand(int argc, char **argv, FILE *out, FILE *err)
{
	(void)err;
	if (argc >= 1 && !strcmp(argv[0], "demo")) {
		fprintf(out, "demo %s\n", argc > 1 ? argv[1] : "");
		return 0;
	}
	return -1;
}

const struct mms_backend_ops mms_fake_ops = {
	.create = fake_create,
	.exec = fake_exec,
	.expect = fake_expect,
	.checker = fake_checker,
	.accept_violation = fake_accept,
	.nr_warn = fake_nr_warn,
	.nr_bug = fake_nr_bug,
	.dead = fake_dead,
	.destroy = fake_destroy,
	.version = fake_version,
	.inject_points = fake_points,
	.subcommand = fake_subcommand,
};
