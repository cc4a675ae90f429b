/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Swap entries (include/linux/swap.h, include/linux/swapops.h and the x86-64
 * swap PTE format of arch/x86/include/asm/pgtable_64.h, v6.14).
 *
 * The type space is carved from the top as in the kernel. Because patch 6
 * of the series frees one device type, the numbering depends on the world's
 * level: every helper that needs a type number takes the world first
 * (mmsim: world added).
 */
#ifndef MMSIM_KERNEL_SWAPOPS_H
#define MMSIM_KERNEL_SWAPOPS_H

#include <mmsim/kernel/mm_types.h>
#include <mmsim/kernel/pgtable.h>

#define MAX_SWAPFILES_SHIFT 5
#define SWP_MIGRATION_NUM 3
#define SWP_HWPOISON_NUM 1
#define SWP_PTE_MARKER_NUM 1

/* generic swp_entry_t: type in the top bits of an xarray value */
#define BITS_PER_XA_VALUE 63
#define SWP_TYPE_SHIFT (BITS_PER_XA_VALUE - MAX_SWAPFILES_SHIFT)
#define SWP_OFFSET_MASK ((1UL << SWP_TYPE_SHIFT) - 1)
/* x86-64 with 4-level paging: MAX_PHYSMEM_BITS is 46 (asm/sparsemem.h, v6.14) */
#define MAX_PHYSMEM_BITS 46
#define SWP_PFN_BITS (MAX_PHYSMEM_BITS - PAGE_SHIFT)
#define SWP_PFN_MASK ((1UL << SWP_PFN_BITS) - 1)
#define SWP_MIG_YOUNG_BIT SWP_PFN_BITS
#define SWP_MIG_DIRTY_BIT (SWP_PFN_BITS + 1)
#define SWP_MIG_YOUNG (1UL << SWP_MIG_YOUNG_BIT)
#define SWP_MIG_DIRTY (1UL << SWP_MIG_DIRTY_BIT)

static inline unsigned int SWP_DEVICE_NUM(const struct mmsim *w)
{
	return series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) ? 3 : 4;
}
static inline unsigned int MAX_SWAPFILES(const struct mmsim *w)
{
	return (1U << MAX_SWAPFILES_SHIFT) - SWP_DEVICE_NUM(w) - SWP_MIGRATION_NUM -
	       SWP_HWPOISON_NUM - SWP_PTE_MARKER_NUM;
}
static inline unsigned int SWP_HWPOISON(const struct mmsim *w) { return MAX_SWAPFILES(w); }
static inline unsigned int SWP_MIGRATION_READ(const struct mmsim *w) { return MAX_SWAPFILES(w) + SWP_HWPOISON_NUM; }
static inline unsigned int SWP_MIGRATION_READ_EXCLUSIVE(const struct mmsim *w) { return SWP_MIGRATION_READ(w) + 1; }
static inline unsigned int SWP_MIGRATION_WRITE(const struct mmsim *w) { return SWP_MIGRATION_READ(w) + 2; }
static inline unsigned int SWP_DEVICE_WRITE(const struct mmsim *w) { return SWP_MIGRATION_READ(w) + SWP_MIGRATION_NUM; }
static inline unsigned int SWP_DEVICE_READ(const struct mmsim *w) { return SWP_DEVICE_WRITE(w) + 1; }
/* before patch 6: two types; from patch 6: SWP_DEVICE_EXCLUSIVE only */
static inline unsigned int SWP_DEVICE_EXCLUSIVE_WRITE(const struct mmsim *w) { return SWP_DEVICE_WRITE(w) + 2; }
static inline unsigned int SWP_DEVICE_EXCLUSIVE_READ(const struct mmsim *w) { return SWP_DEVICE_WRITE(w) + 3; }
static inline unsigned int SWP_DEVICE_EXCLUSIVE(const struct mmsim *w) { return SWP_DEVICE_WRITE(w) + 2; }
#define SWP_PTE_MARKER ((1U << MAX_SWAPFILES_SHIFT) - 1)

/* PTE marker bits */
#define PTE_MARKER_UFFD_WP	BIT(0)
#define PTE_MARKER_POISONED	BIT(1)
#define PTE_MARKER_GUARD	BIT(2)
#define PTE_MARKER_MASK		(BIT(3) - 1)

