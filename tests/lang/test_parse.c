// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser tests: every command and expectation parses into the right AST,
 * and every parse-time rule of DESIGN.md section 8 fails with its exact
 * message and column.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>

#include "test_main.h"
#include "script.h"

/* Two processes' worth of declarations most tests start from. */
#define PRE "process A\nmmap A a 16K anon\n"	/* lines 1-2, a: 4 pages */

static const char *const points[] = { "gup:after", "alloc:fail", NULL };

static int parse(struct mms_script *s, const char *txt, size_t len, char *err)
{
	const struct mms_parse_opts o = { .inject_points = points };

	err[0] = '\0';
	return mms_parse(s, "t.mms", txt, len, &o, err, 512);
}

/* Parse @txt, which must succeed; the caller frees @s. */
static void ok(struct mms_script *s, const char *txt)
{
	char err[512];
	int r = parse(s, txt, strlen(txt), err);

	if (r)
		fail_msg("unexpected parse error: %s", err);
}

static void bad_n(const char *txt, size_t len, const char *msg)
{
	struct mms_script s;
	char err[512];

	assert_int_equal(parse(&s, txt, len, err), -1);
	assert_string_equal(err, msg);
	mms_script_free(&s);
}

static void bad(const char *txt, const char *msg)
{
	bad_n(txt, strlen(txt), msg);
}

static const struct mms_cmd *last(const struct mms_script *s)
{
	assert_true(s->nr_cmds > 0);
	return &s->cmds[s->nr_cmds - 1];
}

static void test_empty_script(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "");
	assert_int_equal(s.nr_cmds, 0);
	assert_int_equal(s.config.series, 17);
	assert_int_equal(s.config.memory, 1ULL << 30);
	assert_int_equal(s.config.block, 128ULL << 20);
	assert_int_equal(s.config.swap, 0);
	assert_int_equal(s.config.check, MMS_CHECK_EVERY);
	mms_script_free(&s);
}

static void test_comments_and_blank_lines(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "# header\n\n   \t\nprocess A   # trailing comment\n#x\n");
	assert_int_equal(s.nr_cmds, 1);
	assert_int_equal(s.cmds[0].line, 4);
	assert_int_equal(s.cmds[0].col, 1);
	assert_string_equal(mms_str(&s, s.cmds[0].text), "process A");
	mms_script_free(&s);
}

static void test_text_is_trimmed_source(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, PRE "   write   A a[1:3]  7 seq   # set\n");
	assert_string_equal(mms_str(&s, last(&s)->text), "write   A a[1:3]  7 seq");
	assert_int_equal(last(&s)->col, 4);
	mms_script_free(&s);
}

static void test_every_command_parses(void **state)
{
	static const char script[] =
		"series 5\nmemory 512M block=128M\nswap 64M\nhugetlb 4\ncheck end\n"
		"thp always\nthp 64K inherit\nprocess A\nfile F 64K fill=9 seq\n"
		"mmap A a 16K anon\nmmap A s 8K shared r\n"
		"mmap A f 8K file=F rx off=8K\nmmap A p 8K file-private=F none\n"
		"mmap A h 4M hugetlb at=0x7e0000000000\nmmap A g 2M anon align=2M\n"
		"munmap A a[3]\nmprotect A a[0:2] r\nmadvise A a pageout\n"
		"write A a 1\nread A a\nread A a 1 seq\nfork A B\nexit B\n"
		"clear-refs A soft-dirty\nlock A a[0] until=wait\nunlock A a[0]\n"
		"inject gup:after once do write A a 3\ndevice D A\n"
		"D exclusive a chunk=8K\nD check a\nD read a\nD read a 5 seq\n"
		"D write a[1:] 5\nD snapshot a[:2]\nD close\nreclaim\nreclaim all\n"
		"reclaim 8K\nmigrate A a\ncompact\noffline 1 passes=2\nonline 1 movable\n"
		"offline block-of A a[0]\nhwpoison A a[0]\nsplit A a[1]\nksm scan 2\n"
		"gup A a write pin longterm split-pmd force\nunpin A a\n"
		"show pte A a --dot\nshow folio A a[0]\nshow rmap A a[0]\n"
		"show smaps A\nshow device D\nshow device D a[0:2]\nshow stats\nshow log\n";
	static const enum mms_op ops[] = {
		MMS_OP_SERIES, MMS_OP_MEMORY, MMS_OP_SWAP, MMS_OP_HUGETLB,
		MMS_OP_CHECK, MMS_OP_THP, MMS_OP_THP, MMS_OP_PROCESS, MMS_OP_FILE,
		MMS_OP_MMAP, MMS_OP_MMAP, MMS_OP_MMAP, MMS_OP_MMAP, MMS_OP_MMAP,
		MMS_OP_MMAP, MMS_OP_MUNMAP, MMS_OP_MPROTECT, MMS_OP_MADVISE,
		MMS_OP_WRITE, MMS_OP_READ, MMS_OP_READ, MMS_OP_FORK, MMS_OP_EXIT,
		MMS_OP_CLEAR_REFS, MMS_OP_LOCK, MMS_OP_UNLOCK, MMS_OP_INJECT,
		MMS_OP_DEVICE, MMS_OP_DEV_EXCLUSIVE, MMS_OP_DEV_CHECK,
		MMS_OP_DEV_READ, MMS_OP_DEV_READ, MMS_OP_DEV_WRITE,
		MMS_OP_DEV_SNAPSHOT, MMS_OP_DEV_CLOSE, MMS_OP_RECLAIM,
		MMS_OP_RECLAIM, MMS_OP_RECLAIM, MMS_OP_MIGRATE, MMS_OP_COMPACT,
		MMS_OP_OFFLINE, MMS_OP_ONLINE, MMS_OP_OFFLINE, MMS_OP_HWPOISON,
		MMS_OP_SPLIT, MMS_OP_KSM_SCAN, MMS_OP_GUP, MMS_OP_UNPIN,
		MMS_OP_SHOW, MMS_OP_SHOW, MMS_OP_SHOW, MMS_OP_SHOW, MMS_OP_SHOW,
		MMS_OP_SHOW, MMS_OP_SHOW, MMS_OP_SHOW,
	};
	struct mms_script s;
	const struct mms_cmd *c;
	size_t i;

	(void)state;
	ok(&s, script);
	assert_int_equal(s.nr_cmds, sizeof(ops) / sizeof(ops[0]));
	for (i = 0; i < s.nr_cmds; i++) {
		assert_int_equal(s.cmds[i].op, ops[i]);
		assert_int_equal(s.cmds[i].line, i + 1);
	}
	assert_int_equal(s.config.series, 5);
	assert_int_equal(s.config.memory, 512ULL << 20);
	assert_int_equal(s.config.swap, 64ULL << 20);
	assert_int_equal(s.config.hugetlb, 4);
	assert_int_equal(s.config.check, MMS_CHECK_END);
	c = &s.cmds[6];			/* thp 64K inherit */
	assert_int_equal(c->size, 64 << 10);
	assert_int_equal(c->kind, MMS_THP_INHERIT);
	c = &s.cmds[8];			/* file F 64K fill=9 seq */
	assert_true(c->has_value && c->seq);
	assert_int_equal(c->value, 9);
	assert_int_equal(s.files[0].size, 64 << 10);
	c = &s.cmds[11];		/* mmap A f 8K file=F rx off=8K */
	assert_int_equal(c->kind, MMS_MAP_FILE);
	assert_int_equal(c->file, 0);
	assert_int_equal(MMS_MMAP_PROT(c), MMS_PROT_RX);
	assert_int_equal(c->off, 8192);
	c = &s.cmds[13];
	assert_int_equal(c->kind, MMS_MAP_HUGETLB);
	assert_int_equal(c->addr, 0x7e0000000000ULL);
	assert_true(c->flags & MMS_MMAP_AT);
	assert_int_equal(s.regions[c->region].pages, 1024);
	c = &s.cmds[24];		/* lock */
	assert_int_equal(c->kind, MMS_LOCK_UNTIL_WAIT);
	c = &s.cmds[26];		/* inject */
	assert_string_equal(mms_str(&s, c->str), "gup:after");
	assert_true(c->flags & MMS_INJECT_ONCE);
	assert_non_null(c->sub);
	assert_int_equal(c->sub->op, MMS_OP_WRITE);
	assert_int_equal(c->sub->value, 3);
	assert_int_equal(c->sub->col, 26);
	assert_string_equal(mms_str(&s, c->sub->text), "write A a 3");
	c = &s.cmds[28];		/* D exclusive a chunk=8K */
	assert_int_equal(c->dev, 0);
	assert_int_equal(c->proc, 0);
	assert_int_equal(c->size, 8192);
	c = &s.cmds[40];		/* offline 1 passes=2 */
	assert_int_equal(c->kind, MMS_OFFLINE_BLOCK);
	assert_int_equal(c->n, 1);
	assert_int_equal(c->passes, 2);
	c = &s.cmds[42];		/* offline block-of */
	assert_int_equal(c->kind, MMS_OFFLINE_BLOCK_OF);
	assert_int_equal(c->passes, 3);
	c = &s.cmds[46];		/* gup */
	assert_int_equal(c->flags, MMS_GUP_WRITE | MMS_GUP_PIN | MMS_GUP_LONGTERM |
				   MMS_GUP_SPLIT_PMD | MMS_GUP_FORCE);
	c = &s.cmds[48];
	assert_int_equal(c->kind, MMS_SHOW_PTE);
	assert_true(c->flags & MMS_SHOW_DOT);
	assert_int_equal(s.cmds[52].range.region, UINT32_MAX);
	assert_int_equal(s.cmds[53].range.end, 2);
	mms_script_free(&s);
}

