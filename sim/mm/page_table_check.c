// SPDX-License-Identifier: GPL-2.0-only
/*
 * CONFIG_PAGE_TABLE_CHECK=y, enforced (mm/page_table_check.c, v6.14).
 * Every user-accessible leaf that is set or cleared moves the per-page anon
 * or file map counter; mixing the two on one page, an underflow, or a
 * second writable mapping of an anon page is a BUG.
 */
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/swapops.h>
#include <mmsim/kernel/mm.h>

static bool pte_user_accessible_page(pte_t pte)
{
	return (pte_val(pte) & _PAGE_PRESENT) && (pte_val(pte) & _PAGE_USER);
}

static bool pmd_user_accessible_page(pmd_t pmd)
{
	return pmd_leaf(pmd) && (pmd_val(pmd) & _PAGE_PRESENT) && (pmd_val(pmd) & _PAGE_USER);
}

/* page_table_check_clear() */
static void page_table_check_clear(struct mmsim *w, unsigned long pfn, unsigned long pgcnt)
{
	struct page *page;
	bool anon;

	if (!pfn_valid(w, pfn))
		return;
	page = pfn_to_page(w, pfn);
	anon = PageAnon(page);
	for (unsigned long i = 0; i < pgcnt; i++) {
		struct page_table_check *ptc = get_page_table_check(page + i);

		if (anon) {
			BUG_ON(w, atomic_read(&ptc->file_map_count));
			BUG_ON(w, atomic_dec_return(&ptc->anon_map_count) < 0);
		} else {
			BUG_ON(w, atomic_read(&ptc->anon_map_count));
			BUG_ON(w, atomic_dec_return(&ptc->file_map_count) < 0);
		}
	}
}

/* page_table_check_set(): rw is whether the new mapping is writable */
static void page_table_check_set(struct mmsim *w, unsigned long pfn, unsigned long pgcnt,
				 bool rw)
{
	struct page *page;
	bool anon;

	if (!pfn_valid(w, pfn))
		return;
	page = pfn_to_page(w, pfn);
	anon = PageAnon(page);
	for (unsigned long i = 0; i < pgcnt; i++) {
		struct page_table_check *ptc = get_page_table_check(page + i);

		if (anon) {
			BUG_ON(w, atomic_read(&ptc->file_map_count));
			BUG_ON(w, atomic_inc_return(&ptc->anon_map_count) > 1 && rw);
		} else {
			BUG_ON(w, atomic_read(&ptc->anon_map_count));
			BUG_ON(w, atomic_inc_return(&ptc->file_map_count) < 0);
		}
	}
}

void __page_table_check_zero(struct page *page, unsigned int order)
{
	struct mmsim *w = page_world(page);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page_table_check *ptc = get_page_table_check(page + i);

		BUG_ON(w, atomic_read(&ptc->anon_map_count));
		BUG_ON(w, atomic_read(&ptc->file_map_count));
	}
}

void page_table_check_pte_clear(struct mm_struct *mm, pte_t pte)
{
	if (pte_user_accessible_page(pte))
		page_table_check_clear(mm->w, pte_pfn(pte), 1);
}

void page_table_check_pmd_clear(struct mm_struct *mm, pmd_t pmd)
{
	if (pmd_user_accessible_page(pmd))
		page_table_check_clear(mm->w, pmd_pfn(pmd), PMD_SIZE >> PAGE_SHIFT);
}

/*
 * swap_cached_writable(): entries that remember the PTE was writable must
 * not be uffd-wp. Patch 6 removed the writable device-exclusive type.
 */
static bool swap_cached_writable(struct mmsim *w, swp_entry_t entry)
{
	return (!series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) &&
		is_writable_device_exclusive_entry(w, entry)) ||
	       is_writable_device_private_entry(w, entry) ||
	       is_writable_migration_entry(w, entry);
}

static void page_table_check_pte_flags(struct mmsim *w, pte_t pte)
{
	if (pte_present(pte) && pte_uffd_wp(pte))
		WARN_ON_ONCE(w, pte_write(pte));
	else if (is_swap_pte(pte) && pte_swp_uffd_wp(pte))
		WARN_ON_ONCE(w, swap_cached_writable(w, pte_to_swp_entry(pte)));
}

void page_table_check_ptes_set(struct mm_struct *mm, pte_t *ptep, pte_t pte, unsigned int nr)
{
	page_table_check_pte_flags(mm->w, pte);
	for (unsigned int i = 0; i < nr; i++)
		page_table_check_pte_clear(mm, ptep_get(ptep + i));
	if (pte_user_accessible_page(pte))
		page_table_check_set(mm->w, pte_pfn(pte), nr, pte_write(pte));
}

void page_table_check_pmd_set(struct mm_struct *mm, pmd_t *pmdp, pmd_t pmd)
{
	if (pmd_present(pmd) && pmd_uffd_wp(pmd))
		WARN_ON_ONCE(mm->w, pmd_write(pmd));
	page_table_check_pmd_clear(mm, pmdp_get(pmdp));
	if (pmd_user_accessible_page(pmd))
		page_table_check_set(mm->w, pmd_pfn(pmd), PMD_SIZE >> PAGE_SHIFT, pmd_write(pmd));
}

void page_table_check_pte_clear_range(struct mm_struct *mm, unsigned long addr, pmd_t pmd)
{
	pte_t *ptep;

	if (pmd_none(pmd) || pmd_leaf(pmd))
		return;
	ptep = pte_offset_map(mm->w, &pmd, addr);
	for (unsigned int i = 0; i < PTRS_PER_PTE; i++)
		page_table_check_pte_clear(mm, ptep_get(ptep + i));
}
