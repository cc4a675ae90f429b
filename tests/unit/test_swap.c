// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/swap.c: the LRU lists (add, delete, isolate, putback) and their
 * node statistics, folio_mark_accessed()'s two-step activation,
 * __folio_clear_lru_flags() and folio_mark_dirty(). The checker runs once
 * each folio is owned again or freed (a bare folio belongs to no one).
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>

static unsigned long list_len(struct list_head *head)
{
	unsigned long n = 0;
	struct list_head *pos;

	list_for_each(pos, head)
		n++;
	return n;
}

static struct folio *new_folio(struct mmsim *w, unsigned int order, bool anon)
{
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, order);

	assert_non_null(f);
	if (anon)
		folio_set_swapbacked(f);
	return f;
}

static void test_add_lru_by_type(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *anon = new_folio(w, 0, true), *file = new_folio(w, 0, false);
	struct folio *large = new_folio(w, 4, true);

	(void)state;
	folio_add_lru(anon);
	folio_add_lru(file);
	folio_add_lru(large);
	assert_true(folio_test_lru(anon));
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 1 + 16);
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 1);
	assert_int_equal(mt_stat(w, NR_ACTIVE_ANON), 0);
	assert_int_equal(list_len(&w->lru[LRU_INACTIVE_ANON]), 2);
	assert_int_equal(list_len(&w->lru[LRU_INACTIVE_FILE]), 1);
	/* the newest folio is at the head */
	assert_ptr_equal(w->lru[LRU_INACTIVE_ANON].next, &large->lru);
	/* no per-CPU batch: no extra reference */
	assert_int_equal(folio_ref_count(anon), 1);
	folio_put(anon);
	folio_put(file);
	folio_put(large);
	/* freeing takes them off their lists */
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 0);
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 0);
	assert_true(list_empty(&w->lru[LRU_INACTIVE_ANON]));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static int add_lru_cmd(struct mmsim *w, void *arg)
{
	(void)w;
	folio_add_lru(arg);
	return 0;
}

static void test_add_lru_twice_bugs(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = new_folio(w, 0, true);

	(void)state;
	folio_add_lru(f);
	assert_int_equal(mmsim_run_command(w, add_lru_cmd, f),
			 MMSIM_DIED);
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mmsim_is_dead(w));
	/* VM_BUG_ON_FOLIO(folio_test_lru(folio)): the stats were not touched */
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 1);
	mmsim_destroy(w);
}

