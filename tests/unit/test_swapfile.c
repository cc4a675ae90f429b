// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/swapfile.c: one swap device of type 0, slot 0 the header, the
 * lowest free slot first, use counts, free_swap_and_cache.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/swap.h>
#include <string.h>

/* 1M of swap: 256 slots, slot 0 the header */
static struct mmsim *swap_world(void)
{
	struct mmsim_config cfg;

	mt_config(&cfg, MMSIM_SERIES_MAX);
	cfg.swap = 1ULL << 20;
	return mt_create(&cfg);
}

static struct folio *small_folio(struct mmsim *w)
{
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	assert_non_null(f);
	return f;
}

/* add_to_swap_cache(), as far as the swap device sees it */
static void to_swap_cache(struct mmsim *w, struct folio *f, swp_entry_t e)
{
	folio_set_swapbacked(f);
	folio_set_swapcache(f);
	f->swap = e;
	folio_ref_add(f, 1);
	w->swap->cache[swp_offset(e)] = f;
	mod_node_page_state(w, NR_SWAPCACHE, 1);
	mod_node_page_state(w, NR_FILE_PAGES, 1);
}

static void test_header_and_lowest_first(void **state)
{
	struct mmsim *w = swap_world();
	struct folio *f = small_folio(w);
	swp_entry_t a, b;

	(void)state;
	assert_int_equal(w->swap->max, 256);
	assert_int_equal(w->swap->swap_map[0], SWAP_MAP_BAD);
	assert_int_equal(mmsim_swap_slots_used(w), 0);
	a = folio_alloc_swap(f);
	b = folio_alloc_swap(f);
	assert_int_equal(swp_type(a), 0);
	assert_int_equal(swp_offset(a), 1);
	assert_int_equal(swp_offset(b), 2);
	assert_int_equal(w->swap->swap_map[1], SWAP_HAS_CACHE);
	assert_int_equal(__swap_count(w, a), 0);
	assert_int_equal(mmsim_swap_slots_used(w), 2);
	folio_put(f);
	mmsim_destroy(w);
}

static void test_duplicate_and_free_counts(void **state)
{
	struct mmsim *w = swap_world();
	struct folio *f = small_folio(w);
	swp_entry_t e = folio_alloc_swap(f);

	(void)state;
	assert_int_equal(swap_duplicate(w, e), 0);
	assert_int_equal(swap_duplicate(w, e), 0);
	assert_int_equal(__swap_count(w, e), 2);
	assert_int_equal(w->swap->swap_map[1], SWAP_HAS_CACHE | 2);
	swap_free(w, e);
	assert_int_equal(__swap_count(w, e), 1);
	swap_free(w, e);
	assert_int_equal(__swap_count(w, e), 0);
	/* the cache still holds the slot */
	assert_int_equal(mmsim_swap_slots_used(w), 1);
	swap_free(w, e);
	assert_true(mt_log_has(w, "swap_free: Unused swap offset entry"));
	folio_put(f);
	mmsim_destroy(w);
}

static void test_duplicate_errors(void **state)
{
	struct mmsim *w = swap_world();
	struct folio *f = small_folio(w);
	swp_entry_t e = folio_alloc_swap(f);

	(void)state;
	assert_int_equal(swap_duplicate(w, swp_entry(0, 5)), -ENOENT);	/* free slot */
	assert_int_equal(swap_duplicate(w, swp_entry(0, 0)), -EINVAL);	/* header */
	assert_int_equal(swap_duplicate(w, swp_entry(0, 256)), -EINVAL);	/* past the end */
	assert_int_equal(swap_duplicate(w, swp_entry(1, 1)), -EINVAL);	/* no such device */
	assert_true(mt_log_has(w, "swap_dup: Bad swap file entry"));
	for (int i = 0; i < SWAP_MAP_MAX; i++)
		assert_int_equal(swap_duplicate(w, e), 0);
	/* mmsim: no swap count continuation */
	assert_int_equal(swap_duplicate(w, e), -ENOMEM);
	assert_int_equal(__swap_count(w, e), SWAP_MAP_MAX);
	folio_put(f);
	mmsim_destroy(w);
}

static void test_full_and_unswappable(void **state)
{
	struct mmsim *w = swap_world();
	struct mmsim *noswap = mmsim_test_world(17);
	struct folio *f = small_folio(w);
	struct folio *l = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 2);
	struct folio *g = small_folio(noswap);

	(void)state;
	for (unsigned long i = 1; i < 256; i++)
		assert_int_equal(swp_offset(folio_alloc_swap(f)), i);
	assert_int_equal(folio_alloc_swap(f).val, 0);
	assert_int_equal(mmsim_swap_slots_used(w), 255);
	/* THP_SWAP=n: large folios are split before swap-out */
	assert_int_equal(folio_alloc_swap(l).val, 0);
	assert_int_equal(folio_alloc_swap(g).val, 0);
	assert_int_equal(mmsim_swap_slots_used(noswap), 0);
	folio_put(f);
	folio_put(l);
	folio_put(g);
	mmsim_destroy(w);
	mmsim_destroy(noswap);
}

static void test_free_swap_and_cache(void **state)
{
	struct mmsim *w = swap_world();
	struct folio *f = small_folio(w);
	struct folio *g = small_folio(w);
	swp_entry_t a = folio_alloc_swap(f);
	swp_entry_t b = folio_alloc_swap(g);

	(void)state;
	to_swap_cache(w, f, a);
	to_swap_cache(w, g, b);
	assert_int_equal(swap_duplicate(w, a), 0);	/* one swap PTE */
	assert_int_equal(swap_duplicate(w, a), 0);	/* and a second (fork) */
	assert_int_equal(swap_duplicate(w, b), 0);
	assert_ptr_equal(swap_cache_get_folio(w, a), f);
	/* not the last user: the cache stays */
	free_swap_and_cache(w, a);
	assert_int_equal(__swap_count(w, a), 1);
	assert_ptr_equal(swap_cache_get_folio(w, a), f);
	assert_int_equal(folio_ref_count(f), 2);
	/* the last user: the unmapped cached folio goes and the slot is free */
	free_swap_and_cache(w, a);
	assert_null(swap_cache_get_folio(w, a));
	assert_false(folio_test_swapcache(f));
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(w->swap->swap_map[1], 0);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_SWAPCACHE]), 1);
	/* a locked folio keeps its slot (the trylock fails) */
	folio_set_locked(g);
	free_swap_and_cache(w, b);
	assert_ptr_equal(swap_cache_get_folio(w, b), g);
	assert_int_equal(w->swap->swap_map[2], SWAP_HAS_CACHE);
	assert_int_equal(mmsim_swap_slots_used(w), 1);
	/* the freed slot is the lowest again */
	assert_int_equal(swp_offset(folio_alloc_swap(f)), 1);
	folio_unlock(g);
	mmsim_destroy(w);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_header_and_lowest_first),
	cmocka_unit_test(test_duplicate_and_free_counts),
	cmocka_unit_test(test_duplicate_errors),
	cmocka_unit_test(test_full_and_unswappable),
	cmocka_unit_test(test_free_swap_and_cache),
};

MMSIM_TEST_MAIN(tests)
