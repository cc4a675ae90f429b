// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults, fork's page-table copy and zap (mm/memory.c, v6.14).
 *
 * mmsim simplifications, each stated where it is modelled: no fault-around
 * and no readahead; TLB flushes and batches are immediate; the per-CPU LRU
 * batches do not exist; userfaultfd delivery is not modelled (a fault that
 * would be delivered to a uffd handler fails with -ENOSYS).
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/hugetlb.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swap.h>
#include <mmsim/kernel/userfaultfd_k.h>

/* ---- helpers ------------------------------------------------------------------ */
static pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_WRITE)
		pte = pte_mkwrite(pte);
	return pte;
}

static vm_fault_t not_modelled(struct mmsim *w, const char *what)
{
	mmsim_log(w, "not modelled yet: %s", what);
	return VM_FAULT_MMSIM_ENOSYS;
}

/* copy_user_highpage(): mmsim pages hold one value each */
void folio_copy_content(struct folio *dst, struct folio *src)
{
	for (long i = 0; i < folio_nr_pages(dst); i++)
		folio_page(dst, (unsigned long)i)->content = folio_page(src, (unsigned long)i)->content;
}

/* print_bad_pte(): the kernel's complaint about an entry it cannot decode */
static void print_bad_pte(struct vm_area_struct *vma, unsigned long addr, pte_t pte,
			  struct page *page)
{
	struct mmsim *w = vma->vm_mm->w;

	mmsim_log(w, "BUG: Bad page map in process mmsim  pte:%016llx pmd:?",
		  (unsigned long long)pte_val(pte));
	if (page)
		dump_page(page, "bad pte");
	mmsim_log(w, "addr:%016lx vm_flags:%08lx", addr, vma->vm_flags);
}

/* ---- vm_normal_page ------------------------------------------------------------- */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	struct mmsim *w = vma->vm_mm->w;
	unsigned long pfn = pte_pfn(pte);

	/* x86 has ARCH_HAS_PTE_SPECIAL: the zero page is mapped special */
	if (pte_special(pte))
		return NULL;
	if (is_zero_pfn(w, pfn))
		return NULL;
	if (!pfn_valid(w, pfn)) {
		print_bad_pte(vma, addr, pte, NULL);
		return NULL;
	}
	return pfn_to_page(w, pfn);
}

/* vm_normal_folio() */
struct folio *vm_normal_folio(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	struct page *page = vm_normal_page(vma, addr, pte);

	return page ? page_folio(page) : NULL;
}

/* vm_normal_page_pmd(): the huge zero page is off, so every present PMD has a page */
struct page *vm_normal_page_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t pmd)
{
	struct mmsim *w = vma->vm_mm->w;

	(void)addr;
	if (!pmd_present(pmd))
		return NULL;
	return pfn_to_page(w, pmd_pfn(pmd));
}

/* vm_normal_folio_pmd() */
struct folio *vm_normal_folio_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t pmd)
{
	struct page *page = vm_normal_page_pmd(vma, addr, pmd);

	return page ? page_folio(page) : NULL;
}

/* ---- anonymous faults ----------------------------------------------------------- */
static bool pte_range_none(pte_t *pte, int nr)
{
	for (int i = 0; i < nr; i++)
		if (!pte_none(ptep_get(pte + i)))
			return false;
	return true;
}

/*
 * alloc_anon_folio(): the largest allowed mTHP order whose aligned range
 * lies in the VMA and maps nothing yet, falling back order by order.
 */
static struct folio *alloc_anon_folio(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mmsim *w = vma->vm_mm->w;
	unsigned long orders;
	pte_t *pte;

	orders = thp_vma_allowable_orders(vma, vma->vm_flags, vmf->address,
					  (BIT(HPAGE_PMD_ORDER) - 1) & ~(BIT(0) | BIT(1)));
	if (!orders)
		goto fallback;
	pte = pte_offset_map(w, vmf->pmd, vmf->address & PMD_MASK);
	if (!pte)
		goto fallback;
	for (int order = HPAGE_PMD_ORDER - 1; order >= 2; order--) {
		unsigned long addr, size = PAGE_SIZE << order;
		struct folio *folio;

		if (!(orders & BIT(order)))
			continue;
		addr = ALIGN_DOWN(vmf->address, size);
		if (!pte_range_none(pte + pte_index(addr), 1 << order))
			continue;
		folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE | __GFP_ZERO, order, vma, addr);
		if (folio)
			return folio;
	}
fallback:
	return vma_alloc_folio(GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0, vma, vmf->address);
}

/* do_anonymous_page() */
static vm_fault_t do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	struct folio *folio;
	unsigned long addr = vmf->address;
	int nr_pages = 1;
	pte_t entry;

	trace_kfunc(w, "do_anonymous_page", "addr=%#lx write=%d", addr,
		    !!(vmf->flags & FAULT_FLAG_WRITE));
	if (vma->vm_flags & VM_SHARED)
		return VM_FAULT_SIGBUS;
	if (!vmf->pte && __pte_alloc(mm, vmf->pmd))
		return VM_FAULT_OOM;

	/* a read maps the shared zero page, read-only and special */
	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		entry = pte_mkspecial(pfn_pte(page_to_pfn(w->zero_page), vma->vm_page_prot));
		vmf->pte = pte_offset_map_lock(mm, vmf->pmd, addr, &vmf->ptl);
		if (!pte_none(ptep_get(vmf->pte))) {
			pte_unmap_unlock(vmf->pte, vmf->ptl);
			return 0;
		}
		set_pte_at(mm, addr, vmf->pte, entry);
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return 0;
	}

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	folio = alloc_anon_folio(vmf);
	if (!folio)
		return VM_FAULT_OOM;
	nr_pages = (int)folio_nr_pages(folio);
	addr = ALIGN_DOWN(vmf->address, (unsigned long)nr_pages * PAGE_SIZE);
	folio_set_uptodate(folio);

	entry = mk_pte(&folio->page, vma->vm_page_prot);
	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));

	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, addr, &vmf->ptl);
	if (!pte_range_none(vmf->pte, nr_pages)) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		folio_put(folio);
		return 0;
	}
	folio_ref_add(folio, nr_pages - 1);
	add_mm_counter(mm, MM_ANONPAGES, nr_pages);
	folio_add_new_anon_rmap(folio, vma, addr, RMAP_EXCLUSIVE);
	folio_add_lru_vma(folio, vma);
	set_ptes(mm, addr, vmf->pte, entry, (unsigned int)nr_pages);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/* ---- file and shmem faults --------------------------------------------------------- */
