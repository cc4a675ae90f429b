// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_vma_mapped_walk() (mm/page_vma_mapped.c, v6.14): find, one by one,
 * the page-table entries of one VMA that map any pfn of a range (a folio),
 * for the rmap walkers' *_one() callbacks.
 *
 * Normal walks accept present PTEs and the two ZONE_DEVICE-style PFN swap
 * entries, device-private and device-exclusive: a walker is handed a
 * non-present PTE and must check pte_present() itself (what patches 8-15
 * teach each walker). PVMW_MIGRATION walks accept migration entries, and
 * before patch 7 device-exclusive entries too.
 *
 * mmsim simplifications:
 * - nothing runs concurrently, so the lockless pre-filter never races: the
 *   pmd_same() re-checks after taking a PTE lock always hold, and a PMD
 *   that the walk saw as a leaf is still one under the PMD lock;
 * - PVMW_SYNC's take-and-drop of the PMD lock on a none PMD (which waits
 *   for a concurrent zap_huge_pmd()) has no effect without concurrency and
 *   is left out;
 * - hugetlb folios are 2 MiB and mapped by PMD only (DESIGN.md section 5).
 */
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>

static bool not_found(struct page_vma_mapped_walk *pvmw)
{
	page_vma_mapped_walk_done(pvmw);
	return false;
}

/*
 * map_pte(): map the PTE at pvmw->address. With PVMW_SYNC take its lock
 * always; otherwise only when the entry can match (the pre-filter), and
 * report the lock in *ptlp so a later match can take it.
 */
static bool map_pte(struct page_vma_mapped_walk *pvmw, pmd_t *pmdvalp, spinlock_t **ptlp)
{
	struct mm_struct *mm = pvmw->vma->vm_mm;
	struct mmsim *w = mm->w;
	pte_t ptent;

	if (pvmw->flags & PVMW_SYNC) {
		pvmw->pte = pte_offset_map_lock(mm, pvmw->pmd, pvmw->address, &pvmw->ptl);
		*ptlp = pvmw->ptl;
		return !!pvmw->pte;
	}

	/* pte_offset_map_rw_nolock(): the entry, the PMD value and the lock, not taken */
	pvmw->pte = pte_offset_map(w, pvmw->pmd, pvmw->address);
	if (!pvmw->pte)
		return false;
	*pmdvalp = pmdp_get(pvmw->pmd);
	*ptlp = pte_lockptr(mm, pvmw->pmd);

	ptent = ptep_get(pvmw->pte);
	if (pvmw->flags & PVMW_MIGRATION) {
		if (!is_swap_pte(ptent))
			return false;
	} else if (is_swap_pte(ptent)) {
		swp_entry_t entry = pte_to_swp_entry(ptent);

		/* device memory mapped by a PFN swap entry still counts as mapped here */
		if (!is_device_private_entry(w, entry) && !is_device_exclusive_entry(w, entry))
			return false;
	} else if (!pte_present(ptent)) {
		return false;
	}
	spin_lock(*ptlp);
	pvmw->ptl = *ptlp;
	return true;
}

/*
 * check_pte(): whether the entry at pvmw->pte, describing pte_nr pages,
 * maps a pfn of [pvmw->pfn, pvmw->pfn + nr_pages). The pfn of a PFN swap
 * entry comes from its offset, of a present PTE from pte_pfn().
 */
static bool check_pte(struct page_vma_mapped_walk *pvmw, unsigned long pte_nr)
{
	struct mmsim *w = pvmw->vma->vm_mm->w;
	pte_t ptent = ptep_get(pvmw->pte);
	unsigned long pfn;

	if (pvmw->flags & PVMW_MIGRATION) {
		swp_entry_t entry;
		bool match;

		if (!is_swap_pte(ptent))
			return false;
		entry = pte_to_swp_entry(ptent);
		match = is_migration_entry(w, entry);
		/* patch 7 removed this: device-exclusive entries are not migration entries */
		if (!series_has(w, PATCH_PVMW_DEVICE_EXCLUSIVE_NOT_MIGRATION) &&
		    is_device_exclusive_entry(w, entry))
			match = true;
		if (!match)
			return false;
		pfn = swp_offset_pfn(w, entry);
	} else if (is_swap_pte(ptent)) {
		swp_entry_t entry = pte_to_swp_entry(ptent);

		if (!is_device_private_entry(w, entry) && !is_device_exclusive_entry(w, entry))
			return false;
		pfn = swp_offset_pfn(w, entry);
	} else {
		if (!pte_present(ptent))
			return false;
		pfn = pte_pfn(ptent);
	}

	if ((pfn + pte_nr - 1) < pvmw->pfn)
		return false;
	if (pfn > (pvmw->pfn + pvmw->nr_pages - 1))
		return false;
	return true;
}

/* check_pmd(): whether a PMD-sized mapping at pfn overlaps the range */
static bool check_pmd(unsigned long pfn, struct page_vma_mapped_walk *pvmw)
{
	if ((pfn + HPAGE_PMD_NR - 1) < pvmw->pfn)
		return false;
	if (pfn > pvmw->pfn + pvmw->nr_pages - 1)
		return false;
	return true;
}

static void step_forward(struct page_vma_mapped_walk *pvmw, unsigned long size)
{
	pvmw->address = (pvmw->address + size) & ~(size - 1);
	if (!pvmw->address)
		pvmw->address = ~0UL;
}

