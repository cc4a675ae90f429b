/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CONFIG_PAGE_TABLE_CHECK (mm/page_table_check.c, v6.14), enforced: per-page
 * anon and file map counters, a BUG on type mixing or underflow, and the
 * uffd-wp + writable checks. The counters live in a page_ext-like side
 * array per memory block.
 */
#ifndef MMSIM_KERNEL_PAGE_TABLE_CHECK_H
#define MMSIM_KERNEL_PAGE_TABLE_CHECK_H

#include <mmsim/kernel/mm_types.h>

struct page_table_check {
	atomic_t anon_map_count;
	atomic_t file_map_count;
};

struct page_table_check *get_page_table_check(const struct page *page);
void page_table_check_ptes_set(struct mm_struct *mm, pte_t *ptep, pte_t pte, unsigned int nr);
void page_table_check_pte_clear(struct mm_struct *mm, pte_t pte);
void page_table_check_pmd_set(struct mm_struct *mm, pmd_t *pmdp, pmd_t pmd);
void page_table_check_pmd_clear(struct mm_struct *mm, pmd_t pmd);
void page_table_check_pte_clear_range(struct mm_struct *mm, unsigned long addr, pmd_t pmd);
/* BUG if a freed page is still counted as mapped */
void __page_table_check_zero(struct page *page, unsigned int order);

#endif /* MMSIM_KERNEL_PAGE_TABLE_CHECK_H */
