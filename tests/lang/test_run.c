// SPDX-License-Identifier: GPL-2.0-only
/*
 * Executor and CLI tests against the fake backend: KTAP text byte for byte,
 * test-point accounting, BUG/violation flows and exit statuses.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>

#include "test_main.h"
#include "cli.h"
#include "fake_backend.h"
#include "run.h"

struct force {
	uint32_t line;
	enum mms_fake_what what;
	long long arg;
	const char *name;
};

#define PRE "process A\nmmap A a 16K anon\n"	/* lines 1-2 */

/* Run @txt with the fake forced by @fc; returns the exit status, KTAP in *out. */
static int run_forced(const char *txt, const struct force *fc, size_t nfc,
		      bool quiet, char **out, unsigned long *nexec)
{
	struct mms_run_opts o = { quiet, false };
	struct mms_script s;
	struct mms_fake *f;
	char err[512];
	size_t len, i;
	FILE *m;
	int ret;

	if (mms_parse(&s, "t.mms", txt, strlen(txt), NULL, err, sizeof(err)))
		fail_msg("parse error: %s", err);
	f = mms_fake_new();
	assert_non_null(f);
	for (i = 0; i < nfc; i++)
		mms_fake_force(f, fc[i].line, fc[i].what, fc[i].arg, fc[i].name);
	m = open_memstream(out, &len);
	assert_non_null(m);
	ret = mms_run_script(&s, &mms_fake_ops, f, &o, m, NULL);
	fclose(m);
	if (nexec)
		*nexec = mms_fake_nr_exec(f);
	mms_fake_ops.destroy(f);
	mms_script_free(&s);
	return ret;
}

static void expect_run(const char *txt, const struct force *fc, size_t nfc,
		       int status, const char *ktap)
{
	char *out;

	assert_int_equal(run_forced(txt, fc, nfc, false, &out, NULL), status);
	assert_string_equal(out, ktap);
	free(out);
}

#define NF(a) (a), (sizeof(a) / sizeof((a)[0]))

static void test_run_empty_script(void **state)
{
	(void)state;
	expect_run("", NULL, 0, MMS_EXIT_OK, "KTAP version 1\n1..0\n0 passed, 0 failed\n");
	expect_run("# nothing\n\nseries 3\nswap 1M\n", NULL, 0, MMS_EXIT_OK,
		   "KTAP version 1\n1..0\n0 passed, 0 failed\n");
}

static void test_run_all_pass(void **state)
{
	(void)state;
	expect_run("series legacy\n" PRE "write A a[0:2] 1 seq  # go\n\nexpect data A a 1\n",
		   NULL, 0, MMS_EXIT_OK,
		   "KTAP version 1\n1..4\n"
		   "ok 1 - line 2: process A\n"
		   "ok 2 - line 3: mmap A a 16K anon\n"
		   "ok 3 - line 4: write A a[0:2] 1 seq\n"
		   "ok 4 - line 6: expect data A a 1\n"
		   "4 passed, 0 failed\n");
}

static void test_plan_counts_every_non_config_line(void **state)
{
	struct mms_script s;
	char err[256];
	static const char txt[] = "series 2\nmemory 256M\nswap 8M\nhugetlb 1\ncheck end\n"
				  "thp never\n" PRE "write A a 1\nexpect ret 0\n"
				  "inject gup:after do write A a 2\nexpect warn 0\n";

	(void)state;
	assert_int_equal(mms_parse(&s, "t.mms", txt, strlen(txt), NULL, err, sizeof(err)), 0);
	assert_int_equal(mms_plan(&s), 7);
	mms_script_free(&s);
}

static void test_run_failing_command_is_not_ok(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_RET, -12, NULL } };

	(void)state;
	expect_run(PRE "write A a[1:3] 7\nread A a\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..4\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "not ok 3 - line 3: write A a[1:3] 7 # got t.mms:3: write: -ENOMEM after 0 pages\n"
		   "ok 4 - line 4: read A a\n"
		   "3 passed, 1 failed\n");
}