static void test_del_lru(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = new_folio(w, 2, false);

	(void)state;
	folio_add_lru(f);
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 4);
	lru_del_folio(f);
	assert_false(folio_test_lru(f));
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 0);
	assert_true(list_empty(&w->lru[LRU_INACTIVE_FILE]));
	assert_true(list_empty(&f->lru));
	folio_put(f);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_isolate_and_putback(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = new_folio(w, 0, true);

	(void)state;
	folio_add_lru(f);
	assert_true(folio_isolate_lru(f));
	/* isolation takes a reference and leaves the list */
	assert_int_equal(folio_ref_count(f), 2);
	assert_false(folio_test_lru(f));
	assert_int_equal(w->nr_isolated, 1);
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 0);
	/* a second isolation fails: it is not on the LRU */
	assert_false(folio_isolate_lru(f));
	assert_int_equal(folio_ref_count(f), 2);
	folio_putback_lru(f);
	assert_true(folio_test_lru(f));
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(w->nr_isolated, 0);
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 1);
	folio_put(f);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mark_accessed_activates(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = new_folio(w, 0, false);

	(void)state;
	folio_add_lru(f);
	folio_mark_accessed(f);
	/* first access: referenced only */
	assert_true(folio_test_referenced(f));
	assert_false(folio_test_active(f));
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 1);
	folio_mark_accessed(f);
	/* second access: active, referenced cleared, moved list */
	assert_true(folio_test_active(f));
	assert_false(folio_test_referenced(f));
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 0);
	assert_int_equal(mt_stat(w, NR_ACTIVE_FILE), 1);
	assert_ptr_equal(w->lru[LRU_ACTIVE_FILE].next, &f->lru);
	/* further accesses keep it active and set referenced again */
	folio_mark_accessed(f);
	folio_mark_accessed(f);
	assert_true(folio_test_active(f));
	assert_true(folio_test_referenced(f));
	assert_int_equal(mt_stat(w, NR_ACTIVE_FILE), 1);
	folio_put(f);
	assert_int_equal(mt_stat(w, NR_ACTIVE_FILE), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mark_accessed_off_lru_and_unevictable(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = new_folio(w, 0, true), *u = new_folio(w, 0, true);

	(void)state;
	/*
	 * off the LRU and in no lru_add batch (mmsim has none): the second
	 * access only clears PG_referenced, __lru_cache_activate_folio() finds
	 * nothing to activate
	 */
	folio_mark_accessed(f);
	assert_true(folio_test_referenced(f));
	folio_mark_accessed(f);
	assert_false(folio_test_active(f));
	assert_false(folio_test_referenced(f));
	folio_add_lru(f);
	assert_int_equal(mt_stat(w, NR_ACTIVE_ANON), 0);
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 1);
	lru_del_folio(f);
	__folio_clear_lru_flags(f);
	/* unevictable folios are never activated */
	folio_set_unevictable(u);
	folio_add_lru(u);
	assert_int_equal(mt_stat(w, NR_UNEVICTABLE), 1);
	folio_mark_accessed(u);
	folio_mark_accessed(u);
	assert_false(folio_test_active(u));
	assert_int_equal(mt_stat(w, NR_UNEVICTABLE), 1);
	folio_put(f);
	lru_del_folio(u);
	__folio_clear_lru_flags(u);
	folio_put(u);
	assert_int_equal(mt_stat(w, NR_UNEVICTABLE), 0);
	assert_int_equal(mt_stat(w, NR_ACTIVE_ANON), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_clear_lru_flags(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = new_folio(w, 0, true);

	(void)state;
	folio_set_active(f);
	folio_add_lru(f);
	assert_int_equal(mt_stat(w, NR_ACTIVE_ANON), 1);
	lru_del_folio(f);
	folio_set_unevictable(f);
	folio_set_lru(f);
	__folio_clear_lru_flags(f);
	assert_false(folio_test_lru(f));
	assert_false(folio_test_active(f));
	assert_false(folio_test_unevictable(f));
	assert_true(folio_test_swapbacked(f));
	assert_int_equal(mt_stat(w, NR_ACTIVE_ANON), 0);
	folio_put(f);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mark_dirty_and_fault_lru(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long a = do_mmap(mm, NULL, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, 0, 0);
	struct folio *f;
	u64 v = 1;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, (unsigned long)a, true, &v), 0);
	f = pfn_folio(w, 0x8000);
	/* folio_add_lru_vma(): a new anon folio goes to the inactive anon list */
	assert_true(folio_test_lru(f));
	assert_ptr_equal(w->lru[LRU_INACTIVE_ANON].next, &f->lru);
	assert_true(folio_mark_dirty(f));
	assert_false(folio_mark_dirty(f));
	assert_true(folio_test_dirty(f));
	mmsim_test_check(w);
	mmput(mm);
	assert_true(list_empty(&w->lru[LRU_INACTIVE_ANON]));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_lru_by_type),
		cmocka_unit_test(test_add_lru_twice_bugs),
		cmocka_unit_test(test_del_lru),
		cmocka_unit_test(test_isolate_and_putback),
		cmocka_unit_test(test_mark_accessed_activates),
		cmocka_unit_test(test_mark_accessed_off_lru_and_unevictable),
		cmocka_unit_test(test_clear_lru_flags),
		cmocka_unit_test(test_mark_dirty_and_fault_lru),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("swap", tests, NULL, NULL);
}
