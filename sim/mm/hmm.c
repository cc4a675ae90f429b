// SPDX-License-Identifier: GPL-2.0-only
/*
 * HMM (mm/hmm.c, v6.14): hmm_range_fault() reads the CPU page tables of a
 * range into hmm_pfns[] for a device mirror, faulting what the request
 * needs. A device-exclusive entry is never reported valid: a request that
 * needs the page faults it, which revokes the exclusivity through
 * remove_device_exclusive_entry(); a snapshot reports 0.
 *
 * mmsim simplifications: walk_page_range() with hmm_walk_ops is open-coded
 * over VMAs and PMDs; no VM_IO/VM_PFNMAP VMAs, no devmap; ZONE_DEVICE
 * pages do not exist, so no device-private entry is owned by the caller
 * (faulting one is the -ENOSYS of do_swap_page's device-private path);
 * migration_entry_wait() is not modelled (-ENOSYS when a fault needs it).
 */
#include <mmsim/kernel/hmm.h>
#include <mmsim/kernel/swapops.h>

struct hmm_vma_walk {
	struct hmm_range *range;
	unsigned long last;
};

enum {
	HMM_NEED_FAULT = 1 << 0,
	HMM_NEED_WRITE_FAULT = 1 << 1,
	HMM_NEED_ALL_BITS = HMM_NEED_FAULT | HMM_NEED_WRITE_FAULT,
};

/* walk_page_range()'s struct mm_walk, the part hmm uses */
struct hmm_mm_walk {
	struct mm_struct *mm;
	struct vm_area_struct *vma;	/* NULL in a hole between VMAs */
	struct hmm_vma_walk *private;
};

static int hmm_pfns_fill(unsigned long addr, unsigned long end, struct hmm_range *range,
			 unsigned long cpu_flags)
{
	unsigned long i = (addr - range->start) >> PAGE_SHIFT;

	for (; addr < end; addr += PAGE_SIZE, i++)
		range->hmm_pfns[i] = cpu_flags;
	return 0;
}

/*
 * hmm_vma_fault(): fault in [addr, end) and return -EBUSY so the walk
 * restarts at addr and reads what the faults installed.
 */
static int hmm_vma_fault(unsigned long addr, unsigned long end, unsigned int required_fault,
			 struct hmm_mm_walk *walk)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	struct vm_area_struct *vma = walk->vma;
	struct mmsim *w = walk->mm->w;
	unsigned int fault_flags = FAULT_FLAG_REMOTE;

	WARN_ON_ONCE(w, !required_fault);
	hmm_vma_walk->last = addr;

	if (required_fault & HMM_NEED_WRITE_FAULT) {
		if (!(vma->vm_flags & VM_WRITE))
			return -EPERM;
		fault_flags |= FAULT_FLAG_WRITE;
	}

	for (; addr < end; addr += PAGE_SIZE) {
		vm_fault_t ret = handle_mm_fault(vma, addr, fault_flags, NULL);

		/* mmsim: a fault path the model lacks stays visible as -ENOSYS */
		if (ret & VM_FAULT_MMSIM_ENOSYS)
			return -ENOSYS;
		if (ret & VM_FAULT_ERROR)
			return -EFAULT;
	}
	return -EBUSY;
}

/* hmm_pte_need_fault(): what this page's request needs given the CPU's flags */
static unsigned int hmm_pte_need_fault(const struct hmm_vma_walk *hmm_vma_walk,
				       unsigned long pfn_req_flags, unsigned long cpu_flags)
{
	struct hmm_range *range = hmm_vma_walk->range;

	/* per-page requests under the mask, plus the range's default */
	pfn_req_flags &= range->pfn_flags_mask;
	pfn_req_flags |= range->default_flags;

	if (!(pfn_req_flags & HMM_PFN_REQ_FAULT))
		return 0;
	if ((pfn_req_flags & HMM_PFN_REQ_WRITE) && !(cpu_flags & HMM_PFN_WRITE))
		return HMM_NEED_FAULT | HMM_NEED_WRITE_FAULT;
	if (!(cpu_flags & HMM_PFN_VALID))
		return HMM_NEED_FAULT;
	return 0;
}

static unsigned int hmm_range_need_fault(const struct hmm_vma_walk *hmm_vma_walk,
					 const unsigned long hmm_pfns[], unsigned long npages,
					 unsigned long cpu_flags)
{
	struct hmm_range *range = hmm_vma_walk->range;
	unsigned int required_fault = 0;

	/* no page can ask for a fault: nothing to look at */
	if (!((range->default_flags | range->pfn_flags_mask) & HMM_PFN_REQ_FAULT))
		return 0;
	for (unsigned long i = 0; i < npages; ++i) {
		required_fault |= hmm_pte_need_fault(hmm_vma_walk, hmm_pfns[i], cpu_flags);
		if (required_fault == HMM_NEED_ALL_BITS)
			return required_fault;
	}
	return required_fault;
}