static void test_run_signal_without_expect(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_SIGNAL, MMS_SIGBUS, NULL } };

	(void)state;
	expect_run(PRE "read A a[2]\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..3\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "not ok 3 - line 3: read A a[2] # got t.mms:3: read: signal SIGBUS after 0 pages\n"
		   "2 passed, 1 failed\n");
}

static void test_run_expect_ret_matches(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_RET, -16, NULL },
					   { 6, MMS_FAKE_RET, 3, NULL } };

	(void)state;
	expect_run(PRE "migrate A a\n# comment\nexpect ret -EBUSY\nreclaim all\nexpect ret 3\n"
		   "compact\nexpect ret 0\n", NF(fc), MMS_EXIT_OK,
		   "KTAP version 1\n1..8\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\nok 3 - line 3: migrate A a\n"
		   "ok 4 - line 5: expect ret -EBUSY\nok 5 - line 6: reclaim all\n"
		   "ok 6 - line 7: expect ret 3\nok 7 - line 8: compact\n"
		   "ok 8 - line 9: expect ret 0\n8 passed, 0 failed\n");
}

static void test_run_expect_ret_mismatch(void **state)
{
	static const struct force fc[] = { { 5, MMS_FAKE_RET, -22, NULL } };

	(void)state;
	/* a failure expectation after a success fails, and vice versa */
	expect_run(PRE "write A a 1\nexpect ret -EFAULT\nwrite A a 1\nexpect ret 0\n",
		   NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..6\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\nok 3 - line 3: write A a 1\n"
		   "not ok 4 - line 4: expect ret -EFAULT # got 0\n"
		   "ok 5 - line 5: write A a 1\n"
		   "not ok 6 - line 6: expect ret 0 # got -EINVAL\n"
		   "4 passed, 2 failed\n");
}

static void test_run_expect_signal(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_SIGNAL, MMS_SIGSEGV, NULL } };

	(void)state;
	expect_run(PRE "write A a 1\nexpect signal SIGSEGV\nwrite A a 1\nexpect signal SIGBUS\n",
		   NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..6\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\nok 3 - line 3: write A a 1\n"
		   "ok 4 - line 4: expect signal SIGSEGV\nok 5 - line 5: write A a 1\n"
		   "not ok 6 - line 6: expect signal SIGBUS # got 0\n"
		   "5 passed, 1 failed\n");
}

static void test_run_bug_skips_later_lines(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_BUG, 0, NULL } };

	(void)state;
	expect_run(PRE "migrate A a\nexpect ret 0\nwrite A a 1\nexpect data A a 1\n"
		   "expect warn 0\nexpect log \"kernel BUG at mm/fake.c:3!\"\nexpect bug 2\n",
		   NF(fc), MMS_EXIT_BUG,
		   "KTAP version 1\n1..9\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "not ok 3 - line 3: migrate A a # got BUG\n"
		   "not ok 4 - line 4: expect ret 0 # skipped: world died at line 3\n"
		   "not ok 5 - line 5: write A a 1 # skipped: world died at line 3\n"
		   "not ok 6 - line 6: expect data A a 1 # skipped: world died at line 3\n"
		   "ok 7 - line 7: expect warn 0\n"
		   "ok 8 - line 8: expect log \"kernel BUG at mm/fake.c:3!\"\n"
		   "not ok 9 - line 9: expect bug 2 # got 1\n"
		   "4 passed, 5 failed\n");
}

static void test_run_bug_accounted(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_BUG, 0, NULL } };

	(void)state;
	expect_run(PRE "split A a[0]\nexpect bug 1\n", NF(fc), MMS_EXIT_OK,
		   "KTAP version 1\n1..4\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "ok 3 - line 3: split A a[0] # BUG, accounted for by line 4\n"
		   "ok 4 - line 4: expect bug 1\n4 passed, 0 failed\n");
	/* accounted, but a later line is skipped: 1, not 3 */
	expect_run(PRE "split A a[0]\nexpect bug 1\ncompact\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..5\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "ok 3 - line 3: split A a[0] # BUG, accounted for by line 4\n"
		   "ok 4 - line 4: expect bug 1\n"
		   "not ok 5 - line 5: compact # skipped: world died at line 3\n"
		   "4 passed, 1 failed\n");
}

