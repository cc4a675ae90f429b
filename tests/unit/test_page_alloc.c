// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/page_alloc.c (and the folio lock of sim/mm/filemap.c): placement,
 * buddy split/merge, compound setup, the hugetlb pool, alloc:fail, freeing
 * with the "Bad page state" checks, pins.
 * The test world has 256M in two 128M blocks: block 0 is pfn 0..0x7fff
 * (ZONE_NORMAL), block 1 is pfn 0x8000..0xffff (ZONE_MOVABLE).
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <string.h>

#define BLOCK1 0x8000UL

static unsigned long log_count(struct mmsim *w, const char *needle)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < mmsim_log_count(w); i++)
		if (strstr(mmsim_log_line(w, i), needle))
			n++;
	return n;
}

static struct folio *user_folio(struct mmsim *w, unsigned int order)
{
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, order);

	assert_non_null(f);
	return f;
}

static void test_zero_page_and_initial_free(void **state)
{
	struct mmsim *w = mmsim_test_world(17);

	(void)state;
	assert_int_equal(page_to_pfn(w->zero_page), 0);
	assert_true(PageReserved(w->zero_page));
	assert_int_equal(page_zonenum(w->zero_page), 0);
	assert_true(is_zero_pfn(w, 0));
	assert_true(is_zero_page(w->zero_page));
	assert_int_equal(w->nr_blocks, 2);
	assert_int_equal(mt_free_pages(w), 0x10000 - 1);
	assert_int_equal(w->blocks[0].nr_free, 0x8000 - 1);
	assert_int_equal(w->blocks[1].nr_free, 0x8000);
	mmsim_destroy(w);
}

static void test_movable_takes_lowest_pfn_of_block1(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *a, *b, *c;

	(void)state;
	a = user_folio(w, 0);
	b = user_folio(w, 0);
	assert_int_equal(folio_pfn(a), BLOCK1);
	assert_int_equal(folio_pfn(b), BLOCK1 + 1);
	assert_int_equal(page_zonenum(&a->page), 1);
	folio_put(a);
	c = user_folio(w, 0);
	assert_int_equal(folio_pfn(c), BLOCK1);	/* the lowest free pfn again */
	folio_put(b);
	folio_put(c);
	mmsim_destroy(w);
}

static void test_kernel_allocations_from_block0(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct page *p = alloc_pages(w, GFP_KERNEL, 0);
	struct page *q = alloc_pages(w, GFP_KERNEL, 2);

	(void)state;
	assert_int_equal(page_to_pfn(p), 1);	/* after the zero page */
	assert_int_equal(page_to_pfn(q), 4);	/* order 2: 4-aligned */
	assert_int_equal(page_zonenum(p), 0);
	assert_int_equal(page_ref_count(p), 1);
	assert_int_equal(w->blocks[1].nr_free, 0x8000);
	__free_pages(q, 2);	/* not compound: refcount of the head is 1 */
	assert_int_equal(mmsim_nr_bad_page(w), 1);
	atomic_set(&q->_refcount, 0);
	__free_pages(q, 2);
	atomic_set(&p->_refcount, 0);
	__free_pages(p, 0);
	assert_int_equal(mt_free_pages(w), 0x10000 - 1);
	mmsim_destroy(w);
}

static void test_every_order_is_aligned(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f[NR_PAGE_ORDERS];
	long before = mt_free_pages(w);
	long used = 0;

	(void)state;
	/* small first, so each larger order must skip to its alignment */
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		f[o] = user_folio(w, o);
		assert_true(IS_ALIGNED(folio_pfn(f[o]), 1UL << o));
		assert_int_equal(folio_pfn(f[o]) >> 15, 1);
		assert_int_equal(folio_nr_pages(f[o]), 1L << o);
		used += 1L << o;
	}
	assert_int_equal(folio_pfn(f[0]), BLOCK1);
	assert_int_equal(folio_pfn(f[1]), BLOCK1 + 2);
	assert_int_equal(folio_pfn(f[2]), BLOCK1 + 4);
	assert_int_equal(folio_pfn(f[9]), BLOCK1 + 512);
	assert_int_equal(mt_free_pages(w), before - used);
	assert_null(folio_alloc(w, GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER + 1));
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		folio_put(f[o]);
	assert_int_equal(mt_free_pages(w), before);
	mmsim_destroy(w);
}

