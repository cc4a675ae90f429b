// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/page_table_check.c: per-page anon/file map counters moved by
 * set_pte_at/ptep_get_and_clear/set_pmd_at, and the uffd-wp WARNs (the swap
 * one changes with patch 6). The BUGs are in tests/isolation.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/swapops.h>

#define ADDR 0x7f0000000000UL

struct table {
	struct mm_struct *mm;
	pte_t *pte;	/* the PTE table covering ADDR, entry 0 */
};

static struct table map_table(struct mmsim *w)
{
	struct table t;
	pmd_t *pmd;

	t.mm = mm_alloc(w);
	assert_non_null(t.mm);
	pmd = mm_find_or_alloc_pmd(t.mm, ADDR);
	assert_non_null(pmd);
	assert_int_equal(__pte_alloc(t.mm, pmd), 0);
	t.pte = pte_offset_map(w, pmd, ADDR);
	assert_non_null(t.pte);
	return t;
}

static struct folio *new_folio(struct mmsim *w, bool anon, unsigned int order)
{
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, order);

	assert_non_null(f);
	if (anon)
		f->mapping = (struct address_space *)(0x1000UL | PAGE_MAPPING_ANON);
	return f;
}

static int anon_count(struct page *p) { return atomic_read(&get_page_table_check(p)->anon_map_count); }
static int file_count(struct page *p) { return atomic_read(&get_page_table_check(p)->file_map_count); }

static void test_anon_set_and_clear(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct table t = map_table(w);
	struct folio *f = new_folio(w, true, 0);
	pte_t pte = pfn_pte(folio_pfn(f), PAGE_COPY);

	(void)state;
	set_pte_at(t.mm, ADDR, t.pte, pte);
	assert_int_equal(anon_count(&f->page), 1);
	/* a second read-only mapping (as after fork) is fine */
	set_pte_at(t.mm, ADDR + PAGE_SIZE, t.pte + 1, pte);
	assert_int_equal(anon_count(&f->page), 2);
	assert_int_equal(file_count(&f->page), 0);
	assert_int_equal(pte_val(ptep_get_and_clear(t.mm, ADDR, t.pte)), pte_val(pte));
	assert_int_equal(anon_count(&f->page), 1);
	ptep_get_and_clear(t.mm, ADDR + PAGE_SIZE, t.pte + 1);
	assert_int_equal(anon_count(&f->page), 0);
	assert_true(pte_none(ptep_get(t.pte)));
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_destroy(w);
}

static void test_file_counts_and_overwrite(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct table t = map_table(w);
	struct folio *f = new_folio(w, false, 0);
	struct folio *g = new_folio(w, false, 0);

	(void)state;
	/* file pages may be mapped writable many times */
	set_pte_at(t.mm, ADDR, t.pte, pfn_pte(folio_pfn(f), PAGE_SHARED));
	set_pte_at(t.mm, ADDR + PAGE_SIZE, t.pte + 1, pfn_pte(folio_pfn(f), PAGE_SHARED));
	assert_int_equal(file_count(&f->page), 2);
	assert_int_equal(anon_count(&f->page), 0);
	/* replacing an entry uncounts what it mapped */
	set_pte_at(t.mm, ADDR, t.pte, pfn_pte(folio_pfn(g), PAGE_SHARED));
	assert_int_equal(file_count(&f->page), 1);
	assert_int_equal(file_count(&g->page), 1);
	/* x86 pte_clear() bypasses the check, as in the kernel */
	pte_clear(t.mm, ADDR, t.pte);
	assert_int_equal(file_count(&g->page), 1);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_destroy(w);
}

