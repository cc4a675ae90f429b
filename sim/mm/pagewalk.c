// SPDX-License-Identifier: GPL-2.0-only
/*
 * folio_walk (mm/pagewalk.c, v6.14; the function came with v6.12): the
 * single-entry lookup that make_device_exclusive() uses from patch 4 on.
 * Read from a recent linux-next tree, whose helpers carry the later leafent_*
 * names; the v6.14 logic is the same with pte_to_swp_entry(),
 * is_migration_entry() and pfn_swap_entry_to_page().
 *
 * mmsim simplifications, stated where they apply:
 * - no PUD leaves (four levels, no 1 GiB mappings), so the PUD step only
 *   descends and FW_LEVEL_PUD is never produced;
 * - the huge zero page is off (DESIGN.md section 2), so FW_ZEROPAGE only
 *   ever returns the small zero page;
 * - vma_pgtable_walk_begin()/_end() take the hugetlb VMA lock in the
 *   kernel; mmsim has no hugetlb VMA lock (no PMD sharing), so they are
 *   empty.
 */
#include <mmsim/kernel/pagewalk.h>
#include <mmsim/kernel/swapops.h>

/*
 * folio_walk_start() (mm/pagewalk.c). One descent from the PGD to the entry
 * that maps addr, with a single exit for "found" (the entry's lock held)
 * and one for "not found" (no lock held). See include/mmsim/kernel/
 * pagewalk.h for the contract.
 */
struct folio *folio_walk_start(struct folio_walk *fw, struct vm_area_struct *vma,
			       unsigned long addr, folio_walk_flags_t flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	unsigned long entry_size;
	bool expose_page = true;
	struct page *page;
	spinlock_t *ptl;
	pte_t *ptep, pte;
	pmd_t *pmdp, pmd;
	pud_t *pudp;
	pgd_t *pgdp;

	trace_kfunc(w, "folio_walk_start", "mm=%u addr=%#lx flags=%#x", mm->id, addr, flags);
	mmap_assert_locked(mm);
	/* mmsim: a failed start leaves nothing folio_walk_end() could release */
	fw->ptl = NULL;
	fw->vma = NULL;

	if (WARN_ON_ONCE(w, addr < vma->vm_start || addr >= vma->vm_end))
		goto not_found;

	pgdp = pgd_offset(mm, addr);
	if (!pgd_val(*pgdp))	/* pgd_none_or_clear_bad(); the P4D is folded */
		goto not_found;

	/* mmsim: no PUD leaves, so a PUD entry is none or a table */
	pudp = pud_offset(w, pgdp, addr);
	if (!pud_val(*pudp))
		goto not_found;

	pmdp = pmd_offset(w, pudp, addr);
	pmd = pmdp_get(pmdp);
	if (pmd_none(pmd))
		goto not_found;
	if (!pmd_present(pmd) || pmd_leaf(pmd)) {
		/* a PMD leaf or PMD migration entry: re-read under the PMD lock */
		ptl = pmd_lock(mm, pmdp);
		pmd = pmdp_get(pmdp);

		entry_size = PMD_SIZE;
		fw->level = FW_LEVEL_PMD;
		fw->pmdp = pmdp;
		fw->pmd = pmd;

		if (pmd_none(pmd)) {
			spin_unlock(ptl);
			goto not_found;
		} else if (pmd_present(pmd) && !pmd_leaf(pmd)) {
			/* became a table meanwhile: continue at the PTE level */
			spin_unlock(ptl);
			goto pte_table;
		} else if (pmd_present(pmd)) {
			/* a THP or a PMD-sized hugetlb folio; no huge zero page here */
			page = vm_normal_page_pmd(vma, addr, pmd);
			if (page)
				goto found;
		} else if ((flags & FW_MIGRATION) && is_pmd_migration_entry(w, pmd)) {
			page = pfn_swap_entry_to_page(w, pmd_to_swp_entry(pmd));
			expose_page = false;
			goto found;
		}
		spin_unlock(ptl);
		goto not_found;
	}

pte_table:
	ptep = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	if (!ptep)
		goto not_found;
	pte = ptep_get(ptep);

	entry_size = PAGE_SIZE;
	fw->level = FW_LEVEL_PTE;
	fw->ptep = ptep;
	fw->pte = pte;

	if (pte_present(pte)) {
		page = vm_normal_page(vma, addr, pte);
		if (page)
			goto found;
		if ((flags & FW_ZEROPAGE) && is_zero_pfn(w, pte_pfn(pte))) {
			page = pfn_to_page(w, pte_pfn(pte));
			expose_page = false;
			goto found;
		}
	} else if (!pte_none(pte)) {
		/* of the non-present entries only requested migration entries count */
		swp_entry_t entry = pte_to_swp_entry(pte);

		if ((flags & FW_MIGRATION) && is_migration_entry(w, entry)) {
			page = pfn_swap_entry_to_page(w, entry);
			expose_page = false;
			goto found;
		}
	}
	pte_unmap_unlock(ptep, ptl);
not_found:
	/* vma_pgtable_walk_end(): no hugetlb VMA lock in mmsim */
	return NULL;
found:
	/* the page for addr within the entry, not the folio's first page */
	if (expose_page)
		fw->page = page + ((addr & (entry_size - 1)) >> PAGE_SHIFT);
	else
		fw->page = NULL;
	fw->vma = vma;
	fw->ptl = ptl;
	return page_folio(page);
}

/*
 * folio_walk_end() (include/linux/pagewalk.h): release what a successful
 * folio_walk_start() holds. mmsim: BUGs if there is no such walk (never
 * started, failed, or already ended), where the kernel would unlock a
 * garbage pointer.
 */
void folio_walk_end(struct folio_walk *fw, struct vm_area_struct *vma)
{
	struct mmsim *w = vma->vm_mm->w;
	bool not_started = !fw->ptl || fw->vma != vma || !fw->ptl->held;

	trace_kfunc(w, "folio_walk_end", "mm=%u level=%d", vma->vm_mm->id, (int)fw->level);
	BUG_ON(w, not_started);
	spin_unlock(fw->ptl);
	if (likely(fw->level == FW_LEVEL_PTE))
		pte_unmap(fw->ptep);
	/* vma_pgtable_walk_end(): nothing to release in mmsim */
	fw->ptl = NULL;
	fw->vma = NULL;
}