static void test_every_expect_parses(void **state)
{
	static const char script[] = PRE "device D A\nwrite A a 1\n"
		"expect ret 0\nwrite A a 1\nexpect ret -ENOMEM\nreclaim all\nexpect ret 12\n"
		"read A a\nexpect signal SIGBUS\n"
		"expect pte A a[0] present write dirty young soft-dirty uffd-wp exclusive pte\n"
		"expect folio A a[0] mapcount=1 refcount=-2 anon=1 order=0\n"
		"expect rss A anon=16K file=0 shmem=0 swap=4K\n"
		"expect smaps A rss=8K swap=0\n"
		"expect stats anon=4K free=1M bad_page=2\n"
		"expect data A a[1:] 5 seq\n"
		"expect device D a[2] atomic\n"
		"expect log \"kernel BUG at \\\"x\\\" \\\\ y\"\n"
		"expect warn 1\nexpect bug 0\nwrite A a 1\nexpect violation refcount\n";
	struct mms_script s;
	const struct mms_cmd *c;
	const struct mms_kv *kv;

	(void)state;
	ok(&s, script);
	assert_int_equal(s.nr_cmds, 23);
	assert_int_equal(s.cmds[4].op, MMS_OP_EXPECT_RET);
	assert_int_equal(s.cmds[4].ret, 0);
	assert_int_equal(s.cmds[6].ret, -12);
	assert_int_equal(s.cmds[8].ret, 12);
	assert_int_equal(s.cmds[10].n, MMS_SIGBUS);
	c = &s.cmds[11];
	assert_int_equal(c->op, MMS_OP_EXPECT_PTE);
	assert_int_equal(c->kind, MMS_PTE_PRESENT);
	assert_int_equal(c->flags, MMS_PTEF_WRITE | MMS_PTEF_DIRTY | MMS_PTEF_YOUNG |
				   MMS_PTEF_SOFT_DIRTY | MMS_PTEF_UFFD_WP |
				   MMS_PTEF_EXCLUSIVE | MMS_PTEF_PTE);
	c = &s.cmds[12];
	assert_int_equal(c->kv_count, 4);
	kv = &s.kvs[c->kv_first];
	assert_int_equal(kv[0].key, MMS_FK_MAPCOUNT);
	assert_int_equal(kv[0].value, 1);
	assert_int_equal(kv[1].key, MMS_FK_REFCOUNT);
	assert_true(kv[1].negative);
	assert_int_equal(kv[1].value, 2);
	c = &s.cmds[13];
	kv = &s.kvs[c->kv_first];
	assert_int_equal(c->kv_count, 4);
	assert_int_equal(kv[0].value, 16384);
	assert_int_equal(kv[3].key, MMS_RK_SWAP);
	c = &s.cmds[15];
	kv = &s.kvs[c->kv_first];
	assert_int_equal(kv[2].key, MMS_STK_BAD_PAGE);
	assert_int_equal(kv[2].value, 2);
	c = &s.cmds[16];
	assert_int_equal(c->range.first, 1);
	assert_int_equal(c->range.end, 4);
	assert_true(c->seq);
	assert_int_equal(s.cmds[17].kind, MMS_DEV_ATOMIC);
	assert_string_equal(mms_str(&s, s.cmds[18].str), "kernel BUG at \"x\" \\ y");
	assert_int_equal(s.cmds[19].n, 1);
	assert_int_equal(s.cmds[20].op, MMS_OP_EXPECT_BUG);
	assert_string_equal(mms_str(&s, s.cmds[22].str), "refcount");
	mms_script_free(&s);
}