static vm_fault_t __do_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (vma_is_shmem(vma))
		return shmem_fault(vmf);
	return filemap_fault(vmf);
}

/*
 * finish_fault() / set_pte_range(): map vmf->page (locked, referenced).
 * The fault's reference becomes the mapping's.
 */
static vm_fault_t finish_fault(struct vm_fault *vmf, struct folio *folio)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct page *page = vmf->page;
	pte_t entry;

	if (!vmf->pte && __pte_alloc(mm, vmf->pmd))
		return VM_FAULT_OOM;
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (!pte_none(ptep_get(vmf->pte))) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return VM_FAULT_NOPAGE;
	}
	entry = mk_pte(page, vma->vm_page_prot);
	if (write)
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	if (write && !(vma->vm_flags & VM_SHARED)) {
		/* a COW page: new and exclusive */
		add_mm_counter(mm, MM_ANONPAGES, 1);
		folio_add_new_anon_rmap(folio, vma, vmf->address, RMAP_EXCLUSIVE);
		folio_add_lru_vma(folio, vma);
	} else {
		add_mm_counter(mm, mm_counter_file(folio), 1);
		folio_add_file_rmap_pte(folio, page, vma);
	}
	set_pte_at(mm, vmf->address, vmf->pte, entry);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/* do_read_fault() */
static vm_fault_t do_read_fault(struct vm_fault *vmf)
{
	struct folio *folio;
	vm_fault_t ret;

	/* mmsim: no fault-around: one page per fault */
	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY))
		return ret;
	folio = page_folio(vmf->page);
	ret |= finish_fault(vmf, folio);
	folio_unlock(folio);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		folio_put(folio);
	return ret;
}

/* do_cow_fault(): a private file page written for the first time */
static vm_fault_t do_cow_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct folio *folio, *src;
	vm_fault_t ret;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, vma, vmf->address);
	if (!folio)
		return VM_FAULT_OOM;
	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)) {
		folio_put(folio);
		return ret;
	}
	src = page_folio(vmf->page);
	folio_copy_content(folio, src);
	folio_set_uptodate(folio);
	folio_unlock(src);
	folio_put(src);
	vmf->page = &folio->page;
	ret |= finish_fault(vmf, folio);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		folio_put(folio);
	return ret;
}

/* do_shared_fault(): shmem has no ->page_mkwrite; files dirty the folio here */
static vm_fault_t do_shared_fault(struct vm_fault *vmf)
{
	struct folio *folio;
	vm_fault_t ret;

	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY))
		return ret;
	folio = page_folio(vmf->page);
	ret |= finish_fault(vmf, folio);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) {
		folio_unlock(folio);
		folio_put(folio);
		return ret;
	}
	folio_mark_dirty(folio);	/* fault_dirty_shared_page() */
	folio_unlock(folio);
	return ret;
}

/* do_fault() */
static vm_fault_t do_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	trace_kfunc(vma->vm_mm->w, "do_fault", "addr=%#lx write=%d", vmf->address,
		    !!(vmf->flags & FAULT_FLAG_WRITE));
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

/* ---- write-protect faults -------------------------------------------------------- */
/* wp_page_reuse(): the page stays, the PTE becomes writable and dirty */
static void wp_page_reuse(struct vm_fault *vmf, struct folio *folio)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry;

	VM_BUG_ON(vma->vm_mm->w, folio && folio_test_anon(folio) && !PageAnonExclusive(vmf->page));
	/* v6.14 only resets the folio's last_cpupid (NUMA, not modelled): no PG_referenced */
	entry = pte_mkyoung(vmf->orig_pte);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1);
	update_mmu_cache(vma, vmf->address, vmf->pte);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

/* wp_page_copy(): break COW into a new exclusive anon folio */
static vm_fault_t wp_page_copy(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct folio *old_folio = vmf->page ? page_folio(vmf->page) : NULL;
	struct mmu_notifier_range range;
	struct folio *new_folio;
	pte_t entry;

	trace_kfunc(mm->w, "wp_page_copy", "addr=%#lx", vmf->address);
	if (anon_vma_prepare(vma))
		goto oom;
	new_folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE | (old_folio ? 0 : __GFP_ZERO), 0,
				    vma, vmf->address);
	if (!new_folio)
		goto oom;
	if (old_folio)
		new_folio->page.content = vmf->page->content;
	folio_set_uptodate(new_folio);

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, vmf->address,
				vmf->address + PAGE_SIZE);
	mmu_notifier_invalidate_range_start(&range);

	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (pte_val(ptep_get(vmf->pte)) == pte_val(vmf->orig_pte)) {
		if (old_folio && !folio_test_anon(old_folio)) {
			dec_mm_counter(mm, mm_counter_file(old_folio));
			inc_mm_counter(mm, MM_ANONPAGES);
		} else if (!old_folio) {
			inc_mm_counter(mm, MM_ANONPAGES);
		}
		entry = mk_pte(&new_folio->page, vma->vm_page_prot);
		if (vmf->flags & FAULT_FLAG_UNSHARE) {
			/* an unshared copy stays read-only; tracking bits carry over */
			if (pte_soft_dirty(vmf->orig_pte))
				entry = pte_mksoft_dirty(entry);
			if (pte_uffd_wp(vmf->orig_pte))
				entry = pte_mkuffd_wp(entry);
		} else {
			entry = maybe_mkwrite(pte_mkdirty(entry), vma);
		}
		ptep_clear_flush(vma, vmf->address, vmf->pte);
		folio_add_new_anon_rmap(new_folio, vma, vmf->address, RMAP_EXCLUSIVE);
		folio_add_lru_vma(new_folio, vma);
		set_pte_at(mm, vmf->address, vmf->pte, entry);
		update_mmu_cache(vma, vmf->address, vmf->pte);
		if (old_folio) {
			folio_remove_rmap_pte(old_folio, vmf->page, vma);
			/* the old mapping's reference */
			folio_put(old_folio);
		}
		new_folio = NULL;
	}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	mmu_notifier_invalidate_range_end(&range);
	if (new_folio)
		folio_put(new_folio);
	if (old_folio)
		folio_put(old_folio);	/* do_wp_page()'s reference */
	return 0;
