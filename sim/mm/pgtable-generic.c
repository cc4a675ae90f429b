// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table pages and entry updates (mm/pgtable-generic.c, mm/memory.c's
 * __pte_alloc family, the x86 set_pte/ptep_* helpers, v6.14).
 *
 * mmsim: tables live outside simulated RAM in a world-owned pool indexed by
 * id; an upper-level entry holds the id where x86 holds the table's pfn,
 * so raw entries are deterministic. Each PTE table has its own lock (split
 * PTE locks); PMD leaves and the levels above use mm->page_table_lock. TLB
 * flushes are immediate and have no model state.
 */
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/page_table_check.h>
#include <string.h>

/* ---- the table pool ------------------------------------------------------- */
struct ptdesc *ptdesc_of(struct mmsim *w, unsigned int id)
{
	BUG_ON(w, !id || id >= w->nr_ptables || !w->ptables[id]);
	return w->ptables[id];
}

struct ptdesc *pagetable_alloc(struct mmsim *w, unsigned int level)
{
	struct ptdesc *pt;
	unsigned int id;

	if (mmsim_inject_hit(w, MMSIM_INJ_ALLOC_FAIL))
		return NULL;
	if (w->free_ptable) {
		id = w->free_ptable;
		pt = w->ptables[id];
		w->free_ptable = pt->free_next;
	} else {
		if (w->nr_ptables == 0)
			w->nr_ptables = 1;	/* id 0 means "no table" */
		if (w->nr_ptables >= w->cap_ptables) {
			w->cap_ptables = w->cap_ptables ? 2 * w->cap_ptables : 64;
			w->ptables = mmsim_obj_realloc(w, w->ptables,
						       w->cap_ptables * sizeof(*w->ptables));
		}
		id = w->nr_ptables++;
		pt = mmsim_obj_alloc(w, sizeof(*pt));
		w->ptables[id] = pt;
	}
	memset(pt->e, 0, sizeof(pt->e));
	pt->id = id;
	pt->level = level;
	pt->w = w;
	pt->ptl.held = 0;
	pt->ptl.w = w;
	pt->free_next = 0;
	mod_node_page_state(w, NR_PAGETABLE, 1);
	return pt;
}

void pagetable_free(struct ptdesc *pt)
{
	struct mmsim *w = pt->w;

	BUG_ON(w, pt->ptl.held);
	pt->level = 0;
	pt->free_next = w->free_ptable;
	w->free_ptable = pt->id;
	mod_node_page_state(w, NR_PAGETABLE, -1);
}

static struct ptdesc *entry_table(struct mmsim *w, u64 val)
{
	return ptdesc_of(w, pgtable_entry_id(val));
}

/* ---- descending ----------------------------------------------------------------- */
pgd_t *pgd_offset(struct mm_struct *mm, unsigned long addr)
{
	return (pgd_t *)&mm->pgd->e[pgd_index(addr)];
}

/* x86-64 with 4 levels folds the P4D into the PGD */
pud_t *pud_offset(struct mmsim *w, pgd_t *pgd, unsigned long addr)
{
	return (pud_t *)&entry_table(w, pgd_val(*pgd))->e[pud_index(addr)];
}

pmd_t *pmd_offset(struct mmsim *w, pud_t *pud, unsigned long addr)
{
	return (pmd_t *)&entry_table(w, pud_val(*pud))->e[pmd_index(addr)];
}

/* NULL when there is no PTE table (none, or a leaf) below the PMD entry */
pte_t *pte_offset_map(struct mmsim *w, pmd_t *pmd, unsigned long addr)
{
	pmd_t pmdval = pmdp_get(pmd);

	if (pmd_none(pmdval) || pmd_leaf(pmdval) || !pmd_present(pmdval))
		return NULL;
	return (pte_t *)&entry_table(w, pmd_val(pmdval))->e[pte_index(addr)];
}

void spin_lock(spinlock_t *l)
{
	/* mmsim: taking a held spinlock again would deadlock a real kernel */
	BUG_ON(l->w, l->held);
	l->held = 1;
}