static void test_split_and_merge_back(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f[600];
	long before = mt_free_pages(w);
	struct folio *big;

	(void)state;
	for (int i = 0; i < 600; i++)
		f[i] = user_folio(w, 0);
	assert_int_equal(folio_pfn(f[599]), BLOCK1 + 599);
	/* free odd then even: every buddy merges only once both halves are free */
	for (int i = 1; i < 600; i += 2)
		folio_put(f[i]);
	assert_int_equal(mt_free_pages(w), before - 300);
	big = user_folio(w, 1);
	assert_int_equal(folio_pfn(big), BLOCK1 + 600);	/* no free pair below it */
	folio_put(big);
	for (int i = 0; i < 600; i += 2)
		folio_put(f[i]);
	assert_int_equal(mt_free_pages(w), before);
	assert_int_equal(w->blocks[1].nr_free, 0x8000);
	big = user_folio(w, MAX_PAGE_ORDER);
	assert_int_equal(folio_pfn(big), BLOCK1);	/* fully merged again */
	folio_put(big);
	mmsim_destroy(w);
}

static void test_folio_alloc_compound_setup(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 2);
	struct folio *o1 = user_folio(w, 1);
	struct folio *s = user_folio(w, 0);

	(void)state;
	assert_true(folio_test_large(f));
	assert_true(PageHead(&f->page));
	assert_int_equal(f->_flags_1 & 0xff, 2);
	assert_int_equal(folio_order(f), 2);
	assert_int_equal(f->_folio_nr_pages, 4);
	for (int i = 1; i < 4; i++) {
		struct page *t = folio_page(f, i);

		assert_true(PageTail(t));
		assert_int_equal(t->compound_head, (unsigned long)&f->page | 1UL);
		assert_ptr_equal(page_folio(t), f);
		assert_int_equal(atomic_read(&t->_mapcount), -1);
		assert_int_equal(atomic_read(&t->_refcount), 0);
	}
	assert_int_equal(atomic_read(&f->_large_mapcount), -1);
	assert_int_equal(atomic_read(&f->_entire_mapcount), -1);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), 0);
	assert_int_equal(atomic_read(&f->_pincount), 0);
	assert_int_equal(folio_mapcount(f), 0);
	assert_int_equal(folio_ref_count(f), 1);
	assert_true(folio_test_large_rmappable(f));
	assert_true(list_empty(&f->_deferred_list));
	/* order 1 is not large_rmappable (no deferred list) */
	assert_true(folio_test_large(o1));
	assert_false(folio_test_large_rmappable(o1));
	assert_false(folio_test_large(s));
	assert_int_equal(folio_order(s), 0);
	assert_int_equal(atomic_read(&s->_mapcount), -1);
	folio_put(f);
	folio_put(o1);
	folio_put(s);
	assert_int_equal(mmsim_nr_bad_page(w), 0);
	assert_int_equal(mt_free_pages(w), 0x10000 - 1);
	mmsim_destroy(w);
}