static void test_run_bug_expect_bug_zero_does_not_account(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_BUG, 0, NULL } };
	char *out;

	(void)state;
	assert_int_equal(run_forced(PRE "split A a[0]\nexpect bug 0\n", NF(fc), false, &out, NULL),
			 MMS_EXIT_BUG);
	free(out);
}

static void test_run_violation_stops_script(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_VIOLATION, 0, "mapcount" } };
	unsigned long nexec;
	char *out;

	(void)state;
	assert_int_equal(run_forced(PRE "gup A a pin\nunpin A a\nexpect warn 0\n", NF(fc),
				    false, &out, &nexec), MMS_EXIT_FAIL);
	assert_string_equal(out,
		"KTAP version 1\n1..5\nok 1 - line 1: process A\n"
		"ok 2 - line 2: mmap A a 16K anon\n"
		"not ok 3 - line 3: gup A a pin # got violation mapcount: fake object: expected 1, found 2\n"
		"not ok 4 - line 4: unpin A a # skipped: stopped by a checker violation at line 3\n"
		"not ok 5 - line 5: expect warn 0 # skipped: stopped by a checker violation at line 3\n"
		"2 passed, 3 failed\n");
	assert_int_equal(nexec, 3);
	free(out);
}

static void test_run_violation_expected(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_VIOLATION, 0, "mapcount" },
					   { 3, MMS_FAKE_RET, -16, NULL } };

	(void)state;
	expect_run(PRE "reclaim\nexpect ret -EBUSY\nexpect violation mapcount\n"
		   "compact\nexpect violation rss\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..7\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\nok 3 - line 3: reclaim\n"
		   "ok 4 - line 4: expect ret -EBUSY\n"
		   "ok 5 - line 5: expect violation mapcount\n"
		   "ok 6 - line 6: compact\n"
		   "not ok 7 - line 7: expect violation rss # got no violation\n"
		   "6 passed, 1 failed\n");
}

static void test_run_violation_wrong_name(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_VIOLATION, 0, "refcount" } };

	(void)state;
	expect_run(PRE "compact\nexpect violation mapcount\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..4\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "not ok 3 - line 3: compact # got violation refcount: fake object: expected 1, found 2\n"
		   "not ok 4 - line 4: expect violation mapcount # skipped: stopped by a checker violation at line 3\n"
		   "2 passed, 2 failed\n");
}

static void test_run_check_off_and_end(void **state)
{
	static const struct force fc3[] = { { 3, MMS_FAKE_VIOLATION, 0, "rss" } };
	static const struct force fc4[] = { { 4, MMS_FAKE_VIOLATION, 0, "rss" } };
	char *out;

	(void)state;
	/* off: the checker never runs */
	assert_int_equal(run_forced("check off\n" PRE "compact\n", NF(fc3), false, &out, NULL),
			 MMS_EXIT_OK);
	free(out);
	/* end: only after the last command; the violation is still pending there */
	assert_int_equal(run_forced("check end\n" PRE "compact\n", NF(fc4), false, &out, NULL),
			 MMS_EXIT_FAIL);
	assert_non_null(strstr(out, "not ok 3 - line 4: compact # got violation rss"));
	free(out);
	assert_int_equal(run_forced("check end\n" PRE "compact\nexpect violation rss\n", NF(fc4),
				    false, &out, NULL), MMS_EXIT_OK);
	free(out);
}

static void test_run_quiet(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_RET, -5, NULL },
					   { 4, MMS_FAKE_MSG, 0, "reclaimed 3 pages" } };
	char *out;

	(void)state;
	assert_int_equal(run_forced(PRE "write A a 1\nreclaim all\n", NF(fc), true, &out, NULL),
			 MMS_EXIT_FAIL);
	assert_string_equal(out, "not ok 3 - line 3: write A a 1 # got t.mms:3: write: -EIO after 0 pages\n"
				 "3 passed, 1 failed\n");
	free(out);
}

static void test_run_output_lines(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_MSG, 0, "reclaimed 3 pages" } };

	(void)state;
	expect_run(PRE "reclaim all\n", NF(fc), MMS_EXIT_OK,
		   "KTAP version 1\n1..3\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n# line 3: reclaimed 3 pages\n"
		   "ok 3 - line 3: reclaim all\n3 passed, 0 failed\n");
}

