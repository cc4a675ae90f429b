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

/*
 * The interval trees (mm/interval_tree.c, sim/mm/interval_tree.c). mmsim keeps
 * both as lists sorted by (vm_pgoff, vma id), the defined rmap visit order;
 * iteration yields the nodes whose [vm_pgoff, vm_pgoff + vma_pages - 1]
 * overlaps [first, last], in that order.
 */
struct vm_area_struct *vma_interval_tree_iter_first(struct address_space *mapping,
						    pgoff_t first, pgoff_t last);
struct vm_area_struct *vma_interval_tree_iter_next(struct vm_area_struct *vma,
						   pgoff_t first, pgoff_t last);
#define vma_interval_tree_foreach(vma, mapping, start, last)              \
	for (vma = vma_interval_tree_iter_first(mapping, start, last); vma; \
	     vma = vma_interval_tree_iter_next(vma, start, last))
/* root is &anon_vma->rb_root, as in the kernel */
void anon_vma_interval_tree_insert(struct anon_vma_chain *node, struct list_head *root);
void anon_vma_interval_tree_remove(struct anon_vma_chain *node, struct list_head *root);
struct anon_vma_chain *anon_vma_interval_tree_iter_first(struct list_head *root,
							 pgoff_t first, pgoff_t last);
struct anon_vma_chain *anon_vma_interval_tree_iter_next(struct anon_vma_chain *node,
							pgoff_t first, pgoff_t last);
#define anon_vma_interval_tree_foreach(avc, root, start, last)                 \
	for (avc = anon_vma_interval_tree_iter_first(root, start, last); avc; \
	     avc = anon_vma_interval_tree_iter_next(avc, start, last))
/*
 * mmsim: call after changing a VMA's vm_start, vm_end or vm_pgoff (split,
 * merge, mremap): re-sorts the VMA's chains in every anon_vma it is linked
 * to. Stands in for mm/vma.c's anon_vma_interval_tree_pre_update_vma() /
 * _post_update_vma() pair, which the sorted list does not need split in two.
 * A file VMA is re-sorted in i_mmap with vma_interval_tree_remove() before
 * the change and vma_interval_tree_insert() after it, as vma_prepare() /
 * vma_complete() do.
 */
void anon_vma_interval_tree_update(struct vm_area_struct *vma);

/*
 * Lock state (include/linux/rmap.h, include/linux/fs.h): anon_vma locks live
 * in the root anon_vma, i_mmap's in the address_space; 0 free, >0 readers,
 * -1 a writer. mmsim: one task per mm and no other task holds these, so
 * trylock fails only on a lock the caller's own path holds, and a blocking
 * lock of a lock held in a conflicting mode is a self-deadlock: a simulated
 * BUG, as spin_lock() treats recursion.
 */
int anon_vma_trylock_read(struct anon_vma *anon_vma);
int anon_vma_trylock_write(struct anon_vma *anon_vma);
void i_mmap_lock_read(struct address_space *mapping);
int i_mmap_trylock_read(struct address_space *mapping);
void i_mmap_unlock_read(struct address_space *mapping);
void i_mmap_lock_write(struct address_space *mapping);
void i_mmap_unlock_write(struct address_space *mapping);

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
/* hugetlb swap-in/migration restore of an anon hugetlb folio */
void hugetlb_add_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			   unsigned long address, rmap_t flags);
/* migration of an anon hugetlb folio: -EBUSY if maybe pinned */
int hugetlb_try_share_anon_rmap(struct folio *folio);

/* write fault reuse: make an exclusive anon folio point at vma's own anon_vma */
void folio_move_anon_rmap(struct folio *folio, struct vm_area_struct *vma);

/* include/linux/pagemap.h: the file/anon page index of a folio and of a page in it */
static inline pgoff_t folio_pgoff(const struct folio *folio) { return folio->index; }
static inline pgoff_t page_pgoff(const struct folio *folio, const struct page *page)
{
	return folio->index + (pgoff_t)(page - &folio->page);
}
/* the address of page in vma, or -EFAULT if vma cannot map it */
unsigned long page_address_in_vma(const struct folio *folio, const struct page *page,
				  const struct vm_area_struct *vma);

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

