// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/page_vma_mapped.c: page_vma_mapped_walk() over small, PMD-mapped
 * and PTE-mapped THP folios and hugetlb; the lock it returns with and the
 * _done()/_restart() housekeeping; which non-present entries a normal and
 * a PVMW_MIGRATION walk accept, device-exclusive entries at levels 6 and 7
 * (patch 7) included.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <string.h>

#define SZ_2M (2UL << 20)

/* ---- helpers (the shared ones are mt_*() in mmsim_test.h) ---------------------- */
/* how many entries a full walk of folio in the VMA at addr returns */
static unsigned long walk_count(struct mm_struct *mm, struct folio *folio, unsigned long addr,
				unsigned int flags)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, flags);
	unsigned long n = 0;

	mmap_read_lock(mm);
	while (page_vma_mapped_walk(&pvmw)) {
		assert_non_null(pvmw.ptl);
		assert_true(pvmw.ptl->held);
		n++;
	}
	/* a walk that ran out holds nothing */
	mmap_read_unlock(mm);
	return n;
}

static unsigned long split_thp(struct mm_struct *mm, struct folio **foliop)
{
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct page *page = NULL;

	mt_access_locked(mm, addr, true, 1);
	*foliop = pfn_folio(mm->w, pmd_pfn(*mm_find_pmd(mm, addr)));
	mmap_read_lock(mm);
	assert_int_equal(get_user_pages_remote(mm, addr, 1, FOLL_SPLIT_PMD, &page, NULL), 1);
	mmap_read_unlock(mm);
	put_page(page);
	assert_false(pmd_leaf(*mm_find_pmd(mm, addr)));
	return addr;
}

/* ---- present mappings ------------------------------------------------------------- */
static void test_small_found_then_done(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 4 * PAGE_SIZE) + 2 * PAGE_SIZE;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *folio;
	spinlock_t *ptl;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, 0);

		mmap_read_lock(mm);
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_ptr_equal(pvmw.pte, mt_pte_of(mm, addr));
		assert_ptr_equal(pvmw.pmd, mm_find_pmd(mm, addr));
		assert_int_equal(pvmw.address, addr);
		ptl = pvmw.ptl;
		assert_true(ptl->held);
		/* nothing more: the walk drops its lock */
		assert_false(page_vma_mapped_walk(&pvmw));
		assert_false(ptl->held);
		mmap_read_unlock(mm);
	}
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_other_pfn_not_found(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 2 * PAGE_SIZE);
	struct folio *a, *b;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	mt_access_locked(mm, addr + PAGE_SIZE, true, 2);
	a = mt_folio_at(mm, addr);
	b = mt_folio_at(mm, addr + PAGE_SIZE);
	assert_int_equal(walk_count(mm, a, addr, 0), 1);
	/* b is not mapped at a's address */
	assert_int_equal(walk_count(mm, b, addr, 0), 0);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_pmd_mapped_thp_returns_pmd(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *thp;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	thp = pfn_folio(w, pmd_pfn(*mm_find_pmd(mm, addr)));
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, thp, vma, addr, 0);

		mmap_read_lock(mm);
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_ptr_equal(pvmw.pmd, mm_find_pmd(mm, addr));
		assert_null(pvmw.pte);
		assert_true(pvmw.ptl->held);
		assert_false(page_vma_mapped_walk(&pvmw));
		mmap_read_unlock(mm);
	}
	/* a migration walk never matches a present PMD */
	assert_int_equal(walk_count(mm, thp, addr, PVMW_MIGRATION), 0);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_pte_mapped_thp_every_pte(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;
	unsigned long addr, n = 0;
	struct folio *thp;

	(void)state;
	addr = split_thp(mm, &thp);
	vma = vma_lookup(mm, addr);
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, thp, vma, addr, 0);

		mmap_read_lock(mm);
		while (page_vma_mapped_walk(&pvmw)) {
			assert_int_equal(pvmw.address, addr + n * PAGE_SIZE);
			assert_int_equal(pte_pfn(*pvmw.pte), folio_pfn(thp) + n);
			n++;
		}
		mmap_read_unlock(mm);
	}
	assert_int_equal(n, HPAGE_PMD_NR);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

