// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transparent huge pages (mm/huge_memory.c, v6.14): the deferred split
 * queue, the THP policy, anonymous PMD faults, and PMD split, zap, fork
 * copy and mprotect.
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swap.h>

/*
 * deferred_split_folio(): queue a large folio for the deferred-split
 * shrinker, marking it partially mapped if it is. With split_underused_thp
 * (on by default since v6.12) every PMD THP from the fault path is queued
 * unmarked, so the shrinker can split it if it turns out mostly zero.
 */
void deferred_split_folio(struct folio *folio, bool partially_mapped)
{
	struct mmsim *w = folio_world(folio);
	const bool split_underused_thp = true;	/* the sysfs default */

	if (folio_order(folio) <= 1)
		return;
	if (!partially_mapped && !split_underused_thp)
		return;
	/* reclaim already handles a swapcache folio: neither marked nor queued */
	if (folio_test_swapcache(folio))
		return;
	if (partially_mapped)
		folio_set_partially_mapped(folio);
	else
		/* a partially mapped folio cannot become fully mapped again */
		VM_WARN_ON_FOLIO(folio_test_partially_mapped(folio), folio);
	if (list_empty(&folio->_deferred_list))
		list_add_tail(&folio->_deferred_list, &w->deferred_split);
}

/* folio_undo_large_rmappable(): off the queue before the folio is freed */
void folio_undo_large_rmappable(struct folio *folio)
{
	if (folio_order(folio) <= 1)
		return;
	if (!list_empty(&folio->_deferred_list))
		list_del_init(&folio->_deferred_list);
	folio_clear_partially_mapped(folio);
}

static enum mmsim_thp_mode thp_mode(const struct mmsim *w, unsigned int order)
{
	enum mmsim_thp_mode m;

	if (order == HPAGE_PMD_ORDER)
		return w->cfg.thp_pmd;
	m = w->cfg.thp_mthp[order];
	return m == MMSIM_THP_INHERIT ? w->cfg.thp_pmd : m;
}

/* thp_vma_suitable_order(): the aligned range of that order lies in the VMA */
static bool thp_vma_suitable_order(struct vm_area_struct *vma, unsigned long addr,
				   unsigned int order)
{
	unsigned long size = PAGE_SIZE << order;
	unsigned long haddr = ALIGN_DOWN(addr, size);

	/* anon VMAs: vm_pgoff follows the address, so only the range matters */
	return haddr >= vma->vm_start && haddr + size <= vma->vm_end;
}

/*
 * thp_vma_allowable_orders(): the orders the sysfs policy (DESIGN.md
 * section 2) and the VMA flags allow for an anonymous fault at addr.
 * mmsim: THP for shmem and files is not modelled; those VMAs get none.
 */
unsigned long thp_vma_allowable_orders(struct vm_area_struct *vma, vm_flags_t vm_flags,
				       unsigned long addr, unsigned long orders)
{
	struct mmsim *w = vma->vm_mm->w;
	unsigned long allowed = 0;

	if (!vma_is_anonymous(vma) || (vm_flags & (VM_HUGETLB | VM_NOHUGEPAGE)))
		return 0;
	for (unsigned int order = MMSIM_MTHP_MIN_ORDER; order <= HPAGE_PMD_ORDER; order++) {
		enum mmsim_thp_mode m;

		if (!(orders & BIT(order)))
			continue;
		if (order > MMSIM_MTHP_MAX_ORDER && order != HPAGE_PMD_ORDER)
			continue;
		m = thp_mode(w, order);
		if (m == MMSIM_THP_ALWAYS || (m == MMSIM_THP_MADVISE && (vm_flags & VM_HUGEPAGE)))
			if (thp_vma_suitable_order(vma, addr, order))
				allowed |= BIT(order);
	}
	return allowed;
}

bool thp_pmd_enabled_for_vma(struct vm_area_struct *vma)
{
	return thp_vma_allowable_orders(vma, vma->vm_flags, vma->vm_start,
					BIT(HPAGE_PMD_ORDER)) != 0;
}

/*
 * do_huge_pmd_anonymous_page(): a PMD-mapped order-9 folio. The huge zero
 * page is off (DESIGN.md section 2), so a read fault allocates too.
 * mmsim: the kernel deposits a PTE table for a later split; mmsim
 * allocates it at split time instead.
 */