static inline swp_entry_t swp_entry(unsigned long type, pgoff_t offset)
{
	swp_entry_t ret;

	ret.val = (type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK);
	return ret;
}
static inline unsigned int swp_type(swp_entry_t entry) { return (unsigned int)(entry.val >> SWP_TYPE_SHIFT); }
static inline pgoff_t swp_offset(swp_entry_t entry) { return entry.val & SWP_OFFSET_MASK; }

/* ---- x86-64 swap PTE format ------------------------------------------- */
#define SWP_TYPE_BITS 5
#define SWP_OFFSET_FIRST_BIT (_PAGE_BIT_PROTNONE + 1)
#define SWP_OFFSET_SHIFT (SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS)

static inline unsigned long __swp_type(swp_entry_t x) { return x.val >> (64 - SWP_TYPE_BITS); }
static inline unsigned long __swp_offset(swp_entry_t x)
{
	return (~x.val << SWP_TYPE_BITS) >> SWP_OFFSET_SHIFT;
}
static inline swp_entry_t __swp_entry(unsigned long type, unsigned long offset)
{
	swp_entry_t e;

	e.val = (~(u64)offset << SWP_OFFSET_SHIFT >> SWP_TYPE_BITS) |
		((u64)type << (64 - SWP_TYPE_BITS));
	return e;
}
static inline swp_entry_t __pte_to_swp_entry(pte_t pte) { return (swp_entry_t){ pte_val(pte) }; }
static inline pte_t __swp_entry_to_pte(swp_entry_t x) { return __pte(x.val); }

static inline pte_t pte_swp_clear_flags(pte_t pte)
{
	return __pte(pte_val(pte) & ~(_PAGE_SWP_SOFT_DIRTY | _PAGE_SWP_UFFD_WP | _PAGE_SWP_EXCLUSIVE));
}

static inline bool is_swap_pte(pte_t pte) { return !pte_none(pte) && !pte_present(pte); }

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	swp_entry_t arch = __pte_to_swp_entry(pte_swp_clear_flags(pte));

	return swp_entry(__swp_type(arch), __swp_offset(arch));
}
static inline pte_t swp_entry_to_pte(swp_entry_t entry)
{
	return __swp_entry_to_pte(__swp_entry(swp_type(entry), swp_offset(entry)));
}

/* ---- predicates (mmsim: world added where the type number is level-dependent) */
static inline bool non_swap_entry(const struct mmsim *w, swp_entry_t e)
{
	return swp_type(e) >= MAX_SWAPFILES(w);
}
static inline bool is_migration_entry(const struct mmsim *w, swp_entry_t e)
{
	unsigned int t = swp_type(e);

	return t == SWP_MIGRATION_READ(w) || t == SWP_MIGRATION_READ_EXCLUSIVE(w) ||
	       t == SWP_MIGRATION_WRITE(w);
}
static inline bool is_writable_migration_entry(const struct mmsim *w, swp_entry_t e)
{
	return swp_type(e) == SWP_MIGRATION_WRITE(w);
}
static inline bool is_readable_migration_entry(const struct mmsim *w, swp_entry_t e)
{
	return swp_type(e) == SWP_MIGRATION_READ(w);
}
static inline bool is_readable_exclusive_migration_entry(const struct mmsim *w, swp_entry_t e)
{
	return swp_type(e) == SWP_MIGRATION_READ_EXCLUSIVE(w);
}
static inline bool is_device_private_entry(const struct mmsim *w, swp_entry_t e)
{
	unsigned int t = swp_type(e);

	return t == SWP_DEVICE_WRITE(w) || t == SWP_DEVICE_READ(w);
}
static inline bool is_writable_device_private_entry(const struct mmsim *w, swp_entry_t e)
{
	return swp_type(e) == SWP_DEVICE_WRITE(w);
}
static inline bool is_device_exclusive_entry(const struct mmsim *w, swp_entry_t e)
{
	unsigned int t = swp_type(e);

	if (series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		return t == SWP_DEVICE_EXCLUSIVE(w);
	return t == SWP_DEVICE_EXCLUSIVE_READ(w) || t == SWP_DEVICE_EXCLUSIVE_WRITE(w);
}
/* legacy only: patch 6 removed the writable type */
static inline bool is_writable_device_exclusive_entry(const struct mmsim *w, swp_entry_t e)
{
	return !series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) &&
	       swp_type(e) == SWP_DEVICE_EXCLUSIVE_WRITE(w);
}
static inline bool is_hwpoison_entry(const struct mmsim *w, swp_entry_t e)
{
	return swp_type(e) == SWP_HWPOISON(w);
}
static inline bool is_pte_marker_entry(swp_entry_t e)
{
	return swp_type(e) == SWP_PTE_MARKER;
}
static inline unsigned long pte_marker_get(swp_entry_t e)
{
	return swp_offset(e) & PTE_MARKER_MASK;
}
static inline bool is_pfn_swap_entry(const struct mmsim *w, swp_entry_t e)
{
	return is_migration_entry(w, e) || is_device_private_entry(w, e) ||
	       is_device_exclusive_entry(w, e) || is_hwpoison_entry(w, e);
}

