// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/hugetlb.c: the free pool in block 0, read and write faults, COW
 * reuse versus copy, fork sharing and the pinned-at-fork copy, unmap giving
 * pages back to the pool, an empty pool as SIGBUS, and page_table_check
 * counting one page for a hugetlb leaf. The checker runs after every step
 * that ends at a command boundary.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/hugetlb.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/rmap.h>

#define RW (PROT_READ | PROT_WRITE)
#define HUGE_PRIV (MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB)

static struct mmsim *hugetlb_world(unsigned int pages)
{
	return mt_world(17, false, pages);
}

static unsigned long map(struct mm_struct *mm, unsigned long nr_huge)
{
	unsigned long a = mt_mmap(mm, NULL, nr_huge * PMD_SIZE, RW, HUGE_PRIV);

	assert_int_equal(a & ~PMD_MASK, 0);
	return a;
}

static int access(struct mm_struct *mm, unsigned long addr, bool write, u64 *v)
{
	return mmsim_cpu_access(mm, addr, write, v);
}

static pmd_t leaf(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mt_pmd_of(mm, addr);

	assert_true(pmd_leaf(*pmd));
	return *pmd;
}

static struct folio *folio_at(struct mm_struct *mm, unsigned long addr)
{
	return pfn_folio(mm->w, pmd_pfn(leaf(mm, addr)));
}