static void test_hugetlb_pool_in_block0(void **state)
{
	struct mmsim_config cfg;
	struct mmsim *w;

	(void)state;
	mmsim_config_init(&cfg);
	cfg.memory = 256ULL << 20;
	cfg.hugetlb_pages = 2;
	cfg.bug_mode = MMSIM_BUG_UNWIND;
	assert_int_equal(mmsim_create(&w, &cfg), 0);
	assert_int_equal(w->nr_hugetlb_free, 2);
	assert_int_equal(w->nr_hugetlb_total, 2);
	for (int i = 0; i < 2; i++) {
		struct folio *h = w->hugetlb_free[i];

		assert_int_equal(folio_pfn(h), 512UL * (i + 1));	/* pfn 0 is the zero page */
		assert_int_equal(page_zonenum(&h->page), 0);
		assert_int_equal(folio_order(h), HPAGE_PMD_ORDER);
		assert_int_equal(folio_ref_count(h), 0);
		assert_true(folio_test_hugetlb(h));
		assert_false(folio_test_large_rmappable(h));
	}
	assert_int_equal(mt_free_pages(w), 0x10000 - 1 - 2 * 512);
	assert_int_equal(w->blocks[1].nr_free, 0x8000);
	mmsim_destroy(w);
}

static void test_alloc_fail_injection(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *a, *b, *c, *d;

	(void)state;
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 3, true, NULL, NULL), 0);
	a = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	b = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	c = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	d = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(c);
	assert_non_null(d);
	assert_int_equal(folio_pfn(d), BLOCK1 + 2);
	assert_int_equal(mmsim_inject_fired(w, "alloc:fail"), 1);
	folio_put(a);
	folio_put(b);
	folio_put(d);
	mmsim_destroy(w);
}

static void test_exhaustion_returns_null(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f[64];
	struct page *k;

	(void)state;
	for (int i = 0; i < 64; i++)
		f[i] = user_folio(w, MAX_PAGE_ORDER);
	assert_int_equal(w->blocks[1].nr_free, 0);
	/* movable allocations never fall back to block 0 */
	assert_null(folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0));
	k = alloc_pages(w, GFP_KERNEL, 0);
	assert_non_null(k);
	assert_int_equal(page_to_pfn(k), 1);
	atomic_set(&k->_refcount, 0);
	__free_pages(k, 0);
	folio_put(f[10]);
	assert_int_equal(folio_pfn(user_folio(w, 0)), BLOCK1 + 10 * 512);
	mmsim_destroy(w);
}

static void test_folio_put_frees_at_zero(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 0);
	long before = mt_free_pages(w);

	(void)state;
	folio_get(f);
	assert_int_equal(folio_ref_count(f), 2);
	folio_put(f);
	assert_int_equal(mt_free_pages(w), before);
	folio_put(f);
	assert_int_equal(mt_free_pages(w), before + 1);
	assert_int_equal(mmsim_nr_bad_page(w), 0);
	assert_false(folio_try_get(f));
	mmsim_destroy(w);
}

static void test_bad_page_nonzero_mapcount(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 0);
	long before = mt_free_pages(w);

	(void)state;
	atomic_set(&f->_mapcount, 0);
	folio_put(f);
	assert_int_equal(mmsim_nr_bad_page(w), 1);
	assert_true(mt_log_has(w, "BUG: Bad page state in process mmsim  pfn:08000"));
	assert_true(mt_log_has(w, "page dumped because: nonzero mapcount"));
	assert_true(mt_log_has(w, "Disabling lock debugging due to kernel taint"));
	assert_int_equal(mt_free_pages(w), before);	/* the page is leaked, as the kernel does */
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_destroy(w);
}

static void test_bad_page_last_reason_wins(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct page *p = alloc_pages(w, GFP_HIGHUSER_MOVABLE, 0);

	(void)state;
	/* freed while mapped and referenced: page_bad_reason() names the last */
	atomic_set(&p->_mapcount, 0);
	__free_pages(p, 0);
	assert_int_equal(mmsim_nr_bad_page(w), 1);
	assert_true(mt_log_has(w, "page dumped because: nonzero _refcount"));
	assert_false(mt_log_has(w, "page dumped because: nonzero mapcount"));
	mmsim_destroy(w);
}