vm_fault_t do_huge_pmd_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long haddr = vmf->address & HPAGE_PMD_MASK;
	struct folio *folio;
	spinlock_t *ptl;
	pmd_t entry;

	trace_kfunc(mm->w, "do_huge_pmd_anonymous_page", "addr=%#lx", haddr);
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	folio = vma_alloc_folio(GFP_TRANSHUGE | __GFP_ZERO, HPAGE_PMD_ORDER, vma, haddr);
	if (!folio)
		return VM_FAULT_FALLBACK;	/* THP_FAULT_FALLBACK */
	folio_set_uptodate(folio);
	/* map_anon_folio_pmd(): maybe_pmd_mkwrite(pmd_mkdirty()), dirty even if read-only */
	entry = pmd_mkdirty(mk_huge_pmd(&folio->page, vma->vm_page_prot));
	if (vma->vm_flags & VM_WRITE)
		entry = pmd_mkwrite(entry);
	ptl = pmd_lock(mm, vmf->pmd);
	if (!pmd_none(*vmf->pmd)) {
		spin_unlock(ptl);
		folio_put(folio);
		return 0;
	}
	folio_add_new_anon_rmap(folio, vma, haddr, RMAP_EXCLUSIVE);
	folio_add_lru_vma(folio, vma);
	set_pmd_at(mm, haddr, vmf->pmd, entry);
	deferred_split_folio(folio, false);
	add_mm_counter(mm, MM_ANONPAGES, HPAGE_PMD_NR);
	mm->pgtables_bytes += PAGE_SIZE;	/* the deposited table (mm_inc_nr_ptes) */
	spin_unlock(ptl);
	return 0;
}

/*
 * do_huge_pmd_wp_page(): reuse an exclusive anon THP, else split the PMD
 * and let the PTE fault copy one page.
 */
vm_fault_t do_huge_pmd_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long haddr = vmf->address & HPAGE_PMD_MASK;
	pmd_t orig_pmd = vmf->orig_pmd;
	struct folio *folio;
	struct page *page;
	spinlock_t *ptl;
	pmd_t entry;

	trace_kfunc(mm->w, "do_huge_pmd_wp_page", "addr=%#lx", haddr);
	VM_BUG_ON_VMA(!vma->anon_vma, vma);
	ptl = pmd_lock(mm, vmf->pmd);
	if (pmd_val(*vmf->pmd) != pmd_val(orig_pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	page = pfn_to_page(mm->w, pmd_pfn(orig_pmd));
	folio = page_folio(page);
	VM_BUG_ON_PAGE(!PageHead(page), page);
	/* early check, with only the page-table lock */
	if (PageAnonExclusive(page))
		goto reuse;
	if (!folio_trylock(folio)) {
		/* sleep on the folio lock without the page-table lock, then recheck */
		folio_get(folio);
		spin_unlock(ptl);
		folio_lock(folio);
		spin_lock(ptl);
		if (pmd_val(*vmf->pmd) != pmd_val(orig_pmd)) {
			spin_unlock(ptl);
			folio_unlock(folio);
			folio_put(folio);
			return 0;
		}
		folio_put(folio);
	}
	if (PageAnonExclusive(page)) {
		folio_unlock(folio);
		goto reuse;
	}
	/* as do_wp_page(): only our own mapping (and the swap cache) may refer to it */
	if (folio_ref_count(folio) >
	    1 + (int)folio_test_swapcache(folio) * (int)folio_nr_pages(folio))
		goto unlock_fallback;
	if (folio_test_swapcache(folio))
		folio_free_swap(folio);
	if (folio_ref_count(folio) == 1) {
		folio_move_anon_rmap(folio, vma);
		SetPageAnonExclusive(page);
		folio_unlock(folio);
reuse:
		if (vmf->flags & FAULT_FLAG_UNSHARE) {
			spin_unlock(ptl);
			return 0;
		}
		/* pmdp_set_access_flags(): in place, the pfn does not change */
		entry = pmd_mkdirty(pmd_mkyoung(orig_pmd));
		if (vma->vm_flags & VM_WRITE)
			entry = pmd_mkwrite(entry);
		*vmf->pmd = entry;
		spin_unlock(ptl);
		return 0;
	}
unlock_fallback:
	folio_unlock(folio);
	spin_unlock(ptl);
	__split_huge_pmd(vma, vmf->pmd, vmf->address, false, NULL);
	return VM_FAULT_FALLBACK;
}

/* __split_huge_pmd_locked(): one PMD mapping becomes 512 PTE mappings */
static void __split_huge_pmd_locked(struct vm_area_struct *vma, pmd_t *pmd,
				    unsigned long haddr, bool freeze)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	bool write, young, dirty, soft_dirty, uffd_wp, anon_exclusive;
	struct ptdesc *table;
	struct folio *folio;
	struct page *page;
	pmd_t old_pmd, _pmd;
	pte_t entry, *pte;

	VM_BUG_ON(w, haddr & ~HPAGE_PMD_MASK);
	VM_BUG_ON_VMA(vma->vm_start > haddr, vma);
	VM_BUG_ON_VMA(vma->vm_end < haddr + HPAGE_PMD_SIZE, vma);
	VM_BUG_ON(w, !pmd_trans_huge(*pmd));

	if (!vma_is_anonymous(vma)) {
		/*
		 * File (and, before patch 1, hugetlb) PMDs are simply zapped:
		 * a fault maps them again by PTE. A hugetlb PMD was counted by
		 * page_table_check as one page, so the 2 MiB clear underflows.
		 */
		old_pmd = pmdp_huge_clear_flush(vma, haddr, pmd);
		page = pfn_to_page(w, pmd_pfn(old_pmd));
		folio = page_folio(page);
		if (!folio_test_dirty(folio) && pmd_dirty(old_pmd))
			folio_mark_dirty(folio);
		folio_remove_rmap_pmd(folio, page, vma);
		add_mm_counter(mm, mm_counter_file(folio), -HPAGE_PMD_NR);
		folio_put(folio);
		return;
	}

	old_pmd = pmdp_invalidate(vma, haddr, pmd);
	page = pfn_to_page(w, pmd_pfn(old_pmd));
	folio = page_folio(page);
	if (!folio_test_dirty(folio) && pmd_dirty(old_pmd))
		folio_set_dirty(folio);
	write = pmd_write(old_pmd);
	young = pmd_young(old_pmd);
	dirty = pmd_dirty(old_pmd);
	soft_dirty = pmd_soft_dirty(old_pmd);
	uffd_wp = pmd_uffd_wp(old_pmd);
	VM_WARN_ON_FOLIO(!folio_ref_count(folio), folio);
	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);
	anon_exclusive = PageAnonExclusive(page);
	if (freeze)
		mmsim_log(w, "not modelled yet: freezing split (migration entries)");
	folio_ref_add(folio, HPAGE_PMD_NR - 1);
	folio_add_anon_rmap_ptes(folio, page, HPAGE_PMD_NR, vma, haddr,
				 anon_exclusive ? RMAP_EXCLUSIVE : RMAP_NONE);

	/* pgtable_trans_huge_withdraw(): mmsim allocates the table now */
	table = pagetable_alloc(w, 1);
	BUG_ON(w, !table);	/* mmsim: the kernel's deposited table cannot be missing */
	_pmd = __pmd(pgtable_entry_make(table->id));
	pte = pte_offset_map(w, &_pmd, haddr);
	entry = mk_pte(page, vma->vm_page_prot);
	if (write)
		entry = pte_mkwrite(entry);
	if (!young)
		entry = pte_mkold(entry);
	if (dirty)
		entry = pte_mkdirty(entry);
	if (soft_dirty)
		entry = pte_mksoft_dirty(entry);
	if (uffd_wp)
		entry = pte_mkuffd_wp(entry);
	set_ptes(mm, haddr, pte, entry, HPAGE_PMD_NR);
	folio_remove_rmap_pmd(folio, page, vma);
	pmd_populate(mm, pmd, table);
}