static void test_run_create_failure(void **state)
{
	static const struct force fc[] = { { 0, MMS_FAKE_CREATE_FAIL, 0, NULL } };

	(void)state;
	expect_run("hugetlb 8\n" PRE, NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..2\n"
		   "not ok 1 - line 2: process A # skipped: world creation failed: fake: cannot create\n"
		   "not ok 2 - line 3: mmap A a 16K anon # skipped: world creation failed: fake: cannot create\n"
		   "0 passed, 2 failed\n");
}

static void test_run_read_data_mismatch(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_MISMATCH, 0, NULL } };

	(void)state;
	expect_run(PRE "read A a 5 seq\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..3\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "not ok 3 - line 3: read A a 5 seq # got data mismatch: 0 after 4 pages: page 0 holds 0x0\n"
		   "2 passed, 1 failed\n");
}

static void test_run_expectation_failures(void **state)
{
	static const struct force fc[] = { { 3, MMS_FAKE_EXPECT_FAIL, 0, NULL },
					   { 5, MMS_FAKE_WARN, 2, NULL } };

	(void)state;
	expect_run(PRE "expect pte A a present\nexpect rss A anon=16K\nthp never\nexpect warn 2\n"
		   "expect warn 1\nexpect log \"absent\"\n", NF(fc), MMS_EXIT_FAIL,
		   "KTAP version 1\n1..8\nok 1 - line 1: process A\n"
		   "ok 2 - line 2: mmap A a 16K anon\n"
		   "not ok 3 - line 3: expect pte A a present # got fake mismatch\n"
		   "ok 4 - line 4: expect rss A anon=16K\nok 5 - line 5: thp never\n"
		   "ok 6 - line 6: expect warn 2\nnot ok 7 - line 7: expect warn 1 # got 2\n"
		   "not ok 8 - line 8: expect log \"absent\" # got no such line in 4 log lines\n"
		   "5 passed, 3 failed\n");
}

static void test_exit_status_order(void **state)
{
	(void)state;
	assert_int_equal(mms_exit_worst(0, 1), 1);
	assert_int_equal(mms_exit_worst(1, 3), 3);
	assert_int_equal(mms_exit_worst(3, 1), 3);
	assert_int_equal(mms_exit_worst(3, 2), 2);
	assert_int_equal(mms_exit_worst(2, 0), 2);
	assert_int_equal(mms_exit_worst(0, 0), 0);
}

/* ------------------------------------------------------------ the CLI */

struct cli_out {
	char *out, *err;
	int status;
};

static void cli(struct cli_out *r, const char *in, int argc, const char **argv)
{
	size_t lo, le;
	struct mms_cli_io io;
	char *argv_copy[16];
	int i;

	assert_true(argc < 16);
	for (i = 0; i < argc; i++)
		argv_copy[i] = (char *)argv[i];
	argv_copy[argc] = NULL;
	/* fmemopen cannot open an empty buffer everywhere: a blank line reads the same */
	io.in = fmemopen((void *)(in[0] ? in : "\n"), in[0] ? strlen(in) : 1, "r");
	io.out = open_memstream(&r->out, &lo);
	io.err = open_memstream(&r->err, &le);
	assert_non_null(io.in);
	r->status = mms_main_io(argc, argv_copy, &io, &mms_fake_ops, mms_fake_new);
	fclose(io.in);
	fclose(io.out);
	fclose(io.err);
}

static void cli_free(struct cli_out *r)
{
	free(r->out);
	free(r->err);
}

/* A script in a temporary file; the caller unlinks @path. */
static void temp_script(char *path, size_t len, const char *txt)
{
	int fd;

	snprintf(path, len, "/tmp/mms-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, txt, strlen(txt)), (ssize_t)strlen(txt));
	close(fd);
}

static void test_cli_parse_error_exits_2(void **state)
{
	const char *argv[] = { "mmsim", "run", "-" };
	struct cli_out r;

	(void)state;
	cli(&r, "process A\nwrite A a 1\n", 3, argv);
	assert_int_equal(r.status, MMS_EXIT_PARSE);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "<stdin>:2:9: error: unknown region 'a' of process 'A'\n");
	cli_free(&r);
}