/* hmm_vma_walk_hole(): nothing mapped; outside any VMA it is an error */
static int hmm_vma_walk_hole(unsigned long addr, unsigned long end, struct hmm_mm_walk *walk)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	struct hmm_range *range = hmm_vma_walk->range;
	unsigned long i = (addr - range->start) >> PAGE_SHIFT;
	unsigned long npages = (end - addr) >> PAGE_SHIFT;
	unsigned int required_fault;

	required_fault = hmm_range_need_fault(hmm_vma_walk, &range->hmm_pfns[i], npages, 0);
	if (!walk->vma) {
		if (required_fault)
			return -EFAULT;
		return hmm_pfns_fill(addr, end, range, HMM_PFN_ERROR);
	}
	if (required_fault)
		return hmm_vma_fault(addr, end, required_fault, walk);
	return hmm_pfns_fill(addr, end, range, 0);
}

static unsigned long hmm_pfn_flags_order(unsigned long order)
{
	return order << HMM_PFN_ORDER_SHIFT;
}

static unsigned long pmd_to_hmm_pfn_flags(pmd_t pmd)
{
	if (pmd_protnone(pmd))
		return 0;
	return (pmd_write(pmd) ? (HMM_PFN_VALID | HMM_PFN_WRITE) : HMM_PFN_VALID) |
	       hmm_pfn_flags_order(PMD_SHIFT - PAGE_SHIFT);
}

/* hmm_vma_handle_pmd(): a THP leaf reports every page, with the PMD order */
static int hmm_vma_handle_pmd(struct hmm_mm_walk *walk, unsigned long addr, unsigned long end,
			      unsigned long hmm_pfns[], pmd_t pmd)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	unsigned long pfn, npages, i, cpu_flags;
	unsigned int required_fault;

	npages = (end - addr) >> PAGE_SHIFT;
	cpu_flags = pmd_to_hmm_pfn_flags(pmd);
	required_fault = hmm_range_need_fault(hmm_vma_walk, hmm_pfns, npages, cpu_flags);
	if (required_fault)
		return hmm_vma_fault(addr, end, required_fault, walk);

	pfn = pmd_pfn(pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
	for (i = 0; addr < end; addr += PAGE_SIZE, i++, pfn++)
		hmm_pfns[i] = pfn | cpu_flags;
	return 0;
}

static unsigned long pte_to_hmm_pfn_flags(pte_t pte)
{
	if (pte_none(pte) || !pte_present(pte) || pte_protnone(pte))
		return 0;
	return pte_write(pte) ? (HMM_PFN_VALID | HMM_PFN_WRITE) : HMM_PFN_VALID;
}

/* pte_none_mostly(): none, or a uffd-wp marker standing in for none */
static bool pte_none_mostly(pte_t pte)
{
	return pte_none(pte) || (is_swap_pte(pte) && is_pte_marker_entry(pte_to_swp_entry(pte)) &&
				 pte_marker_get(pte_to_swp_entry(pte)) == PTE_MARKER_UFFD_WP);
}

