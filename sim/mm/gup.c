// SPDX-License-Identifier: GPL-2.0-only
/*
 * GUP, the slow path (mm/gup.c, v6.14; read from a v6.15-era tree, whose
 * check_vma_flags() differs from v6.14 only by patch 1's hunk):
 * get_user_pages_remote(), pin_user_pages_remote(), the page-table walker
 * follow_page_mask(), faultin_page(), try_grab_folio() and unpinning.
 *
 * mmsim simplifications, each also stated where it is modelled:
 * - no GUP-fast: every lookup is the slow path, under the mmap_lock;
 * - no VM_IO/VM_PFNMAP, devmap, secretmem, gate-area or PUD-leaf mappings,
 *   no VM_GROWSDOWN stacks, no shadow stacks;
 * - no NR_FOLL_PIN_ACQUIRED/RELEASED statistics;
 * - FOLL_LONGTERM migration out of ZONE_MOVABLE is not modelled (-ENOSYS).
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/userfaultfd_k.h>

/* mm/internal.h: flags only GUP itself may set */
#define INTERNAL_GUP_FLAGS (FOLL_TOUCH | FOLL_TRIED | FOLL_REMOTE | FOLL_PIN | \
			    FOLL_FAST_ONLY | FOLL_UNLOCKABLE | FOLL_MADV_POPULATE)

/* mmsim: a lookup the fault keeps failing this often is a model bug, not a livelock */
#define GUP_MAX_FAULTS_PER_PAGE 8

struct follow_page_context {
	unsigned int page_mask;	/* mmsim: no dev_pagemap */
};

/* sanity_check_pinned_pages(): DEBUG_VM; pinned anon pages stay exclusive */
static void sanity_check_pinned_pages(struct page **pages, unsigned long npages)
{
	for (; npages; npages--, pages++) {
		struct page *page = *pages;
		struct folio *folio;

		if (!page)
			continue;
		folio = page_folio(page);
		if (is_zero_page(page) || !folio_test_anon(folio))
			continue;
		if (!folio_test_large(folio) || folio_test_hugetlb(folio))
			VM_BUG_ON_PAGE(!PageAnonExclusive(&folio->page), page);
		else	/* a PTE- or PMD-mapped THP */
			VM_BUG_ON_PAGE(!PageAnonExclusive(&folio->page) &&
				       !PageAnonExclusive(page), page);
	}
}

/* gup_put_folio(): drop what try_grab_folio() took */
static void gup_put_folio(struct folio *folio, int refs, unsigned int flags)
{
	if (flags & FOLL_PIN) {
		if (is_zero_folio(folio))
			return;
		if (folio_test_large(folio))
			atomic_sub(refs, &folio->_pincount);
		else
			refs *= GUP_PIN_COUNTING_BIAS;
	}
	folio_put_refs(folio, refs);
}

/*
 * try_grab_folio(): FOLL_GET takes refs references; FOLL_PIN takes refs
 * pins, counted in _pincount (plus one reference each) on a large folio
 * and as GUP_PIN_COUNTING_BIAS references each on a small one. The zero
 * page is never pinned.
 */
static int try_grab_folio(struct folio *folio, int refs, unsigned int flags)
{
	if (WARN_ON_ONCE(folio_world(folio), folio_ref_count(folio) <= 0))
		return -ENOMEM;
	if (flags & FOLL_GET) {
		folio_ref_add(folio, refs);
	} else if (flags & FOLL_PIN) {
		if (is_zero_folio(folio))
			return 0;
		if (folio_test_large(folio)) {
			folio_ref_add(folio, refs);
			atomic_add(refs, &folio->_pincount);
		} else {
			folio_ref_add(folio, refs * (int)GUP_PIN_COUNTING_BIAS);
		}
	}
	return 0;
}

/* unpin_user_page() */
void unpin_user_page(struct page *page)
{
	trace_kfunc(page_world(page), "unpin_user_page", "pfn=%#lx", page_to_pfn(page));
	sanity_check_pinned_pages(&page, 1);
	gup_put_folio(page_folio(page), 1, FOLL_PIN);
}

/* unpin_folio() */
void unpin_folio(struct folio *folio)
{
	gup_put_folio(folio, 1, FOLL_PIN);
}

/* gup_folio_next(): how many consecutive entries of list share list[i]'s folio */
static struct folio *gup_folio_next(struct page **list, unsigned long npages,
				    unsigned long i, unsigned int *ntails)
{
	struct folio *folio = page_folio(list[i]);
	unsigned long nr;

	for (nr = i + 1; nr < npages; nr++)
		if (page_folio(list[nr]) != folio)
			break;
	*ntails = (unsigned int)(nr - i);
	return folio;
}