/* __split_huge_pmd(): split the PMD leaf at address (only if it maps folio, when given) */
void __split_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long address,
		      bool freeze, struct folio *folio)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long haddr = address & HPAGE_PMD_MASK;
	struct mmu_notifier_range range;
	spinlock_t *ptl;

	trace_kfunc(mm->w, "__split_huge_pmd", "addr=%#lx", haddr);
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, haddr, haddr + HPAGE_PMD_SIZE);
	mmu_notifier_invalidate_range_start(&range);
	ptl = pmd_lock(mm, pmd);
	if (pmd_trans_huge(*pmd) &&
	    (!folio || folio == page_folio(pfn_to_page(mm->w, pmd_pfn(*pmd)))))
		__split_huge_pmd_locked(vma, pmd, haddr, freeze);
	spin_unlock(ptl);
	mmu_notifier_invalidate_range_end(&range);
}

/* split_huge_pmd_address() */
void split_huge_pmd_address(struct vm_area_struct *vma, unsigned long address,
			    bool freeze, struct folio *folio)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, address);

	if (pmd && pmd_trans_huge(*pmd))
		__split_huge_pmd(vma, pmd, address, freeze, folio);
}

/* zap_huge_pmd(): 1 when the PMD leaf was zapped */
int zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	struct folio *folio;
	struct page *page;
	spinlock_t *ptl;
	pmd_t orig_pmd;

	trace_kfunc(w, "zap_huge_pmd", "addr=%#lx", addr);
	ptl = pmd_lock(mm, pmd);
	orig_pmd = pmdp_huge_get_and_clear(mm, addr, pmd);
	if (!pmd_present(orig_pmd)) {
		spin_unlock(ptl);
		mmsim_log(w, "not modelled yet: zap of a PMD migration entry");
		return 1;
	}
	page = pfn_to_page(w, pmd_pfn(orig_pmd));
	folio = page_folio(page);
	folio_remove_rmap_pmd(folio, page, vma);
	WARN_ON_ONCE(w, folio_mapcount(folio) < 0);
	VM_BUG_ON_PAGE(!PageHead(page), page);
	if (folio_test_anon(folio)) {
		mm->pgtables_bytes -= PAGE_SIZE;	/* zap_deposited_table() */
		add_mm_counter(mm, MM_ANONPAGES, -HPAGE_PMD_NR);
	} else {
		if (pmd_dirty(orig_pmd))
			folio_mark_dirty(folio);
		add_mm_counter(mm, mm_counter_file(folio), -HPAGE_PMD_NR);
	}
	spin_unlock(ptl);
	folio_put(folio);
	return 1;
}