static void test_numbers_decimal_and_hex(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, PRE "write A a 0xFFFFFFFFFFFFFFFF\nwrite A a 18446744073709551615\n"
	       "write A a 0x0\nwrite A a 007\n");
	assert_int_equal(s.cmds[2].value, UINT64_MAX);
	assert_int_equal(s.cmds[3].value, UINT64_MAX);
	assert_int_equal(s.cmds[4].value, 0);
	assert_int_equal(s.cmds[5].value, 7);
	mms_script_free(&s);
}

static void test_number_overflow(void **state)
{
	(void)state;
	bad(PRE "write A a 18446744073709551616\n",
	    "t.mms:3:11: error: number '18446744073709551616' overflows 64 bits");
	bad(PRE "write A a 0x10000000000000000\n",
	    "t.mms:3:11: error: number '0x10000000000000000' overflows 64 bits");
}

static void test_number_invalid(void **state)
{
	(void)state;
	bad(PRE "write A a 12x\n", "t.mms:3:13: error: invalid number '12x'");
	bad(PRE "write A a 0x\n", "t.mms:3:12: error: invalid number '0x'");
	bad(PRE "write A a -1\n", "t.mms:3:11: error: invalid number '-1'");
	bad(PRE "write A a 0xg1\n", "t.mms:3:13: error: invalid number '0xg1'");
}

static void test_size_suffixes(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "process A\nmmap A a 4k anon\nmmap A b 4K anon\nmmap A c 1m anon\n"
	       "mmap A d 2M anon\nmmap A e 1g anon\nmmap A f 1G anon\n"
	       "mmap A g 1t anon\nmmap A h 0x1000 anon\nmmap A i 8192 anon\nmmap A j 0x10K anon\n");
	assert_int_equal(s.cmds[1].size, 4096);
	assert_int_equal(s.cmds[2].size, 4096);
	assert_int_equal(s.cmds[3].size, 1ULL << 20);
	assert_int_equal(s.cmds[4].size, 2ULL << 20);
	assert_int_equal(s.cmds[5].size, 1ULL << 30);
	assert_int_equal(s.cmds[6].size, 1ULL << 30);
	assert_int_equal(s.cmds[7].size, 1ULL << 40);
	assert_int_equal(s.cmds[8].size, 4096);
	assert_int_equal(s.cmds[9].size, 8192);
	assert_int_equal(s.cmds[10].size, 16384);	/* K is no hex digit */
	mms_script_free(&s);
	bad("process A\nmmap A a 4X anon\n", "t.mms:2:11: error: invalid number '4X'");
	bad("process A\nmmap A a 4KB anon\n", "t.mms:2:11: error: invalid number '4KB'");
}

static void test_size_overflow(void **state)
{
	(void)state;
	bad("swap 0x1000000000000000K\n",
	    "t.mms:1:6: error: size '0x1000000000000000K' overflows 64 bits");
	bad("swap 16777216T\n", "t.mms:1:6: error: size '16777216T' overflows 64 bits");
}

static void test_size_not_page_granular(void **state)
{
	(void)state;
	bad("process A\nmmap A a 0 anon\n",
	    "t.mms:2:10: error: size '0' is not a non-zero multiple of 4K");
	bad("process A\nmmap A a 1000 anon\n",
	    "t.mms:2:10: error: size '1000' is not a non-zero multiple of 4K");
	bad("swap 6K\n", "t.mms:1:6: error: size '6K' is not a non-zero multiple of 4K");
	bad(PRE "device D A\nD exclusive a chunk=2K\n",
	    "t.mms:4:21: error: size '2K' is not a non-zero multiple of 4K");
	bad(PRE "expect rss A anon=1K\n", "t.mms:3:19: error: size '1K' is not a multiple of 4K");
}

static void test_addr_not_aligned(void **state)
{
	(void)state;
	bad("process A\nmmap A a 4K anon at=0x7f0000000010\n",
	    "t.mms:2:21: error: address '0x7f0000000010' is not page-aligned");
}

static void test_addr_out_of_range(void **state)
{
	struct mms_script s;

	(void)state;
	bad("process A\nmmap A a 4K anon at=0x800000000000\n",
	    "t.mms:2:21: error: address '0x800000000000' is not below 0x800000000000");
	bad("process A\nmmap A a 8K anon at=0x7ffffffff000\n",
	    "t.mms:2:21: error: the region ends beyond 0x800000000000");
	ok(&s, "process A\nmmap A a 4K anon at=0x7ffffffff000\n");
	mms_script_free(&s);
}

static void test_memory_block_rules(void **state)
{
	struct mms_script s;

	(void)state;
	bad("memory 100M\n",
	    "t.mms:1:8: error: memory must be a multiple of the block size (128M)");
	bad("memory 1G block=384M\n",
	    "t.mms:1:17: error: block must be a power of two >= 2M");
	bad("memory 1G block=1M\n", "t.mms:1:17: error: block must be a power of two >= 2M");
	bad("memory 6M block=4M\n",
	    "t.mms:1:17: error: memory must be a multiple of the block size (4M)");
	bad("memory 128G\n", "t.mms:1:8: error: memory must be at most 64G");
	ok(&s, "memory 64G block=2M\n");
	assert_int_equal(s.config.block, 2ULL << 20);
	mms_script_free(&s);
}

static void test_swap_limit(void **state)
{
	struct mms_script s;

	(void)state;
	bad("swap 65G\n", "t.mms:1:6: error: swap must be at most 64G");
	ok(&s, "swap 64g\n");
	assert_int_equal(s.config.swap, 64ULL << 30);
	mms_script_free(&s);
}