/* unpin_user_pages(): NULL entries are skipped; runs of one folio are put at once */
void unpin_user_pages(struct page **pages, unsigned long npages)
{
	struct folio *folio;
	unsigned long i;
	unsigned int nr;

	if (!npages)
		return;
	/* a caller passing a GUP -errno as the count */
	if (WARN_ON(page_world(pages[0]), IS_ERR_VALUE(npages)))
		return;
	sanity_check_pinned_pages(pages, npages);
	for (i = 0; i < npages; i += nr) {
		if (!pages[i]) {
			nr = 1;
			continue;
		}
		folio = gup_folio_next(pages, npages, i, &nr);
		gup_put_folio(folio, (int)nr, FOLL_PIN);
	}
}

/* mm_set_has_pinned_flag(): set once, kept for the mm's lifetime */
static void mm_set_has_pinned_flag(unsigned long *mm_flags)
{
	if (!test_bit_ul(MMF_HAS_PINNED, mm_flags))
		set_bit_ul(MMF_HAS_PINNED, mm_flags);
}

/* ---- following the page tables ------------------------------------------------ */

/* pte_needs_soft_dirty_wp() / pmd_needs_soft_dirty_wp() (mm/internal.h) */
static bool pte_needs_soft_dirty_wp(struct vm_area_struct *vma, pte_t pte)
{
	return vma_soft_dirty_enabled(vma) && !pte_soft_dirty(pte);
}

static bool pmd_needs_soft_dirty_wp(struct vm_area_struct *vma, pmd_t pmd)
{
	return vma_soft_dirty_enabled(vma) && !pmd_soft_dirty(pmd);
}

/*
 * can_follow_write_common(): FOLL_FORCE may write through an unwritable
 * entry only of a private, VM_MAYWRITE, !VM_WRITE mapping, and only once
 * COW was broken into an exclusive anon page.
 */
static bool can_follow_write_common(struct page *page, struct vm_area_struct *vma,
				    unsigned int flags)
{
	if (!(flags & FOLL_FORCE))
		return false;
	if (vma->vm_flags & (VM_MAYSHARE | VM_SHARED))
		return false;
	if (!(vma->vm_flags & VM_MAYWRITE))
		return false;
	if (vma->vm_flags & VM_WRITE)
		return false;
	return page && PageAnon(page) && PageAnonExclusive(page);
}

static bool can_follow_write_pmd(pmd_t pmd, struct page *page, struct vm_area_struct *vma,
				 unsigned int flags)
{
	if (pmd_write(pmd))
		return true;
	if (!can_follow_write_common(page, vma, flags))
		return false;
	if (pmd_needs_soft_dirty_wp(vma, pmd))
		return false;
	/* userfaultfd_huge_pmd_wp() */
	return !((vma->vm_flags & VM_UFFD_WP) && pmd_uffd_wp(pmd));
}

static bool can_follow_write_pte(pte_t pte, struct page *page, struct vm_area_struct *vma,
				 unsigned int flags)
{
	if (pte_write(pte))
		return true;
	if (!can_follow_write_common(page, vma, flags))
		return false;
	if (pte_needs_soft_dirty_wp(vma, pte))
		return false;
	return !userfaultfd_pte_wp(vma, pte);
}

/* gup_can_follow_protnone() (mm/internal.h): NUMA hinting is honoured only on request */
static bool gup_can_follow_protnone(struct vm_area_struct *vma, unsigned int flags)
{
	if (!(flags & FOLL_HONOR_NUMA_FAULT))
		return true;
	/* vma_is_accessible() */
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

/*
 * gup_must_unshare() (mm/internal.h): a read-only pin of an anon page that
 * is not known to be exclusive must first unshare it (FAULT_FLAG_UNSHARE),
 * or the pin could see a page a later COW leaves behind. Long-term pins of
 * file pages in COW mappings unshare too.
 */
static bool gup_must_unshare(struct vm_area_struct *vma, unsigned int flags, struct page *page)
{
	/* FOLL_WRITE is the business of can_follow_write_*() */
	if ((flags & (FOLL_WRITE | FOLL_PIN)) != FOLL_PIN)
		return false;
	if (!PageAnon(page)) {
		if (!(flags & FOLL_LONGTERM))
			return false;
		if (!vma)
			return true;
		return is_cow_mapping(vma->vm_flags);
	}
	/* hugetlb keeps PageAnonExclusive on the head page */
	if (folio_test_hugetlb(page_folio(page)))
		page = &page_folio(page)->page;
	return !PageAnonExclusive(page);
}

/*
 * no_page_table(): NULL lets the caller fault; FOLL_DUMP gets -EFAULT where
 * the hole would read as zeroes anyway. mmsim: private hugetlb has no page
 * cache (hugetlbfs_pagecache_present() is false) and every file VMA has ->fault.
 */
static struct page *no_page_table(struct vm_area_struct *vma, unsigned int flags)
{
	if (!(flags & FOLL_DUMP))
		return NULL;
	if (is_vm_hugetlb_page(vma) || vma_is_anonymous(vma))
		return ERR_PTR(-EFAULT);
	return NULL;
}

/*
 * touch_pmd() (mm/huge_memory.c): young, and dirty for a write. x86's
 * pmdp_set_access_flags() stores the entry only for a write fault.
 */
static void touch_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd, bool write)
{
	pmd_t entry = pmd_mkyoung(*pmd);

	(void)vma;
	(void)addr;
	if (write)
		entry = pmd_mkdirty(entry);
	if (write && pmd_val(entry) != pmd_val(*pmd))
		*pmd = entry;
}