/* hmm_vma_handle_pte(): one PTE; non-zero stops the walk (-EBUSY restarts it) */
static int hmm_vma_handle_pte(struct hmm_mm_walk *walk, unsigned long addr, unsigned long end,
			      pte_t *ptep, unsigned long *hmm_pfn)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	struct mmsim *w = walk->mm->w;
	unsigned long pfn_req_flags = *hmm_pfn;
	unsigned int required_fault;
	unsigned long cpu_flags;
	pte_t pte = ptep_get(ptep);

	if (pte_none_mostly(pte)) {
		required_fault = hmm_pte_need_fault(hmm_vma_walk, pfn_req_flags, 0);
		if (required_fault)
			goto fault;
		*hmm_pfn = 0;
		return 0;
	}

	if (!pte_present(pte)) {
		swp_entry_t entry = pte_to_swp_entry(pte);

		/* hmm_is_device_private_entry(): no pgmap owner can match in mmsim */
		required_fault = hmm_pte_need_fault(hmm_vma_walk, pfn_req_flags, 0);
		if (!required_fault) {
			*hmm_pfn = 0;
			return 0;
		}
		if (!non_swap_entry(w, entry))
			goto fault;
		if (is_device_private_entry(w, entry))
			goto fault;
		/* the fault restores the PTE and revokes the device's exclusivity */
		if (is_device_exclusive_entry(w, entry))
			goto fault;
		if (is_migration_entry(w, entry)) {
			hmm_vma_walk->last = addr;
			mmsim_log(w, "not modelled yet: migration_entry_wait (hmm_range_fault)");
			return -ENOSYS;
		}
		/* everything else (hwpoison, markers) is an error */
		pte_unmap(ptep);
		return -EFAULT;
	}

	cpu_flags = pte_to_hmm_pfn_flags(pte);
	required_fault = hmm_pte_need_fault(hmm_vma_walk, pfn_req_flags, cpu_flags);
	if (required_fault)
		goto fault;

	/* the zero page has a struct page: it is reported like any page */
	if (!vm_normal_page(walk->vma, addr, pte) && !is_zero_pfn(w, pte_pfn(pte))) {
		if (hmm_pte_need_fault(hmm_vma_walk, pfn_req_flags, 0)) {
			pte_unmap(ptep);
			return -EFAULT;
		}
		*hmm_pfn = HMM_PFN_ERROR;
		return 0;
	}

	*hmm_pfn = pte_pfn(pte) | cpu_flags;
	return 0;

fault:
	pte_unmap(ptep);
	/* fault every address from here to the end of this PMD's span */
	return hmm_vma_fault(addr, end, required_fault, walk);
}

/* hmm_vma_walk_pmd(): [start, end) lies within one PMD of walk->vma */
static int hmm_vma_walk_pmd(pmd_t *pmdp, unsigned long start, unsigned long end,
			    struct hmm_mm_walk *walk)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	struct hmm_range *range = hmm_vma_walk->range;
	struct mmsim *w = walk->mm->w;
	unsigned long *hmm_pfns = &range->hmm_pfns[(start - range->start) >> PAGE_SHIFT];
	unsigned long npages = (end - start) >> PAGE_SHIFT;
	unsigned long addr = start;
	pte_t *ptep;
	pmd_t pmd;

	pmd = pmdp_get(pmdp);
	if (pmd_none(pmd))
		return hmm_vma_walk_hole(start, end, walk);

	if (is_pmd_migration_entry(w, pmd)) {
		if (hmm_range_need_fault(hmm_vma_walk, hmm_pfns, npages, 0)) {
			hmm_vma_walk->last = addr;
			mmsim_log(w, "not modelled yet: pmd_migration_entry_wait (hmm_range_fault)");
			return -ENOSYS;
		}
		return hmm_pfns_fill(start, end, range, 0);
	}

	if (!pmd_present(pmd)) {
		if (hmm_range_need_fault(hmm_vma_walk, hmm_pfns, npages, 0))
			return -EFAULT;
		return hmm_pfns_fill(start, end, range, HMM_PFN_ERROR);
	}

	if (pmd_trans_huge(pmd))
		return hmm_vma_handle_pmd(walk, addr, end, hmm_pfns, pmd);

	ptep = pte_offset_map(w, pmdp, addr);
	for (; addr < end; addr += PAGE_SIZE, ptep++, hmm_pfns++) {
		int r = hmm_vma_handle_pte(walk, addr, end, ptep, hmm_pfns);

		if (r)
			return r;	/* hmm_vma_handle_pte() unmapped the table */
	}
	pte_unmap(ptep - 1);
	return 0;
}

/*
 * hmm_vma_walk_hugetlb_entry(): one hugetlb leaf; only the first page's
 * request decides whether the whole leaf is faulted.
 */
static int hmm_vma_walk_hugetlb_entry(pmd_t *pmdp, unsigned long start, unsigned long end,
				      struct hmm_mm_walk *walk)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	struct hmm_range *range = hmm_vma_walk->range;
	unsigned long addr = start, i, pfn, cpu_flags, pfn_req_flags;
	unsigned int required_fault;
	pmd_t entry = pmdp_get(pmdp);

	i = (start - range->start) >> PAGE_SHIFT;
	pfn_req_flags = range->hmm_pfns[i];
	/* pte_to_hmm_pfn_flags() of the huge PTE, with the hstate's order */
	cpu_flags = pmd_present(entry) ? pmd_to_hmm_pfn_flags(entry) :
		    hmm_pfn_flags_order(PMD_SHIFT - PAGE_SHIFT);
	required_fault = hmm_pte_need_fault(hmm_vma_walk, pfn_req_flags, cpu_flags);
	if (required_fault)
		return hmm_vma_fault(addr, end, required_fault, walk);
	/* an empty leaf is reported without HMM_PFN_VALID, as the kernel does */
	pfn = pmd_pfn(entry) + ((start & ~PMD_MASK) >> PAGE_SHIFT);
	for (; addr < end; addr += PAGE_SIZE, i++, pfn++)
		range->hmm_pfns[i] = pfn | cpu_flags;
	return 0;
}