oom:
	if (old_folio)
		folio_put(old_folio);
	return VM_FAULT_OOM;
}

/* wp_can_reuse_anon_folio() (v6.14: large folios are never reused by a PTE fault) */
static bool wp_can_reuse_anon_folio(struct folio *folio, struct vm_area_struct *vma)
{
	if (folio_test_large(folio))
		return false;
	if (folio_test_ksm(folio) || folio_ref_count(folio) > 3)
		return false;
	if (folio_ref_count(folio) > 1 + folio_test_swapcache(folio))
		return false;
	if (!folio_trylock(folio))
		return false;
	if (folio_test_swapcache(folio))
		folio_free_swap(folio);
	if (folio_test_ksm(folio) || folio_ref_count(folio) != 1) {
		folio_unlock(folio);
		return false;
	}
	folio_move_anon_rmap(folio, vma);
	folio_unlock(folio);
	return true;
}

/* do_wp_page(): called with the PTE locked */
static vm_fault_t do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	const bool unshare = vmf->flags & FAULT_FLAG_UNSHARE;
	struct folio *folio = NULL;

	trace_kfunc(vma->vm_mm->w, "do_wp_page", "addr=%#lx unshare=%d", vmf->address, unshare);
	if (!unshare && userfaultfd_pte_wp(vma, ptep_get(vmf->pte))) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return not_modelled(vma->vm_mm->w, "userfaultfd write-protect fault delivery");
	}
	vmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte);
	if (vmf->page)
		folio = page_folio(vmf->page);

	if (vma->vm_flags & (VM_SHARED | VM_MAYSHARE)) {
		/* wp_page_shared(): writenotify; the file folio is dirtied */
		if (!folio) {
			pte_unmap_unlock(vmf->pte, vmf->ptl);
			return VM_FAULT_SIGBUS;
		}
		folio_mark_dirty(folio);
		wp_page_reuse(vmf, folio);
		return 0;
	}
	if (folio && folio_test_anon(folio) &&
	    (PageAnonExclusive(vmf->page) || wp_can_reuse_anon_folio(folio, vma))) {
		if (!PageAnonExclusive(vmf->page))
			SetPageAnonExclusive(vmf->page);
		/* an unshare fault only wanted the page exclusive, not writable */
		if (unshare) {
			pte_unmap_unlock(vmf->pte, vmf->ptl);
			return 0;
		}
		wp_page_reuse(vmf, folio);
		return 0;
	}
	if (folio)
		folio_get(folio);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return wp_page_copy(vmf);
}

/* ---- non-present entries ------------------------------------------------------------ */
/* handle_pte_marker(): an empty marker warns; unknown markers are SIGBUS */
static vm_fault_t handle_pte_marker(struct vm_fault *vmf, swp_entry_t entry)
{
	unsigned long marker = pte_marker_get(entry);

	if (WARN_ON_ONCE(vmf->vma->vm_mm->w, !marker))
		return VM_FAULT_SIGBUS;
	if (marker & PTE_MARKER_POISONED)
		return VM_FAULT_HWPOISON;
	if (marker & PTE_MARKER_GUARD)
		return VM_FAULT_SIGSEGV;
	if (marker & PTE_MARKER_UFFD_WP)
		return not_modelled(vmf->vma->vm_mm->w, "userfaultfd-wp PTE marker fault");
	return VM_FAULT_SIGBUS;
}

/* ---- device-exclusive entries ------------------------------------------------------- */
/*
 * folio_lock_or_retry() (include/linux/pagemap.h, with __folio_lock_or_retry()
 * from mm/filemap.c, v6.14): 0 with the folio locked, or VM_FAULT_RETRY.
 * On a first try that may retry, the kernel drops the fault lock and sleeps
 * until the folio is unlocked, without taking it; mmsim's callers drop the
 * mmap_lock themselves on VM_FAULT_RETRY. A holder that lets go
 * (until=wait) is modelled as taking and releasing the lock once; one that
 * never does ends the killable sleep with a fatal signal, which the caller
 * sees as a second VM_FAULT_RETRY after FAULT_FLAG_TRIED.
 */
static vm_fault_t folio_lock_or_retry(struct folio *folio, struct vm_fault *vmf)
{
	unsigned int flags = vmf->flags;

	if (folio_trylock(folio))
		return 0;
	/* fault_flag_allow_retry_first() */
	if ((flags & FAULT_FLAG_ALLOW_RETRY) && !(flags & FAULT_FLAG_TRIED)) {
		if (flags & FAULT_FLAG_RETRY_NOWAIT)
			return VM_FAULT_RETRY;
		if (flags & FAULT_FLAG_KILLABLE) {
			/* folio_wait_locked_killable(): a signal ends it just as well */
			if (!folio_lock_killable(folio))
				folio_unlock(folio);
		} else {
			/* folio_wait_locked() */
			folio_lock(folio);
			folio_unlock(folio);
		}
		return VM_FAULT_RETRY;
	}
	if (flags & FAULT_FLAG_KILLABLE) {
		if (folio_lock_killable(folio))
			return VM_FAULT_RETRY;
	} else {
		folio_lock(folio);
	}
	return 0;
}

/*
 * restore_exclusive_pte() (mm/memory.c, v6.14 base, patches 5 and 16):
 * turn the device-exclusive entry at ptep back into a present, old PTE of
 * page, keeping soft-dirty and uffd-wp. The entry's folio reference becomes
 * the PTE's. Called with the folio locked and the PTE table locked.
 */