static void test_config_after_command(void **state)
{
	(void)state;
	bad("process A\nseries 3\n",
	    "t.mms:2:1: error: configuration command 'series' after the first other command (line 1)");
	bad("swap 4M\nprocess A\n\n  memory 1G\n",
	    "t.mms:4:3: error: configuration command 'memory' after the first other command (line 2)");
	bad("expect warn 0\ncheck off\n",
	    "t.mms:2:1: error: configuration command 'check' after the first other command (line 1)");
}

static void test_config_twice(void **state)
{
	(void)state;
	bad("swap 4M\nswap 8M\n", "t.mms:2:1: error: 'swap' given twice (first at line 1)");
	bad("series 1\nhugetlb 2\nseries all\n",
	    "t.mms:3:1: error: 'series' given twice (first at line 1)");
}

static void test_thp_anywhere(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "thp never\nseries 3\nthp 16K madvise\nprocess A\nthp always\nthp 1M never\n");
	assert_int_equal(s.config.series, 3);
	assert_int_equal(s.nr_cmds, 6);
	mms_script_free(&s);
	bad("thp 2M always\n", "t.mms:1:5: error: mTHP size must be a power of two from 16K to 1M");
	bad("thp 48K always\n", "t.mms:1:5: error: mTHP size must be a power of two from 16K to 1M");
	bad("thp inherit\n", "t.mms:1:5: error: 'inherit' needs an mTHP size");
	bad("thp 16K sometimes\n", "t.mms:1:9: error: unknown THP mode 'sometimes'");
}

static void test_series_values(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "series legacy\n");
	assert_int_equal(s.config.series, 0);
	mms_script_free(&s);
	ok(&s, "series all\n");
	assert_int_equal(s.config.series, 17);
	mms_script_free(&s);
	ok(&s, "series 0x10\n");
	assert_int_equal(s.config.series, 16);
	mms_script_free(&s);
	bad("series 18\n", "t.mms:1:8: error: series level 18 is out of range 0..17");
	bad("series newest\n", "t.mms:1:8: error: invalid number 'newest'");
}

static void test_unknown_names(void **state)
{
	(void)state;
	bad("write A a 1\n", "t.mms:1:7: error: unknown process 'A'");
	bad(PRE "write A b 1\n", "t.mms:3:9: error: unknown region 'b' of process 'A'");
	bad(PRE "D close\n", "t.mms:3:1: error: unknown command 'D'");
	bad(PRE "expect device E a none\n", "t.mms:3:15: error: unknown device 'E'");
	bad(PRE "mmap A f 4K file=F\n", "t.mms:3:18: error: unknown file 'F'");
	bad(PRE "file F 4K\nwrite F a 1\n", "t.mms:4:7: error: 'F' is a file, not a process");
}

static void test_declared_twice(void **state)
{
	(void)state;
	bad("process A\nprocess A\n",
	    "t.mms:2:9: error: 'A' is already declared (process, line 1)");
	bad("process A\nfile A 4K\n",
	    "t.mms:2:6: error: 'A' is already declared (process, line 1)");
	bad(PRE "device A A\n", "t.mms:3:8: error: 'A' is already declared (process, line 1)");
	bad(PRE "mmap A a 4K anon\n",
	    "t.mms:3:8: error: region 'a' of process 'A' is already declared (line 2)");
	bad(PRE "fork A A\n", "t.mms:3:8: error: 'A' is already declared (process, line 1)");
	bad(PRE "exit A\nprocess A\n",
	    "t.mms:4:9: error: 'A' is already declared (process, line 1)");
}

static void test_fork_inherits_regions(void **state)
{
	struct mms_script s;
	const struct mms_cmd *c;

	(void)state;
	ok(&s, PRE "fork A B\nwrite B a[3] 1\nmmap A late 4K anon\nmmap B late 8K anon\n"
	       "write B late[1] 2\n");
	c = &s.cmds[3];
	assert_int_equal(c->proc, 1);
	assert_int_equal(s.regions[c->range.region].proc, 1);
	assert_int_equal(s.regions[c->range.region].origin, 0);
	assert_int_equal(s.regions[c->range.region].pages, 4);
	assert_int_equal(s.procs[1].parent, 0);
	mms_script_free(&s);
	/* a region mapped after the fork is the parent's only */
	bad(PRE "fork A B\nmmap A late 4K anon\nwrite B late 1\n",
	    "t.mms:5:9: error: unknown region 'late' of process 'B'");
}

static void test_regions_belong_to_process(void **state)
{
	(void)state;
	bad(PRE "process B\nwrite B a 1\n", "t.mms:4:9: error: unknown region 'a' of process 'B'");
}

static void test_range_forms(void **state)
{
	static const struct { uint32_t form; uint64_t first, end; } want[] = {
		{ MMS_RANGE_WHOLE, 0, 4 }, { MMS_RANGE_INDEX, 2, 3 },
		{ MMS_RANGE_SLICE, 1, 3 }, { MMS_RANGE_FROM, 1, 4 },
		{ MMS_RANGE_TO, 0, 2 }, { MMS_RANGE_SLICE, 0, 4 },
		{ MMS_RANGE_INDEX, 3, 4 },
	};
	struct mms_script s;
	size_t i;

	(void)state;
	ok(&s, PRE "munmap A a\nmunmap A a[2]\nmunmap A a[1:3]\nmunmap A a[1:]\n"
	       "munmap A a[:2]\nmunmap A a[0x0:0x4]\nmunmap A a[3]\n");
	for (i = 0; i < 7; i++) {
		const struct mms_range *r = &s.cmds[2 + i].range;

		assert_int_equal(r->form, want[i].form);
		assert_int_equal(r->first, want[i].first);
		assert_int_equal(r->end, want[i].end);
		assert_int_equal(r->region, 0);
	}
	mms_script_free(&s);
}

static void test_range_empty(void **state)
{
	(void)state;
	bad(PRE "write A a[2:2] 1\n", "t.mms:3:11: error: empty range 'a[2:2]' (needs i < j)");
	bad(PRE "write A a[3:1] 1\n", "t.mms:3:11: error: empty range 'a[3:1]' (needs i < j)");
	bad(PRE "write A a[4:] 1\n", "t.mms:3:11: error: empty range 'a[4:]' (needs i < j)");
	bad(PRE "write A a[:0] 1\n", "t.mms:3:12: error: empty range 'a[:0]' (needs i < j)");
}