static void test_cli_stdin_and_quiet(void **state)
{
	const char *argv[] = { "mmsim", "run", "--quiet", "-" };
	struct cli_out r;

	(void)state;
	cli(&r, PRE "write A a 0xbad\n", 4, argv);
	assert_int_equal(r.status, MMS_EXIT_FAIL);
	assert_string_equal(r.out, "not ok 3 - line 3: write A a 0xbad # got <stdin>:3: write: -EFAULT after 0 pages\n"
				   "2 passed, 1 failed\n");
	assert_string_equal(r.err, "");
	cli_free(&r);
}

static void test_cli_several_files_worst_status(void **state)
{
	char p1[64], p2[64], p3[64], expected[1024];
	const char *argv[] = { "mmsim", "--quiet", "run", p1, p2, p3 };
	struct cli_out r;

	(void)state;
	temp_script(p1, sizeof(p1), PRE "split A a[0] 0xb06\n");	/* parse error */
	temp_script(p2, sizeof(p2), PRE "write A a 0xb06\n");		/* BUG: 3 */
	temp_script(p3, sizeof(p3), PRE "write A a 0xbad\n");		/* fail: 1 */
	cli(&r, "", 6, argv);
	assert_int_equal(r.status, MMS_EXIT_PARSE);
	snprintf(expected, sizeof(expected), "%s:3:14: error: unexpected '0xb06' after the command\n", p1);
	assert_string_equal(r.err, expected);
	snprintf(expected, sizeof(expected),
		 "# %s\n# %s\nnot ok 3 - line 3: write A a 0xb06 # got BUG\n2 passed, 1 failed\n"
		 "# %s\nnot ok 3 - line 3: write A a 0xbad # got %s:3: write: -EFAULT after 0 pages\n"
		 "2 passed, 1 failed\ntotal: 4 passed, 2 failed\n", p1, p2, p3, p3);
	assert_string_equal(r.out, expected);
	cli_free(&r);

	argv[3] = p3;	/* 1 and 3: 3 wins */
	cli(&r, "", 5, argv);
	assert_int_equal(r.status, MMS_EXIT_BUG);
	cli_free(&r);
	unlink(p1);
	unlink(p2);
	unlink(p3);
}

static void test_cli_missing_file(void **state)
{
	const char *argv[] = { "mmsim", "run", "/nonexistent/x.mms" };
	struct cli_out r;

	(void)state;
	cli(&r, "", 3, argv);
	assert_int_equal(r.status, MMS_EXIT_PARSE);
	assert_string_equal(r.err, "/nonexistent/x.mms: error: cannot open: No such file or directory\n");
	cli_free(&r);
}

static void test_cli_help_version_inject(void **state)
{
	const char *help[] = { "mmsim", "--help" };
	const char *ver[] = { "mmsim", "version" };
	const char *inj[] = { "mmsim", "inject", "--list" };
	const char *demo[] = { "mmsim", "demo", "hmm-swap" };
	struct cli_out r;

	(void)state;
	cli(&r, "", 2, help);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "usage: mmsim run [--quiet] [--trace] FILE..."));
	cli_free(&r);
	cli(&r, "", 2, ver);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "mmsim fake backend\n");
	cli_free(&r);
	cli(&r, "", 3, inj);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "gup:after\nexclusive:before-walk\nalloc:fail\n");
	cli_free(&r);
	cli(&r, "", 3, demo);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "demo hmm-swap\n");
	cli_free(&r);
}

static void test_cli_usage_errors(void **state)
{
	const char *none[] = { "mmsim" };
	const char *unk[] = { "mmsim", "frob" };
	const char *nofile[] = { "mmsim", "run", "--quiet" };
	const char *badopt[] = { "mmsim", "run", "--loud", "-" };
	struct cli_out r;

	(void)state;
	cli(&r, "", 1, none);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "usage:"));
	cli_free(&r);
	cli(&r, "", 2, unk);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "mmsim: unknown command 'frob'\n"));
	cli_free(&r);
	cli(&r, "", 3, nofile);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "mmsim: run: no script given\n"));
	cli_free(&r);
	cli(&r, "", 4, badopt);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "mmsim: unknown option '--loud'\n"));
	cli_free(&r);
}