/*
 * vma_address_end() (mm/internal.h): where the range stops mapping in the
 * VMA; a single page (also every KSM page, whose pgoff means nothing) ends
 * one page on.
 */
static unsigned long vma_address_end(struct page_vma_mapped_walk *pvmw)
{
	struct vm_area_struct *vma = pvmw->vma;
	unsigned long address;
	pgoff_t pgoff;

	if (pvmw->nr_pages == 1)
		return pvmw->address + PAGE_SIZE;
	pgoff = pvmw->pgoff + pvmw->nr_pages;
	address = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
	if (address < vma->vm_start || address > vma->vm_end)
		address = vma->vm_end;
	return address;
}

/*
 * page_vma_mapped_walk() (mm/page_vma_mapped.c). See include/mmsim/kernel/
 * rmap.h for the contract. A call with pvmw->pte set continues after the
 * entry the last call returned.
 */
bool page_vma_mapped_walk(struct page_vma_mapped_walk *pvmw)
{
	struct vm_area_struct *vma = pvmw->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	spinlock_t *ptl = NULL;
	unsigned long end;
	pgd_t *pgd;
	pud_t *pud;
	pmd_t pmde;

	trace_kfunc(w, "page_vma_mapped_walk", "pfn=%#lx nr=%lu addr=%#lx flags=%#x%s",
		    pvmw->pfn, pvmw->nr_pages, pvmw->address, pvmw->flags,
		    pvmw->pte || pvmw->pmd ? " (next)" : "");

	/* the only possible PMD mapping was returned by the last call */
	if (pvmw->pmd && !pvmw->pte)
		return not_found(pvmw);

	if (unlikely(is_vm_hugetlb_page(vma))) {
		pmd_t *pmdp;

		/* the only possible mapping was returned by the last call */
		if (pvmw->pte)
			return not_found(pvmw);
		/* hugetlb_walk(): the huge entry, a PMD, as a pte_t pointer */
		pmdp = mm_find_pmd(mm, pvmw->address);
		if (!pmdp)
			return false;
		pvmw->pte = (pte_t *)pmdp;
		/* huge_pte_lock(): the PMD table's lock for a PMD-sized hstate */
		pvmw->ptl = pmd_lock(mm, pmdp);
		if (!check_pte(pvmw, HPAGE_PMD_NR))
			return not_found(pvmw);
		return true;
	}

	end = vma_address_end(pvmw);
	if (pvmw->pte)
		goto next_pte;
restart:
	do {
		pgd = pgd_offset(mm, pvmw->address);
		if (!pgd_val(*pgd)) {
			step_forward(pvmw, PGDIR_SIZE);
			continue;
		}
		/* the P4D is folded into the PGD */
		pud = pud_offset(w, pgd, pvmw->address);
		if (!pud_val(*pud)) {
			step_forward(pvmw, PUD_SIZE);
			continue;
		}

		pvmw->pmd = pmd_offset(w, pud, pvmw->address);
		pmde = pmdp_get(pvmw->pmd);

		if (pmd_trans_huge(pmde) || is_pmd_migration_entry(w, pmde)) {
			pvmw->ptl = pmd_lock(mm, pvmw->pmd);
			pmde = *pvmw->pmd;
			if (!pmd_present(pmde)) {
				swp_entry_t entry;

				/* thp_migration_supported() is true on x86-64 */
				if (!(pvmw->flags & PVMW_MIGRATION))
					return not_found(pvmw);
				entry = pmd_to_swp_entry(pmde);
				if (!is_migration_entry(w, entry) ||
				    !check_pmd(swp_offset_pfn(w, entry), pvmw))
					return not_found(pvmw);
				return true;
			}
			if (likely(pmd_trans_huge(pmde))) {
				if (pvmw->flags & PVMW_MIGRATION)
					return not_found(pvmw);
				if (!check_pmd(pmd_pfn(pmde), pvmw))
					return not_found(pvmw);
				return true;
			}
			/* the THP PMD was split under us: handle it at the PTE level */
			spin_unlock(pvmw->ptl);
			pvmw->ptl = NULL;
		} else if (!pmd_present(pmde)) {
			step_forward(pvmw, PMD_SIZE);
			continue;
		}
		if (!map_pte(pvmw, &pmde, &ptl)) {
			if (!pvmw->pte)
				goto restart;
			goto next_pte;
		}
this_pte:
		if (check_pte(pvmw, 1))
			return true;
next_pte:
		do {
			pvmw->address += PAGE_SIZE;
			if (pvmw->address >= end)
				return not_found(pvmw);
			/* crossed into the next PTE table? */
			if ((pvmw->address & (PMD_SIZE - PAGE_SIZE)) == 0) {
				if (pvmw->ptl) {
					spin_unlock(pvmw->ptl);
					pvmw->ptl = NULL;
				}
				pte_unmap(pvmw->pte);
				pvmw->pte = NULL;
				goto restart;
			}
			pvmw->pte++;
		} while (pte_none(ptep_get(pvmw->pte)));

		if (!pvmw->ptl) {
			/* the pre-filter skipped the lock: take it for this candidate */
			if (!ptl)
				ptl = pte_lockptr(mm, pvmw->pmd);
			spin_lock(ptl);
			pvmw->ptl = ptl;
		}
		goto this_pte;
	} while (pvmw->address < end);

	return false;
}