static void test_range_beyond_region(void **state)
{
	(void)state;
	bad(PRE "write A a[0:5] 1\n",
	    "t.mms:3:13: error: range end 5 exceeds the 4 pages of region 'a'");
	bad(PRE "write A a[4] 1\n",
	    "t.mms:3:11: error: page 4 is beyond the 4 pages of region 'a'");
	bad(PRE "write A a[:99999999999999999999] 1\n",
	    "t.mms:3:12: error: number '99999999999999999999' overflows 64 bits");
}

static void test_range_malformed(void **state)
{
	(void)state;
	bad(PRE "write A a[1 1\n",
	    "t.mms:3:9: error: malformed range 'a[1' (name[i], name[i:j], name[i:] or name[:j])");
	bad(PRE "write A a[] 1\n",
	    "t.mms:3:9: error: malformed range 'a[]' (name[i], name[i:j], name[i:] or name[:j])");
	bad(PRE "write A a[:] 1\n",
	    "t.mms:3:9: error: malformed range 'a[:]' (name[i], name[i:j], name[i:] or name[:j])");
	bad(PRE "write A a[1:2:3] 1\n", "t.mms:3:14: error: invalid number '2:3'");
}

static void test_page_operand_single_page(void **state)
{
	struct mms_script s;

	(void)state;
	bad(PRE "hwpoison A a\n", "t.mms:3:12: error: 'a' is 4 pages, a PAGE operand must be one");
	bad(PRE "split A a[0:2]\n",
	    "t.mms:3:9: error: 'a[0:2]' is 2 pages, a PAGE operand must be one");
	ok(&s, PRE "mmap A one 4K anon\nsplit A one\nsplit A a[2:3]\nlock A a[3:]\n");
	mms_script_free(&s);
}

static void test_expect_pte_flags_on_swap(void **state)
{
	struct mms_script s;

	(void)state;
	bad(PRE "expect pte A a swap write\n",
	    "t.mms:3:21: error: 'write' cannot describe a swap entry");
	bad(PRE "expect pte A a swap dirty\n",
	    "t.mms:3:21: error: 'dirty' cannot describe a swap entry");
	bad(PRE "expect pte A a hwpoison young\n",
	    "t.mms:3:25: error: 'young' cannot describe a hwpoison entry");
	bad(PRE "expect pte A a marker write\n",
	    "t.mms:3:23: error: 'write' cannot describe a marker entry");
	ok(&s, PRE "expect pte A a swap ro clean old soft-dirty uffd-wp exclusive\n"
	       "expect pte A a migration write dirty young pmd\n"
	       "expect pte A a device-exclusive ro\nexpect pte A a device-private write\n");
	mms_script_free(&s);
}

static void test_expect_pte_contradictions(void **state)
{
	(void)state;
	bad(PRE "expect pte A a present write ro\n",
	    "t.mms:3:30: error: 'ro' contradicts 'write'");
	bad(PRE "expect pte A a present clean dirty\n",
	    "t.mms:3:30: error: 'dirty' contradicts 'clean'");
	bad(PRE "expect pte A a present pte pmd\n", "t.mms:3:28: error: 'pmd' contradicts 'pte'");
	bad(PRE "expect pte A a present old old\n", "t.mms:3:28: error: 'old' given twice");
	bad(PRE "expect pte A a none ro\n", "t.mms:3:21: error: state 'none' takes no flags");
	bad(PRE "expect pte A a mapped\n", "t.mms:3:16: error: unknown PTE state 'mapped'");
	bad(PRE "expect pte A a present shiny\n", "t.mms:3:24: error: unknown PTE flag 'shiny'");
}

static void test_gup_longterm_requires_pin(void **state)
{
	struct mms_script s;

	(void)state;
	bad(PRE "gup A a longterm\n", "t.mms:3:9: error: 'longterm' requires 'pin'");
	bad(PRE "gup A a write longterm force\n", "t.mms:3:15: error: 'longterm' requires 'pin'");
	bad(PRE "gup A a pin pin\n", "t.mms:3:13: error: 'pin' given twice");
	ok(&s, PRE "gup A a longterm pin\n");
	mms_script_free(&s);
}

static void test_unknown_command(void **state)
{
	(void)state;
	bad("frobnicate\n", "t.mms:1:1: error: unknown command 'frobnicate'");
	bad("process A\n  expect nothing\n", "t.mms:2:10: error: unknown expectation 'nothing'");
	bad("\"quoted\"\n", "t.mms:1:1: error: unexpected string: expected a command");
	bad("ksm merge\n", "t.mms:1:5: error: unknown ksm command 'merge' (scan)");
}

static void test_truncated_line(void **state)
{
	(void)state;
	bad("process\n", "t.mms:1:8: error: missing operand: expected a process name");
	bad(PRE "write A a\n", "t.mms:3:10: error: missing operand: expected a value V");
	bad(PRE "mmap A b 4K\n", "t.mms:3:12: error: missing operand: expected anon, shared, file=F, file-private=F or hugetlb");
	bad(PRE "expect folio A a[0]\n", "t.mms:3:20: error: missing operand: expected KEY=VALUE");
	bad(PRE "expect\n", "t.mms:3:7: error: missing operand: expected an expectation");
	bad(PRE "inject gup:after do\n",
	    "t.mms:3:20: error: missing operand: expected a COMMAND after 'do'");
}

static void test_trailing_garbage(void **state)
{
	(void)state;
	bad("process A B\n", "t.mms:1:11: error: unexpected 'B' after the command");
	bad(PRE "exit A now\n", "t.mms:3:8: error: unexpected 'now' after the command");
	bad(PRE "write A a 1 seq seq\n", "t.mms:3:17: error: unexpected 'seq' after the command");
	bad(PRE "expect ret 0 0\n", "t.mms:3:14: error: unexpected '0' after the command");
	bad(PRE "compact \"x\"\n", "t.mms:3:9: error: unexpected '\"x\"' after the command");
}

