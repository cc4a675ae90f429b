/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reverse mapping (include/linux/rmap.h, mm/rmap.c, v6.14): the rmap
 * add/remove/dup/share family that keeps per-page _mapcount,
 * _large_mapcount, _entire_mapcount, _nr_pages_mapped and PageAnonExclusive,
 * anon_vma management, and rmap_walk. None of the add/remove functions touch
 * _refcount: callers take and drop references themselves.
 */
#ifndef MMSIM_KERNEL_RMAP_H
#define MMSIM_KERNEL_RMAP_H

#include <mmsim/kernel/mm.h>

typedef int rmap_t;
#define RMAP_NONE	((rmap_t)0)
#define RMAP_EXCLUSIVE	((rmap_t)BIT(0))

enum rmap_level {
	RMAP_LEVEL_PTE = 0,
	RMAP_LEVEL_PMD,
};

/* ---- anon_vma ----------------------------------------------------------- */
int __anon_vma_prepare(struct vm_area_struct *vma);
static inline int anon_vma_prepare(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		return 0;
	return __anon_vma_prepare(vma);
}
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
void unlink_anon_vmas(struct vm_area_struct *vma);
void put_anon_vma(struct anon_vma *anon_vma);
static inline void get_anon_vma(struct anon_vma *anon_vma) { atomic_inc(&anon_vma->refcount); }
void anon_vma_lock_read(struct anon_vma *anon_vma);
void anon_vma_unlock_read(struct anon_vma *anon_vma);
void anon_vma_lock_write(struct anon_vma *anon_vma);
void anon_vma_unlock_write(struct anon_vma *anon_vma);
/* i_mmap: insert/remove a file VMA in (vm_pgoff, id) order */
void vma_interval_tree_insert(struct vm_area_struct *vma, struct address_space *mapping);
void vma_interval_tree_remove(struct vm_area_struct *vma, struct address_space *mapping);

/* ---- rmap counters ---------------------------------------------------------- */
void folio_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, rmap_t flags);
void folio_add_anon_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			      struct vm_area_struct *vma, unsigned long address,
			      rmap_t flags);
#define folio_add_anon_rmap_pte(folio, page, vma, address, flags) \
	folio_add_anon_rmap_ptes(folio, page, 1, vma, address, flags)
void folio_add_anon_rmap_pmd(struct folio *folio, struct page *page,
			     struct vm_area_struct *vma, unsigned long address,
			     rmap_t flags);
void folio_add_file_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			      struct vm_area_struct *vma);
#define folio_add_file_rmap_pte(folio, page, vma) \
	folio_add_file_rmap_ptes(folio, page, 1, vma)
void folio_add_file_rmap_pmd(struct folio *folio, struct page *page,
			     struct vm_area_struct *vma);
void folio_remove_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			    struct vm_area_struct *vma);
#define folio_remove_rmap_pte(folio, page, vma) \
	folio_remove_rmap_ptes(folio, page, 1, vma)
void folio_remove_rmap_pmd(struct folio *folio, struct page *page,
			   struct vm_area_struct *vma);

/* fork: -EBUSY if the folio may be pinned and a page is AnonExclusive */
int folio_try_dup_anon_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
				 struct vm_area_struct *dst_vma,
				 struct vm_area_struct *src_vma);
#define folio_try_dup_anon_rmap_pte(folio, page, dst, src) \
	folio_try_dup_anon_rmap_ptes(folio, page, 1, dst, src)
int folio_try_dup_anon_rmap_pmd(struct folio *folio, struct page *page,
				struct vm_area_struct *dst_vma,
				struct vm_area_struct *src_vma);
void folio_dup_file_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			      struct vm_area_struct *dst_vma);
#define folio_dup_file_rmap_pte(folio, page, dst) folio_dup_file_rmap_ptes(folio, page, 1, dst)
void folio_dup_file_rmap_pmd(struct folio *folio, struct page *page,
			     struct vm_area_struct *dst_vma);
/* swap-out/migration/KSM: the PTE is already cleared; -EBUSY if maybe pinned */
int folio_try_share_anon_rmap_pte(struct folio *folio, struct page *page);
int folio_try_share_anon_rmap_pmd(struct folio *folio, struct page *page);

void hugetlb_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			       unsigned long address);
void hugetlb_add_file_rmap(struct folio *folio);
void hugetlb_remove_rmap(struct folio *folio);
int hugetlb_try_dup_anon_rmap(struct folio *folio, struct vm_area_struct *vma);

/* ---- rmap walks ----------------------------------------------------------------- */
struct rmap_walk_control {
	void *arg;
	bool try_lock;
	bool contended;
	/* false stops the walk */
	bool (*rmap_one)(struct folio *folio, struct vm_area_struct *vma,
			 unsigned long addr, void *arg);
	int (*done)(struct folio *folio);
	struct anon_vma *(*anon_lock)(struct folio *folio, struct rmap_walk_control *rwc);
	bool (*invalid_vma)(struct vm_area_struct *vma, void *arg);
};

void rmap_walk(struct folio *folio, struct rmap_walk_control *rwc);
void rmap_walk_locked(struct folio *folio, struct rmap_walk_control *rwc);
/* the folio's anon_vma, read-locked; NULL if the folio is not mapped */
struct anon_vma *folio_lock_anon_vma_read(struct folio *folio, struct rmap_walk_control *rwc);
/* the folio's anon_vma with a reference; NULL if the folio is not mapped */
struct anon_vma *folio_get_anon_vma(struct folio *folio);
static inline int folio_not_mapped(struct folio *folio) { return !folio_mapped(folio); }
/* the user address at which vma maps page index pgoff, or -EFAULT */
unsigned long vma_address(const struct vm_area_struct *vma, pgoff_t pgoff, unsigned long nr_pages);

#endif /* MMSIM_KERNEL_RMAP_H */