static void restore_exclusive_pte(struct vm_area_struct *vma, struct page *page,
				  unsigned long address, pte_t *ptep)
{
	struct mmsim *w = vma->vm_mm->w;
	struct folio *folio = page_folio(page);
	pte_t orig_pte = ptep_get(ptep);
	swp_entry_t entry = pte_to_swp_entry(orig_pte);
	pte_t pte;

	trace_kfunc(w, "restore_exclusive_pte", "addr=%#lx pfn=%#lx", address, page_to_pfn(page));
	pte = pte_mkold(mk_pte(page, vma->vm_page_prot));
	if (pte_swp_soft_dirty(orig_pte))
		pte = pte_mksoft_dirty(pte);
	if (pte_swp_uffd_wp(orig_pte))
		pte = pte_mkuffd_wp(pte);

	if (!series_has(w, PATCH_RESTORE_CAN_CHANGE_PTE_WRITABLE)) {
		/* legacy: the entry's type says writable, and writable means dirty */
		if (!pte_swp_uffd_wp(orig_pte) && is_writable_device_exclusive_entry(w, entry))
			pte = maybe_mkwrite(pte_mkdirty(pte), vma);
	} else if ((vma->vm_flags & VM_WRITE) && can_change_pte_writable(vma, address, pte)) {
		/* patch 5: writable as mprotect would allow it; dirty only if the folio is */
		if (folio_test_dirty(folio))
			pte = pte_mkdirty(pte);
		pte = pte_mkwrite(pte);
	}

	/* the base kernel's sanity check, in its v6.14 wording (it never fires) */
	VM_BUG_ON_FOLIO(pte_write(pte) && (!folio_test_anon(folio) && PageAnonExclusive(page)),
			folio);

	if (!series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE)) {
		/* before patch 16 the entry held no mapcount: add it back, no new reference */
		if (folio_test_anon(folio))
			folio_add_anon_rmap_pte(folio, page, vma, address, RMAP_NONE);
		else
			WARN_ON_ONCE(w, 1);	/* only anon pages become device-exclusive */
	}

	set_pte_at(vma->vm_mm, address, ptep, pte);
	/* nothing to flush: the entry was not present */
	update_mmu_cache(vma, address, ptep);
}

/*
 * try_restore_exclusive_pte() (mm/memory.c, v6.14): fork restores the
 * parent's entry if the folio lock is free right now; -EBUSY otherwise.
 */
static int try_restore_exclusive_pte(pte_t *src_pte, struct vm_area_struct *vma,
				     unsigned long addr)
{
	struct mmsim *w = vma->vm_mm->w;
	swp_entry_t entry = pte_to_swp_entry(ptep_get(src_pte));
	struct page *page = pfn_swap_entry_to_page(w, entry);
	struct folio *folio = page_folio(page);

	trace_kfunc(w, "try_restore_exclusive_pte", "addr=%#lx pfn=%#lx", addr,
		    page_to_pfn(page));
	if (folio_trylock(folio)) {
		restore_exclusive_pte(vma, page, addr, src_pte);
		folio_unlock(folio);
		return 0;
	}
	return -EBUSY;
}

/*
 * remove_device_exclusive_entry() (mm/memory.c, v6.14): a CPU fault on a
 * device-exclusive entry revokes the device's access. The reference keeps
 * the folio alive while it is locked without the PTE lock; the notifier is
 * MMU_NOTIFY_EXCLUSIVE with no owner at every level of the series (the
 * switch to MMU_NOTIFY_CLEAR came with the later cleanups, DESIGN.md 2).
 */
static vm_fault_t remove_device_exclusive_entry(struct vm_fault *vmf)
{
	struct folio *folio = page_folio(vmf->page);
	struct vm_area_struct *vma = vmf->vma;
	struct mmu_notifier_range range;
	vm_fault_t ret;

	trace_kfunc(vma->vm_mm->w, "remove_device_exclusive_entry", "addr=%#lx pfn=%#lx",
		    vmf->address, page_to_pfn(vmf->page));
	/* a racing zap may have freed it: then the entry is gone, retry the access */
	if (!folio_try_get(folio))
		return 0;
	ret = folio_lock_or_retry(folio, vmf);
	if (ret) {
		folio_put(folio);
		return ret;
	}
	mmu_notifier_range_init_owner(&range, MMU_NOTIFY_EXCLUSIVE, 0, vma->vm_mm,
				      vmf->address & PAGE_MASK,
				      (vmf->address & PAGE_MASK) + PAGE_SIZE, NULL);
	mmu_notifier_invalidate_range_start(&range);

	vmf->pte = pte_offset_map_lock(vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (likely(vmf->pte && pte_val(ptep_get(vmf->pte)) == pte_val(vmf->orig_pte)))
		restore_exclusive_pte(vma, vmf->page, vmf->address, vmf->pte);
	if (vmf->pte)
		pte_unmap_unlock(vmf->pte, vmf->ptl);
	folio_unlock(folio);
	folio_put(folio);

	mmu_notifier_invalidate_range_end(&range);
	return 0;
}

/*
 * do_swap_page(): every entry type is named. Paths whose flows arrive with
 * later issues (swap-in, migration wait, device-private) say so with -ENOSYS.
 */
static vm_fault_t do_swap_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mmsim *w = vma->vm_mm->w;
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);

	trace_kfunc(w, "do_swap_page", "addr=%#lx entry=%#lx", vmf->address, entry.val);
	if (non_swap_entry(w, entry)) {
		if (is_migration_entry(w, entry))
			return not_modelled(w, "migration_entry_wait");
		if (is_device_exclusive_entry(w, entry)) {
			vmf->page = pfn_swap_entry_to_page(w, entry);
			return remove_device_exclusive_entry(vmf);
		}
		if (is_device_private_entry(w, entry))
			return not_modelled(w, "device-private migrate_to_ram");
		if (is_hwpoison_entry(w, entry))
			return VM_FAULT_HWPOISON;
		if (is_pte_marker_entry(entry))
			return handle_pte_marker(vmf, entry);
		print_bad_pte(vma, vmf->address, vmf->orig_pte, NULL);
		return VM_FAULT_SIGBUS;
	}
	return not_modelled(w, "swap-in (do_swap_page for a swap entry)");
}