static void test_binary_nul(void **state)
{
	static const char txt[] = "process A\npro\0cess B\n";

	(void)state;
	bad_n(txt, sizeof(txt) - 1, "t.mms:2:4: error: NUL byte in input");
}

static void test_binary_invalid_utf8(void **state)
{
	struct mms_script s;

	(void)state;
	bad("process A # \xff\n", "t.mms:1:13: error: invalid UTF-8 in input");
	bad("# \xc0\xaf overlong\n", "t.mms:1:3: error: invalid UTF-8 in input");
	bad("# \xed\xa0\x80 surrogate\n", "t.mms:1:3: error: invalid UTF-8 in input");
	bad("# \xe2\x82 truncated\n", "t.mms:1:3: error: invalid UTF-8 in input");
	ok(&s, "# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\nprocess A\n");
	mms_script_free(&s);
}

static void test_binary_control_characters(void **state)
{
	(void)state;
	bad("process A\x01\n", "t.mms:1:10: error: control character 0x01 in input");
	bad("process\rA\n", "t.mms:1:8: error: control character 0x0d in input");
	bad("\x1b[31mprocess A\n", "t.mms:1:1: error: control character 0x1b in input");
	bad("process A\x7f\n", "t.mms:1:10: error: control character 0x7f in input");
}

static void test_long_line(void **state)
{
	char *txt = malloc(MMS_MAX_LINE + 64);
	struct mms_script s;

	(void)state;
	assert_non_null(txt);
	memset(txt, ' ', MMS_MAX_LINE + 10);
	memcpy(txt, "process A", 9);
	txt[MMS_MAX_LINE + 10] = '\0';
	bad(txt, "t.mms:1:4097: error: line too long (more than 4096 bytes)");
	/* exactly the limit is fine */
	txt[MMS_MAX_LINE] = '\n';
	txt[MMS_MAX_LINE + 1] = '\0';
	ok(&s, txt);
	assert_int_equal(s.nr_cmds, 1);
	mms_script_free(&s);
	free(txt);
}

static void test_crlf_and_no_final_newline(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "process A\r\nmmap A a 4K anon\r\nwrite A a 1");
	assert_int_equal(s.nr_cmds, 3);
	assert_string_equal(mms_str(&s, s.cmds[0].text), "process A");
	assert_int_equal(s.cmds[2].value, 1);
	mms_script_free(&s);
}

static void test_expect_log_strings(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "expect log \"a # b\"   # comment\nexpect log \"\\\\\"\n");
	assert_string_equal(mms_str(&s, s.cmds[0].str), "a # b");
	assert_string_equal(mms_str(&s, s.cmds[1].str), "\\");
	mms_script_free(&s);
	bad("expect log \"a\\nb\"\n", "t.mms:1:14: error: invalid escape in string (only \\\" and \\\\)");
	bad("expect log \"abc\n", "t.mms:1:12: error: unterminated string");
	bad("expect log \"abc\\\n", "t.mms:1:16: error: unterminated string");
	bad("expect log \"abc\"x\n", "t.mms:1:17: error: unexpected character after string");
	bad("expect log abc\n", "t.mms:1:12: error: expected a quoted \"TEXT\"");
	bad("expect log \"\"\n", "t.mms:1:12: error: empty TEXT matches every line");
	bad("expect log \"a\" \"b\"\n", "t.mms:1:16: error: unexpected '\"b\"' after the command");
}

static void test_inject_forms(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, PRE "device D A\ninject alloc:fail\ninject gup:after once\n"
	       "inject gup:after do D exclusive a[1]\ninject alloc:fail once do thp never\n");
	assert_null(s.cmds[3].sub);
	assert_int_equal(s.cmds[3].flags, 0);
	assert_int_equal(s.cmds[4].flags, MMS_INJECT_ONCE);
	assert_int_equal(s.cmds[5].sub->op, MMS_OP_DEV_EXCLUSIVE);
	assert_int_equal(s.cmds[5].sub->range.first, 1);
	assert_int_equal(s.cmds[6].sub->op, MMS_OP_THP);
	mms_script_free(&s);
	bad("inject gup:before\n",
	    "t.mms:1:8: error: unknown injection point 'gup:before' (see mmsim inject --list)");
	bad("inject gup:after twice\n", "t.mms:1:18: error: unexpected 'twice' (once, do COMMAND)");
	bad("inject gup:after do process B\n",
	    "t.mms:1:21: error: 'process' cannot run at an injection point");
	bad(PRE "inject gup:after do expect warn 0\n",
	    "t.mms:3:21: error: 'expect' cannot run at an injection point");
	bad(PRE "inject gup:after do inject alloc:fail\n",
	    "t.mms:3:21: error: 'inject' cannot run at an injection point");
	bad(PRE "inject gup:after do write A b 1\n",
	    "t.mms:3:29: error: unknown region 'b' of process 'A'");
	bad("inject gup:aft$r\n", "t.mms:1:15: error: invalid injection point 'gup:aft$r'");
}

static void test_device_commands(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, PRE "process B\nmmap B b 8K anon\ndevice D B\nD read b[1] 3\n"
	       "expect device D b[0:2] none\n");
	assert_int_equal(s.cmds[5].op, MMS_OP_DEV_READ);
	assert_int_equal(s.cmds[5].proc, 1);
	assert_int_equal(s.cmds[5].range.first, 1);
	mms_script_free(&s);
	/* the range names a region of the device's own process */
	bad(PRE "process B\ndevice D B\nD check a\n",
	    "t.mms:5:9: error: unknown region 'a' of process 'B'");
	bad(PRE "device D A\nD mirror a\n", "t.mms:4:3: error: unknown device command 'mirror'");
	bad(PRE "device D A\nD write a\n", "t.mms:4:10: error: missing operand: expected a value V");
	bad(PRE "device D A\nD close a\n", "t.mms:4:9: error: unexpected 'a' after the command");
	bad(PRE "device D A\nD exclusive a chunk=\n",
	    "t.mms:4:21: error: invalid number ''");
	bad(PRE "device D A\nexpect device D a shared\n",
	    "t.mms:4:19: error: unknown device access 'shared'");
}

