/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page and folio flags (include/linux/page-flags.h, v6.14). Per-page flags
 * (PG_anon_exclusive, PG_hwpoison) live in each page's own flags word; folio
 * flags in the head page; PG_large_rmappable and PG_partially_mapped in the
 * folio's second flags word (_flags_1), above the order byte.
 */
#ifndef MMSIM_KERNEL_PAGE_FLAGS_H
#define MMSIM_KERNEL_PAGE_FLAGS_H

#include <mmsim/kernel/mm_types.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	PG_young,
	PG_idle,
	PG_mappedtodisk,
	PG_buddy,		/* mmsim: the kernel keeps this as a page type */
	__NR_PAGEFLAGS,

	PG_swapcache = PG_owner_priv_1,
	PG_anon_exclusive = PG_mappedtodisk,
	/* in folio->_flags_1 */
	PG_large_rmappable = PG_workingset,
	PG_partially_mapped = PG_reclaim,
};

/*
 * mmsim: a folio lock held by another task (the script's `lock` command).
 * With WAIT_RELEASES the holder finishes when someone sleeps on the lock;
 * without it a sleeper is woken only by a fatal signal.
 */
#define PG_mmsim_locked_elsewhere 28
#define PG_mmsim_wait_releases 29

/* the page's index within its memmap, kept above the flags (mmsim) */
#define PAGE_IDX_SHIFT 40
#define PAGE_FLAGS_MASK ((1UL << PAGE_IDX_SHIFT) - 1)

static inline bool test_bit_ul(int nr, const unsigned long *addr) { return (*addr >> nr) & 1UL; }
static inline void set_bit_ul(int nr, unsigned long *addr) { *addr |= 1UL << nr; }
static inline void clear_bit_ul(int nr, unsigned long *addr) { *addr &= ~(1UL << nr); }
static inline bool test_and_clear_bit_ul(int nr, unsigned long *addr)
{
	bool old = test_bit_ul(nr, addr);

	clear_bit_ul(nr, addr);
	return old;
}
static inline bool test_and_set_bit_ul(int nr, unsigned long *addr)
{
	bool old = test_bit_ul(nr, addr);

	set_bit_ul(nr, addr);
	return old;
}

static inline bool PageTail(const struct page *page) { return page->compound_head & 1UL; }
static inline bool PageHead(const struct page *page) { return test_bit_ul(PG_head, &page->flags); }
static inline bool PageCompound(const struct page *page) { return PageHead(page) || PageTail(page); }
static inline struct page *compound_head(const struct page *page)
{
	if (page->compound_head & 1UL)
		return (struct page *)(page->compound_head - 1);
	return (struct page *)page;
}
static inline struct folio *page_folio(const struct page *page)
{
	return (struct folio *)compound_head(page);
}
static inline struct page *folio_page(struct folio *folio, unsigned long n)
{
	return &folio->page + n;
}
static inline bool folio_test_large(const struct folio *folio) { return PageHead(&folio->page); }
static inline unsigned int folio_order(const struct folio *folio)
{
	return folio_test_large(folio) ? (unsigned int)(folio->_flags_1 & 0xff) : 0;
}
static inline long folio_nr_pages(const struct folio *folio) { return 1L << folio_order(folio); }
static inline size_t folio_size(const struct folio *folio) { return PAGE_SIZE << folio_order(folio); }

#define FOLIO_FLAG(name, bit)                                                          \
	static inline bool folio_test_##name(const struct folio *f) { return test_bit_ul(bit, &f->flags); } \
	static inline void folio_set_##name(struct folio *f) { set_bit_ul(bit, &f->flags); }  \
	static inline void __folio_set_##name(struct folio *f) { set_bit_ul(bit, &f->flags); } \
	static inline void folio_clear_##name(struct folio *f) { clear_bit_ul(bit, &f->flags); } \
	static inline void __folio_clear_##name(struct folio *f) { clear_bit_ul(bit, &f->flags); } \
	static inline bool folio_test_clear_##name(struct folio *f) { return test_and_clear_bit_ul(bit, &f->flags); } \
	static inline bool folio_test_set_##name(struct folio *f) { return test_and_set_bit_ul(bit, &f->flags); }