static void test_bad_page_flags_at_free(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 0);
	struct folio *g = user_folio(w, 0);

	(void)state;
	folio_set_locked(f);
	folio_put(f);
	assert_true(mt_log_has(w, "page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set"));
	/* anon mapping bits are cleared at free, not reported */
	g->mapping = (struct address_space *)PAGE_MAPPING_ANON;
	folio_set_dirty(g);
	folio_set_swapbacked(g);
	folio_put(g);
	assert_int_equal(mmsim_nr_bad_page(w), 1);
	mmsim_destroy(w);
}

static void test_bad_tail_entire_before_large_mapcount(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, MAX_PAGE_ORDER);
	struct folio *g = user_folio(w, 2);

	(void)state;
	/* a PMD mapping left behind: both counters, one report on page 1 */
	atomic_set(&f->_entire_mapcount, 0);
	atomic_set(&f->_large_mapcount, 0);
	folio_put(f);
	assert_int_equal(mmsim_nr_bad_page(w), 1);
	assert_true(mt_log_has(w, "pfn:08001"));
	assert_true(mt_log_has(w, "page dumped because: nonzero entire_mapcount"));
	atomic_set(&g->_large_mapcount, 3);
	folio_put(g);
	assert_int_equal(mmsim_nr_bad_page(w), 2);
	assert_true(mt_log_has(w, "page dumped because: nonzero large_mapcount"));
	mmsim_destroy(w);
}

static void test_bad_tail_fields(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 2);
	struct folio *g = user_folio(w, 2);

	(void)state;
	atomic_set(&f->_nr_pages_mapped, 1);
	folio_put(f);
	assert_true(mt_log_has(w, "page dumped because: nonzero nr_pages_mapped"));
	atomic_set(&g->_pincount, 1);
	folio_put(g);
	assert_true(mt_log_has(w, "page dumped because: nonzero pincount"));
	assert_int_equal(mmsim_nr_bad_page(w), 2);
	mmsim_destroy(w);
}

static void test_bad_tail_page_mapcounts(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 2);
	long before = mt_free_pages(w);

	(void)state;
	/* every tail gets the per-page check, the first two included */
	atomic_set(&folio_page(f, 1)->_mapcount, 0);
	atomic_set(&folio_page(f, 3)->_mapcount, 0);
	folio_put(f);
	assert_int_equal(mmsim_nr_bad_page(w), 2);
	assert_int_equal(log_count(w, "page dumped because: nonzero mapcount"), 2);
	assert_true(mt_log_has(w, "pfn:08001"));
	assert_true(mt_log_has(w, "pfn:08003"));
	assert_int_equal(mt_free_pages(w), before);
	mmsim_destroy(w);
}

static void test_bad_tail_on_deferred_list(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 3);
	struct list_head other;

	(void)state;
	INIT_LIST_HEAD(&other);
	list_add(&f->_deferred_list, &other);
	/* bypass __folio_put's undo of large_rmappable */
	atomic_set(&f->_refcount, 0);
	free_unref_folio(f);
	assert_int_equal(mmsim_nr_bad_page(w), 1);
	assert_true(mt_log_has(w, "page dumped because: on deferred list"));
	assert_true(mt_log_has(w, "pfn:08002"));
	mmsim_destroy(w);
}

static void test_hwpoison_page_not_freed(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 0);
	long before = mt_free_pages(w);

	(void)state;
	SetPageHWPoison(&f->page);
	folio_put(f);
	assert_int_equal(mt_free_pages(w), before);
	assert_int_equal(mmsim_nr_bad_page(w), 0);
	/* and the allocator never hands it out again */
	assert_int_equal(folio_pfn(user_folio(w, 0)), BLOCK1 + 1);
	mmsim_destroy(w);
}