static void test_pool_setup(void **state)
{
	struct mmsim *w = hugetlb_world(3);

	(void)state;
	assert_int_equal(w->nr_hugetlb_total, 3);
	assert_int_equal(w->nr_hugetlb_free, 3);
	for (unsigned int i = 0; i < 3; i++) {
		struct folio *f = w->hugetlb_free[i];

		assert_true(folio_test_hugetlb(f));
		assert_int_equal(folio_order(f), HPAGE_PMD_ORDER);
		assert_int_equal(folio_ref_count(f), 0);
		/* the pool lives in block 0 (ZONE_NORMAL) */
		assert_int_equal(page_zonenum(&f->page), 0);
	}
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_read_fault(void **state)
{
	struct mmsim *w = hugetlb_world(2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1);
	struct folio *f;
	pmd_t pmd;

	(void)state;
	assert_int_equal(mt_rd(mm, a + 3 * PAGE_SIZE), 0);
	pmd = leaf(mm, a);
	assert_false(pmd_write(pmd));
	assert_true(pmd_young(pmd));
	assert_false(pmd_dirty(pmd));
	f = folio_at(mm, a);
	assert_true(folio_test_hugetlb(f));
	assert_true(folio_test_anon(f));
	assert_true(PageAnonExclusive(&f->page));
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_entire_mapcount(f), 1);
	assert_int_equal(w->nr_hugetlb_free, 1);
	/* set_huge_pte_at() is set_pte_at() on x86: page_table_check counts one page */
	assert_int_equal(get_page_table_check(&f->page)->anon_map_count.counter, 1);
	assert_int_equal(get_page_table_check(folio_page(f, 1))->anon_map_count.counter, 0);
	/* hugetlb pages are not in rss */
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 0);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(w->nr_hugetlb_free, 2);
	assert_int_equal(get_page_table_check(&f->page)->anon_map_count.counter, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_write_fault_and_reuse(void **state)
{
	struct mmsim *w = hugetlb_world(2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1);
	struct folio *f;

	(void)state;
	mt_wr(mm, a + PAGE_SIZE, 0x11);
	assert_true(pmd_write(leaf(mm, a)));
	assert_true(pmd_dirty(leaf(mm, a)));
	f = folio_at(mm, a);
	assert_int_equal(folio_page(f, 1)->content, 0x11);
	assert_int_equal(w->nr_hugetlb_free, 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);

	/* read, then write: hugetlb_wp() reuses the exclusive folio in place */
	mm = mm_alloc(w);
	a = map(mm, 1);
	assert_int_equal(mt_rd(mm, a), 0);
	f = folio_at(mm, a);
	mt_wr(mm, a, 0x22);
	assert_ptr_equal(folio_at(mm, a), f);
	assert_true(pmd_write(leaf(mm, a)));
	assert_int_equal(w->nr_hugetlb_free, 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_fork_shares_then_cow_copies(void **state)
{
	struct mmsim *w = hugetlb_world(3);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, 1);
	struct folio *f, *copy;

	(void)state;
	mt_wr(mm, a, 0x5);
	f = folio_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_ptr_equal(folio_at(child, a), f);
	assert_false(pmd_write(leaf(mm, a)));
	assert_false(pmd_write(leaf(child, a)));
	assert_int_equal(folio_mapcount(f), 2);
	assert_int_equal(folio_ref_count(f), 2);
	assert_false(PageAnonExclusive(&f->page));
	assert_int_equal(get_page_table_check(&f->page)->anon_map_count.counter, 2);
	assert_int_equal(w->nr_hugetlb_free, 2);
	mmsim_test_check(w);
	mt_wr(child, a, 0x6);
	/* shared: the child gets a copy from the pool */
	copy = folio_at(child, a);
	assert_ptr_not_equal(copy, f);
	assert_int_equal(w->nr_hugetlb_free, 1);
	assert_int_equal(copy->page.content, 0x6);
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_ref_count(f), 1);
	assert_true(PageAnonExclusive(&copy->page));
	assert_int_equal(mt_rd(mm, a), 0x5);
	mmsim_test_check(w);
	/* the parent is alone again: its write reuses */
	mt_wr(mm, a, 0x7);
	assert_ptr_equal(folio_at(mm, a), f);
	assert_true(PageAnonExclusive(&f->page));
	assert_int_equal(w->nr_hugetlb_free, 1);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	assert_int_equal(w->nr_hugetlb_free, 3);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_pinned_copies_at_once(void **state)
{
	struct mmsim *w = hugetlb_world(2);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, 1);
	struct page *page;
	struct folio *f, *cf;

	(void)state;
	mt_wr(mm, a + 2 * PAGE_SIZE, 0x99);
	f = folio_at(mm, a);
	assert_int_equal(pin_user_pages_remote(mm, a + 2 * PAGE_SIZE, 1, FOLL_WRITE, &page, NULL),
			 1);
	mt_record_pin(mm, a + 2 * PAGE_SIZE, page);
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	cf = folio_at(child, a);
	assert_ptr_not_equal(cf, f);
	assert_true(pmd_write(leaf(child, a)));
	assert_int_equal(folio_page(cf, 2)->content, 0x99);
	/* the parent keeps its exclusive, writable mapping */
	assert_true(pmd_write(leaf(mm, a)));
	assert_true(PageAnonExclusive(&f->page));
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(w->nr_hugetlb_free, 0);
	mmsim_test_check(w);
	mmput(child);
	mt_drop_pin(w);
	unpin_user_page(page);
	mmput(mm);
	assert_int_equal(w->nr_hugetlb_free, 2);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_pinned_empty_pool_fails(void **state)
{
	struct mmsim *w = hugetlb_world(1);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, 1);
	struct page *page;
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = folio_at(mm, a);
	assert_int_equal(pin_user_pages_remote(mm, a, 1, FOLL_WRITE, &page, NULL), 1);
	mt_record_pin(mm, a, page);
	child = dup_mm(mm);
	/* no page to copy into: the fork fails (-ENOSPC), the parent is intact */
	assert_true(IS_ERR(child));
	assert_int_equal(PTR_ERR(child), -ENOSPC);
	assert_ptr_equal(folio_at(mm, a), f);
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(w->nr_bad_rss, 0);
	mmsim_test_check(w);
	mt_drop_pin(w);
	unpin_user_page(page);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_unmap_returns_to_pool(void **state)
{
	struct mmsim *w = hugetlb_world(2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2);
	unsigned long unmap0;

	(void)state;
	mt_wr(mm, a, 1);
	mt_wr(mm, a + PMD_SIZE, 2);
	assert_int_equal(w->nr_hugetlb_free, 0);
	mmsim_test_check(w);
	unmap0 = w->nr_mmu_notify[MMU_NOTIFY_UNMAP];
	assert_int_equal(do_munmap(mm, a + PMD_SIZE, PMD_SIZE), 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_UNMAP], unmap0 + 1);
	assert_int_equal(w->nr_hugetlb_free, 1);
	assert_int_equal(folio_ref_count(w->hugetlb_free[0]), 0);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(w->nr_hugetlb_free, 2);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_empty_pool_sigbus(void **state)
{
	struct mmsim *w = hugetlb_world(1);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2);
	u64 v = 1;

	(void)state;
	mt_wr(mm, a, 1);
	assert_int_equal(access(mm, a + PMD_SIZE, true, &v), MMSIM_SIGBUS);
	assert_int_equal(access(mm, a + PMD_SIZE, false, &v), MMSIM_SIGBUS);
	assert_true(pmd_none(*mm_find_pmd(mm, a + PMD_SIZE)));
	mmsim_test_check(w);
	/* alloc:fail stands in for an empty pool too */
	assert_int_equal(do_munmap(mm, a, PMD_SIZE), 0);
	assert_int_equal(w->nr_hugetlb_free, 1);
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, true, NULL, NULL), 0);
	assert_int_equal(access(mm, a + PMD_SIZE, false, &v), MMSIM_SIGBUS);
	assert_int_equal(w->nr_hugetlb_free, 1);
	assert_int_equal(mt_rd(mm, a + PMD_SIZE), 0);
	assert_int_equal(w->nr_hugetlb_free, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_setup),
		cmocka_unit_test(test_read_fault),
		cmocka_unit_test(test_write_fault_and_reuse),
		cmocka_unit_test(test_fork_shares_then_cow_copies),
		cmocka_unit_test(test_fork_pinned_copies_at_once),
		cmocka_unit_test(test_fork_pinned_empty_pool_fails),
		cmocka_unit_test(test_unmap_returns_to_pool),
		cmocka_unit_test(test_empty_pool_sigbus),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("hugetlb", tests, NULL, NULL);
}