/* ---- the fault entry points ----------------------------------------------------------- */
/* handle_pte_fault() */
static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	pte_t entry;

	vmf->pte = pte_offset_map(mm->w, vmf->pmd, vmf->address);
	if (vmf->pte)
		vmf->orig_pte = ptep_get(vmf->pte);
	if (!vmf->pte || pte_none(vmf->orig_pte)) {
		vmf->pte = NULL;
		if (vma_is_anonymous(vma))
			return do_anonymous_page(vmf);
		return do_fault(vmf);
	}
	if (!pte_present(vmf->orig_pte))
		return do_swap_page(vmf);
	if (pte_protnone(vmf->orig_pte))
		return not_modelled(mm->w, "NUMA hinting fault (do_numa_page)");

	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	entry = vmf->orig_pte;
	if (pte_val(ptep_get(vmf->pte)) != pte_val(entry)) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return 0;
	}
	if (vmf->flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE)) {
		if (!pte_write(entry))
			return do_wp_page(vmf);
		if (vmf->flags & FAULT_FLAG_WRITE)
			entry = pte_mkdirty(entry);
	}
	entry = pte_mkyoung(entry);
	ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, vmf->flags & FAULT_FLAG_WRITE);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/*
 * wp_huge_pmd(): anonymous THPs go to do_huge_pmd_wp_page(); a uffd-wp
 * protected PMD would be delivered to userfaultfd (not modelled).
 */
static vm_fault_t wp_huge_pmd(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (vma_is_anonymous(vma)) {
		if (!(vmf->flags & FAULT_FLAG_UNSHARE) && userfaultfd_wp(vma) &&
		    pmd_uffd_wp(vmf->orig_pmd))
			return not_modelled(vma->vm_mm->w, "userfaultfd write-protect fault delivery");
		return do_huge_pmd_wp_page(vmf);
	}
	__split_huge_pmd(vma, vmf->pmd, vmf->address, false, NULL);
	return VM_FAULT_FALLBACK;
}

/* __handle_mm_fault() */
static vm_fault_t __handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
				    unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.real_address = address,
		.flags = flags,
		.pgoff = linear_page_index(vma, address & PAGE_MASK),
		.gfp_mask = GFP_HIGHUSER_MOVABLE,
	};
	struct mm_struct *mm = vma->vm_mm;
	vm_fault_t ret;

	vmf.pmd = mm_find_or_alloc_pmd(mm, address);
	if (!vmf.pmd)
		return VM_FAULT_OOM;
	if (pmd_none(*vmf.pmd) &&
	    thp_vma_allowable_orders(vma, vma->vm_flags, address, BIT(HPAGE_PMD_ORDER))) {
		ret = do_huge_pmd_anonymous_page(&vmf);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	} else {
		pmd_t orig_pmd = pmdp_get(vmf.pmd);

		if (!pmd_none(orig_pmd) && !pmd_present(orig_pmd))
			return not_modelled(mm->w, "PMD migration entry wait");
		if (pmd_trans_huge(orig_pmd)) {
			vmf.orig_pmd = orig_pmd;
			if ((flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE)) && !pmd_write(orig_pmd)) {
				ret = wp_huge_pmd(&vmf);
				if (!(ret & VM_FAULT_FALLBACK))
					return ret;
			} else {
				/* huge_pmd_set_accessed() */
				pmd_t e = pmd_mkyoung(orig_pmd);

				if (flags & FAULT_FLAG_WRITE)
					e = pmd_mkdirty(e);
				*vmf.pmd = e;
				return 0;
			}
		}
	}
	return handle_pte_fault(&vmf);
}

/* sanitize_fault_flags(): impossible flag combinations are a WARN and SIGSEGV */
static vm_fault_t sanitize_fault_flags(struct vm_area_struct *vma, unsigned int *flags)
{
	struct mmsim *w = vma->vm_mm->w;

	if (*flags & FAULT_FLAG_UNSHARE) {
		if (WARN_ON_ONCE(w, *flags & FAULT_FLAG_WRITE))
			return VM_FAULT_SIGSEGV;
		/* unsharing only means something in COW mappings: a plain read */
		if (!is_cow_mapping(vma->vm_flags))
			*flags &= ~FAULT_FLAG_UNSHARE;
	} else if (*flags & FAULT_FLAG_WRITE) {
		if (WARN_ON_ONCE(w, !(vma->vm_flags & VM_MAYWRITE)))
			return VM_FAULT_SIGSEGV;
		/* FOLL_FORCE writes only into COW mappings */
		if (WARN_ON_ONCE(w, !(vma->vm_flags & VM_WRITE) && !is_cow_mapping(vma->vm_flags)))
			return VM_FAULT_SIGSEGV;
	}
	return 0;
}

/* handle_mm_fault(): the arch fault handler checked VMA access already */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, void *regs)
{
	struct mmsim *w = vma->vm_mm->w;
	vm_fault_t ret;

	(void)regs;
	trace_kfunc(w, "handle_mm_fault", "addr=%#lx flags=%#x", address, flags);
	ret = sanitize_fault_flags(vma, &flags);
	if (ret)
		return ret;
	w->trace_depth++;
	if (is_vm_hugetlb_page(vma))
		ret = hugetlb_fault(vma->vm_mm, vma, address, flags);
	else
		ret = __handle_mm_fault(vma, address, flags);
	w->trace_depth--;
	trace_kret(w, "handle_mm_fault", "%#x", ret);
	return ret;
}

/* ---- fork: copy_page_range ---------------------------------------------------------- */
/*
 * copy_present_page(): a possibly pinned anon page cannot be shared with
 * the child, which gets its own copy at once.
 */
static int copy_present_page(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			     pte_t *dst_pte, pte_t *src_pte, unsigned long addr, int *rss,
			     struct folio **prealloc, struct page *page)
{
	struct folio *new_folio = *prealloc;
	pte_t pte;