static void test_expect_ret_placement(void **state)
{
	struct mms_script s;

	(void)state;
	bad("expect ret 0\n", "t.mms:1:1: error: 'expect ret' must directly follow a command");
	bad("swap 4M\nexpect signal SIGBUS\n",
	    "t.mms:2:1: error: 'expect signal' must directly follow a command");
	bad(PRE "write A a 1\nexpect ret 0\nexpect ret 0\n",
	    "t.mms:5:1: error: 'expect ret' must directly follow a command");
	bad(PRE "write A a 1\nexpect data A a 1\nexpect ret 0\n",
	    "t.mms:5:1: error: 'expect ret' must directly follow a command");
	bad("expect violation rss\n", "t.mms:1:1: error: 'expect violation' must follow a command");
	bad(PRE "write A a 1\nexpect violation rss\nexpect violation swap\n",
	    "t.mms:5:1: error: a second 'expect violation' for one command");
	bad("check off\n" PRE "write A a 1\nexpect violation rss\n",
	    "t.mms:5:1: error: 'expect violation' with 'check off' can never pass");
	/* comments and blank lines are skipped */
	ok(&s, PRE "write A a 1\n\n# why\nexpect ret 0\nexpect data A a 1\nexpect violation x\n");
	mms_script_free(&s);
}

static void test_expect_ret_values(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, PRE "write A a 1\nexpect ret -ENOTSUPP\nwrite A a 1\nexpect ret -ERESTARTSYS\n"
	       "write A a 1\nexpect ret -EHWPOISON\nwrite A a 1\nexpect ret 0x10\n");
	assert_int_equal(s.cmds[3].ret, -524);
	assert_int_equal(s.cmds[5].ret, -512);
	assert_int_equal(s.cmds[7].ret, -133);
	assert_int_equal(s.cmds[9].ret, 16);
	mms_script_free(&s);
	bad(PRE "write A a 1\nexpect ret -EWHATEVER\n", "t.mms:4:12: error: unknown errno '-EWHATEVER'");
	bad(PRE "write A a 1\nexpect ret -12\n", "t.mms:4:12: error: unknown errno '-12'");
	bad(PRE "write A a 1\nexpect ret 9223372036854775808\n",
	    "t.mms:4:12: error: return value '9223372036854775808' is too large");
	bad(PRE "write A a 1\nexpect signal SIGKILL\n",
	    "t.mms:4:15: error: unknown signal 'SIGKILL' (SIGSEGV, SIGBUS)");
}

static void test_expect_key_values(void **state)
{
	(void)state;
	bad(PRE "expect folio A a[0] anon=2\n", "t.mms:3:26: error: 'anon' is 0 or 1");
	bad(PRE "expect folio A a[0] order=-1\n", "t.mms:3:27: error: invalid number '-1'");
	bad(PRE "expect folio A a[0] size=1\n", "t.mms:3:21: error: unknown key 'size'");
	bad(PRE "expect folio A a[0] lru=1 lru=0\n", "t.mms:3:27: error: 'lru' given twice");
	bad(PRE "expect folio A a[0] lru\n", "t.mms:3:21: error: expected KEY=VALUE, got 'lru'");
	bad(PRE "expect folio A a[0] lru=\n", "t.mms:3:25: error: missing value after '='");
	bad(PRE "expect rss A rss=4K\n", "t.mms:3:14: error: unknown key 'rss'");
	bad(PRE "expect smaps A anon=4K\n", "t.mms:3:16: error: unknown key 'anon'");
	bad("expect stats bad_page=1K\n", "t.mms:1:24: error: invalid number '1K'");
}

static void test_reserved_and_invalid_names(void **state)
{
	(void)state;
	bad("process write\n", "t.mms:1:9: error: 'write' is a reserved word");
	bad("process A\ndevice show A\n", "t.mms:2:8: error: 'show' is a reserved word");
	bad("process 9lives\n",
	    "t.mms:1:9: error: invalid name '9lives' (letters, digits, _ and -, not starting with a digit or -)");
	bad("process ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456\n",
	    "t.mms:1:9: error: name 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456' is longer than 32 bytes");
	bad("process A\nmmap A x[1] 4K anon\n",
	    "t.mms:2:9: error: invalid name 'x[1]' (letters, digits, _ and -, not starting with a digit or -)");
}

static void test_mmap_options(void **state)
{
	(void)state;
	bad("process A\nmmap A h 3M hugetlb\n", "t.mms:2:10: error: a hugetlb region is a multiple of 2M");
	bad("process A\nmmap A h 2M hugetlb at=0x7f0000001000\n",
	    "t.mms:2:24: error: a hugetlb region's address is 2M-aligned");
	bad("process A\nmmap A a 4K anon off=4K\n", "t.mms:2:18: error: off= needs a file mapping");
	bad("process A\nmmap A a 4K anon align=3K\n",
	    "t.mms:2:24: error: align= must be a power of two from 4K below 128T");
	bad("process A\nmmap A a 4K anon r rw\n", "t.mms:2:20: error: protection given twice");
	bad("process A\nmmap A a 4K anon at=0x1000 align=8K\n",
	    "t.mms:2:8: error: at= and align= exclude each other");
	bad("process A\nmmap A a 4K private\n",
	    "t.mms:2:13: error: unknown mapping kind 'private' (anon, shared, file=F, file-private=F, hugetlb)");
	bad("process A\nfile F 8K\nmmap A f 4K file=F off=1K\n",
	    "t.mms:3:24: error: off= must be a multiple of 4K");
}

static void test_offline_online_blocks(void **state)
{
	struct mms_script s;

	(void)state;
	ok(&s, "memory 256M\noffline 1\nonline 0\n");
	mms_script_free(&s);
	bad("memory 256M\noffline 2\n",
	    "t.mms:2:9: error: block 2 does not exist (memory has 2 blocks)");
	bad("online 8\n", "t.mms:1:8: error: block 8 does not exist (memory has 8 blocks)");
	bad("offline 1 passes=0\n", "t.mms:1:18: error: passes= must be from 1 to 1000000");
	bad("ksm scan 0\n", "t.mms:1:10: error: ksm scan count must be from 1 to 1000000");
	bad("hugetlb 32769\n", "t.mms:1:9: error: hugetlb pages must be at most 32768 (64G)");
}

static void test_show_forms(void **state)
{
	(void)state;
	bad(PRE "show folio A a[0] --dot\n",
	    "t.mms:3:19: error: --dot is for show pte and show rmap");
	bad(PRE "show maps A\n", "t.mms:3:6: error: unknown view 'maps'");
	bad(PRE "show stats A\n", "t.mms:3:12: error: unexpected 'A' after the command");
}