static void test_nonpresent_and_kernel_entries_not_counted(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct table t = map_table(w);
	struct folio *f = new_folio(w, true, 0);

	(void)state;
	set_pte_at(t.mm, ADDR, t.pte,
		   swp_entry_to_pte(make_device_exclusive_entry(w, folio_pfn(f))));
	set_pte_at(t.mm, ADDR + PAGE_SIZE, t.pte + 1, pfn_pte(folio_pfn(f), PAGE_NONE));
	/* no _PAGE_USER: not a user mapping */
	set_pte_at(t.mm, ADDR + 2 * PAGE_SIZE, t.pte + 2,
		   pfn_pte(folio_pfn(f), __pgprot(_PAGE_PRESENT | _PAGE_RW)));
	assert_int_equal(anon_count(&f->page), 0);
	ptep_get_and_clear(t.mm, ADDR, t.pte);
	ptep_get_and_clear(t.mm, ADDR + PAGE_SIZE, t.pte + 1);
	assert_int_equal(anon_count(&f->page), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_destroy(w);
}

static void test_pmd_counts_every_page(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	pmd_t *pmd = mm_find_or_alloc_pmd(mm, ADDR);
	struct folio *f = new_folio(w, true, HPAGE_PMD_ORDER);

	(void)state;
	set_pmd_at(mm, ADDR, pmd, pmd_mkhuge(pfn_pmd(folio_pfn(f), PAGE_SHARED)));
	assert_int_equal(anon_count(&f->page), 1);
	assert_int_equal(anon_count(folio_page(f, 511)), 1);
	pmdp_huge_get_and_clear(mm, ADDR, pmd);
	assert_int_equal(anon_count(&f->page), 0);
	assert_int_equal(anon_count(folio_page(f, 511)), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_destroy(w);
}

static void test_uffd_wp_writable_warns_once(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct table t = map_table(w);
	struct folio *f = new_folio(w, false, 0);
	pte_t bad = pte_set_flags(pfn_pte(folio_pfn(f), PAGE_SHARED), _PAGE_UFFD_WP);

	(void)state;
	set_pte_at(t.mm, ADDR, t.pte, pte_mkuffd_wp(pfn_pte(folio_pfn(f), PAGE_SHARED)));
	assert_int_equal(mmsim_nr_warn(w), 0);	/* mkuffd_wp write-protects */
	set_pte_at(t.mm, ADDR + PAGE_SIZE, t.pte + 1, bad);
	assert_int_equal(mmsim_nr_warn(w), 1);
	set_pte_at(t.mm, ADDR + 2 * PAGE_SIZE, t.pte + 2, bad);
	assert_int_equal(mmsim_nr_warn(w), 1);	/* WARN_ON_ONCE */
	assert_int_equal(file_count(&f->page), 3);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_destroy(w);
}

/* swap_cached_writable(): the writable device-exclusive type exists before patch 6 */
static unsigned long swap_uffd_warns(unsigned int series, bool writable_excl)
{
	struct mmsim *w = mmsim_test_world(series);
	struct table t = map_table(w);
	swp_entry_t e;
	unsigned long warns;

	if (!series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		e = writable_excl ? make_writable_device_exclusive_entry(w, 0x8000)
				  : make_readable_device_exclusive_entry(w, 0x8000);
	else
		e = make_device_exclusive_entry(w, 0x8000);
	set_pte_at(t.mm, ADDR, t.pte, pte_swp_mkuffd_wp(swp_entry_to_pte(e)));
	warns = mmsim_nr_warn(w);
	mmsim_destroy(w);
	return warns;
}

static void test_swap_uffd_wp_cached_writable_by_level(void **state)
{
	(void)state;
	assert_int_equal(swap_uffd_warns(5, true), 1);
	assert_int_equal(swap_uffd_warns(5, false), 0);
	assert_int_equal(swap_uffd_warns(0, true), 1);
	assert_int_equal(swap_uffd_warns(6, true), 0);
	assert_int_equal(swap_uffd_warns(17, true), 0);
}

static unsigned long swap_uffd_warns_entry(swp_entry_t (*make)(const struct mmsim *, pgoff_t))
{
	struct mmsim *w = mmsim_test_world(17);
	struct table t = map_table(w);
	unsigned long warns;

	set_pte_at(t.mm, ADDR, t.pte, pte_swp_mkuffd_wp(swp_entry_to_pte(make(w, 0x8000))));
	warns = mmsim_nr_warn(w);
	mmsim_destroy(w);
	return warns;
}

static swp_entry_t genuine_swap(const struct mmsim *w, pgoff_t off)
{
	(void)w;
	return swp_entry(0, off);
}

static void test_swap_uffd_wp_migration_and_private(void **state)
{
	(void)state;
	assert_int_equal(swap_uffd_warns_entry(make_writable_migration_entry), 1);
	assert_int_equal(swap_uffd_warns_entry(make_writable_device_private_entry), 1);
	assert_int_equal(swap_uffd_warns_entry(make_readable_migration_entry), 0);
	assert_int_equal(swap_uffd_warns_entry(make_readable_exclusive_migration_entry), 0);
	assert_int_equal(swap_uffd_warns_entry(make_readable_device_private_entry), 0);
	/* genuine swap entries carry no writability */
	assert_int_equal(swap_uffd_warns_entry(genuine_swap), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_anon_set_and_clear),
	cmocka_unit_test(test_file_counts_and_overwrite),
	cmocka_unit_test(test_nonpresent_and_kernel_entries_not_counted),
	cmocka_unit_test(test_pmd_counts_every_page),
	cmocka_unit_test(test_uffd_wp_writable_warns_once),
	cmocka_unit_test(test_swap_uffd_wp_cached_writable_by_level),
	cmocka_unit_test(test_swap_uffd_wp_migration_and_private),
};

MMSIM_TEST_MAIN(tests)