	if (!new_folio)
		return -EAGAIN;
	*prealloc = NULL;
	new_folio->page.content = page->content;
	folio_set_uptodate(new_folio);
	folio_add_new_anon_rmap(new_folio, dst_vma, addr, RMAP_EXCLUSIVE);
	folio_add_lru_vma(new_folio, dst_vma);
	rss[MM_ANONPAGES]++;
	pte = mk_pte(&new_folio->page, dst_vma->vm_page_prot);
	pte = maybe_mkwrite(pte_mkdirty(pte), dst_vma);
	if (userfaultfd_pte_wp(dst_vma, ptep_get(src_pte)))
		pte = pte_mkuffd_wp(pte);
	set_pte_at(dst_vma->vm_mm, addr, dst_pte, pte);
	return 0;
}

/* copy_present_ptes() for one PTE */
static int copy_present_pte(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			    pte_t *dst_pte, pte_t *src_pte, pte_t pte, unsigned long addr,
			    int *rss, struct folio **prealloc)
{
	struct page *page = vm_normal_page(src_vma, addr, pte);
	struct folio *folio;

	if (!page)
		goto copy_pte;
	folio = page_folio(page);
	folio_get(folio);
	if (folio_test_anon(folio)) {
		if (folio_try_dup_anon_rmap_pte(folio, page, dst_vma, src_vma)) {
			folio_put(folio);
			return copy_present_page(dst_vma, src_vma, dst_pte, src_pte, addr, rss,
						 prealloc, page);
		}
		rss[MM_ANONPAGES]++;
	} else {
		folio_dup_file_rmap_pte(folio, page, dst_vma);
		rss[mm_counter_file(folio)]++;
	}
copy_pte:
	/* __copy_present_ptes(): COW needs both sides read-only */
	if (is_cow_mapping(src_vma->vm_flags) && pte_write(pte)) {
		ptep_set_wrprotect(src_vma->vm_mm, addr, src_pte);
		pte = pte_wrprotect(pte);
	}
	if (src_vma->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	pte = pte_mkold(pte);
	if (!userfaultfd_wp(dst_vma))
		pte = pte_clear_uffd_wp(pte);
	set_pte_at(dst_vma->vm_mm, addr, dst_pte, pte);
	return 0;
}

/* copy_nonpresent_pte(): 0, -EIO, -EBUSY (folio lock busy), -ENOENT (re-read the PTE) */
static int copy_nonpresent_pte(struct mm_struct *dst_mm, struct mm_struct *src_mm,
			       pte_t *dst_pte, pte_t *src_pte, struct vm_area_struct *dst_vma,
			       struct vm_area_struct *src_vma, unsigned long addr, int *rss)
{
	struct mmsim *w = src_mm->w;
	pte_t orig_pte = ptep_get(src_pte), pte = orig_pte;
	swp_entry_t entry = pte_to_swp_entry(orig_pte);
	struct folio *folio;
	struct page *page;

	if (!non_swap_entry(w, entry)) {
		if (swap_duplicate(w, entry) < 0)
			return -EIO;
		/* the slot is now shared: neither side may reuse it exclusively */
		if (pte_swp_exclusive(orig_pte)) {
			pte = pte_swp_clear_exclusive(orig_pte);
			set_pte_at(src_mm, addr, src_pte, pte);
		}
		rss[MM_SWAPENTS]++;
	} else if (is_migration_entry(w, entry)) {
		folio = pfn_swap_entry_folio(w, entry);
		rss[mm_counter(folio)]++;
		if (!is_readable_migration_entry(w, entry) && is_cow_mapping(src_vma->vm_flags)) {
			entry = make_readable_migration_entry(w, swp_offset(entry));
			pte = swp_entry_to_pte(entry);
			if (pte_swp_soft_dirty(orig_pte))
				pte = pte_swp_mksoft_dirty(pte);
			if (pte_swp_uffd_wp(orig_pte))
				pte = pte_swp_mkuffd_wp(pte);
			set_pte_at(src_mm, addr, src_pte, pte);
		}
	} else if (is_device_private_entry(w, entry)) {
		page = pfn_swap_entry_to_page(w, entry);
		folio = page_folio(page);
		folio_get(folio);
		rss[mm_counter(folio)]++;
		folio_try_dup_anon_rmap_pte(folio, page, dst_vma, src_vma);
		if (is_writable_device_private_entry(w, entry) && is_cow_mapping(src_vma->vm_flags)) {
			entry = make_readable_device_private_entry(w, swp_offset(entry));
			pte = swp_entry_to_pte(entry);
			if (pte_swp_uffd_wp(orig_pte))
				pte = pte_swp_mkuffd_wp(pte);
			set_pte_at(src_mm, addr, src_pte, pte);
		}
	} else if (is_device_exclusive_entry(w, entry)) {
		/*
		 * Restore the entry, then copy it as a present PTE: only
		 * private writable (COW) mappings have device-exclusive entries.
		 */
		VM_BUG_ON(w, !is_cow_mapping(src_vma->vm_flags));
		if (try_restore_exclusive_pte(src_pte, src_vma, addr))
			return -EBUSY;
		return -ENOENT;
	} else if (is_pte_marker_entry(entry)) {
		/*
		 * copy_pte_marker() (include/linux/mm_inline.h, v6.14): error
		 * markers (poison, guard) always, uffd-wp ones into uffd-wp VMAs
		 */
		unsigned long marker = pte_marker_get(entry) & (PTE_MARKER_POISONED | PTE_MARKER_GUARD);

		if (userfaultfd_wp(dst_vma))
			marker |= pte_marker_get(entry) & PTE_MARKER_UFFD_WP;
		if (marker)
			set_pte_at(dst_mm, addr, dst_pte, swp_entry_to_pte(make_pte_marker_entry(marker)));
		return 0;
	}
	if (!userfaultfd_wp(dst_vma))
		pte = pte_swp_clear_uffd_wp(pte);
	set_pte_at(dst_mm, addr, dst_pte, pte);
	return 0;
}

static int copy_pte_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			  pmd_t *dst_pmd, pmd_t *src_pmd, unsigned long addr, unsigned long end)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm, *src_mm = src_vma->vm_mm;
	struct mmsim *w = src_mm->w;
	struct folio *prealloc = NULL;
	int rss[NR_MM_COUNTERS];
	int ret = 0;