static void test_op_names(void **state)
{
	(void)state;
	assert_string_equal(mms_op_name(MMS_OP_CLEAR_REFS), "clear-refs");
	assert_string_equal(mms_op_name(MMS_OP_DEV_SNAPSHOT), "snapshot");
	assert_string_equal(mms_op_name(MMS_OP_EXPECT_VIOLATION), "violation");
	assert_string_equal(mms_folio_key_name(MMS_FK_ANON_EXCLUSIVE), "anon_exclusive");
	assert_string_equal(mms_pte_state_name(MMS_PTE_DEVICE_EXCLUSIVE), "device-exclusive");
}

static void test_errno_table_matches_host(void **state)
{
	/* the host is Linux: its errno.h must agree with the built-in table */
	static const struct { const char *n; int v; } host[] = {
		{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH },
		{ "EINTR", EINTR }, { "EIO", EIO }, { "EAGAIN", EAGAIN },
		{ "ENOMEM", ENOMEM }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
		{ "EEXIST", EEXIST }, { "ENODEV", ENODEV }, { "EINVAL", EINVAL },
		{ "ENOSPC", ENOSPC }, { "ENOSYS", ENOSYS }, { "EOPNOTSUPP", EOPNOTSUPP },
		{ "EHWPOISON", EHWPOISON }, { "ETIMEDOUT", ETIMEDOUT },
		{ "ECANCELED", ECANCELED }, { "EOVERFLOW", EOVERFLOW },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(host) / sizeof(host[0]); i++) {
		assert_int_equal(mms_errno_from_name(host[i].n, strlen(host[i].n)), host[i].v);
		assert_string_equal(mms_errno_name(-host[i].v), host[i].n);
	}
	assert_string_equal(mms_errno_name(-11), "EAGAIN");	/* not EWOULDBLOCK */
	assert_null(mms_errno_name(-4000));
	assert_int_equal(mms_errno_from_name("ENOTSUPP", 8), 524);
}

/* xorshift: a deterministic stream of bytes for the no-crash tests */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_garbage_never_crashes(void **state)
{
	static const char base[] = PRE "device D A\nwrite A a[1:3] 5 seq\nexpect ret 0\n"
		"D exclusive a chunk=8K\nexpect pte A a[1] device-exclusive ro\n"
		"expect log \"x \\\" y\"\ninject gup:after once do read A a 5\n";
	static const char alphabet[] = " \t\n#[]:=\"\\-0x19AaKkGz\xff\xc3\x01";
	char buf[sizeof(base) + 64], err[512];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	struct mms_script s;
	int i, j, fails = 0;

	(void)state;
	for (i = 0; i < 3000; i++) {
		size_t len = sizeof(base) - 1;

		memcpy(buf, base, len);
		for (j = 0; j < 1 + i % 6; j++) {
			size_t at = rnd(&x) % len;

			if (i % 2)
				buf[at] = alphabet[rnd(&x) % (sizeof(alphabet) - 1)];
			else
				buf[at] = (char)rnd(&x);
		}
		if (i % 5 == 0)
			len = rnd(&x) % len;
		fails += parse(&s, buf, len, err) != 0;
		mms_script_free(&s);
	}
	/* most mutants are rejected, some still parse */
	assert_true(fails > 100 && fails < 3000);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_empty_script),
	cmocka_unit_test(test_comments_and_blank_lines),
	cmocka_unit_test(test_text_is_trimmed_source),
	cmocka_unit_test(test_every_command_parses),
	cmocka_unit_test(test_every_expect_parses),
	cmocka_unit_test(test_numbers_decimal_and_hex),
	cmocka_unit_test(test_number_overflow),
	cmocka_unit_test(test_number_invalid),
	cmocka_unit_test(test_size_suffixes),
	cmocka_unit_test(test_size_overflow),
	cmocka_unit_test(test_size_not_page_granular),
	cmocka_unit_test(test_addr_not_aligned),
	cmocka_unit_test(test_addr_out_of_range),
	cmocka_unit_test(test_memory_block_rules),
	cmocka_unit_test(test_swap_limit),
	cmocka_unit_test(test_config_after_command),
	cmocka_unit_test(test_config_twice),
	cmocka_unit_test(test_thp_anywhere),
	cmocka_unit_test(test_series_values),
	cmocka_unit_test(test_unknown_names),
	cmocka_unit_test(test_declared_twice),
	cmocka_unit_test(test_fork_inherits_regions),
	cmocka_unit_test(test_regions_belong_to_process),
	cmocka_unit_test(test_range_forms),
	cmocka_unit_test(test_range_empty),
	cmocka_unit_test(test_range_beyond_region),
	cmocka_unit_test(test_range_malformed),
	cmocka_unit_test(test_page_operand_single_page),
	cmocka_unit_test(test_expect_pte_flags_on_swap),
	cmocka_unit_test(test_expect_pte_contradictions),
	cmocka_unit_test(test_gup_longterm_requires_pin),
	cmocka_unit_test(test_unknown_command),
	cmocka_unit_test(test_truncated_line),
	cmocka_unit_test(test_trailing_garbage),
	cmocka_unit_test(test_binary_nul),
	cmocka_unit_test(test_binary_invalid_utf8),
	cmocka_unit_test(test_binary_control_characters),
	cmocka_unit_test(test_long_line),
	cmocka_unit_test(test_crlf_and_no_final_newline),
	cmocka_unit_test(test_expect_log_strings),
	cmocka_unit_test(test_inject_forms),
	cmocka_unit_test(test_device_commands),
	cmocka_unit_test(test_expect_ret_placement),
	cmocka_unit_test(test_expect_ret_values),
	cmocka_unit_test(test_expect_key_values),
	cmocka_unit_test(test_reserved_and_invalid_names),
	cmocka_unit_test(test_mmap_options),
	cmocka_unit_test(test_offline_online_blocks),
	cmocka_unit_test(test_show_forms),
	cmocka_unit_test(test_op_names),
	cmocka_unit_test(test_errno_table_matches_host),
	cmocka_unit_test(test_garbage_never_crashes),
};

MMS_TEST_MAIN(tests)
