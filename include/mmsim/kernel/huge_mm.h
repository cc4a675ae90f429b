/* SPDX-License-Identifier: GPL-2.0-only */
/* Transparent huge pages (include/linux/huge_mm.h, mm/huge_memory.c, v6.14). */
#ifndef MMSIM_KERNEL_HUGE_MM_H
#define MMSIM_KERNEL_HUGE_MM_H

#include <mmsim/kernel/mm.h>

/* bit mask of the orders the VMA may use for an anonymous fault at addr */
unsigned long thp_vma_allowable_orders(struct vm_area_struct *vma, vm_flags_t vm_flags,
				       unsigned long addr, unsigned long orders);
vm_fault_t do_huge_pmd_anonymous_page(struct vm_fault *vmf);
vm_fault_t do_huge_pmd_wp_page(struct vm_fault *vmf);
void __split_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long address,
		      bool freeze, struct folio *folio);
#define split_huge_pmd(vma, pmd, address) __split_huge_pmd(vma, pmd, address, false, NULL)
void split_huge_pmd_address(struct vm_area_struct *vma, unsigned long address,
			    bool freeze, struct folio *folio);
int zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr);
int copy_huge_pmd(struct mm_struct *dst_mm, struct mm_struct *src_mm, pmd_t *dst_pmd,
		  pmd_t *src_pmd, unsigned long addr, struct vm_area_struct *dst_vma,
		  struct vm_area_struct *src_vma);
int change_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
		    pgprot_t newprot, unsigned long cp_flags);
void deferred_split_folio(struct folio *folio, bool partially_mapped);
/* folio_test_pmd_mappable(): large enough to be mapped by a PMD */
static inline bool folio_test_pmd_mappable(const struct folio *folio)
{
	return folio_order(folio) >= HPAGE_PMD_ORDER;
}
/* remove from the deferred split queue when the folio is freed */
void folio_undo_large_rmappable(struct folio *folio);
/* mmsim: the THP policy of the world (DESIGN.md section 2) */
bool thp_pmd_enabled_for_vma(struct vm_area_struct *vma);

#endif /* MMSIM_KERNEL_HUGE_MM_H */