void spin_unlock(spinlock_t *l)
{
	BUG_ON(l->w, !l->held);
	l->held = 0;
}

spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t *pmd)
{
	return &entry_table(mm->w, pmd_val(pmdp_get(pmd)))->ptl;
}

/*
 * pmd_lockptr(): mmsim has no split PMD locks (as with
 * USE_SPLIT_PMD_PTLOCKS off): one task per mm cannot observe the
 * granularity, and the lock is found in O(1).
 */
spinlock_t *pmd_lockptr(struct mm_struct *mm, pmd_t *pmd)
{
	(void)pmd;
	return &mm->page_table_lock;
}

spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lockptr(mm, pmd);

	spin_lock(ptl);
	return ptl;
}

pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			   spinlock_t **ptlp)
{
	pte_t *pte = pte_offset_map(mm->w, pmd, addr);

	if (!pte)
		return NULL;
	*ptlp = pte_lockptr(mm, pmd);
	spin_lock(*ptlp);
	return pte;
}

void pte_unmap_unlock(pte_t *pte, spinlock_t *ptl)
{
	(void)pte;
	spin_unlock(ptl);
}

/* ---- allocating tables --------------------------------------------------------- */
static int table_alloc_below(struct mm_struct *mm, u64 *entry, unsigned int level)
{
	struct ptdesc *pt;

	if (*entry)
		return 0;
	pt = pagetable_alloc(mm->w, level);
	if (!pt)
		return -ENOMEM;
	/* pmd_install(): someone populated it meanwhile (an injection point can) */
	if (*entry) {
		pagetable_free(pt);
		return 0;
	}
	*entry = pgtable_entry_make(pt->id);
	mm->pgtables_bytes += PAGE_SIZE;
	return 0;
}

int __pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr)
{
	(void)addr;
	return table_alloc_below(mm, &pgd->pgd, 3);
}

int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	(void)addr;
	return table_alloc_below(mm, &pud->pud, 2);
}

int __pte_alloc(struct mm_struct *mm, pmd_t *pmd)
{
	return table_alloc_below(mm, &pmd->pmd, 1);
}

pud_t *pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr)
{
	if (pgd_val(*pgd) == 0 && __pud_alloc(mm, pgd, addr))
		return NULL;
	return pud_offset(mm->w, pgd, addr);
}

pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	if (pud_val(*pud) == 0 && __pmd_alloc(mm, pud, addr))
		return NULL;
	return pmd_offset(mm->w, pud, addr);
}

pmd_t *mm_find_or_alloc_pmd(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud = pud_alloc(mm, pgd_offset(mm, addr), addr);

	return pud ? pmd_alloc(mm, pud, addr) : NULL;
}

pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	pud_t *pud;

	if (!pgd_val(*pgd))
		return NULL;
	pud = pud_offset(mm->w, pgd, addr);
	if (!pud_val(*pud))
		return NULL;
	return pmd_offset(mm->w, pud, addr);
}

void pmd_populate(struct mm_struct *mm, pmd_t *pmd, struct ptdesc *pte_table)
{
	(void)mm;
	pmd->pmd = pgtable_entry_make(pte_table->id);
}

static bool table_empty(const struct ptdesc *pt)
{
	for (unsigned int i = 0; i < PTRS_PER_PTE; i++)
		if (pt->e[i])
			return false;
	return true;
}

/*
 * free_pgd_range(): free the tables wholly inside [addr, end) that map
 * nothing any more. mmsim: the kernel frees by floor/ceiling of the
 * neighbouring VMAs; emptiness is the same test without the bookkeeping.
 */
static void free_level(struct mm_struct *mm, u64 *entry, unsigned long start,
		       unsigned long addr, unsigned long end, unsigned int level)
{
	struct ptdesc *pt = entry_table(mm->w, *entry);
	unsigned int shift = level == 3 ? PUD_SHIFT : level == 2 ? PMD_SHIFT : PAGE_SHIFT;
	unsigned long span = 1UL << (shift + 9);

	if (level > 1) {
		for (unsigned int i = 0; i < PTRS_PER_PTE; i++) {
			unsigned long a = start + ((unsigned long)i << shift);

			if (!pt->e[i] || a + (1UL << shift) <= addr || a >= end)
				continue;
			if (pt->e[i] & _PAGE_PSE)
				continue;	/* a leaf, not a table */
			free_level(mm, &pt->e[i], a, addr, end, level - 1);
		}
	}
	if (addr <= start && start + span <= end && table_empty(pt)) {
		pagetable_free(pt);
		*entry = 0;
		mm->pgtables_bytes -= PAGE_SIZE;
	}
}