/* ---- constructors ------------------------------------------------------ */
static inline swp_entry_t make_readable_migration_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_MIGRATION_READ(w), off); }
static inline swp_entry_t make_readable_exclusive_migration_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_MIGRATION_READ_EXCLUSIVE(w), off); }
static inline swp_entry_t make_writable_migration_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_MIGRATION_WRITE(w), off); }
static inline swp_entry_t make_readable_device_private_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_DEVICE_READ(w), off); }
static inline swp_entry_t make_writable_device_private_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_DEVICE_WRITE(w), off); }
static inline swp_entry_t make_hwpoison_entry(const struct mmsim *w, pgoff_t pfn) { return swp_entry(SWP_HWPOISON(w), pfn); }
static inline swp_entry_t make_pte_marker_entry(unsigned long marker) { return swp_entry(SWP_PTE_MARKER, marker); }
/* legacy (before patch 6) */
static inline swp_entry_t make_readable_device_exclusive_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_DEVICE_EXCLUSIVE_READ(w), off); }
static inline swp_entry_t make_writable_device_exclusive_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_DEVICE_EXCLUSIVE_WRITE(w), off); }
/* from patch 6 */
static inline swp_entry_t make_device_exclusive_entry(const struct mmsim *w, pgoff_t off) { return swp_entry(SWP_DEVICE_EXCLUSIVE(w), off); }

static inline bool is_migration_entry_young(swp_entry_t e) { return swp_offset(e) & SWP_MIG_YOUNG; }
static inline bool is_migration_entry_dirty(swp_entry_t e) { return swp_offset(e) & SWP_MIG_DIRTY; }
static inline swp_entry_t make_migration_entry_young(swp_entry_t e) { return swp_entry(swp_type(e), swp_offset(e) | SWP_MIG_YOUNG); }
static inline swp_entry_t make_migration_entry_dirty(swp_entry_t e) { return swp_entry(swp_type(e), swp_offset(e) | SWP_MIG_DIRTY); }

/*
 * PMD swap entries (include/linux/swapops.h, x86-64): a non-present PMD
 * uses the PTE swap format. mmsim: only migration entries ever appear in a
 * PMD, and only where a model path writes them.
 */
static inline swp_entry_t pmd_to_swp_entry(pmd_t pmd)
{
	return pte_to_swp_entry(__pte(pmd_val(pmd)));
}
static inline bool is_pmd_migration_entry(const struct mmsim *w, pmd_t pmd)
{
	return !pmd_none(pmd) && !pmd_present(pmd) &&
	       is_migration_entry(w, pmd_to_swp_entry(pmd));
}

/* the pfn of a PFN swap entry; VM_BUG if it is not one */
static inline unsigned long swp_offset_pfn(const struct mmsim *w, swp_entry_t e)
{
	BUG_ON((struct mmsim *)w, !is_pfn_swap_entry(w, e));
	return swp_offset(e) & SWP_PFN_MASK;
}

/*
 * pfn_swap_entry_to_page: BUGs on a migration entry whose folio is not
 * locked (the kernel's BUG_ON in include/linux/swapops.h). Defined in
 * sim/mm/swap_state.c because it needs struct page helpers.
 */
struct page *pfn_swap_entry_to_page(struct mmsim *w, swp_entry_t entry);
struct folio *pfn_swap_entry_folio(struct mmsim *w, swp_entry_t entry);

#endif /* MMSIM_KERNEL_SWAPOPS_H */