FOLIO_FLAG(locked, PG_locked)
FOLIO_FLAG(writeback, PG_writeback)
FOLIO_FLAG(referenced, PG_referenced)
FOLIO_FLAG(uptodate, PG_uptodate)
FOLIO_FLAG(dirty, PG_dirty)
FOLIO_FLAG(lru, PG_lru)
FOLIO_FLAG(active, PG_active)
FOLIO_FLAG(workingset, PG_workingset)
FOLIO_FLAG(reserved, PG_reserved)
FOLIO_FLAG(private, PG_private)
FOLIO_FLAG(reclaim, PG_reclaim)
FOLIO_FLAG(swapbacked, PG_swapbacked)
FOLIO_FLAG(unevictable, PG_unevictable)
FOLIO_FLAG(mlocked, PG_mlocked)
FOLIO_FLAG(young, PG_young)
FOLIO_FLAG(idle, PG_idle)
FOLIO_FLAG(hwpoison, PG_hwpoison)
#undef FOLIO_FLAG

/* PG_swapcache aliases PG_owner_priv_1 and only means it on swapbacked folios */
static inline bool folio_test_swapcache(const struct folio *f)
{
	return test_bit_ul(PG_swapbacked, &f->flags) && test_bit_ul(PG_swapcache, &f->flags);
}
static inline void folio_set_swapcache(struct folio *f) { set_bit_ul(PG_swapcache, &f->flags); }
static inline void folio_clear_swapcache(struct folio *f) { clear_bit_ul(PG_swapcache, &f->flags); }

/* second-word folio flags */
static inline bool folio_test_large_rmappable(const struct folio *f)
{
	return folio_test_large(f) && test_bit_ul(PG_large_rmappable, &f->_flags_1);
}
static inline void folio_set_large_rmappable(struct folio *f) { set_bit_ul(PG_large_rmappable, &f->_flags_1); }
static inline bool folio_test_partially_mapped(const struct folio *f)
{
	return folio_test_large(f) && test_bit_ul(PG_partially_mapped, &f->_flags_1);
}
static inline void folio_set_partially_mapped(struct folio *f) { set_bit_ul(PG_partially_mapped, &f->_flags_1); }
static inline void folio_clear_partially_mapped(struct folio *f) { clear_bit_ul(PG_partially_mapped, &f->_flags_1); }
/* mmsim: hugetlb folios are marked in _flags_2 (the kernel uses a page type) */
#define PG_hugetlb_mmsim 8
static inline bool folio_test_hugetlb(const struct folio *f)
{
	return folio_test_large(f) && test_bit_ul(PG_hugetlb_mmsim, &f->_flags_2);
}
static inline void folio_set_hugetlb(struct folio *f) { set_bit_ul(PG_hugetlb_mmsim, &f->_flags_2); }

/* per-page flags */
static inline bool PageAnonExclusive(const struct page *p) { return test_bit_ul(PG_anon_exclusive, &p->flags); }
static inline void SetPageAnonExclusive(struct page *p) { set_bit_ul(PG_anon_exclusive, &p->flags); }
static inline void ClearPageAnonExclusive(struct page *p) { clear_bit_ul(PG_anon_exclusive, &p->flags); }
static inline bool PageHWPoison(const struct page *p) { return test_bit_ul(PG_hwpoison, &p->flags); }
static inline void SetPageHWPoison(struct page *p) { set_bit_ul(PG_hwpoison, &p->flags); }
static inline bool PageBuddy(const struct page *p) { return test_bit_ul(PG_buddy, &p->flags); }
static inline bool PageReserved(const struct page *p) { return test_bit_ul(PG_reserved, &p->flags); }

/* ---- folio->mapping encoding -------------------------------------------- */
#define PAGE_MAPPING_ANON	0x1UL
#define PAGE_MAPPING_MOVABLE	0x2UL
#define PAGE_MAPPING_KSM	(PAGE_MAPPING_ANON | PAGE_MAPPING_MOVABLE)
#define PAGE_MAPPING_FLAGS	(PAGE_MAPPING_ANON | PAGE_MAPPING_MOVABLE)

static inline bool folio_test_anon(const struct folio *f)
{
	return ((unsigned long)f->mapping & PAGE_MAPPING_ANON) != 0;
}
static inline bool folio_test_ksm(const struct folio *f)
{
	return ((unsigned long)f->mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_KSM;
}
static inline bool PageAnon(const struct page *p) { return folio_test_anon(page_folio(p)); }
/* folio_anon_vma() (mm/util.c): NULL for KSM folios too */
static inline struct anon_vma *folio_anon_vma(const struct folio *f)
{
	if (((unsigned long)f->mapping & PAGE_MAPPING_FLAGS) != PAGE_MAPPING_ANON)
		return NULL;
	return (struct anon_vma *)((unsigned long)f->mapping & ~PAGE_MAPPING_FLAGS);
}
static inline struct address_space *folio_mapping_raw(const struct folio *f)
{
	if ((unsigned long)f->mapping & PAGE_MAPPING_FLAGS)
		return NULL;
	return f->mapping;
}

#endif /* MMSIM_KERNEL_PAGE_FLAGS_H */
