// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugetlb (mm/hugetlb.c, v6.14) for private 2 MiB mappings: the free pool
 * in block 0, faults, COW, fork and unmap. A hugetlb leaf lives at PMD
 * level but is written through set_huge_pte_at(), which x86 implements
 * with set_pte_at(): page_table_check counts it as ONE page. That detail is
 * what made a PMD split of a hugetlb mapping (patch 1) a BUG.
 * mmsim: shared hugetlb mappings, reservations and surplus pages are not
 * modelled; mm->hugetlb_usage is not kept (hugetlb pages are not in rss).
 */
#include <mmsim/kernel/hugetlb.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/rmap.h>

/* alloc_hugetlb_folio(): from the free pool, with one reference */
static struct folio *alloc_hugetlb_folio(struct mmsim *w)
{
	struct folio *folio;

	if (!w->nr_hugetlb_free || mmsim_inject_hit(w, MMSIM_INJ_ALLOC_FAIL))
		return NULL;
	folio = w->hugetlb_free[--w->nr_hugetlb_free];
	folio_ref_unfreeze(folio, 1);
	for (long i = 0; i < folio_nr_pages(folio); i++)
		folio_page(folio, (unsigned long)i)->content = 0;
	return folio;
}

/* set_huge_pte_at() / huge_ptep_get_and_clear(): x86 uses the PTE helpers */
static void set_huge_pte_at(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp, pmd_t pmd)
{
	page_table_check_ptes_set(mm, (pte_t *)pmdp, __pte(pmd_val(pmd)), 1);
	*pmdp = pmd;
}

static pmd_t huge_ptep_get_and_clear(struct mm_struct *mm, pmd_t *pmdp)
{
	pmd_t pmd = *pmdp;

	*pmdp = __pmd(0);
	page_table_check_pte_clear(mm, __pte(pmd_val(pmd)));
	return pmd;
}

static pmd_t make_huge_pte(struct vm_area_struct *vma, struct folio *folio, bool writable)
{
	pmd_t entry = mk_huge_pmd(&folio->page, vma->vm_page_prot);

	if (writable)
		entry = pmd_mkwrite(pmd_mkdirty(entry));
	return pmd_mkyoung(entry);
}

/* hugetlb_wp(): reuse an exclusive anon hugetlb folio, else copy it */
static vm_fault_t hugetlb_wp(struct vm_area_struct *vma, unsigned long haddr, pmd_t *pmdp,
			     bool unshare)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	pmd_t pte = *pmdp;
	struct folio *old = pfn_folio(w, pmd_pfn(pte)), *new;
	struct mmu_notifier_range range;

	trace_kfunc(w, "hugetlb_wp", "addr=%#lx", haddr);
	if (folio_mapcount(old) == 1 && folio_test_anon(old)) {
		if (!PageAnonExclusive(&old->page)) {
			folio_move_anon_rmap(old, vma);
			SetPageAnonExclusive(&old->page);
		}
		/* set_huge_ptep_writable(): in place, page_table_check is not told */
		if (!unshare)
			*pmdp = pmd_mkyoung(pmd_mkwrite(pmd_mkdirty(pte)));
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new = alloc_hugetlb_folio(w);
	if (!new)
		return VM_FAULT_SIGBUS;
	folio_copy_content(new, old);
	folio_set_uptodate(new);
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, haddr, haddr + HPAGE_PMD_SIZE);
	mmu_notifier_invalidate_range_start(&range);
	huge_ptep_get_and_clear(mm, pmdp);
	hugetlb_remove_rmap(old);
	hugetlb_add_new_anon_rmap(new, vma, haddr);
	set_huge_pte_at(mm, haddr, pmdp, make_huge_pte(vma, new, !unshare));
	mmu_notifier_invalidate_range_end(&range);
	folio_put(old);
	return 0;
}