/* holes are skipped, with and without PVMW_SYNC */
static void test_pte_mapped_thp_holes_sync(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr;
	struct folio *thp;
	pte_t old[2];

	(void)state;
	addr = split_thp(mm, &thp);
	old[0] = *mt_pte_of(mm, addr + 5 * PAGE_SIZE);
	old[1] = *mt_pte_of(mm, addr + 300 * PAGE_SIZE);
	*mt_pte_of(mm, addr + 5 * PAGE_SIZE) = __pte(0);
	*mt_pte_of(mm, addr + 300 * PAGE_SIZE) = __pte(0);
	assert_int_equal(walk_count(mm, thp, addr, 0), HPAGE_PMD_NR - 2);
	assert_int_equal(walk_count(mm, thp, addr, PVMW_SYNC), HPAGE_PMD_NR - 2);
	*mt_pte_of(mm, addr + 5 * PAGE_SIZE) = old[0];
	*mt_pte_of(mm, addr + 300 * PAGE_SIZE) = old[1];
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_done_releases_lock_early(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;
	unsigned long addr;
	struct folio *thp;

	(void)state;
	addr = split_thp(mm, &thp);
	vma = vma_lookup(mm, addr);
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, thp, vma, addr, 0);
		spinlock_t *ptl;

		mmap_read_lock(mm);
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_int_equal(pvmw.address, addr + PAGE_SIZE);
		ptl = pvmw.ptl;
		page_vma_mapped_walk_done(&pvmw);
		assert_false(ptl->held);
		mmap_read_unlock(mm);
	}
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

/* restart drops the lock and forgets the position: the next call finds the entry again */
static void test_restart(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *folio;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, 0);
		spinlock_t *ptl;

		mmap_read_lock(mm);
		assert_true(page_vma_mapped_walk(&pvmw));
		ptl = pvmw.ptl;
		page_vma_mapped_walk_restart(&pvmw);
		assert_false(ptl->held);
		assert_null(pvmw.ptl);
		assert_null(pvmw.pte);
		assert_null(pvmw.pmd);
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_ptr_equal(pvmw.pte, mt_pte_of(mm, addr));
		page_vma_mapped_walk_done(&pvmw);
		mmap_read_unlock(mm);
	}
	{
		/* restarting a walk that never found anything warns twice */
		DEFINE_FOLIO_VMA_WALK(idle, folio, vma, addr, 0);

		page_vma_mapped_walk_restart(&idle);
	}
	assert_true(mt_log_has(w, "!pvmw->pmd && !pvmw->pte"));
	mt_finish(w, mm, 2);
}

static void test_hugetlb_huge_entry(void **state)
{
	struct mmsim *w = mt_world(17, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, SZ_2M, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB);
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *hfolio;
	pmd_t *pmdp;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	pmdp = mm_find_pmd(mm, addr);
	hfolio = pfn_folio(w, pmd_pfn(*pmdp));
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, hfolio, vma, addr, 0);

		mmap_read_lock(mm);
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_ptr_equal(pvmw.pte, (pte_t *)pmdp);
		assert_null(pvmw.pmd);
		assert_true(pvmw.ptl->held);
		assert_false(page_vma_mapped_walk(&pvmw));
		assert_false(pmd_lockptr(mm, pmdp)->held);
		mmap_read_unlock(mm);
	}
	mt_finish(w, mm, 0);
}

