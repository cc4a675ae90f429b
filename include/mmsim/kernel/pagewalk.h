/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * folio_walk (include/linux/pagewalk.h, mm/pagewalk.c, v6.12+; the v6.14
 * form): look up the single page-table entry that maps one address and the
 * folio behind it, with the page-table lock held until folio_walk_end().
 *
 * mmsim: the generic walk_page_range() machinery of mm/pagewalk.c is not
 * modelled; only folio_walk, which make_device_exclusive() (patch 4) uses.
 */
#ifndef MMSIM_KERNEL_PAGEWALK_H
#define MMSIM_KERNEL_PAGEWALK_H

#include <mmsim/kernel/mm.h>

typedef unsigned int folio_walk_flags_t;
/* also return folios behind migration entries (fw->page is then NULL) */
#define FW_MIGRATION	((folio_walk_flags_t)BIT(0))
/* also return the shared zero page (fw->page is then NULL) */
#define FW_ZEROPAGE	((folio_walk_flags_t)BIT(1))

enum folio_walk_level {
	FW_LEVEL_PTE,
	FW_LEVEL_PMD,
	FW_LEVEL_PUD,	/* mmsim: never produced, there are no PUD leaves */
};

struct folio_walk {
	/* public */
	struct page *page;		/* the exact page for addr, or NULL (see above) */
	enum folio_walk_level level;	/* the level of the entry that was found */
	union {
		pte_t *ptep;
		pud_t *pudp;
		pmd_t *pmdp;
	};
	union {				/* the entry's value, read under the lock */
		pte_t pte;
		pud_t pud;
		pmd_t pmd;
	};
	/* private */
	struct vm_area_struct *vma;
	spinlock_t *ptl;		/* held from a successful start to end */
};

/*
 * folio_walk_start(): the folio mapped at addr in vma, or NULL. NULL means
 * "nothing suitable": no entry, a non-present entry other than a migration
 * entry requested with FW_MIGRATION (swap, device-private, device-exclusive,
 * hwpoison and marker entries are never returned), or a special mapping
 * other than the zero page requested with FW_ZEROPAGE.
 *
 * On success fw->page is the page for addr (NULL for migration entries and
 * the zero page), fw->level/ptep/pmdp and the entry's value are filled in,
 * and the page-table lock is held: the caller may look at the folio and the
 * entry, and change the entry under that lock, until folio_walk_end(). No
 * folio reference is taken, so the folio may only be used until then (take
 * a reference for longer); never use this for DMA or as a GUP replacement.
 *
 * Context: mmap_lock held (read or write).
 */
struct folio *folio_walk_start(struct folio_walk *fw, struct vm_area_struct *vma,
			       unsigned long addr, folio_walk_flags_t flags);

/*
 * folio_walk_end(): drop the page-table lock a successful folio_walk_start()
 * took. mmsim: a function rather than the kernel's inline, so that ending a
 * walk that did not start (or ended already) is a simulated BUG; a walk that
 * is never ended leaves its lock held, which the checker reports at the
 * command boundary (lock.held).
 */
void folio_walk_end(struct folio_walk *fw, struct vm_area_struct *vma);

#endif /* MMSIM_KERNEL_PAGEWALK_H */