/* copy_huge_pmd(): 0, -ENOMEM, or -EAGAIN after splitting a maybe-pinned source */
int copy_huge_pmd(struct mm_struct *dst_mm, struct mm_struct *src_mm, pmd_t *dst_pmd,
		  pmd_t *src_pmd, unsigned long addr, struct vm_area_struct *dst_vma,
		  struct vm_area_struct *src_vma)
{
	struct mmsim *w = src_mm->w;
	struct folio *src_folio;
	struct page *src_page;
	pmd_t pmd;

	if (!vma_is_anonymous(dst_vma))
		return 0;	/* refilled by faults */
	pmd = pmdp_get(src_pmd);
	if (!pmd_present(pmd)) {
		mmsim_log(w, "not modelled yet: fork of a PMD migration entry");
		return -ENOMEM;
	}
	if (!pmd_trans_huge(pmd))
		return -EAGAIN;
	src_page = pfn_to_page(w, pmd_pfn(pmd));
	src_folio = page_folio(src_page);
	folio_get(src_folio);
	if (folio_try_dup_anon_rmap_pmd(src_folio, src_page, dst_vma, src_vma)) {
		/* maybe pinned: split and let copy_pte_range() copy that page */
		folio_put(src_folio);
		__split_huge_pmd(src_vma, src_pmd, addr, false, NULL);
		return -EAGAIN;
	}
	add_mm_counter(dst_mm, MM_ANONPAGES, HPAGE_PMD_NR);
	dst_mm->pgtables_bytes += PAGE_SIZE;	/* pgtable_trans_huge_deposit() */
	pmdp_set_wrprotect(src_mm, addr, src_pmd);
	if (!(dst_vma->vm_flags & VM_UFFD_WP))
		pmd = pmd_clear_flags(pmd, _PAGE_UFFD_WP);
	pmd = pmd_mkold(pmd_wrprotect(pmd));
	set_pmd_at(dst_mm, addr, dst_pmd, pmd);
	return 0;
}

/* change_huge_pmd(): mprotect of a whole PMD leaf; returns pages changed */
int change_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
		    pgprot_t newprot, unsigned long cp_flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *folio;
	spinlock_t *ptl;
	pmd_t entry;

	ptl = pmd_lock(mm, pmd);
	if (!pmd_trans_huge(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	folio = page_folio(pfn_to_page(mm->w, pmd_pfn(*pmd)));
	entry = pmdp_invalidate(vma, addr, pmd);
	entry = pmd_modify(entry, newprot);
	if (cp_flags & MM_CP_UFFD_WP)
		entry = pmd_wrprotect(pmd_set_flags(entry, _PAGE_UFFD_WP));
	else if (cp_flags & MM_CP_UFFD_WP_RESOLVE)
		entry = pmd_clear_flags(entry, _PAGE_UFFD_WP);
	/* can_change_pmd_writable(): exclusive anon, no soft-dirty or uffd-wp tracking */
	if ((cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pmd_write(entry) &&
	    (vma->vm_flags & VM_WRITE) && !(vma->vm_flags & VM_SHARED) &&
	    folio_test_anon(folio) && PageAnonExclusive(&folio->page) &&
	    !pmd_uffd_wp(entry) &&
	    !((vma->vm_flags & VM_SOFTDIRTY) == 0 && !pmd_soft_dirty(entry)))
		entry = pmd_mkwrite(entry);
	set_pmd_at(mm, addr, pmd, entry);
	spin_unlock(ptl);
	return HPAGE_PMD_NR;
}