static void test_cli_trace_reaches_backend(void **state)
{
	const char *argv[] = { "mmsim", "run", "--trace", "-" };
	struct cli_out r;

	(void)state;
	cli(&r, "series 4\nprocess A\n", 4, argv);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "KTAP version 1\n1..1\n# fake: series 4\n"
				   "ok 1 - line 2: process A\n1 passed, 0 failed\n");
	cli_free(&r);
}

static void test_cli_empty_stdin(void **state)
{
	const char *argv[] = { "mmsim", "run", "-" };
	struct cli_out r;

	(void)state;
	cli(&r, "", 3, argv);
	assert_int_equal(r.status, 0);
	cli_free(&r);
}

static void test_determinism(void **state)
{
	static const char txt[] = PRE "device D A\nwrite A a 1 seq\nD exclusive a\n"
		"write A a[0] 0xa1\nread A a 0xda7a\nwrite A a 0x1e\nexpect violation refcount\n"
		"write A a[1] 0x5e9\nexpect signal SIGSEGV\nwrite A a 0xb06\nexpect warn 1\n"
		"expect bug 1\nexpect log \"exec line 4\"\n";
	const char *argv[] = { "mmsim", "run", "-" };
	struct cli_out r1, r2;

	(void)state;
	cli(&r1, txt, 3, argv);
	cli(&r2, txt, 3, argv);
	assert_int_equal(r1.status, r2.status);
	assert_int_equal(r1.status, MMS_EXIT_FAIL);	/* the 0xda7a read */
	assert_string_equal(r1.out, r2.out);
	assert_non_null(strstr(r1.out, "ok 9 - line 9: expect violation refcount\n"));
	assert_non_null(strstr(r1.out, "ok 12 - line 12: write A a 0xb06 # BUG, accounted for by line 14\n"));
	assert_non_null(strstr(r1.out, "ok 15 - line 15: expect log \"exec line 4\"\n"));
	cli_free(&r1);
	cli_free(&r2);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_run_empty_script),
	cmocka_unit_test(test_run_all_pass),
	cmocka_unit_test(test_plan_counts_every_non_config_line),
	cmocka_unit_test(test_run_failing_command_is_not_ok),
	cmocka_unit_test(test_run_signal_without_expect),
	cmocka_unit_test(test_run_expect_ret_matches),
	cmocka_unit_test(test_run_expect_ret_mismatch),
	cmocka_unit_test(test_run_expect_signal),
	cmocka_unit_test(test_run_bug_skips_later_lines),
	cmocka_unit_test(test_run_bug_accounted),
	cmocka_unit_test(test_run_bug_expect_bug_zero_does_not_account),
	cmocka_unit_test(test_run_violation_stops_script),
	cmocka_unit_test(test_run_violation_expected),
	cmocka_unit_test(test_run_violation_wrong_name),
	cmocka_unit_test(test_run_check_off_and_end),
	cmocka_unit_test(test_run_quiet),
	cmocka_unit_test(test_run_output_lines),
	cmocka_unit_test(test_run_create_failure),
	cmocka_unit_test(test_run_read_data_mismatch),
	cmocka_unit_test(test_run_expectation_failures),
	cmocka_unit_test(test_exit_status_order),
	cmocka_unit_test(test_cli_parse_error_exits_2),
	cmocka_unit_test(test_cli_stdin_and_quiet),
	cmocka_unit_test(test_cli_several_files_worst_status),
	cmocka_unit_test(test_cli_missing_file),
	cmocka_unit_test(test_cli_help_version_inject),
	cmocka_unit_test(test_cli_usage_errors),
	cmocka_unit_test(test_cli_trace_reaches_backend),
	cmocka_unit_test(test_cli_empty_stdin),
	cmocka_unit_test(test_determinism),
};

MMS_TEST_MAIN(tests)