/*
 * follow_huge_pmd(): the subpage at addr of a PMD leaf (THP or, through the
 * generic walker since v6.10, a PMD-sized hugetlb folio), grabbed on the
 * folio; the caller holds the PMD lock.
 */
static struct page *follow_huge_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd,
				    unsigned int flags, struct follow_page_context *ctx)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t pmdval = *pmd;
	struct page *page;
	int ret;

	VM_BUG_ON(mm->w, !pmd_lockptr(mm, pmd)->held);	/* assert_spin_locked() */
	page = pfn_to_page(mm->w, pmd_pfn(pmdval));
	if ((flags & FOLL_WRITE) && !can_follow_write_pmd(pmdval, page, vma, flags))
		return NULL;
	/* FOLL_DUMP's is_huge_zero_pmd() check: the huge zero page is off */
	if (pmd_protnone(pmdval) && !gup_can_follow_protnone(vma, flags))
		return NULL;
	if (!pmd_write(pmdval) && gup_must_unshare(vma, flags, page))
		return ERR_PTR(-EMLINK);
	VM_BUG_ON_PAGE((flags & FOLL_PIN) && PageAnon(page) && !PageAnonExclusive(page), page);
	ret = try_grab_folio(page_folio(page), 1, flags);
	if (ret)
		return ERR_PTR(ret);
	if (pmd_trans_huge(pmdval) && (flags & FOLL_TOUCH))
		touch_pmd(vma, addr, pmd, flags & FOLL_WRITE);
	page = pfn_to_page(mm->w, pmd_pfn(pmdval) + ((addr & ~HPAGE_PMD_MASK) >> PAGE_SHIFT));
	ctx->page_mask = HPAGE_PMD_NR - 1;
	return page;
}

/*
 * follow_pfn_pte(): a present PTE without a struct page to return. mmsim:
 * there are no VM_PFNMAP/VM_MIXEDMAP mappings, so only a corrupt entry that
 * vm_normal_page() already reported gets here; it is not touched.
 */
static int follow_pfn_pte(void)
{
	return -EEXIST;
}

static struct page *follow_page_pte(struct vm_area_struct *vma, unsigned long address,
				    pmd_t *pmd, unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	struct folio *folio;
	struct page *page;
	spinlock_t *ptl;
	pte_t *ptep, pte;
	int ret;

	if (WARN_ON_ONCE(w, (flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET)))
		return ERR_PTR(-EINVAL);
	ptep = pte_offset_map_lock(mm, pmd, address, &ptl);
	if (!ptep)
		return no_page_table(vma, flags);
	pte = ptep_get(ptep);
	if (!pte_present(pte))
		goto no_page;
	if (pte_protnone(pte) && !gup_can_follow_protnone(vma, flags))
		goto no_page;

	page = vm_normal_page(vma, address, pte);
	if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags)) {
		page = NULL;
		goto out;
	}
	if (!page) {
		if (flags & FOLL_DUMP) {
			/* no special pages such as the zero page in core dumps */
			page = ERR_PTR(-EFAULT);
			goto out;
		}
		if (is_zero_pfn(w, pte_pfn(pte))) {
			page = pfn_to_page(w, pte_pfn(pte));
		} else {
			page = ERR_PTR(follow_pfn_pte());
			goto out;
		}
	}
	folio = page_folio(page);
	if (!pte_write(pte) && gup_must_unshare(vma, flags, page)) {
		page = ERR_PTR(-EMLINK);
		goto out;
	}
	VM_BUG_ON_PAGE((flags & FOLL_PIN) && PageAnon(page) && !PageAnonExclusive(page), page);
	ret = try_grab_folio(folio, 1, flags);
	if (unlikely(ret)) {
		page = ERR_PTR(ret);
		goto out;
	}
	/* arch_make_folio_accessible() is a no-op on x86 */
	if (flags & FOLL_TOUCH) {
		if ((flags & FOLL_WRITE) && !pte_dirty(pte) && !folio_test_dirty(folio))
			folio_mark_dirty(folio);
		folio_mark_accessed(folio);
	}