/* ---- non-present entries ---------------------------------------------------------- */
static void test_migration_entry_only_in_migration_walks(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	assert_true(folio_trylock(folio));
	old = *mt_pte_of(mm, addr);
	*mt_pte_of(mm, addr) = swp_entry_to_pte(make_readable_migration_entry(w, folio_pfn(folio)));
	assert_int_equal(walk_count(mm, folio, addr, PVMW_MIGRATION), 1);
	assert_int_equal(walk_count(mm, folio, addr, 0), 0);
	assert_int_equal(walk_count(mm, folio, addr, PVMW_SYNC), 0);
	*mt_pte_of(mm, addr) = old;
	folio_unlock(folio);
	/* and a present PTE never matches a migration walk */
	assert_int_equal(walk_count(mm, folio, addr, PVMW_MIGRATION), 0);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_device_private_in_normal_walks(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	old = *mt_pte_of(mm, addr);
	*mt_pte_of(mm, addr) = swp_entry_to_pte(make_readable_device_private_entry(w,
									folio_pfn(folio)));
	assert_int_equal(walk_count(mm, folio, addr, 0), 1);
	assert_int_equal(walk_count(mm, folio, addr, PVMW_MIGRATION), 0);
	*mt_pte_of(mm, addr) = old;
	mt_finish(w, mm, 0);
}

static void test_swap_entry_never(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	old = *mt_pte_of(mm, addr);
	*mt_pte_of(mm, addr) = swp_entry_to_pte(swp_entry(0, folio_pfn(folio)));
	assert_int_equal(walk_count(mm, folio, addr, 0), 0);
	assert_int_equal(walk_count(mm, folio, addr, PVMW_MIGRATION), 0);
	*mt_pte_of(mm, addr) = old;
	mt_finish(w, mm, 0);
}

/*
 * A device-exclusive entry: a normal walk returns it (non-present) at every
 * level; a migration walk returned it too until patch 7.
 */
static void device_exclusive(unsigned int series, unsigned long want_migration)
{
	struct mmsim *w = mt_world(series, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *folio;

	mt_access_locked(mm, addr, true, 1);
	folio = mt_make_excl(mm, addr);
	{
		DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, addr, 0);

		mmap_read_lock(mm);
		assert_true(page_vma_mapped_walk(&pvmw));
		assert_false(pte_present(*pvmw.pte));
		assert_true(is_device_exclusive_entry(w, pte_to_swp_entry(*pvmw.pte)));
		page_vma_mapped_walk_done(&pvmw);
		mmap_read_unlock(mm);
	}
	assert_int_equal(walk_count(mm, folio, addr, PVMW_SYNC), 1);
	assert_int_equal(walk_count(mm, folio, addr, PVMW_MIGRATION), want_migration);
	assert_int_equal(walk_count(mm, folio, addr, PVMW_MIGRATION | PVMW_SYNC), want_migration);
	mt_check_level(w);
	mt_finish(w, mm, 0);
}

static void test_device_exclusive_level6_counts_as_migration(void **state)
{
	(void)state;
	device_exclusive(6, 1);
}

static void test_device_exclusive_level7_not_migration(void **state)
{
	(void)state;
	device_exclusive(7, 0);
}

static void test_device_exclusive_level17_not_migration(void **state)
{
	(void)state;
	device_exclusive(17, 0);
}

/* one device-exclusive PTE among present ones of a THP (level 17) */
static void test_thp_mixed_present_and_device_exclusive(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr;
	struct folio *thp;

	(void)state;
	addr = split_thp(mm, &thp);
	assert_ptr_equal(mt_make_excl(mm, addr + 9 * PAGE_SIZE), thp);
	assert_int_equal(walk_count(mm, thp, addr, 0), HPAGE_PMD_NR);
	assert_int_equal(walk_count(mm, thp, addr, PVMW_MIGRATION), 0);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static const struct CMUnitTest page_vma_mapped_tests[] = {
	cmocka_unit_test(test_small_found_then_done),
	cmocka_unit_test(test_other_pfn_not_found),
	cmocka_unit_test(test_pmd_mapped_thp_returns_pmd),
	cmocka_unit_test(test_pte_mapped_thp_every_pte),
	cmocka_unit_test(test_pte_mapped_thp_holes_sync),
	cmocka_unit_test(test_done_releases_lock_early),
	cmocka_unit_test(test_restart),
	cmocka_unit_test(test_hugetlb_huge_entry),
	cmocka_unit_test(test_migration_entry_only_in_migration_walks),
	cmocka_unit_test(test_device_private_in_normal_walks),
	cmocka_unit_test(test_swap_entry_never),
	cmocka_unit_test(test_device_exclusive_level6_counts_as_migration),
	cmocka_unit_test(test_device_exclusive_level7_not_migration),
	cmocka_unit_test(test_device_exclusive_level17_not_migration),
	cmocka_unit_test(test_thp_mixed_present_and_device_exclusive),
};

MMSIM_TEST_MAIN(page_vma_mapped_tests)
