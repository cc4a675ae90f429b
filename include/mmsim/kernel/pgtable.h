/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table entry accessors, written literally after x86-64
 * (arch/x86/include/asm/pgtable.h, pgtable_64.h, v6.14). They are applied to
 * non-present entries exactly where the legacy kernel did, so their results
 * on swap entries (the L1TF inversion in pte_pfn(), _PAGE_SAVED_DIRTY in
 * pte_dirty()) are part of the model, not accidents of it.
 */
#ifndef MMSIM_KERNEL_PGTABLE_H
#define MMSIM_KERNEL_PGTABLE_H

#include <mmsim/kernel/pgtable_types.h>

/* ---- L1TF: non-present, non-zero entries store the pfn inverted ---------- */
static inline bool __pte_needs_invert(u64 val)
{
	return val && !(val & _PAGE_PRESENT);
}

static inline u64 protnone_mask(u64 val)
{
	return __pte_needs_invert(val) ? ~0ULL : 0;
}

static inline pteval_t pte_flags(pte_t pte) { return pte_val(pte) & PTE_FLAGS_MASK; }
static inline pmdval_t pmd_flags(pmd_t pmd) { return pmd_val(pmd) & ~PHYSICAL_PMD_PAGE_MASK; }

static inline bool pte_none(pte_t pte) { return pte_val(pte) == 0; }
static inline bool pte_present(pte_t a)
{
	return pte_flags(a) & (_PAGE_PRESENT | _PAGE_PROTNONE);
}
static inline bool pte_protnone(pte_t pte)
{
	return (pte_flags(pte) & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE;
}

static inline unsigned long pte_pfn(pte_t pte)
{
	u64 pfn = pte_val(pte);

	pfn ^= protnone_mask(pfn);
	return (pfn & PTE_PFN_MASK) >> PAGE_SHIFT;
}

/* mmsim: no shadow stacks, so pte_shstk() is always false */
static inline bool pte_write(pte_t pte) { return pte_flags(pte) & _PAGE_RW; }
static inline bool pte_dirty(pte_t pte) { return pte_flags(pte) & _PAGE_DIRTY_BITS; }
static inline bool pte_young(pte_t pte) { return pte_flags(pte) & _PAGE_ACCESSED; }
static inline bool pte_special(pte_t pte) { return pte_flags(pte) & _PAGE_SPECIAL; }
static inline bool pte_soft_dirty(pte_t pte) { return pte_flags(pte) & _PAGE_SOFT_DIRTY; }
static inline bool pte_uffd_wp(pte_t pte) { return pte_flags(pte) & _PAGE_UFFD_WP; }
static inline bool pte_exec(pte_t pte) { return !(pte_flags(pte) & _PAGE_NX); }

static inline pte_t pte_set_flags(pte_t pte, pteval_t set) { return __pte(pte_val(pte) | set); }
static inline pte_t pte_clear_flags(pte_t pte, pteval_t clear) { return __pte(pte_val(pte) & ~clear); }
static inline pte_t pte_mkwrite(pte_t pte) { return pte_set_flags(pte, _PAGE_RW); }
static inline pte_t pte_wrprotect(pte_t pte) { return pte_clear_flags(pte, _PAGE_RW); }
static inline pte_t pte_mkdirty(pte_t pte) { return pte_set_flags(pte, _PAGE_DIRTY | _PAGE_SOFT_DIRTY); }
static inline pte_t pte_mkclean(pte_t pte) { return pte_clear_flags(pte, _PAGE_DIRTY_BITS); }
static inline pte_t pte_mkyoung(pte_t pte) { return pte_set_flags(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkold(pte_t pte) { return pte_clear_flags(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkspecial(pte_t pte) { return pte_set_flags(pte, _PAGE_SPECIAL); }
static inline pte_t pte_mksoft_dirty(pte_t pte) { return pte_set_flags(pte, _PAGE_SOFT_DIRTY); }
static inline pte_t pte_clear_soft_dirty(pte_t pte) { return pte_clear_flags(pte, _PAGE_SOFT_DIRTY); }
static inline pte_t pte_mkuffd_wp(pte_t pte) { return pte_wrprotect(pte_set_flags(pte, _PAGE_UFFD_WP)); }
static inline pte_t pte_clear_uffd_wp(pte_t pte) { return pte_clear_flags(pte, _PAGE_UFFD_WP); }

static inline pgprotval_t check_pgprot(pgprot_t pgprot) { return pgprot_val(pgprot); }

static inline pte_t pfn_pte(unsigned long page_nr, pgprot_t pgprot)
{
	u64 pfn = (u64)page_nr << PAGE_SHIFT;

	pfn ^= protnone_mask(pgprot_val(pgprot));
	pfn &= PTE_PFN_MASK;
	return __pte(pfn | check_pgprot(pgprot));
}

/* Keep the pfn, replace the protection bits (pte_modify()). */
#define _PAGE_CHG_MASK (PTE_PFN_MASK | _PAGE_PCD | _PAGE_PWT | _PAGE_SPECIAL | \
			_PAGE_ACCESSED | _PAGE_DIRTY_BITS | _PAGE_SOFT_DIRTY | \
			_PAGE_DEVMAP | _PAGE_UFFD_WP | (1ULL << _PAGE_BIT_PAT))
static inline pte_t pte_modify(pte_t pte, pgprot_t newprot)
{
	u64 val = pte_val(pte), oldval = val;

	val &= _PAGE_CHG_MASK;
	val |= check_pgprot(newprot) & ~_PAGE_CHG_MASK;
	/* the pfn stays valid across a PRESENT <-> PROTNONE change */
	val ^= (protnone_mask(oldval) ^ protnone_mask(val)) & PTE_PFN_MASK;
	return __pte(val);
}

/* swap-PTE flag bits (outside the swap entry proper) */
static inline bool pte_swp_soft_dirty(pte_t pte) { return pte_flags(pte) & _PAGE_SWP_SOFT_DIRTY; }
static inline pte_t pte_swp_mksoft_dirty(pte_t pte) { return pte_set_flags(pte, _PAGE_SWP_SOFT_DIRTY); }
static inline pte_t pte_swp_clear_soft_dirty(pte_t pte) { return pte_clear_flags(pte, _PAGE_SWP_SOFT_DIRTY); }
static inline bool pte_swp_uffd_wp(pte_t pte) { return pte_flags(pte) & _PAGE_SWP_UFFD_WP; }
static inline pte_t pte_swp_mkuffd_wp(pte_t pte) { return pte_set_flags(pte, _PAGE_SWP_UFFD_WP); }
static inline pte_t pte_swp_clear_uffd_wp(pte_t pte) { return pte_clear_flags(pte, _PAGE_SWP_UFFD_WP); }
static inline bool pte_swp_exclusive(pte_t pte) { return pte_flags(pte) & _PAGE_SWP_EXCLUSIVE; }
static inline pte_t pte_swp_mkexclusive(pte_t pte) { return pte_set_flags(pte, _PAGE_SWP_EXCLUSIVE); }
static inline pte_t pte_swp_clear_exclusive(pte_t pte) { return pte_clear_flags(pte, _PAGE_SWP_EXCLUSIVE); }

/* ---- PMD ------------------------------------------------------------- */
static inline bool pmd_none(pmd_t pmd) { return pmd_val(pmd) == 0; }
static inline bool pmd_present(pmd_t pmd)
{
	return pmd_flags(pmd) & (_PAGE_PRESENT | _PAGE_PROTNONE | _PAGE_PSE);
}
static inline bool pmd_leaf(pmd_t pmd) { return pmd_val(pmd) & _PAGE_PSE; }
static inline bool pmd_protnone(pmd_t pmd)
{
	return (pmd_flags(pmd) & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE;
}
static inline bool pmd_trans_huge(pmd_t pmd)
{
	return (pmd_val(pmd) & (_PAGE_PSE | _PAGE_DEVMAP)) == _PAGE_PSE;
}
static inline unsigned long pmd_pfn(pmd_t pmd)
{
	u64 pfn = pmd_val(pmd);

	pfn ^= protnone_mask(pfn);
	return (pfn & (pmd_leaf(pmd) ? PHYSICAL_PMD_PAGE_MASK : PTE_PFN_MASK)) >> PAGE_SHIFT;
}
static inline bool pmd_write(pmd_t pmd) { return pmd_flags(pmd) & _PAGE_RW; }
static inline bool pmd_dirty(pmd_t pmd) { return pmd_flags(pmd) & _PAGE_DIRTY_BITS; }
static inline bool pmd_young(pmd_t pmd) { return pmd_flags(pmd) & _PAGE_ACCESSED; }
static inline bool pmd_soft_dirty(pmd_t pmd) { return pmd_flags(pmd) & _PAGE_SOFT_DIRTY; }
static inline bool pmd_uffd_wp(pmd_t pmd) { return pmd_flags(pmd) & _PAGE_UFFD_WP; }
static inline pmd_t pmd_set_flags(pmd_t pmd, pmdval_t set) { return __pmd(pmd_val(pmd) | set); }
static inline pmd_t pmd_clear_flags(pmd_t pmd, pmdval_t clr) { return __pmd(pmd_val(pmd) & ~clr); }
static inline pmd_t pmd_mkwrite(pmd_t pmd) { return pmd_set_flags(pmd, _PAGE_RW); }
static inline pmd_t pmd_wrprotect(pmd_t pmd) { return pmd_clear_flags(pmd, _PAGE_RW); }
static inline pmd_t pmd_mkdirty(pmd_t pmd) { return pmd_set_flags(pmd, _PAGE_DIRTY | _PAGE_SOFT_DIRTY); }
static inline pmd_t pmd_mkclean(pmd_t pmd) { return pmd_clear_flags(pmd, _PAGE_DIRTY_BITS); }
static inline pmd_t pmd_mkyoung(pmd_t pmd) { return pmd_set_flags(pmd, _PAGE_ACCESSED); }
static inline pmd_t pmd_mkold(pmd_t pmd) { return pmd_clear_flags(pmd, _PAGE_ACCESSED); }
static inline pmd_t pmd_mkhuge(pmd_t pmd) { return pmd_set_flags(pmd, _PAGE_PSE); }
static inline pmd_t pfn_pmd(unsigned long page_nr, pgprot_t pgprot)
{
	u64 pfn = (u64)page_nr << PAGE_SHIFT;

	pfn ^= protnone_mask(pgprot_val(pgprot));
	pfn &= PHYSICAL_PMD_PAGE_MASK;
	return __pmd(pfn | check_pgprot(pgprot));
}
static inline pmd_t pmd_modify(pmd_t pmd, pgprot_t newprot)
{
	u64 val = pmd_val(pmd), oldval = val;
	const u64 chg = (_PAGE_CHG_MASK | _PAGE_PSE) & ~PTE_PFN_MASK;

	val &= chg | PHYSICAL_PMD_PAGE_MASK;
	val |= check_pgprot(newprot) & ~(chg | PHYSICAL_PMD_PAGE_MASK);
	val ^= (protnone_mask(oldval) ^ protnone_mask(val)) & PHYSICAL_PMD_PAGE_MASK;
	return __pmd(val);
}
/* x86 pmd_mkinvalid(): not present, pfn kept (inverted, as for any non-present entry) */
static inline pmd_t pmd_mkinvalid(pmd_t pmd)
{
	return pfn_pmd(pmd_pfn(pmd), __pgprot(pmd_flags(pmd) & ~(_PAGE_PRESENT | _PAGE_PROTNONE)));
}
static inline pgprot_t pmd_pgprot(pmd_t pmd)
{
	return __pgprot(pmd_flags(pmd) & ~_PAGE_PSE);
}

/* ---- index helpers --------------------------------------------------- */
static inline unsigned long pgd_index(unsigned long a) { return (a >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1); }
static inline unsigned long pud_index(unsigned long a) { return (a >> PUD_SHIFT) & (PTRS_PER_PUD - 1); }
static inline unsigned long pmd_index(unsigned long a) { return (a >> PMD_SHIFT) & (PTRS_PER_PMD - 1); }
static inline unsigned long pte_index(unsigned long a) { return (a >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

/* mmsim: upper-level entries hold a page-table id where x86 holds a pfn. */
static inline unsigned int pgtable_entry_id(u64 val)
{
	return (unsigned int)((val & PTE_PFN_MASK) >> PAGE_SHIFT);
}
static inline u64 pgtable_entry_make(unsigned int id)
{
	return ((u64)id << PAGE_SHIFT) | _PAGE_TABLE;
}

#endif /* MMSIM_KERNEL_PGTABLE_H */