out:
	pte_unmap_unlock(ptep, ptl);
	return page;
no_page:
	pte_unmap_unlock(ptep, ptl);
	if (!pte_none(pte))
		return NULL;
	return no_page_table(vma, flags);
}

/*
 * follow_pmd_mask(). A PMD-sized hugetlb leaf passes pmd_trans_huge() on
 * x86, so before patch 1 FOLL_SPLIT_PMD splits it as if it were a THP
 * (and page_table_check BUGs in the split); check_vma_flags() now keeps
 * hugetlb VMAs from getting here with FOLL_SPLIT_PMD.
 */
static struct page *follow_pmd_mask(struct vm_area_struct *vma, unsigned long address,
				    pud_t *pudp, unsigned int flags,
				    struct follow_page_context *ctx)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd, pmdval;
	spinlock_t *ptl;
	struct page *page;

	pmd = pmd_offset(mm->w, pudp, address);
	pmdval = pmdp_get(pmd);
	if (pmd_none(pmdval))
		return no_page_table(vma, flags);
	if (!pmd_present(pmdval))
		return no_page_table(vma, flags);
	if (likely(!pmd_leaf(pmdval)))
		return follow_page_pte(vma, address, pmd, flags);
	if (pmd_protnone(pmdval) && !gup_can_follow_protnone(vma, flags))
		return no_page_table(vma, flags);

	ptl = pmd_lock(mm, pmd);
	pmdval = *pmd;
	if (pmd_trans_huge(pmdval) && (flags & FOLL_SPLIT_PMD)) {
		spin_unlock(ptl);
		split_huge_pmd(vma, pmd, address);
		/* a file PMD is zapped, not split: give it a PTE table (pte_alloc()) */
		if (pmd_none(*pmd) && __pte_alloc(mm, pmd))
			return ERR_PTR(-ENOMEM);
		return follow_page_pte(vma, address, pmd, flags);
	}
	page = follow_huge_pmd(vma, address, pmd, flags, ctx);
	spin_unlock(ptl);
	return page;
}

/*
 * follow_page_mask(): the page mapped at address with the reference
 * FOLL_GET/FOLL_PIN asks for; NULL when a fault is needed; ERR_PTR(-EMLINK)
 * when a read-only pin must unshare first; another ERR_PTR on failure.
 * mmsim: four levels, no PUD leaves.
 */
static struct page *follow_page_mask(struct vm_area_struct *vma, unsigned long address,
				     unsigned int flags, struct follow_page_context *ctx)
{
	struct mm_struct *mm = vma->vm_mm;
	pgd_t *pgd;
	pud_t *pud;

	ctx->page_mask = 0;
	pgd = pgd_offset(mm, address);
	if (!pgd_val(*pgd))
		return no_page_table(vma, flags);
	pud = pud_offset(mm->w, pgd, address);
	if (!pud_val(*pud))
		return no_page_table(vma, flags);
	return follow_pmd_mask(vma, address, pud, flags, ctx);
}

/* ---- faulting ---------------------------------------------------------------------- */

/*
 * mmsim: handle_mm_fault() keeps the mmap_lock where the kernel's drops it
 * (VM_FAULT_RETRY without RETRY_NOWAIT, VM_FAULT_COMPLETED); GUP drops it
 * here instead, so *locked and the lock state agree.
 */
static void gup_fault_dropped_mmap_lock(struct mm_struct *mm, int *locked)
{
	mmap_read_unlock(mm);
	*locked = 0;
}

