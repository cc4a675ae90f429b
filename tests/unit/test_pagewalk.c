// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/pagewalk.c: folio_walk_start()/folio_walk_end() on every kind of
 * entry: present small and PMD-mapped folios, the zero page with and
 * without FW_ZEROPAGE, migration entries (PTE and PMD) with and without
 * FW_MIGRATION, and the entries it never returns (none, swap,
 * device-private, device-exclusive, hwpoison, markers); hugetlb; the lock
 * held between start and end, and what happens when the pair is broken.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/pagewalk.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <string.h>

#define SZ_2M (2UL << 20)

/* ---- helpers (the shared ones are mt_*() in mmsim_test.h) ---------------------- */
/* folio_walk_start() under the mmap_lock; the lock stays held until walk_end() */
static struct folio *walk(struct mm_struct *mm, unsigned long addr, folio_walk_flags_t flags,
			  struct folio_walk *fw)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *folio;

	assert_non_null(vma);
	memset(fw, 0, sizeof(*fw));
	mmap_read_lock(mm);
	folio = folio_walk_start(fw, vma, addr, flags);
	if (!folio) {
		/* nothing found: nothing held but the mmap_lock */
		assert_null(fw->ptl);
		mmap_read_unlock(mm);
	}
	return folio;
}

static void walk_end(struct mm_struct *mm, unsigned long addr, struct folio_walk *fw)
{
	spinlock_t *ptl = fw->ptl;

	assert_non_null(ptl);
	assert_true(ptl->held);
	folio_walk_end(fw, vma_lookup(mm, addr));
	assert_false(ptl->held);
	mmap_read_unlock(mm);
}

/* NULL for every flag combination */
static void assert_never_found(struct mm_struct *mm, unsigned long addr)
{
	static const folio_walk_flags_t all[] = {
		0, FW_MIGRATION, FW_ZEROPAGE, FW_MIGRATION | FW_ZEROPAGE,
	};
	struct folio_walk fw;

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		assert_null(walk(mm, addr, all[i], &fw));
}

/* write a raw entry, run fn, put the original back */
static pte_t swap_in_raw(struct mm_struct *mm, unsigned long addr, pte_t raw)
{
	pte_t *ptep = mt_pte_of(mm, addr);
	pte_t old = *ptep;

	*ptep = raw;
	return old;
}