/* ---- page_vma_mapped_walk (mm/page_vma_mapped.c, v6.14) ------------------------ */
/* take the page-table lock even for entries the lockless pre-filter would skip */
#define PVMW_SYNC		(1 << 0)
/* look for migration entries rather than present PTEs */
#define PVMW_MIGRATION		(1 << 1)

struct page_vma_mapped_walk {
	unsigned long pfn;		/* first pfn of the range looked for */
	unsigned long nr_pages;
	pgoff_t pgoff;
	struct vm_area_struct *vma;
	unsigned long address;
	pmd_t *pmd;
	pte_t *pte;
	spinlock_t *ptl;
	unsigned int flags;
};

#define DEFINE_FOLIO_VMA_WALK(name, _folio, _vma, _address, _flags)	\
	struct page_vma_mapped_walk name = {				\
		.pfn = folio_pfn(_folio),				\
		.nr_pages = (unsigned long)folio_nr_pages(_folio),	\
		.pgoff = folio_pgoff(_folio),				\
		.vma = _vma,						\
		.address = _address,					\
		.flags = _flags,					\
	}

/*
 * page_vma_mapped_walk(): true with the next entry of pvmw->vma that maps a
 * pfn of [pfn, pfn + nr_pages): pvmw->pte (or, for a PMD-mapped THP,
 * pvmw->pmd with pte NULL; for hugetlb, pvmw->pte is the huge entry and pmd
 * NULL) with pvmw->ptl held and pvmw->address adjusted. Normal walks also
 * return device-private and device-exclusive (non-present!) PTEs;
 * PVMW_MIGRATION walks return migration entries, and before patch 7
 * device-exclusive entries too. False when no further entry maps the range:
 * the lock is dropped. Stop early with page_vma_mapped_walk_done().
 */
bool page_vma_mapped_walk(struct page_vma_mapped_walk *pvmw);

/* page_vma_mapped_walk_done() (include/linux/rmap.h): end a walk early */
static inline void page_vma_mapped_walk_done(struct page_vma_mapped_walk *pvmw)
{
	/* a hugetlb pte is the huge entry itself, not a mapped PTE table */
	if (pvmw->pte && !is_vm_hugetlb_page(pvmw->vma))
		pte_unmap(pvmw->pte);
	if (pvmw->ptl)
		spin_unlock(pvmw->ptl);
}

/* page_vma_mapped_walk_restart(): drop the lock and walk this range again */
static inline void page_vma_mapped_walk_restart(struct page_vma_mapped_walk *pvmw)
{
	struct mmsim *w = pvmw->vma->vm_mm->w;

	WARN_ON_ONCE(w, !pvmw->pmd && !pvmw->pte);
	if (likely(pvmw->ptl))
		spin_unlock(pvmw->ptl);
	else
		WARN_ON_ONCE(w, 1);
	pvmw->ptl = NULL;
	pvmw->pmd = NULL;
	pvmw->pte = NULL;
}

/* ---- device-exclusive entries (the series; DESIGN.md section 4) ------------ */
/*
 * make_device_exclusive() (mm/rmap.c, from patch 3): the page at addr with
 * its folio locked and referenced in *foliop, or an ERR_PTR. The caller
 * holds the mmap_lock; it programs the device, then unlocks and puts.
 */
struct page *make_device_exclusive(struct mm_struct *mm, unsigned long addr, void *owner,
				   struct folio **foliop);
/*
 * make_device_exclusive_range() (mm/rmap.c, before patch 3): GUPs
 * [start, end) and converts through the rmap walk; pages[i] is the locked,
 * referenced page or NULL. Returns the number of pages GUP'd or an error.
 */
int make_device_exclusive_range(struct mm_struct *mm, unsigned long start,
				unsigned long end, struct page **pages, void *owner);

#endif /* MMSIM_KERNEL_RMAP_H */