/* hmm_vma_walk_test(): VMAs without read access cannot be mirrored */
static int hmm_vma_walk_test(unsigned long start, unsigned long end, struct hmm_mm_walk *walk)
{
	struct hmm_vma_walk *hmm_vma_walk = walk->private;
	struct hmm_range *range = hmm_vma_walk->range;
	struct vm_area_struct *vma = walk->vma;

	if (vma->vm_flags & VM_READ)
		return 0;
	/* a fault requested there is a hard failure */
	if (hmm_range_need_fault(hmm_vma_walk, range->hmm_pfns + ((start - range->start) >> PAGE_SHIFT),
				 (end - start) >> PAGE_SHIFT, 0))
		return -EFAULT;
	hmm_pfns_fill(start, end, range, HMM_PFN_ERROR);
	return 1;	/* skip this VMA */
}

/* __walk_page_range() for one VMA: hugetlb leaves or PMD spans */
static int hmm_walk_vma(unsigned long start, unsigned long end, struct hmm_mm_walk *walk)
{
	struct vm_area_struct *vma = walk->vma;
	unsigned long addr, next;
	int err = 0;

	for (addr = start; addr < end; addr = next) {
		pmd_t *pmd = mm_find_pmd(walk->mm, addr);

		next = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		if (next > end || next < addr)
			next = end;
		if (is_vm_hugetlb_page(vma)) {
			/* walk_hugetlb_range(): no table for the leaf is a hole */
			if (!pmd)
				err = hmm_vma_walk_hole(addr, next, walk);
			else
				err = hmm_vma_walk_hugetlb_entry(pmd, addr, next, walk);
		} else if (!pmd) {
			/* walk_pud_range()/walk_p4d_range(): an upper-level hole */
			err = hmm_vma_walk_hole(addr, next, walk);
		} else {
			err = hmm_vma_walk_pmd(pmd, addr, next, walk);
		}
		if (err)
			break;
	}
	return err;
}

/* walk_page_range(mm, start, end, &hmm_walk_ops, hmm_vma_walk) */
static int hmm_walk_page_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			       struct hmm_vma_walk *hmm_vma_walk)
{
	struct hmm_mm_walk walk = { .mm = mm, .private = hmm_vma_walk };
	struct vm_area_struct *vma;
	unsigned long next;
	int err = 0;

	if (start >= end)
		return -EINVAL;
	vma = find_vma(mm, start);
	do {
		if (!vma) {
			walk.vma = NULL;
			next = end;
			err = hmm_vma_walk_hole(start, next, &walk);
		} else if (start < vma->vm_start) {
			walk.vma = NULL;
			next = min_t(unsigned long, end, vma->vm_start);
			err = hmm_vma_walk_hole(start, next, &walk);
		} else {
			walk.vma = vma;
			next = min_t(unsigned long, end, vma->vm_end);
			vma = find_vma(mm, vma->vm_end);
			err = hmm_vma_walk_test(start, next, &walk);
			if (err > 0) {
				err = 0;
				continue;
			}
			if (err < 0)
				break;
			err = hmm_walk_vma(start, next, &walk);
		}
		if (err)
			break;
	} while (start = next, start < end);
	return err;
}

/* hmm_range_fault() */
int hmm_range_fault(struct hmm_range *range)
{
	struct hmm_vma_walk hmm_vma_walk = {
		.range = range,
		.last = range->start,
	};
	struct mm_struct *mm = range->notifier->mm;
	struct mmsim *w = mm->w;
	int ret;

	trace_kfunc(w, "hmm_range_fault", "[%#lx-%#lx) default=%#lx mask=%#lx", range->start,
		    range->end, range->default_flags, range->pfn_flags_mask);
	mmap_assert_locked(mm);

	do {
		/* an invalidation since notifier_seq: the caller must start over */
		if (mmu_interval_check_retry(range->notifier, range->notifier_seq))
			return -EBUSY;
		ret = hmm_walk_page_range(mm, hmm_vma_walk.last, range->end, &hmm_vma_walk);
		/*
		 * -EBUSY restarts at last: entries below it hold their output,
		 * those from it on still hold their request.
		 */
	} while (ret == -EBUSY);
	return ret;
}
