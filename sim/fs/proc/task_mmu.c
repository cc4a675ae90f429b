// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/PID/clear_refs (fs/proc/task_mmu.c, v6.14): soft-dirty tracking.
 *
 * mmsim simplifications: walk_page_range() with clear_refs_walk_ops is
 * open-coded over the VMAs and their PMDs (the walk has no hugetlb_entry,
 * so hugetlb VMAs are skipped as the kernel's walk skips them; no VM_PFNMAP
 * VMAs exist); TLB flushes and the tlb_flush_pending count have no model
 * state. Only CLEAR_REFS_SOFT_DIRTY is modelled.
 */
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/swapops.h>
#include <mmsim/kernel/task_mmu.h>

/* x86 pmd_clear_soft_dirty() / pmd_swp_clear_soft_dirty() (arch/x86/include/asm/pgtable.h) */
static pmd_t pmd_clear_soft_dirty(pmd_t pmd)
{
	return pmd_clear_flags(pmd, _PAGE_SOFT_DIRTY);
}

static pmd_t pmd_swp_clear_soft_dirty(pmd_t pmd)
{
	return pmd_clear_flags(pmd, _PAGE_SWP_SOFT_DIRTY);
}

/*
 * pte_is_pinned(): a possibly DMA-pinned anon page in a COW mapping keeps
 * its writable PTE, so that the next write does not COW it away from the pin.
 */
static bool pte_is_pinned(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	struct folio *folio;

	if (likely(!test_bit_ul(MMF_HAS_PINNED, &vma->vm_mm->flags)))
		return false;
	if (!is_cow_mapping(vma->vm_flags))
		return false;
	folio = vm_normal_folio(vma, addr, pte);
	if (!folio)
		return false;
	return folio_maybe_dma_pinned(folio);
}

/*
 * clear_soft_dirty(): write-protect a present PTE so the next write faults
 * and sets soft-dirty again; for any swap PTE (device-exclusive entries too)
 * clear the swap soft-dirty bit, which restore copies back to the PTE.
 */
static void clear_soft_dirty(struct vm_area_struct *vma, unsigned long addr, pte_t *pte)
{
	pte_t ptent = ptep_get(pte);

	if (pte_present(ptent)) {
		pte_t old_pte;

		if (pte_is_pinned(vma, addr, ptent))
			return;
		/* ptep_modify_prot_start()/_commit() (include/linux/pgtable.h, generic) */
		old_pte = ptep_get_and_clear(vma->vm_mm, addr, pte);
		ptent = pte_wrprotect(old_pte);
		ptent = pte_clear_soft_dirty(ptent);
		set_pte_at(vma->vm_mm, addr, pte, ptent);
	} else if (is_swap_pte(ptent)) {
		ptent = pte_swp_clear_soft_dirty(ptent);
		set_pte_at(vma->vm_mm, addr, pte, ptent);
	}
}

/* clear_soft_dirty_pmd(): the same for a PMD leaf or a PMD migration entry */
static void clear_soft_dirty_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	struct mmsim *w = vma->vm_mm->w;
	pmd_t old, pmd = *pmdp;

	if (pmd_present(pmd)) {
		/* invalidate first so hardware A/D updates are not lost (change_huge_pmd) */
		old = pmdp_invalidate(vma, addr, pmdp);
		if (pmd_dirty(old))
			pmd = pmd_mkdirty(pmd);
		if (pmd_young(old))
			pmd = pmd_mkyoung(pmd);
		pmd = pmd_wrprotect(pmd);
		pmd = pmd_clear_soft_dirty(pmd);
		set_pmd_at(vma->vm_mm, addr, pmdp, pmd);
	} else if (is_migration_entry(w, pmd_to_swp_entry(pmd))) {
		pmd = pmd_swp_clear_soft_dirty(pmd);
		set_pmd_at(vma->vm_mm, addr, pmdp, pmd);
	}
}

/* clear_refs_pte_range() for CLEAR_REFS_SOFT_DIRTY: one PMD's span [addr, end) */
static void clear_refs_pte_range(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
				 unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pte_t *pte;

	/* pmd_trans_huge_lock(): a THP leaf or a PMD migration entry */
	if (pmd_trans_huge(*pmd) || is_pmd_migration_entry(mm->w, *pmd)) {
		ptl = pmd_lock(mm, pmd);
		clear_soft_dirty_pmd(vma, addr, pmd);
		spin_unlock(ptl);
		return;
	}
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	for (; addr != end; pte++, addr += PAGE_SIZE)
		clear_soft_dirty(vma, addr, pte);
	pte_unmap_unlock(pte - 1, ptl);
}

/* walk_page_range(mm, 0, -1, &clear_refs_walk_ops, ...) for one VMA */
static void clear_refs_walk_vma(struct vm_area_struct *vma)
{
	unsigned long addr, next;

	/* no .hugetlb_entry: walk_page_range() skips hugetlb VMAs */
	if (is_vm_hugetlb_page(vma))
		return;
	for (addr = vma->vm_start; addr < vma->vm_end; addr = next) {
		pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);

		next = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		if (next > vma->vm_end || next < addr)
			next = vma->vm_end;
		if (!pmd || pmd_none(*pmd))
			continue;
		clear_refs_pte_range(vma, pmd, addr, next);
	}
}

/* clear_refs_write(): a write of type to /proc/PID/clear_refs of mm's task */
int clear_refs_write(struct mm_struct *mm, int type)
{
	struct mmsim *w = mm->w;
	struct mmu_notifier_range range;
	struct vm_area_struct *vma;

	trace_kfunc(w, "clear_refs_write", "mm=%u type=%d", mm->id, type);
	if (type < CLEAR_REFS_ALL || type >= CLEAR_REFS_LAST)
		return -EINVAL;
	/* get_task_mm(): an exited task has no mm left to clear */
	if (atomic_read(&mm->mm_users) == 0)
		return -ESRCH;
	if (type != CLEAR_REFS_SOFT_DIRTY) {
		mmsim_log(w, "not modelled yet: clear_refs type %d (only 4, soft-dirty)", type);
		return -ENOSYS;
	}

	mmap_write_lock(mm);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (!(vma->vm_flags & VM_SOFTDIRTY))
			continue;
		/* tracking on: vm_page_prot drops write where writes must be noticed */
		vma->vm_flags &= ~VM_SOFTDIRTY;
		vma_set_page_prot(vma);
	}
	mmu_notifier_range_init(&range, MMU_NOTIFY_SOFT_DIRTY, 0, mm, 0, -1UL);
	mmu_notifier_invalidate_range_start(&range);
	list_for_each_entry(vma, &mm->mmap, vm_list)
		clear_refs_walk_vma(vma);
	mmu_notifier_invalidate_range_end(&range);
	mmap_write_unlock(mm);
	return 0;
}