/* ---- present entries ------------------------------------------------------------- */
static void test_present_small_pte_level(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 4 * PAGE_SIZE) + PAGE_SIZE;
	struct folio_walk fw;
	struct folio *folio;

	(void)state;
	mt_access_locked(mm, addr, true, 3);
	folio = walk(mm, addr + 0x10, 0, &fw);
	assert_ptr_equal(folio, mt_folio_at(mm, addr));
	assert_ptr_equal(fw.page, &folio->page);
	assert_int_equal(fw.level, FW_LEVEL_PTE);
	assert_ptr_equal(fw.ptep, mt_pte_of(mm, addr));
	assert_int_equal(pte_val(fw.pte), pte_val(*mt_pte_of(mm, addr)));
	assert_true(pte_write(fw.pte));
	/* no reference taken */
	assert_int_equal(folio_ref_count(folio), 1);
	walk_end(mm, addr, &fw);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_present_thp_pmd_level_subpage(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct folio_walk fw;
	struct folio *folio, *thp;
	pmd_t *pmdp;

	(void)state;
	mt_access_locked(mm, addr, true, 3);
	pmdp = mm_find_pmd(mm, addr);
	assert_true(pmd_trans_huge(*pmdp));
	thp = pfn_folio(w, pmd_pfn(*pmdp));
	folio = walk(mm, addr + 3 * PAGE_SIZE, 0, &fw);
	assert_ptr_equal(folio, thp);
	assert_int_equal(fw.level, FW_LEVEL_PMD);
	/* the page for the address, not the folio's first page */
	assert_ptr_equal(fw.page, folio_page(thp, 3));
	assert_ptr_equal(fw.pmdp, pmdp);
	assert_int_equal(pmd_val(fw.pmd), pmd_val(*pmdp));
	walk_end(mm, addr, &fw);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_hugetlb_pmd_level(void **state)
{
	struct mmsim *w = mt_world(17, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, SZ_2M, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB);
	struct folio_walk fw;
	struct folio *folio;

	(void)state;
	mt_access_locked(mm, addr, true, 3);
	folio = walk(mm, addr + 7 * PAGE_SIZE, 0, &fw);
	assert_non_null(folio);
	assert_true(folio_test_hugetlb(folio));
	assert_int_equal(fw.level, FW_LEVEL_PMD);
	assert_ptr_equal(fw.page, folio_page(folio, 7));
	walk_end(mm, addr, &fw);
	mt_finish(w, mm, 0);
}

/* ---- the zero page --------------------------------------------------------------- */
static void test_zero_page_needs_fw_zeropage(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio_walk fw;
	struct folio *folio;

	(void)state;
	mt_access_locked(mm, addr, false, 0);
	assert_true(is_zero_pfn(w, pte_pfn(*mt_pte_of(mm, addr))));
	assert_null(walk(mm, addr, 0, &fw));
	assert_null(walk(mm, addr, FW_MIGRATION, &fw));
	folio = walk(mm, addr, FW_ZEROPAGE, &fw);
	assert_non_null(folio);
	assert_true(is_zero_folio(folio));
	/* the zero page is returned, never exposed as fw->page */
	assert_null(fw.page);
	assert_int_equal(fw.level, FW_LEVEL_PTE);
	walk_end(mm, addr, &fw);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

/* ---- nothing there ---------------------------------------------------------------- */
static void test_none_no_table_and_none_pte(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 2 * PAGE_SIZE);

	(void)state;
	assert_null(mm_find_pmd(mm, addr));
	assert_never_found(mm, addr);
	mt_access_locked(mm, addr, true, 1);
	/* a table now exists, the second PTE is none */
	assert_true(pte_none(*mt_pte_of(mm, addr + PAGE_SIZE)));
	assert_never_found(mm, addr + PAGE_SIZE);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

/* ---- non-present entries -------------------------------------------------------- */
static void test_migration_entry_needs_fw_migration(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio_walk fw;
	struct folio *folio, *got;
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	/* a migration entry exists only while its folio is locked */
	assert_true(folio_trylock(folio));
	old = swap_in_raw(mm, addr, swp_entry_to_pte(make_writable_migration_entry(w,
									 folio_pfn(folio))));
	assert_null(walk(mm, addr, 0, &fw));
	assert_null(walk(mm, addr, FW_ZEROPAGE, &fw));
	got = walk(mm, addr, FW_MIGRATION, &fw);
	assert_ptr_equal(got, folio);
	assert_null(fw.page);
	assert_int_equal(fw.level, FW_LEVEL_PTE);
	assert_false(pte_present(fw.pte));
	walk_end(mm, addr, &fw);
	swap_in_raw(mm, addr, old);
	folio_unlock(folio);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_pmd_migration_entry(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct folio_walk fw;
	struct folio *thp, *got;
	pmd_t *pmdp, old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	pmdp = mm_find_pmd(mm, addr);
	old = *pmdp;
	thp = pfn_folio(w, pmd_pfn(old));
	assert_true(folio_trylock(thp));
	*pmdp = __pmd(pte_val(swp_entry_to_pte(make_readable_migration_entry(w,
							  folio_pfn(thp)))));
	assert_true(is_pmd_migration_entry(w, *pmdp));
	assert_null(walk(mm, addr + PAGE_SIZE, 0, &fw));
	got = walk(mm, addr + PAGE_SIZE, FW_MIGRATION, &fw);
	assert_ptr_equal(got, thp);
	assert_null(fw.page);
	assert_int_equal(fw.level, FW_LEVEL_PMD);
	assert_ptr_equal(fw.pmdp, pmdp);
	walk_end(mm, addr, &fw);
	*pmdp = old;
	folio_unlock(thp);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static void test_swap_entry_never(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	old = swap_in_raw(mm, addr, swp_entry_to_pte(swp_entry(0, 5)));
	assert_never_found(mm, addr);
	swap_in_raw(mm, addr, old);
	mt_finish(w, mm, 0);
}

static void test_device_private_entry_never(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	old = swap_in_raw(mm, addr, swp_entry_to_pte(make_writable_device_private_entry(w,
								   folio_pfn(folio))));
	assert_never_found(mm, addr);
	swap_in_raw(mm, addr, old);
	mt_finish(w, mm, 0);
}

static void test_hwpoison_and_marker_never(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	pte_t old;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	folio = mt_folio_at(mm, addr);
	old = swap_in_raw(mm, addr, swp_entry_to_pte(make_hwpoison_entry(w, folio_pfn(folio))));
	assert_never_found(mm, addr);
	swap_in_raw(mm, addr, swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_UFFD_WP)));
	assert_never_found(mm, addr);
	swap_in_raw(mm, addr, old);
	mt_finish(w, mm, 0);
}

/* device-exclusive entries are never returned: make_device_exclusive() relies on it */
static void device_exclusive_never(unsigned int series)
{
	struct mmsim *w = mt_world(series, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	pte_t pte;

	mt_access_locked(mm, addr, true, 1);
	mt_make_excl(mm, addr);
	pte = *mt_pte_of(mm, addr);
	assert_true(is_swap_pte(pte) && is_device_exclusive_entry(w, pte_to_swp_entry(pte)));
	assert_never_found(mm, addr);
	mt_check_level(w);
	mt_finish(w, mm, 0);
}

static void test_device_exclusive_never_level4(void **state) { (void)state; device_exclusive_never(4); }
static void test_device_exclusive_never_level17(void **state) { (void)state; device_exclusive_never(17); }

/* ---- the start/end contract ------------------------------------------------------- */
static void test_outside_vma_warns(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio_walk fw;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	mmap_read_lock(mm);
	assert_null(folio_walk_start(&fw, vma, vma->vm_end, 0));
	mmap_read_unlock(mm);
	assert_true(mt_log_has(w, "addr < vma->vm_start || addr >= vma->vm_end"));
	mt_finish(w, mm, 1);
}

struct end_arg {
	struct mm_struct *mm;
	unsigned long addr;
	bool start_first;
};

static int end_cmd(struct mmsim *w, void *p)
{
	struct end_arg *a = p;
	struct vm_area_struct *vma = vma_lookup(a->mm, a->addr);
	struct folio_walk fw;

	(void)w;
	memset(&fw, 0, sizeof(fw));
	if (a->start_first) {
		/* a walk that found nothing holds nothing to end */
		assert_null(folio_walk_start(&fw, vma, a->addr + PAGE_SIZE, 0));
	}
	folio_walk_end(&fw, vma);
	return 0;
}

/* ending a walk that never started, or that found nothing, is a BUG */
static void end_without_start(bool start_first)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct end_arg a = { .mm = mm_alloc(w), .start_first = start_first };

	a.addr = mt_map_anon(a.mm, 2 * PAGE_SIZE);
	mt_access_locked(a.mm, a.addr, true, 1);
	assert_int_equal(mmsim_run_command(w, end_cmd, &a), MMSIM_DIED);
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "kernel BUG at mm/pagewalk.c"));
	assert_true(mt_log_has(w, "not_started"));
	mmsim_destroy(w);
}