/* faultin_page(): 0 to retry the lookup, or why not */
static int faultin_page(struct vm_area_struct *vma, unsigned long address, unsigned int flags,
			bool unshare, int *locked)
{
	struct mmsim *w = vma->vm_mm->w;
	unsigned int fault_flags = 0;
	vm_fault_t ret;

	trace_kfunc(w, "faultin_page", "addr=%#lx flags=%#x unshare=%d", address, flags, unshare);
	if (flags & FOLL_NOFAULT)
		return -EFAULT;
	if (flags & FOLL_WRITE)
		fault_flags |= FAULT_FLAG_WRITE;
	if (flags & FOLL_REMOTE)
		fault_flags |= FAULT_FLAG_REMOTE;
	if (flags & FOLL_UNLOCKABLE) {
		fault_flags |= FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE;
		if (flags & FOLL_INTERRUPTIBLE)
			fault_flags |= FAULT_FLAG_INTERRUPTIBLE;
	}
	if (flags & FOLL_NOWAIT)
		fault_flags |= FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_RETRY_NOWAIT;
	if (flags & FOLL_TRIED)
		fault_flags |= FAULT_FLAG_TRIED;
	if (unshare) {
		fault_flags |= FAULT_FLAG_UNSHARE;
		/* a write fault would have broken COW already */
		VM_BUG_ON(w, fault_flags & FAULT_FLAG_WRITE);
	}

	w->trace_depth++;
	ret = handle_mm_fault(vma, address, fault_flags, NULL);
	w->trace_depth--;

	if (ret & VM_FAULT_COMPLETED) {
		WARN_ON_ONCE(w, fault_flags & FAULT_FLAG_RETRY_NOWAIT);
		gup_fault_dropped_mmap_lock(vma->vm_mm, locked);
		return -EAGAIN;
	}
	if (ret & VM_FAULT_ERROR) {
		int err = vm_fault_to_errno(ret, (int)flags);

		if (err)
			return err;
		BUG(w);
	}
	if (ret & VM_FAULT_RETRY) {
		if (!(fault_flags & FAULT_FLAG_RETRY_NOWAIT))
			gup_fault_dropped_mmap_lock(vma->vm_mm, locked);
		return -EBUSY;
	}
	return 0;
}

/* vma_needs_dirty_tracking() (mm/mmap.c): shared writable regular-file mappings */
static bool vma_needs_dirty_tracking(struct vm_area_struct *vma)
{
	if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
		return false;
	/* mmsim's regular files have writeback; shmem and hugetlbfs do not */
	return vma->vm_file && !vma_is_shmem(vma) && !is_vm_hugetlb_page(vma);
}

/* writable_file_mapping_allowed(): no long-term pins for writes to dirty-tracked files */
static bool writable_file_mapping_allowed(struct vm_area_struct *vma, unsigned int gup_flags)
{
	if ((gup_flags & (FOLL_PIN | FOLL_LONGTERM)) != (FOLL_PIN | FOLL_LONGTERM))
		return true;
	return !vma_needs_dirty_tracking(vma);
}

/*
 * check_vma_flags(): may GUP touch this VMA at all. mmsim: no VM_IO,
 * VM_PFNMAP, fsdax, secretmem or shadow-stack VMAs; x86's
 * arch_vma_access_permitted() allows everything without protection keys.
 */
static int check_vma_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	struct mmsim *w = vma->vm_mm->w;
	vm_flags_t vm_flags = vma->vm_flags;
	bool write = gup_flags & FOLL_WRITE;
	bool vma_anon = vma_is_anonymous(vma);

	if ((gup_flags & FOLL_ANON) && !vma_anon)
		return -EFAULT;
	/* patch 1: FOLL_SPLIT_PMD would split a hugetlb PMD like a THP */
	if (series_has(w, PATCH_GUP_REJECT_SPLIT_PMD_HUGETLB) &&
	    (gup_flags & FOLL_SPLIT_PMD) && is_vm_hugetlb_page(vma))
		return -EOPNOTSUPP;
	if (write) {
		if (!vma_anon && !writable_file_mapping_allowed(vma, gup_flags))
			return -EFAULT;
		if (!(vm_flags & VM_WRITE)) {
			if (!(gup_flags & FOLL_FORCE))
				return -EFAULT;
			/* a forced write breaks COW; shared mappings have none to break */
			if (!is_cow_mapping(vm_flags))
				return -EFAULT;
		}
	} else if (!(vm_flags & VM_READ)) {
		if (!(gup_flags & FOLL_FORCE))
			return -EFAULT;
		if (!(vm_flags & VM_MAYREAD))
			return -EFAULT;
	}
	return 0;
}

/*
 * mmsim: the forcing injection gup:skip-check-vma-flags (patch 2's pair;
 * not reachable in the real kernel at level 1). GUP treats a hugetlb VMA
 * as if its hugetlb size were not mapped by a PMD: FOLL_SPLIT_PMD is
 * neither rejected by check_vma_flags() (patch 1) nor splits the hugetlb
 * PMD, and the hugetlb page itself is returned.
 */