again:
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		rss[i] = 0;
	if (!pmdp_get(dst_pmd).pmd && __pte_alloc(dst_mm, dst_pmd)) {
		ret = -ENOMEM;
		goto out;
	}
	for (; addr < end; addr += PAGE_SIZE) {
		pte_t *src_pte = pte_offset_map(w, src_pmd, addr);
		pte_t *dst_pte = pte_offset_map(w, dst_pmd, addr);
		pte_t ptent = ptep_get(src_pte);

		if (pte_none(ptent))
			continue;
		if (!pte_present(ptent)) {
			ret = copy_nonpresent_pte(dst_mm, src_mm, dst_pte, src_pte, dst_vma, src_vma,
						  addr, rss);
			if (ret != -ENOENT) {
				if (ret)
					break;
				continue;
			}
			/* a device-exclusive entry was restored: copy the present PTE */
			ptent = ptep_get(src_pte);
			VM_WARN_ON_ONCE(w, !pte_present(ptent));
		}
		ret = copy_present_pte(dst_vma, src_vma, dst_pte, src_pte, ptent, addr, rss,
				       &prealloc);
		if (ret)
			break;
	}
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		add_mm_counter(dst_mm, i, rss[i]);
	if (ret == -EAGAIN) {
		/* allocate the copy outside the locks, then redo this PTE */
		prealloc = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, dst_vma, addr);
		if (!prealloc) {
			ret = -ENOMEM;
			goto out;
		}
		ret = 0;
		goto again;
	}
out:
	if (prealloc)
		folio_put(prealloc);
	return ret;
}

static int copy_pmd_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			  unsigned long addr, unsigned long end)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm, *src_mm = src_vma->vm_mm;

	for (unsigned long next; addr < end; addr = next) {
		pmd_t *src_pmd = mm_find_pmd(src_mm, addr), *dst_pmd;
		pmd_t spmd;
		int err;

		next = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		if (next > end || next < addr)
			next = end;
		if (!src_pmd || pmd_none(*src_pmd))
			continue;
		dst_pmd = mm_find_or_alloc_pmd(dst_mm, addr);
		if (!dst_pmd)
			return -ENOMEM;
		spmd = pmdp_get(src_pmd);
		if (pmd_leaf(spmd) || !pmd_present(spmd)) {
			err = copy_huge_pmd(dst_mm, src_mm, dst_pmd, src_pmd, addr, dst_vma, src_vma);
			if (err == -ENOMEM)
				return -ENOMEM;
			if (!err)
				continue;
			/* -EAGAIN: the source PMD was split, copy its PTEs */
		}
		err = copy_pte_range(dst_vma, src_vma, dst_pmd, src_pmd, addr, next);
		/* mmsim: a path the model lacks stays -ENOSYS; the kernel says -ENOMEM */
		if (err)
			return err == -ENOSYS ? -ENOSYS : -ENOMEM;
	}
	return 0;
}

/* vma_needs_copy(): faults can refill everything but anon and uffd-wp state */
static bool vma_needs_copy(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	if (userfaultfd_wp(dst_vma))
		return true;
	return src_vma->anon_vma != NULL;
}

/* copy_page_range(): fork's copy of one VMA's page tables into the child's */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct mm_struct *src_mm = src_vma->vm_mm;
	struct mmu_notifier_range range;
	bool is_cow;
	int ret;

	trace_kfunc(src_mm->w, "copy_page_range", "vma=[%#lx-%#lx)", src_vma->vm_start,
		    src_vma->vm_end);
	if (!vma_needs_copy(dst_vma, src_vma))
		return 0;
	if (is_vm_hugetlb_page(src_vma))
		return copy_hugetlb_page_range(dst_vma->vm_mm, src_mm, dst_vma, src_vma);
	is_cow = is_cow_mapping(src_vma->vm_flags);
	if (is_cow) {
		/* the device drops what the write-protection below would not stop */
		mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_PAGE, 0, src_mm,
					src_vma->vm_start, src_vma->vm_end);
		mmu_notifier_invalidate_range_start(&range);
	}
	ret = copy_pmd_range(dst_vma, src_vma, src_vma->vm_start, src_vma->vm_end);
	if (is_cow)
		mmu_notifier_invalidate_range_end(&range);
	return ret;
}

/* ---- zap ------------------------------------------------------------------------------ */
static bool should_zap_cows(const struct zap_details *details)
{
	return !details || details->even_cows;
}

static bool should_zap_folio(const struct zap_details *details, struct folio *folio)
{
	if (should_zap_cows(details))
		return true;
	return !folio_test_anon(folio);
}

/*
 * folio_pte_batch() (mm/internal.h, v6.14) with zap's FPB_IGNORE_DIRTY |
 * FPB_IGNORE_SOFT_DIRTY: how many PTEs from ptep on map consecutive pages
 * of folio with the same bits but for write, young, dirty and soft-dirty.
 */
static int zap_folio_pte_batch(struct folio *folio, pte_t *ptep, pte_t pte, int max_nr)
{
	const u64 ignore = _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY_BITS | _PAGE_SOFT_DIRTY;
	unsigned long folio_end_pfn = folio_pfn(folio) + (unsigned long)folio_nr_pages(folio);
	u64 expected = (pte_val(pte) & ~ignore) + PAGE_SIZE;
	int nr = 1;

	while (nr < max_nr && pte_pfn(pte) + (unsigned long)nr < folio_end_pfn) {
		pte_t next = ptep_get(ptep + nr);

		if (!pte_present(next) || (pte_val(next) & ~ignore) != expected)
			break;
		expected += PAGE_SIZE;
		nr++;
	}
	return nr;
}

/*
 * zap_present_ptes() / zap_present_folio_ptes(): a large folio's PTEs go
 * in one batch, so one folio_remove_rmap_ptes() sees a wholly unmapped
 * folio as such (no deferred split); returns the PTEs consumed.
 */
