// SPDX-License-Identifier: GPL-2.0-only
/* sim/core: world lifecycle, configuration, log, BUG/WARN, ONCE, injection, determinism. */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <string.h>

static void test_config_defaults(void **state)
{
	struct mmsim_config cfg;

	(void)state;
	mmsim_config_init(&cfg);
	assert_int_equal(cfg.series, 17);
	assert_int_equal(cfg.memory, 1ULL << 30);
	assert_int_equal(cfg.block, 128ULL << 20);
	assert_int_equal(cfg.swap, 0);
	assert_int_equal(cfg.thp_pmd, MMSIM_THP_MADVISE);
	assert_null(mmsim_config_validate(&cfg));
}

static void test_config_rejects(void **state)
{
	struct mmsim_config cfg;
	struct mmsim *w = (struct mmsim *)1;

	(void)state;
	mmsim_config_init(&cfg);
	cfg.series = 18;
	assert_non_null(mmsim_config_validate(&cfg));
	assert_int_equal(mmsim_create(&w, &cfg), -EINVAL);
	assert_null(w);
	mmsim_config_init(&cfg);
	cfg.block = 3ULL << 20;
	assert_string_equal(mmsim_config_validate(&cfg), "block must be a power of two >= 2M");
	mmsim_config_init(&cfg);
	cfg.memory = (1ULL << 30) + (1ULL << 20);
	assert_string_equal(mmsim_config_validate(&cfg), "memory must be a non-zero multiple of block");
	mmsim_config_init(&cfg);
	cfg.memory = 128ULL << 30;
	assert_string_equal(mmsim_config_validate(&cfg), "memory must be at most 64G");
	mmsim_config_init(&cfg);
	cfg.hugetlb_pages = 64;
	assert_string_equal(mmsim_config_validate(&cfg), "hugetlb pages do not fit in block 0");
}

static void test_create_destroy_many(void **state)
{
	struct mmsim *w[4];

	(void)state;
	/* many worlds in one process, no shared state */
	for (int i = 0; i < 4; i++)
		w[i] = mmsim_test_world((unsigned int)i);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(mmsim_series(w[i]), (unsigned int)i);
		assert_false(mmsim_is_dead(w[i]));
	}
	for (int i = 0; i < 4; i++)
		mmsim_destroy(w[i]);
	mmsim_destroy(NULL);
}

static void test_log_ring(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	unsigned long base = mmsim_log_count(w);

	(void)state;
	mmsim_log(w, "hello %d", 1);
	mmsim_log(w, "two\nlines");
	assert_int_equal(mmsim_log_count(w), base + 3);
	assert_string_equal(mmsim_log_line(w, base), "hello 1");
	assert_string_equal(mmsim_log_line(w, base + 1), "two");
	assert_string_equal(mmsim_log_line(w, base + 2), "lines");
	assert_null(mmsim_log_line(w, base + 3));
	for (int i = 0; i < MMSIM_LOG_LINES + 10; i++)
		mmsim_log(w, "line %d", i);
	assert_int_equal(mmsim_log_count(w), MMSIM_LOG_LINES);
	assert_int_equal(mmsim_log_dropped(w), base + 3 + 10);
	assert_string_equal(mmsim_log_line(w, MMSIM_LOG_LINES - 1), "line 65545");
	mmsim_destroy(w);
}

static int cmd_bug(struct mmsim *w, void *arg)
{
	(void)arg;
	BUG_ON(w, 1 + 1 == 2);
	return 0;
}

static int cmd_ok(struct mmsim *w, void *arg)
{
	(void)w;
	return *(int *)arg;
}

static void test_bug_unwinds_and_kills(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	int v = 7;

	(void)state;
	assert_int_equal(mmsim_run_command(w, cmd_ok, &v), 7);
	assert_int_equal(mmsim_run_command(w, cmd_bug, NULL), MMSIM_DIED);
	assert_true(mmsim_is_dead(w));
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "kernel BUG at tests/unit/test_world.c:"));
	assert_true(mt_log_has(w, "mmsim: BUG_ON(1 + 1 == 2) raised at tests/unit/test_world.c:"));
	/* a dead world allows inspection and destruction only */
	assert_int_equal(mmsim_run_command(w, cmd_ok, &v), -EIO);
	mmsim_destroy(w);
}