static unsigned int gup_inject_hugetlb_no_split(struct vm_area_struct *vma,
						unsigned int gup_flags)
{
	if ((gup_flags & FOLL_SPLIT_PMD) && is_vm_hugetlb_page(vma) &&
	    mmsim_inject_hit(vma->vm_mm->w, MMSIM_INJ_GUP_SKIP_CHECK_VMA_FLAGS))
		return gup_flags & ~FOLL_SPLIT_PMD;
	return gup_flags;
}

/*
 * __get_user_pages(): walk [start, start + nr_pages pages), faulting what
 * is missing. The number of pages done, or -errno if none was.
 */
static long __get_user_pages(struct mm_struct *mm, unsigned long start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages, int *locked)
{
	struct mmsim *w = mm->w;
	struct follow_page_context ctx = { 0 };
	struct vm_area_struct *vma = NULL;
	unsigned int vma_gup_flags = gup_flags;	/* mmsim: see gup_inject_hugetlb_no_split() */
	unsigned int faults = 0;
	long ret = 0, i = 0;

	if (!nr_pages)
		return 0;
	trace_kfunc(w, "__get_user_pages", "start=%#lx nr=%lu flags=%#x", start, nr_pages,
		    gup_flags);
	VM_BUG_ON(w, !!pages != !!(gup_flags & (FOLL_GET | FOLL_PIN)));

	do {
		struct page *page;
		unsigned long page_increm;

		/* first iteration or crossing a VMA boundary */
		if (!vma || start >= vma->vm_end) {
			if (gup_flags & FOLL_MADV_POPULATE) {
				vma = vma_lookup(mm, start);
				if (!vma) {
					ret = -ENOMEM;
					goto out;
				}
				if (check_vma_flags(vma, gup_flags)) {
					ret = -EINVAL;
					goto out;
				}
				goto retry;
			}
			/* gup_vma_lookup(): no VM_GROWSDOWN stacks, no gate area */
			vma = vma_lookup(mm, start);
			if (!vma) {
				ret = -EFAULT;
				goto out;
			}
			vma_gup_flags = gup_inject_hugetlb_no_split(vma, gup_flags);
			ret = check_vma_flags(vma, vma_gup_flags);
			if (ret)
				goto out;
		}
retry:
		page = follow_page_mask(vma, start, vma_gup_flags, &ctx);
		if (!page || PTR_ERR(page) == -EMLINK) {
			ret = faultin_page(vma, start, gup_flags, PTR_ERR(page) == -EMLINK, locked);
			switch (ret) {
			case 0:
				if (++faults <= GUP_MAX_FAULTS_PER_PAGE)
					goto retry;
				WARN_ON_ONCE(w, 1);
				mmsim_log(w, "mmsim: GUP at %#lx made no progress", start);
				ret = -EFAULT;
				goto out;
			case -EBUSY:
			case -EAGAIN:
				ret = 0;
				goto out;
			case -EFAULT:
			case -ENOMEM:
			case -EHWPOISON:
			case -ENOSYS:	/* mmsim: a fault path the model lacks */
				goto out;
			}
			BUG(w);
		} else if (PTR_ERR(page) == -EEXIST) {
			/* an entry without a struct page: fatal only if pages[] wants it */
			if (pages) {
				ret = PTR_ERR(page);
				goto out;
			}
		} else if (IS_ERR(page)) {
			ret = PTR_ERR(page);
			goto out;
		}
		faults = 0;
		page_increm = 1 + (~(start >> PAGE_SHIFT) & ctx.page_mask);
		if (page_increm > nr_pages)
			page_increm = nr_pages;
		if (pages) {
			/* the rest of a large folio's pages in range, grabbed at once */
			if (page_increm > 1) {
				struct folio *folio = page_folio(page);

				if (try_grab_folio(folio, (int)page_increm - 1, gup_flags)) {
					gup_put_folio(folio, 1, gup_flags);
					ret = -EFAULT;
					goto out;
				}
			}
			for (unsigned long j = 0; j < page_increm; j++)
				pages[i + (long)j] = page + j;	/* nth_page() */
		}
		i += (long)page_increm;
		start += page_increm * PAGE_SIZE;
		nr_pages -= page_increm;
	} while (nr_pages);
out:
	return i ? i : ret;
}