static int zap_present_ptes(struct vm_area_struct *vma, pte_t *pte, pte_t ptent, int max_nr,
			    unsigned long addr, struct zap_details *details, int *rss)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = vm_normal_page(vma, addr, ptent);
	struct folio *folio;
	int nr = 1;

	if (!page) {
		/* the zero page: no rmap, no reference */
		ptep_get_and_clear(mm, addr, pte);
		return 1;
	}
	folio = page_folio(page);
	if (!should_zap_folio(details, folio))
		return 1;
	if (folio_test_large(folio) && max_nr != 1)
		nr = zap_folio_pte_batch(folio, pte, ptent, max_nr);
	/* get_and_clear_full_ptes(): dirty and young of the whole batch */
	ptent = ptep_get_and_clear(mm, addr, pte);
	for (int i = 1; i < nr; i++) {
		pte_t p = ptep_get_and_clear(mm, addr + (unsigned long)i * PAGE_SIZE, pte + i);

		if (pte_dirty(p))
			ptent = pte_mkdirty(ptent);
		if (pte_young(p))
			ptent = pte_mkyoung(ptent);
	}
	if (!folio_test_anon(folio)) {
		if (pte_dirty(ptent))
			folio_mark_dirty(folio);
		if (pte_young(ptent))
			folio_mark_accessed(folio);
	}
	rss[mm_counter(folio)] -= nr;
	folio_remove_rmap_ptes(folio, page, nr, vma);
	if (folio_mapcount(folio) < 0)
		print_bad_pte(vma, addr, ptent, page);
	folio_put_refs(folio, nr);	/* tlb batching: mmsim frees at once */
	return nr;
}

/* zap_nonpresent_ptes() for one PTE */
static void zap_nonpresent_pte(struct vm_area_struct *vma, pte_t *pte, pte_t ptent,
			       unsigned long addr, struct zap_details *details, int *rss)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	swp_entry_t entry = pte_to_swp_entry(ptent);
	struct folio *folio;
	struct page *page;

	if (is_device_private_entry(w, entry) || is_device_exclusive_entry(w, entry)) {
		page = pfn_swap_entry_to_page(w, entry);
		folio = page_folio(page);
		if (!should_zap_folio(details, folio))
			return;
		WARN_ON_ONCE(w, !vma_is_anonymous(vma));
		rss[mm_counter(folio)]--;
		/* before patch 16, device-exclusive entries held no mapcount */
		if (is_device_private_entry(w, entry) ||
		    series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
			folio_remove_rmap_pte(folio, page, vma);
		folio_put(folio);
	} else if (!non_swap_entry(w, entry)) {
		if (!should_zap_cows(details))
			return;
		rss[MM_SWAPENTS]--;
		free_swap_and_cache(w, entry);
	} else if (is_migration_entry(w, entry)) {
		folio = pfn_swap_entry_folio(w, entry);
		if (!should_zap_folio(details, folio))
			return;
		rss[mm_counter(folio)]--;
	} else if (is_pte_marker_entry(entry)) {
		/* mmsim: unmap always drops markers (zap_drop_markers) */
	} else if (is_hwpoison_entry(w, entry)) {
		if (!should_zap_cows(details))
			return;
	} else {
		print_bad_pte(vma, addr, ptent, NULL);
		WARN_ON_ONCE(w, 1);
	}
	pte_clear(mm, addr, pte);
}

static void zap_pte_range(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
			  unsigned long end, struct zap_details *details)
{
	struct mm_struct *mm = vma->vm_mm;
	int rss[NR_MM_COUNTERS] = { 0 };
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return;
	for (int nr; addr < end; addr += (unsigned long)nr * PAGE_SIZE, pte += nr) {
		pte_t ptent = ptep_get(pte);

		nr = 1;
		if (pte_none(ptent))
			continue;
		if (pte_present(ptent))
			nr = zap_present_ptes(vma, pte, ptent, (int)((end - addr) >> PAGE_SHIFT),
					      addr, details, rss);
		else
			zap_nonpresent_pte(vma, pte, ptent, addr, details, rss);
	}
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		add_mm_counter(mm, i, rss[i]);
	spin_unlock(ptl);
}

/* unmap_page_range(): zap [addr, end) of vma, PMD by PMD */
void unmap_page_range(struct vm_area_struct *vma, unsigned long addr, unsigned long end,
		      struct zap_details *details)
{
	struct mm_struct *mm = vma->vm_mm;

	trace_kfunc(mm->w, "unmap_page_range", "[%#lx-%#lx)", addr, end);
	if (is_vm_hugetlb_page(vma)) {
		__unmap_hugepage_range(vma, addr, end);
		return;
	}
	for (unsigned long next; addr < end; addr = next) {
		pmd_t *pmd = mm_find_pmd(mm, addr);

		next = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		if (next > end || next < addr)
			next = end;
		if (!pmd || pmd_none(*pmd))
			continue;
		if (pmd_leaf(*pmd) || !pmd_present(*pmd)) {
			if (next - addr == HPAGE_PMD_SIZE && IS_ALIGNED(addr, HPAGE_PMD_SIZE)) {
				zap_huge_pmd(vma, pmd, addr);
				continue;
			}
			/* a partial range splits the PMD first, then zaps PTEs */
			__split_huge_pmd(vma, pmd, addr, false, NULL);
		}
		zap_pte_range(vma, pmd, addr, next, details);
	}
}

/* zap_page_range_single(): MADV_DONTNEED and friends */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, struct zap_details *details)
{
	struct mmu_notifier_range range;
	unsigned long end = address + size;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma->vm_mm, address, end);
	mmu_notifier_invalidate_range_start(&range);
	unmap_page_range(vma, address, end, details);
	mmu_notifier_invalidate_range_end(&range);
}

/* unmap_vmas() for one VMA range: munmap and exit send MMU_NOTIFY_UNMAP */
void unmap_vmas(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_notifier_range range;

	start = max_t(unsigned long, start, vma->vm_start);
	end = min_t(unsigned long, end, vma->vm_end);
	if (start >= end)
		return;
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma->vm_mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	unmap_page_range(vma, start, end, NULL);
	mmu_notifier_invalidate_range_end(&range);
}