void free_pgd_range(struct mm_struct *mm, unsigned long addr, unsigned long end)
{
	for (unsigned long a = addr & ~(PGDIR_SIZE - 1); a < end; a += PGDIR_SIZE) {
		pgd_t *pgd = pgd_offset(mm, a);

		if (pgd_val(*pgd))
			free_level(mm, &pgd->pgd, a, addr, end, 3);
		if (a + PGDIR_SIZE < a)
			break;
	}
}

/* ---- entry updates, with page_table_check ---------------------------------------- */
void set_ptes(struct mm_struct *mm, unsigned long addr, pte_t *ptep, pte_t pte, unsigned int nr)
{
	(void)addr;
	page_table_check_ptes_set(mm, ptep, pte, nr);
	for (;;) {
		*ptep = pte;
		if (--nr == 0)
			break;
		ptep++;
		/* pte_next_pfn(): the next page of a present batch */
		pte = __pte(pte_val(pte) + (1ULL << PAGE_SHIFT));
	}
}

pte_t ptep_get_and_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	pte_t pte = *ptep;

	(void)addr;
	*ptep = __pte(0);
	page_table_check_pte_clear(mm, pte);
	return pte;
}

void pte_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	/* x86's pte_clear() bypasses page_table_check, as the kernel's does */
	(void)mm;
	(void)addr;
	*ptep = __pte(0);
}

pte_t ptep_clear_flush(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	pte_t pte = ptep_get_and_clear(vma->vm_mm, addr, ptep);

	flush_tlb_page(vma, addr);
	return pte;
}

void ptep_set_wrprotect(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	(void)mm;
	(void)addr;
	*ptep = pte_wrprotect(*ptep);
}

int ptep_test_and_clear_young(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	int young = pte_young(*ptep);

	(void)vma;
	(void)addr;
	if (young)
		*ptep = pte_mkold(*ptep);
	return young;
}

int ptep_clear_flush_young(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	return ptep_test_and_clear_young(vma, addr, ptep);
}

int ptep_set_access_flags(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
			  pte_t entry, int dirty)
{
	int changed = !(pte_val(*ptep) == pte_val(entry));

	(void)vma;
	(void)addr;
	(void)dirty;
	if (changed)
		*ptep = entry;
	return changed;
}

void set_pmd_at(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp, pmd_t pmd)
{
	(void)addr;
	page_table_check_pmd_set(mm, pmdp, pmd);
	*pmdp = pmd;
}

pmd_t pmdp_huge_get_and_clear(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp)
{
	pmd_t pmd = *pmdp;

	(void)addr;
	*pmdp = __pmd(0);
	page_table_check_pmd_clear(mm, pmd);
	return pmd;
}

pmd_t pmdp_huge_clear_flush(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	pmd_t pmd = pmdp_huge_get_and_clear(vma->vm_mm, addr, pmdp);

	flush_tlb_range(vma, addr, addr + HPAGE_PMD_SIZE);
	return pmd;
}

/*
 * pmdp_invalidate(): x86 goes through pmdp_establish(), which tells
 * page_table_check that the old leaf is gone; the split then counts the
 * new PTEs afresh.
 */
pmd_t pmdp_invalidate(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	pmd_t old = *pmdp, inval = pmd_mkinvalid(old);

	(void)addr;
	page_table_check_pmd_set(vma->vm_mm, pmdp, inval);
	*pmdp = inval;
	return old;
}

void pmdp_set_wrprotect(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp)
{
	(void)mm;
	(void)addr;
	*pmdp = pmd_wrprotect(*pmdp);
}