static void test_end_without_start_bugs(void **state) { (void)state; end_without_start(false); }
static void test_end_after_failed_start_bugs(void **state) { (void)state; end_without_start(true); }

/* a walk never ended keeps its page-table lock: the checker names it */
static void test_missing_end_caught_by_checker(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct mmsim_check_report rep;
	struct folio_walk fw;
	bool ptl_reported = false;

	(void)state;
	mt_access_locked(mm, addr, true, 1);
	assert_non_null(walk(mm, addr, 0, &fw));
	assert_true(mmsim_check_world(w, &rep) > 0);
	for (unsigned int i = 0; i < rep.nr_kept; i++)
		if (!strcmp(rep.v[i].name, "lock.held") &&
		    strstr(rep.v[i].detail, "page-table lock"))
			ptl_reported = true;
	assert_true(ptl_reported);
	walk_end(mm, addr, &fw);
	mmsim_test_check(w);
	mt_finish(w, mm, 0);
}

static const struct CMUnitTest pagewalk_tests[] = {
	cmocka_unit_test(test_present_small_pte_level),
	cmocka_unit_test(test_present_thp_pmd_level_subpage),
	cmocka_unit_test(test_hugetlb_pmd_level),
	cmocka_unit_test(test_zero_page_needs_fw_zeropage),
	cmocka_unit_test(test_none_no_table_and_none_pte),
	cmocka_unit_test(test_migration_entry_needs_fw_migration),
	cmocka_unit_test(test_pmd_migration_entry),
	cmocka_unit_test(test_swap_entry_never),
	cmocka_unit_test(test_device_private_entry_never),
	cmocka_unit_test(test_hwpoison_and_marker_never),
	cmocka_unit_test(test_device_exclusive_never_level4),
	cmocka_unit_test(test_device_exclusive_never_level17),
	cmocka_unit_test(test_outside_vma_warns),
	cmocka_unit_test(test_end_without_start_bugs),
	cmocka_unit_test(test_end_after_failed_start_bugs),
	cmocka_unit_test(test_missing_end_caught_by_checker),
};

MMSIM_TEST_MAIN(pagewalk_tests)