/* hugetlb_no_page(): private anonymous hugetlb only */
static vm_fault_t hugetlb_no_page(struct vm_area_struct *vma, unsigned long haddr,
				  pmd_t *pmdp, unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *folio;

	if (vma->vm_flags & VM_SHARED) {
		mmsim_log(mm->w, "not modelled yet: shared hugetlb mappings");
		return VM_FAULT_MMSIM_ENOSYS;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	folio = alloc_hugetlb_folio(mm->w);
	if (!folio)
		return VM_FAULT_SIGBUS;	/* the pool is empty: -ENOSPC becomes SIGBUS */
	folio_set_uptodate(folio);
	hugetlb_add_new_anon_rmap(folio, vma, haddr);
	set_huge_pte_at(mm, haddr, pmdp, make_huge_pte(vma, folio, false));
	/* a write fault does the COW (here: the reuse) without a second fault */
	if (flags & FAULT_FLAG_WRITE)
		return hugetlb_wp(vma, haddr, pmdp, false);
	return 0;
}

/* hugetlb_fault() */
vm_fault_t hugetlb_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			 unsigned long address, unsigned int flags)
{
	unsigned long haddr = address & HPAGE_PMD_MASK;
	pmd_t *pmdp = mm_find_or_alloc_pmd(mm, haddr);
	pmd_t entry;

	trace_kfunc(mm->w, "hugetlb_fault", "addr=%#lx flags=%#x", haddr, flags);
	if (!pmdp)
		return VM_FAULT_OOM;
	entry = *pmdp;
	if (pmd_none(entry))
		return hugetlb_no_page(vma, haddr, pmdp, flags);
	if (!pmd_present(entry)) {
		mmsim_log(mm->w, "not modelled yet: hugetlb non-present entries");
		return VM_FAULT_MMSIM_ENOSYS;
	}
	if ((flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE)) && !pmd_write(entry)) {
		/* hugetlb_wp() may reuse the anon folio: it must be locked */
		struct folio *folio = pfn_folio(mm->w, pmd_pfn(entry));
		vm_fault_t ret;

		folio_get(folio);
		if (!folio_trylock(folio)) {
			/* the kernel waits for the lock, then the fault is retried */
			folio_put(folio);
			return 0;
		}
		ret = hugetlb_wp(vma, haddr, pmdp, !(flags & FAULT_FLAG_WRITE));
		folio_unlock(folio);
		folio_put(folio);
		return ret;
	}
	*pmdp = pmd_mkyoung((flags & FAULT_FLAG_WRITE) ? pmd_mkdirty(entry) : entry);
	return 0;
}

/* copy_hugetlb_page_range(): share read-only, or copy a maybe-pinned page */
int copy_hugetlb_page_range(struct mm_struct *dst, struct mm_struct *src,
			    struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct mmsim *w = src->w;
	struct mmu_notifier_range range;
	int ret = 0;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, src, src_vma->vm_start,
				src_vma->vm_end);
	mmu_notifier_invalidate_range_start(&range);
	for (unsigned long addr = src_vma->vm_start; addr < src_vma->vm_end;
	     addr += HPAGE_PMD_SIZE) {
		pmd_t *spmd = mm_find_pmd(src, addr), *dpmd, entry;
		struct folio *folio;

		if (!spmd || pmd_none(*spmd))
			continue;
		entry = *spmd;
		if (!pmd_present(entry)) {
			mmsim_log(w, "not modelled yet: fork of hugetlb non-present entries");
			ret = -ENOSYS;
			break;
		}
		dpmd = mm_find_or_alloc_pmd(dst, addr);
		if (!dpmd) {
			ret = -ENOMEM;
			break;
		}
		folio = pfn_folio(w, pmd_pfn(entry));
		folio_get(folio);
		/* the source VMA: its mm is the one that may have pinned */
		if (hugetlb_try_dup_anon_rmap(folio, src_vma)) {
			/* maybe pinned: the child gets its own copy now */
			struct folio *new = alloc_hugetlb_folio(w);

			folio_put(folio);
			if (!new) {
				ret = -ENOSPC;	/* alloc_hugetlb_folio()'s ERR_PTR */
				break;
			}
			folio_copy_content(new, folio);
			folio_set_uptodate(new);
			hugetlb_add_new_anon_rmap(new, dst_vma, addr);
			set_huge_pte_at(dst, addr, dpmd, make_huge_pte(dst_vma, new, true));
			continue;
		}
		if (is_cow_mapping(src_vma->vm_flags) && pmd_write(entry)) {
			*spmd = pmd_wrprotect(entry);	/* huge_ptep_set_wrprotect() */
			entry = pmd_wrprotect(entry);
		}
		set_huge_pte_at(dst, addr, dpmd, entry);
	}
	mmu_notifier_invalidate_range_end(&range);
	return ret;
}

/* __unmap_hugepage_range(): drop each 2 MiB leaf's mapping and reference */
int __unmap_hugepage_range(struct vm_area_struct *vma, unsigned long start,
			   unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;

	trace_kfunc(mm->w, "__unmap_hugepage_range", "[%#lx-%#lx)", start, end);
	for (unsigned long addr = start & HPAGE_PMD_MASK; addr < end; addr += HPAGE_PMD_SIZE) {
		pmd_t *pmdp = mm_find_pmd(mm, addr), entry;
		struct folio *folio;

		if (!pmdp || pmd_none(*pmdp))
			continue;
		entry = huge_ptep_get_and_clear(mm, pmdp);
		if (!pmd_present(entry))
			continue;
		folio = pfn_folio(mm->w, pmd_pfn(entry));
		hugetlb_remove_rmap(folio);
		folio_put(folio);
	}
	return 0;
}