/*
 * __get_user_pages_locked(): *locked == 1, the caller holds the mmap_lock
 * (and may lose it with FOLL_UNLOCKABLE); *locked == 0, take and drop it
 * here. mmsim: there are no signals; the one way a FOLL_TRIED retry can
 * come back for another retry is a killable folio-lock sleep that a fatal
 * signal ended, so that is taken as the pending fatal signal.
 */
static long __get_user_pages_locked(struct mm_struct *mm, unsigned long start,
				    unsigned long nr_pages, struct page **pages, int *locked,
				    unsigned int flags)
{
	struct mmsim *w = mm->w;
	bool must_unlock = false, fatal_signal = false;
	long ret, pages_done;

	if (!nr_pages)
		return 0;
	if (!*locked) {
		mmap_read_lock(mm);	/* mmap_read_lock_killable(): nothing kills */
		must_unlock = true;
		*locked = 1;
	} else {
		mmap_assert_locked(mm);
	}
	if (flags & FOLL_PIN)
		mm_set_has_pinned_flag(&mm->flags);
	/* the traditional FOLL_GET for callers wanting pages[] without asking */
	if (pages && !(flags & FOLL_PIN))
		flags |= FOLL_GET;

	pages_done = 0;
	for (;;) {
		ret = __get_user_pages(mm, start, nr_pages, flags, pages, locked);
		if (!(flags & FOLL_UNLOCKABLE)) {
			/* VM_FAULT_RETRY could not happen */
			pages_done = ret;
			break;
		}
		/* VM_FAULT_RETRY and VM_FAULT_COMPLETED return no errors */
		if (!*locked) {
			BUG_ON(w, ret < 0);
			BUG_ON(w, ret >= (long)nr_pages);
		}
		if (ret > 0) {
			nr_pages -= (unsigned long)ret;
			pages_done += ret;
			if (!nr_pages)
				break;
		}
		if (*locked) {
			/* no VM_FAULT_RETRY, or FOLL_NOWAIT */
			if (!pages_done)
				pages_done = ret;
			break;
		}
		/* the lock was dropped: continue at the page that retried */
		if (pages)
			pages += ret;
		start += (unsigned long)ret << PAGE_SHIFT;
		must_unlock = true;
retry:
		if (fatal_signal) {	/* gup_signal_pending() */
			if (!pages_done)
				pages_done = -EINTR;
			break;
		}
		mmap_read_lock(mm);
		*locked = 1;
		ret = __get_user_pages(mm, start, 1, flags | FOLL_TRIED, pages, locked);
		if (!*locked) {
			BUG_ON(w, ret != 0);
			fatal_signal = true;
			goto retry;
		}
		if (ret != 1) {
			BUG_ON(w, ret > 1);
			if (!pages_done)
				pages_done = ret;
			break;
		}
		nr_pages--;
		pages_done++;
		if (!nr_pages)
			break;
		if (pages)
			pages++;
		start += PAGE_SIZE;
	}
	if (must_unlock && *locked) {
		mmap_read_unlock(mm);
		*locked = 0;
	}
	/* pinning nothing means something went wrong (except with FOLL_NOWAIT) */
	if (WARN_ON_ONCE(w, pages_done == 0 && !(flags & FOLL_NOWAIT)))
		return -EFAULT;
	return pages_done;
}

/* folio_is_longterm_pinnable() (include/linux/mm.h): not in ZONE_MOVABLE (no CMA here) */
static bool folio_is_longterm_pinnable(struct folio *folio)
{
	if (is_zero_folio(folio))
		return true;
	return page_zonenum(&folio->page) != 1;	/* 1 = ZONE_MOVABLE */
}

/*
 * check_and_migrate_movable_pages(): 0 when every pinned folio may stay
 * pinned long-term. mmsim: migrating the others out of ZONE_MOVABLE is not
 * modelled yet; they are all unpinned and the pin fails with -ENOSYS.
 */
static long check_and_migrate_movable_pages(struct mmsim *w, unsigned long nr_pages,
					    struct page **pages)
{
	for (unsigned long i = 0; i < nr_pages; i++) {
		if (folio_is_longterm_pinnable(page_folio(pages[i])))
			continue;
		mmsim_log(w, "not modelled yet: FOLL_LONGTERM migration out of ZONE_MOVABLE");
		unpin_user_pages(pages, nr_pages);
		return -ENOSYS;
	}
	return 0;
}