static int cmd_warn(struct mmsim *w, void *arg)
{
	int n = *(int *)arg;

	for (int i = 0; i < n; i++) {
		WARN_ON_ONCE(w, i >= 0);
		WARN_ON(w, i == 1);
	}
	return 0;
}

static void test_warn_and_once(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mmsim *w2 = mmsim_test_world(17);
	int n = 3;

	(void)state;
	assert_int_equal(mmsim_run_command(w, cmd_warn, &n), 0);
	/* ONCE fired once, the plain WARN once (i == 1) */
	assert_int_equal(mmsim_nr_warn(w), 2);
	assert_int_equal(mmsim_run_command(w, cmd_warn, &n), 0);
	assert_int_equal(mmsim_nr_warn(w), 3);
	assert_false(mmsim_is_dead(w));
	assert_true(mt_log_has(w, "WARNING: at tests/unit/test_world.c:"));
	/* ONCE state is per world */
	assert_int_equal(mmsim_run_command(w2, cmd_warn, &n), 0);
	assert_int_equal(mmsim_nr_warn(w2), 2);
	mmsim_destroy(w);
	mmsim_destroy(w2);
}

static bool inject_cb(struct mmsim *w, void *arg, const char *point)
{
	(void)w;
	assert_string_equal(point, "alloc:fail");
	(*(int *)arg)++;
	return true;
}

static void test_inject_alloc_fail_nth(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	size_t nr;
	const struct mmsim_inject_info *list = mmsim_inject_list(&nr);
	int calls = 0;
	struct page *p1, *p2, *p3;

	(void)state;
	assert_true(nr >= 1);
	assert_string_equal(list[0].name, "alloc:fail");
	assert_int_equal(mmsim_inject_arm(w, "no:such-point", 1, true, NULL, NULL), -ENOENT);
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 2, true, inject_cb, &calls), 0);
	p1 = alloc_pages(w, GFP_HIGHUSER_MOVABLE, 0);
	p2 = alloc_pages(w, GFP_HIGHUSER_MOVABLE, 0);
	p3 = alloc_pages(w, GFP_HIGHUSER_MOVABLE, 0);
	assert_non_null(p1);
	assert_null(p2);		/* the second allocation failed */
	assert_non_null(p3);		/* once: disarmed after firing */
	assert_int_equal(calls, 1);
	assert_int_equal(mmsim_inject_fired(w, "alloc:fail"), 1);
	folio_put(page_folio(p1));
	folio_put(page_folio(p3));
	mmsim_destroy(w);
}

static void test_version_string(void **state)
{
	char buf[1024];
	struct mmsim_config cfg;

	(void)state;
	mmsim_config_init(&cfg);
	cfg.series = 3;
	assert_true(mmsim_version_string(&cfg, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "e5b2a356dc8a"));
	assert_non_null(strstr(buf, "level 3 of 17"));
	assert_non_null(strstr(buf, "PAGE_TABLE_CHECK=y"));
}

static void test_prng_deterministic(void **state)
{
	struct mmsim *a = mmsim_test_world(17), *b = mmsim_test_world(17);

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_int_equal(mmsim_prng_next(a), mmsim_prng_next(b));
	mmsim_destroy(a);
	mmsim_destroy(b);
}

static const struct CMUnitTest world_tests[] = {
	cmocka_unit_test(test_config_defaults),
	cmocka_unit_test(test_config_rejects),
	cmocka_unit_test(test_create_destroy_many),
	cmocka_unit_test(test_log_ring),
	cmocka_unit_test(test_bug_unwinds_and_kills),
	cmocka_unit_test(test_warn_and_once),
	cmocka_unit_test(test_inject_alloc_fail_nth),
	cmocka_unit_test(test_version_string),
	cmocka_unit_test(test_prng_deterministic),
};

MMSIM_TEST_MAIN(world_tests)
