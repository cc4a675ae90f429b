/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 page-table entry types and bits (arch/x86/include/asm/pgtable_types.h,
 * pgtable_64_types.h, v6.14): 4 KiB pages, 4 levels (P4D folded), 52-bit
 * physical addresses.
 */
#ifndef MMSIM_KERNEL_PGTABLE_TYPES_H
#define MMSIM_KERNEL_PGTABLE_TYPES_H

#include <mmsim/kernel/ktypes.h>

typedef u64 pteval_t;
typedef u64 pmdval_t;
typedef u64 pudval_t;
typedef u64 pgdval_t;
typedef u64 pgprotval_t;

typedef struct { pteval_t pte; } pte_t;
typedef struct { pmdval_t pmd; } pmd_t;
typedef struct { pudval_t pud; } pud_t;
typedef struct { pgdval_t pgd; } pgd_t;
typedef struct { pgprotval_t pgprot; } pgprot_t;

#define __pte(x) ((pte_t){ (x) })
#define __pmd(x) ((pmd_t){ (x) })
#define __pud(x) ((pud_t){ (x) })
#define __pgd(x) ((pgd_t){ (x) })
#define __pgprot(x) ((pgprot_t){ (x) })
#define pte_val(x) ((x).pte)
#define pmd_val(x) ((x).pmd)
#define pud_val(x) ((x).pud)
#define pgd_val(x) ((x).pgd)
#define pgprot_val(x) ((x).pgprot)

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PMD_SHIFT 21
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))
#define PUD_SHIFT 30
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PUD_MASK (~(PUD_SIZE - 1))
#define PGDIR_SHIFT 39
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PTRS_PER_PMD 512
#define PTRS_PER_PUD 512
#define PTRS_PER_PGD 512
#define HPAGE_PMD_ORDER (PMD_SHIFT - PAGE_SHIFT)
#define HPAGE_PMD_NR (1 << HPAGE_PMD_ORDER)
#define HPAGE_PMD_SIZE PMD_SIZE
#define HPAGE_PMD_MASK PMD_MASK
#define TASK_SIZE 0x800000000000UL	/* user address space: 47 bits */

#define _PAGE_BIT_PRESENT	0
#define _PAGE_BIT_RW		1
#define _PAGE_BIT_USER		2
#define _PAGE_BIT_PWT		3
#define _PAGE_BIT_PCD		4
#define _PAGE_BIT_ACCESSED	5
#define _PAGE_BIT_DIRTY		6
#define _PAGE_BIT_PSE		7
#define _PAGE_BIT_PAT		7
#define _PAGE_BIT_GLOBAL	8
#define _PAGE_BIT_SOFTW1	9
#define _PAGE_BIT_SOFTW2	10
#define _PAGE_BIT_SOFTW3	11
#define _PAGE_BIT_PAT_LARGE	12
#define _PAGE_BIT_SOFTW4	57
#define _PAGE_BIT_SOFTW5	58
#define _PAGE_BIT_NX		63
#define _PAGE_BIT_SPECIAL	_PAGE_BIT_SOFTW1
#define _PAGE_BIT_UFFD_WP	_PAGE_BIT_SOFTW2
#define _PAGE_BIT_SOFT_DIRTY	_PAGE_BIT_SOFTW3
#define _PAGE_BIT_DEVMAP	_PAGE_BIT_SOFTW4
#define _PAGE_BIT_SAVED_DIRTY	_PAGE_BIT_SOFTW5
#define _PAGE_BIT_PROTNONE	_PAGE_BIT_GLOBAL

#define _PAGE_PRESENT	(1ULL << _PAGE_BIT_PRESENT)
#define _PAGE_RW	(1ULL << _PAGE_BIT_RW)
#define _PAGE_USER	(1ULL << _PAGE_BIT_USER)
#define _PAGE_PWT	(1ULL << _PAGE_BIT_PWT)
#define _PAGE_PCD	(1ULL << _PAGE_BIT_PCD)
#define _PAGE_ACCESSED	(1ULL << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY	(1ULL << _PAGE_BIT_DIRTY)
#define _PAGE_PSE	(1ULL << _PAGE_BIT_PSE)
#define _PAGE_GLOBAL	(1ULL << _PAGE_BIT_GLOBAL)
#define _PAGE_SPECIAL	(1ULL << _PAGE_BIT_SPECIAL)
#define _PAGE_UFFD_WP	(1ULL << _PAGE_BIT_UFFD_WP)
#define _PAGE_SOFT_DIRTY (1ULL << _PAGE_BIT_SOFT_DIRTY)
#define _PAGE_DEVMAP	(1ULL << _PAGE_BIT_DEVMAP)
#define _PAGE_SAVED_DIRTY (1ULL << _PAGE_BIT_SAVED_DIRTY)
#define _PAGE_NX	(1ULL << _PAGE_BIT_NX)
#define _PAGE_PROTNONE	(1ULL << _PAGE_BIT_PROTNONE)
#define _PAGE_DIRTY_BITS (_PAGE_DIRTY | _PAGE_SAVED_DIRTY)

/* swap-PTE bits outside the swap entry */
#define _PAGE_SWP_SOFT_DIRTY	_PAGE_RW
#define _PAGE_SWP_UFFD_WP	_PAGE_USER
#define _PAGE_SWP_EXCLUSIVE	_PAGE_PWT

#define __PHYSICAL_MASK_SHIFT 52
#define PHYSICAL_PAGE_MASK (((1ULL << __PHYSICAL_MASK_SHIFT) - 1) & ~((1ULL << PAGE_SHIFT) - 1))
#define PTE_PFN_MASK PHYSICAL_PAGE_MASK
#define PTE_FLAGS_MASK (~PTE_PFN_MASK)
#define PMD_PAGE_MASK (~(PMD_SIZE - 1))
#define PHYSICAL_PMD_PAGE_MASK (PMD_PAGE_MASK & ((1ULL << __PHYSICAL_MASK_SHIFT) - 1))

#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

/* protection_map values (arch/x86/mm/pgprot.c) */
#define PAGE_NONE		__pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define PAGE_SHARED		__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_SHARED_EXEC	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_COPY		__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_COPY_EXEC		__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_READONLY		PAGE_COPY
#define PAGE_READONLY_EXEC	PAGE_COPY_EXEC

#endif /* MMSIM_KERNEL_PGTABLE_TYPES_H */