static void test_folio_maybe_dma_pinned(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *s = user_folio(w, 0);
	struct folio *l = user_folio(w, 2);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct vma = { .vm_mm = mm };

	(void)state;
	assert_false(folio_maybe_dma_pinned(s));
	folio_ref_add(s, GUP_PIN_COUNTING_BIAS - 2);
	assert_false(folio_maybe_dma_pinned(s));	/* 1023 */
	folio_ref_inc(s);
	assert_true(folio_maybe_dma_pinned(s));		/* 1024: could be one pin */
	/* large folios count pins in _pincount, not the refcount */
	folio_ref_add(l, 2000);
	assert_false(folio_maybe_dma_pinned(l));
	atomic_set(&l->_pincount, 1);
	assert_true(folio_maybe_dma_pinned(l));
	/* COW for DMA only once the mm ever pinned */
	assert_false(folio_needs_cow_for_dma(&vma, s));
	set_bit_ul(MMF_HAS_PINNED, &mm->flags);
	assert_true(folio_needs_cow_for_dma(&vma, s));
	assert_true(folio_needs_cow_for_dma(&vma, l));
	atomic_set(&l->_pincount, 0);
	assert_false(folio_needs_cow_for_dma(&vma, l));
	mmsim_destroy(w);
}

static void test_folio_lock_model(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 0);

	(void)state;
	assert_true(folio_trylock(f));
	assert_false(folio_trylock(f));
	folio_unlock(f);
	assert_int_equal(folio_lock_killable(f), 0);
	assert_true(folio_test_locked(f));
	folio_unlock(f);
	/* another task holds it and never lets go: fatal signal */
	folio_set_locked(f);
	set_bit_ul(PG_mmsim_locked_elsewhere, &f->flags);
	assert_int_equal(folio_lock_killable(f), -EINTR);
	assert_true(folio_test_locked(f));
	assert_false(folio_trylock(f));
	/* until=wait: the holder finishes and we get the lock */
	set_bit_ul(PG_mmsim_wait_releases, &f->flags);
	assert_int_equal(folio_lock_killable(f), 0);
	assert_true(folio_test_locked(f));
	assert_false(test_bit_ul(PG_mmsim_locked_elsewhere, &f->flags));
	assert_false(test_bit_ul(PG_mmsim_wait_releases, &f->flags));
	folio_unlock(f);
	folio_put(f);
	assert_int_equal(mmsim_nr_bad_page(w), 0);
	mmsim_destroy(w);
}

static int unlock_unlocked(struct mmsim *w, void *arg)
{
	(void)w;
	folio_unlock(arg);
	return 0;
}

static void test_folio_unlock_unlocked_bugs(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = user_folio(w, 0);

	(void)state;
	assert_int_equal(mmsim_run_command(w, unlock_unlocked, f), MMSIM_DIED);
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "VM_BUG_ON_FOLIO(!folio_test_locked(folio))"));
	mmsim_destroy(w);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_zero_page_and_initial_free),
	cmocka_unit_test(test_movable_takes_lowest_pfn_of_block1),
	cmocka_unit_test(test_kernel_allocations_from_block0),
	cmocka_unit_test(test_every_order_is_aligned),
	cmocka_unit_test(test_split_and_merge_back),
	cmocka_unit_test(test_folio_alloc_compound_setup),
	cmocka_unit_test(test_hugetlb_pool_in_block0),
	cmocka_unit_test(test_alloc_fail_injection),
	cmocka_unit_test(test_exhaustion_returns_null),
	cmocka_unit_test(test_folio_put_frees_at_zero),
	cmocka_unit_test(test_bad_page_nonzero_mapcount),
	cmocka_unit_test(test_bad_page_last_reason_wins),
	cmocka_unit_test(test_bad_page_flags_at_free),
	cmocka_unit_test(test_bad_tail_entire_before_large_mapcount),
	cmocka_unit_test(test_bad_tail_fields),
	cmocka_unit_test(test_bad_tail_page_mapcounts),
	cmocka_unit_test(test_bad_tail_on_deferred_list),
	cmocka_unit_test(test_hwpoison_page_not_freed),
	cmocka_unit_test(test_folio_maybe_dma_pinned),
	cmocka_unit_test(test_folio_lock_model),
	cmocka_unit_test(test_folio_unlock_unlocked_bugs),
};

MMSIM_TEST_MAIN(tests)