/* __gup_longterm_locked(): FOLL_LONGTERM pins must not keep ZONE_MOVABLE folios */
static long __gup_longterm_locked(struct mm_struct *mm, unsigned long start,
				  unsigned long nr_pages, struct page **pages, int *locked,
				  unsigned int gup_flags)
{
	long rc, nr_pinned_pages;

	if (!(gup_flags & FOLL_LONGTERM))
		return __get_user_pages_locked(mm, start, nr_pages, pages, locked, gup_flags);
	do {
		nr_pinned_pages = __get_user_pages_locked(mm, start, nr_pages, pages, locked,
							  gup_flags);
		if (nr_pinned_pages <= 0) {
			rc = nr_pinned_pages;
			break;
		}
		/* FOLL_LONGTERM implies FOLL_PIN */
		rc = check_and_migrate_movable_pages(mm->w, (unsigned long)nr_pinned_pages, pages);
	} while (rc == -EAGAIN);
	return rc ? rc : nr_pinned_pages;
}

/* is_valid_gup_args(): mmsim: world added, for the WARNs */
static bool is_valid_gup_args(struct mmsim *w, struct page **pages, int *locked,
			      unsigned int *gup_flags_p, unsigned int to_set)
{
	unsigned int gup_flags = *gup_flags_p;

	/* FOLL_TOUCH, FOLL_PIN, FOLL_REMOTE ... are GUP-internal */
	if (WARN_ON_ONCE(w, gup_flags & INTERNAL_GUP_FLAGS))
		return false;
	gup_flags |= to_set;
	if (locked) {
		/* at the external interface the lock must be held */
		if (WARN_ON_ONCE(w, *locked != 1))
			return false;
		gup_flags |= FOLL_UNLOCKABLE;
	}
	if (WARN_ON_ONCE(w, (gup_flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET)))
		return false;
	if (WARN_ON_ONCE(w, !(gup_flags & FOLL_PIN) && (gup_flags & FOLL_LONGTERM)))
		return false;
	if (WARN_ON_ONCE(w, (gup_flags & (FOLL_GET | FOLL_PIN)) && !pages))
		return false;
	if (WARN_ON_ONCE(w, (gup_flags & FOLL_LONGTERM) && (gup_flags & FOLL_PCI_P2PDMA)))
		return false;
	*gup_flags_p = gup_flags;
	return true;
}

/* get_user_pages_remote() */
long get_user_pages_remote(struct mm_struct *mm, unsigned long start, unsigned long nr_pages,
			   unsigned int gup_flags, struct page **pages, int *locked)
{
	int local_locked = 1;

	trace_kfunc(mm->w, "get_user_pages_remote", "mm=%u start=%#lx nr=%lu flags=%#x",
		    mm->id, start, nr_pages, gup_flags);
	long ret;

	if (!is_valid_gup_args(mm->w, pages, locked, &gup_flags, FOLL_TOUCH | FOLL_REMOTE))
		return -EINVAL;
	ret = __get_user_pages_locked(mm, start, nr_pages, pages,
				      locked ? locked : &local_locked, gup_flags);
	trace_kret(mm->w, "get_user_pages_remote", "%ld", ret);
	return ret;
}

/* pin_user_pages_remote(): invalid arguments give 0 pages, not an error */
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start, unsigned long nr_pages,
			   unsigned int gup_flags, struct page **pages, int *locked)
{
	int local_locked = 1;

	trace_kfunc(mm->w, "pin_user_pages_remote", "mm=%u start=%#lx nr=%lu flags=%#x",
		    mm->id, start, nr_pages, gup_flags);
	long ret;

	if (!is_valid_gup_args(mm->w, pages, locked, &gup_flags,
			       FOLL_PIN | FOLL_TOUCH | FOLL_REMOTE))
		return 0;
	ret = __gup_longterm_locked(mm, start, nr_pages, pages,
				    locked ? locked : &local_locked, gup_flags);
	trace_kret(mm->w, "pin_user_pages_remote", "%ld", ret);
	return ret;
}

/* get_user_page_vma_remote() (include/linux/mm.h): one page and its VMA, or an ERR_PTR */
struct page *get_user_page_vma_remote(struct mm_struct *mm, unsigned long addr,
				      int gup_flags, struct vm_area_struct **vmap)
{
	struct vm_area_struct *vma;
	struct page *page;
	long got;

	if (WARN_ON_ONCE(mm->w, (unsigned int)gup_flags & FOLL_NOWAIT))
		return ERR_PTR(-EINVAL);
	got = get_user_pages_remote(mm, addr, 1, (unsigned int)gup_flags, &page, NULL);
	if (got < 0)
		return ERR_PTR(got);
	vma = vma_lookup(mm, addr);
	if (WARN_ON_ONCE(mm->w, !vma)) {
		put_page(page);
		return ERR_PTR(-EINVAL);
	}
	*vmap = vma;
	return page;
}
