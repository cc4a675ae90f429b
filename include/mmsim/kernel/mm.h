/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model's include/linux/mm.h: pfn/page conversion, folio references and
 * mapcounts, allocation, page-table walking, VMA helpers, the fault entry
 * point and GUP. Where a kernel function has no argument that reaches the
 * world, it gains `struct mmsim *w` first (marked "mmsim: world added").
 */
#ifndef MMSIM_KERNEL_MM_H
#define MMSIM_KERNEL_MM_H

#include <mmsim/kernel/kerrno.h>
#include <mmsim/kernel/mm_types.h>
#include <mmsim/kernel/page-flags.h>
#include <mmsim/kernel/pgtable.h>

struct vm_fault;

/* ---- pfn <-> page (sim/mm/page_alloc.c) -------------------------------- */
unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(struct mmsim *w, unsigned long pfn);	/* mmsim: world added */
bool pfn_valid(struct mmsim *w, unsigned long pfn);		/* mmsim: world added */
static inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}
static inline struct folio *pfn_folio(struct mmsim *w, unsigned long pfn)
{
	return page_folio(pfn_to_page(w, pfn));
}
/* 0 = ZONE_NORMAL (block 0), 1 = ZONE_MOVABLE */
unsigned int page_zonenum(const struct page *page);
static inline bool is_zero_pfn(struct mmsim *w, unsigned long pfn)
{
	return w->zero_page && pfn == page_to_pfn(w->zero_page);
}
static inline bool is_zero_page(const struct page *page)
{
	return page_world(page)->zero_page == page;
}
static inline bool is_zero_folio(const struct folio *folio)
{
	return is_zero_page(&folio->page);
}

/* ---- allocation (sim/mm/page_alloc.c) ---------------------------------- */
#define __GFP_MOVABLE	0x08u
#define __GFP_ZERO	0x100u
#define __GFP_COMP	0x40000u
#define __GFP_NOWARN	0x2000u
#define GFP_KERNEL	0x0cc0u
#define GFP_HIGHUSER_MOVABLE (GFP_KERNEL | __GFP_MOVABLE)
#define GFP_TRANSHUGE (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOWARN)

/*
 * Lowest free pfn of the lowest block that can satisfy the order:
 * __GFP_MOVABLE allocations never come from block 0, others only from it.
 * NULL when nothing is free or the alloc:fail injection point fires.
 */
struct page *alloc_pages(struct mmsim *w, gfp_t gfp, unsigned int order); /* mmsim: world added */
/* a folio with refcount 1; order > 1 is large_rmappable, as page_rmappable_folio() */
struct folio *folio_alloc(struct mmsim *w, gfp_t gfp, unsigned int order); /* mmsim: world added */
struct folio *vma_alloc_folio(gfp_t gfp, int order, struct vm_area_struct *vma,
			      unsigned long addr);
void __free_pages(struct page *page, unsigned int order);
/* free a folio whose refcount dropped to zero; "Bad page state" checks */
void free_unref_folio(struct folio *folio);

/* ---- references ------------------------------------------------------ */
#define GUP_PIN_COUNTING_BIAS (1U << 10)

static inline int folio_ref_count(const struct folio *f) { return atomic_read(&f->_refcount); }
static inline int page_ref_count(const struct page *p) { return folio_ref_count(page_folio(p)); }
static inline void folio_ref_add(struct folio *f, int nr) { atomic_add(nr, &f->_refcount); }
static inline void folio_ref_sub(struct folio *f, int nr) { atomic_sub(nr, &f->_refcount); }
static inline void folio_ref_inc(struct folio *f) { atomic_inc(&f->_refcount); }
static inline bool folio_ref_freeze(struct folio *f, int count)
{
	if (atomic_read(&f->_refcount) != count)
		return false;
	atomic_set(&f->_refcount, 0);
	return true;
}
static inline void folio_ref_unfreeze(struct folio *f, int count) { atomic_set(&f->_refcount, count); }
void folio_get(struct folio *folio);
bool folio_try_get(struct folio *folio);
void folio_put(struct folio *folio);
void folio_put_refs(struct folio *folio, int refs);
static inline void get_page(struct page *page) { folio_get(page_folio(page)); }
static inline void put_page(struct page *page) { folio_put(page_folio(page)); }

bool folio_maybe_dma_pinned(const struct folio *folio);
bool folio_needs_cow_for_dma(struct vm_area_struct *vma, struct folio *folio);

/* ---- mapcounts (v6.14 semantics) ---------------------------------------- */
/* mm/internal.h: the bias in _nr_pages_mapped once the folio is PMD-mapped */
#define ENTIRELY_MAPPED 0x800000
#define FOLIO_PAGES_MAPPED (ENTIRELY_MAPPED - 1)

static inline int folio_large_mapcount(const struct folio *f) { return atomic_read(&f->_large_mapcount) + 1; }
static inline int folio_entire_mapcount(const struct folio *f) { return atomic_read(&f->_entire_mapcount) + 1; }
static inline int folio_mapcount(const struct folio *f)
{
	if (!folio_test_large(f))
		return atomic_read(&f->_mapcount) + 1;
	return folio_large_mapcount(f);
}
static inline bool folio_mapped(const struct folio *f) { return folio_mapcount(f) >= 1; }
static inline int page_mapcount(const struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (PageCompound(page))
		mapcount += folio_entire_mapcount(page_folio(page));
	return mapcount;
}
static inline bool page_mapped(const struct page *page) { return folio_mapped(page_folio(page)); }

/* ---- folio locking (state, not a mutex) -------------------------------- */
bool folio_trylock(struct folio *folio);
void folio_lock(struct folio *folio);
/* -EINTR when another task holds the lock and never releases it */
int folio_lock_killable(struct folio *folio);
void folio_unlock(struct folio *folio);

/* ---- statistics ---------------------------------------------------------- */
static inline void __lruvec_stat_mod_folio(struct folio *folio, enum node_stat_item item, long nr)
{
	atomic_long_add(nr, &folio_world(folio)->vm_stat[item]);
}
static inline void mod_node_page_state(struct mmsim *w, enum node_stat_item item, long nr)
{
	atomic_long_add(nr, &w->vm_stat[item]);
}
static inline void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	atomic_long_add(value, &mm->rss_stat[member]);
}
static inline void inc_mm_counter(struct mm_struct *mm, int member) { add_mm_counter(mm, member, 1); }
static inline void dec_mm_counter(struct mm_struct *mm, int member) { add_mm_counter(mm, member, -1); }
static inline long get_mm_counter(const struct mm_struct *mm, int member)
{
	return atomic_long_read(&mm->rss_stat[member]);
}
static inline int mm_counter_file(struct folio *folio)
{
	return folio_test_swapbacked(folio) ? MM_SHMEMPAGES : MM_FILEPAGES;
}
static inline int mm_counter(struct folio *folio)
{
	return folio_test_anon(folio) ? MM_ANONPAGES : mm_counter_file(folio);
}

/* ---- LRU (sim/mm/swap.c, sim/mm/vmscan.c) ------------------------------- */
/* mmsim: no per-CPU batches: the folio is on its list at once, no batch reference */
void folio_add_lru(struct folio *folio);
void folio_add_lru_vma(struct folio *folio, struct vm_area_struct *vma);
bool folio_isolate_lru(struct folio *folio);
void folio_putback_lru(struct folio *folio);
void folio_mark_accessed(struct folio *folio);
bool folio_mark_dirty(struct folio *folio);
/* remove from the LRU when the folio is freed */
void __folio_clear_lru_flags(struct folio *folio);
void lru_del_folio(struct folio *folio);

/* ---- debugging (sim/mm/debug.c) ------------------------------------------ */
void dump_page(const struct page *page, const char *reason);
void __dump_folio(struct folio *folio, const struct page *page, unsigned long pfn,
		  unsigned long idx);
/* the synthetic kernel-like address of a model object (no host pointers) */
unsigned long mmsim_synthetic_addr(const void *obj_kind, unsigned int id);
void bad_page(const struct page *page, const char *reason);

/* ---- page tables (sim/mm/pgtable-generic.c) --------------------------------- */
struct ptdesc *pagetable_alloc(struct mmsim *w, unsigned int level); /* mmsim: world added */
void pagetable_free(struct ptdesc *pt);
struct ptdesc *ptdesc_of(struct mmsim *w, unsigned int id);	/* mmsim: id -> table */

pgd_t *pgd_offset(struct mm_struct *mm, unsigned long addr);
pud_t *pud_offset(struct mmsim *w, pgd_t *pgd, unsigned long addr);	/* mmsim: world added */
pmd_t *pmd_offset(struct mmsim *w, pud_t *pud, unsigned long addr);	/* mmsim: world added */
pte_t *pte_offset_map(struct mmsim *w, pmd_t *pmd, unsigned long addr); /* mmsim: world added */
pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			   spinlock_t **ptlp);
static inline void pte_unmap(pte_t *pte) { (void)pte; }
void pte_unmap_unlock(pte_t *pte, spinlock_t *ptl);
spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t *pmd);
spinlock_t *pmd_lockptr(struct mm_struct *mm, pmd_t *pmd);
spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
/* allocate the table below an entry if none: 0 or -ENOMEM */
int __pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr);
int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr);
int __pte_alloc(struct mm_struct *mm, pmd_t *pmd);
pud_t *pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr);
pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr);
/* the PMD entry covering addr, allocating tables down to it; NULL on -ENOMEM */
pmd_t *mm_find_or_alloc_pmd(struct mm_struct *mm, unsigned long addr);
/* the PMD entry covering addr, or NULL if an upper level is empty */
pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long addr);
void free_pgd_range(struct mm_struct *mm, unsigned long addr, unsigned long end);

static inline pte_t ptep_get(pte_t *ptep) { return *ptep; }
static inline pmd_t pmdp_get(pmd_t *pmdp) { return *pmdp; }
/* these call page_table_check like their kernel twins */
void set_ptes(struct mm_struct *mm, unsigned long addr, pte_t *ptep, pte_t pte, unsigned int nr);
static inline void set_pte_at(struct mm_struct *mm, unsigned long addr, pte_t *ptep, pte_t pte)
{
	set_ptes(mm, addr, ptep, pte, 1);
}
pte_t ptep_get_and_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep);
void pte_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep);
pte_t ptep_clear_flush(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep);
void ptep_set_wrprotect(struct mm_struct *mm, unsigned long addr, pte_t *ptep);
int ptep_test_and_clear_young(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep);
int ptep_clear_flush_young(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep);
int ptep_set_access_flags(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
			  pte_t entry, int dirty);
void set_pmd_at(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp, pmd_t pmd);
pmd_t pmdp_huge_get_and_clear(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp);
pmd_t pmdp_huge_clear_flush(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp);
pmd_t pmdp_invalidate(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp);
void pmdp_set_wrprotect(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp);
void pmd_populate(struct mm_struct *mm, pmd_t *pmd, struct ptdesc *pte_table);
/* mmsim: TLB flushes are immediate and have no model state */
static inline void flush_tlb_page(struct vm_area_struct *vma, unsigned long a) { (void)vma; (void)a; }
static inline void flush_tlb_range(struct vm_area_struct *vma, unsigned long s, unsigned long e)
{
	(void)vma; (void)s; (void)e;
}
static inline void flush_cache_page(struct vm_area_struct *vma, unsigned long a, unsigned long pfn)
{
	(void)vma; (void)a; (void)pfn;
}
static inline void update_mmu_cache(struct vm_area_struct *vma, unsigned long a, pte_t *ptep)
{
	(void)vma; (void)a; (void)ptep;
}

static inline pte_t mk_pte(struct page *page, pgprot_t pgprot)
{
	return pfn_pte(page_to_pfn(page), pgprot);
}
static inline pmd_t mk_huge_pmd(struct page *page, pgprot_t pgprot)
{
	return pmd_mkhuge(pfn_pmd(page_to_pfn(page), pgprot));
}

/* ---- VMAs (sim/mm/mmap.c) ------------------------------------------------ */
#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_ANONYMOUS	0x20
#define MAP_HUGETLB	0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define DEFAULT_MAX_MAP_COUNT 65530	/* sysctl_max_map_count */

/* calc_vm_prot_bits() (include/linux/mman.h): no pkeys, no arch bits */
static inline vm_flags_t calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

pgprot_t vm_get_page_prot(vm_flags_t vm_flags);
static inline bool vma_is_anonymous(const struct vm_area_struct *vma) { return !vma->vm_file; }
static inline bool is_vm_hugetlb_page(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_HUGETLB;
}
static inline bool is_cow_mapping(vm_flags_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}
bool vma_is_shmem(const struct vm_area_struct *vma);
static inline pgoff_t linear_page_index(const struct vm_area_struct *vma, unsigned long address)
{
	return ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}
static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}
bool vma_wants_writenotify(struct vm_area_struct *vma, pgprot_t vm_page_prot);
/*
 * vma_wants_manual_pte_write_upgrade() (include/linux/mm.h): private
 * writable mappings, and shared ones with write-notify, decide per PTE
 * whether it may be writable.
 */
static inline bool vma_wants_manual_pte_write_upgrade(struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return vma_wants_writenotify(vma, vma->vm_page_prot);
	return !!(vma->vm_flags & VM_WRITE);
}

struct mm_struct *mm_alloc(struct mmsim *w);			/* mmsim: world added */
/* the first VMA with vm_end > addr */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* the VMA containing addr */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
/*
 * mmap(): returns the address or a negative errno. file is NULL for private
 * anon; shared anon gets a shmem object. mmsim: mm and align added (the
 * caller stands in for current->mm; align models the script's align=).
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff, unsigned long align);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int do_mprotect_pkey(struct mm_struct *mm, unsigned long start, size_t len,
		     unsigned long prot);
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int behavior);
/* dup_mmap(): the child's mm, or an ERR_PTR */
struct mm_struct *dup_mm(struct mm_struct *oldmm);
void exit_mmap(struct mm_struct *mm);
void mmput(struct mm_struct *mm);
struct file *shmem_file_setup(struct mmsim *w, const char *name, unsigned long size); /* mmsim: world added */
/*
 * mmsim_file_create(): a named regular file of size bytes (rounded up to
 * pages) on w->file_list; page i reads fill (+ i if fill_seq) until written.
 * The world holds its reference: it lives until the world is destroyed.
 */
struct file *mmsim_file_create(struct mmsim *w, const char *name, unsigned long size,
			       u64 fill, bool fill_seq);

#define MADV_NORMAL	0
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_DONTFORK	10
#define MADV_DOFORK	11
#define MADV_MERGEABLE	12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE	14
#define MADV_NOHUGEPAGE	15
#define MADV_WIPEONFORK	18
#define MADV_KEEPONFORK	19
#define MADV_COLD	20
#define MADV_PAGEOUT	21
#define MADV_COLLAPSE	25
#define MADV_HWPOISON	100

/*
 * mmap_lock (include/linux/mmap_lock.h). mmsim: lock state, not a mutex; one
 * task per mm, so taking it while held is a self-deadlock (a simulated BUG).
 */
static inline void mmap_write_lock(struct mm_struct *mm)
{
	BUG_ON(mm->w, mm->mmap_lock != 0);
	mm->mmap_lock = -1;
}
static inline void mmap_write_unlock(struct mm_struct *mm)
{
	BUG_ON(mm->w, mm->mmap_lock != -1);
	mm->mmap_lock = 0;
}
static inline void mmap_read_lock(struct mm_struct *mm)
{
	BUG_ON(mm->w, mm->mmap_lock < 0);
	mm->mmap_lock++;
}
static inline void mmap_read_unlock(struct mm_struct *mm)
{
	BUG_ON(mm->w, mm->mmap_lock <= 0);
	mm->mmap_lock--;
}

/* mmap_assert_locked() (include/linux/mmap_lock.h): rwsem_assert_held() warns without lockdep */
static inline void mmap_assert_locked(struct mm_struct *mm)
{
	WARN_ON(mm->w, mm->mmap_lock == 0);
}

/* VMA objects (kernel/fork.c): a new id from w->next_id, empty lists */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/* a copy of orig with a new id and empty anon_vma chain, not linked anywhere */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);

/* the first VMA intersecting [start, end), or NULL (include/linux/mm.h) */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
/* vm_page_prot from vm_flags, write-protected where write-notify is wanted */
void vma_set_page_prot(struct vm_area_struct *vma);
/* x86 pgprot_modify(): keep oldprot's _PAGE_CHG_MASK bits, take the rest from newprot */
static inline pgprot_t pgprot_modify(pgprot_t oldprot, pgprot_t newprot)
{
	return __pgprot((pgprot_val(oldprot) & _PAGE_CHG_MASK) |
			(pgprot_val(newprot) & ~_PAGE_CHG_MASK));
}
static inline pgprot_t vm_pgprot_modify(pgprot_t oldprot, vm_flags_t vm_flags)
{
	return pgprot_modify(oldprot, vm_get_page_prot(vm_flags));
}
static inline bool vma_soft_dirty_enabled(const struct vm_area_struct *vma)
{
	/* soft-dirty tracking is on while VM_SOFTDIRTY is clear (MEM_SOFT_DIRTY=y) */
	return !(vma->vm_flags & VM_SOFTDIRTY);
}
/*
 * mm/vma.c (v6.14) helpers, used by mprotect and madvise: split vma so that
 * [start, end) is one VMA (the original keeps its id), and give it new_flags.
 * mmsim: no VMA merging, so this never merges with prev/next. Returns the
 * VMA or an ERR_PTR.
 */
struct vm_area_struct *vma_modify_flags(struct vm_area_struct *vma, unsigned long start,
					unsigned long end, vm_flags_t new_flags);
int split_vma(struct vm_area_struct *vma, unsigned long addr, int new_below);
/* vma_link(): into mm->mmap by address (map_count++) and into its file's i_mmap */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
/* unlink_file_vma(): out of i_mmap, under the i_mmap lock */
void unlink_file_vma(struct vm_area_struct *vma);
/* remove_vma(): drop the file reference and free an already unlinked VMA */
void remove_vma(struct vm_area_struct *vma);
/* munmap of [start, start + len) in mm, the mmap_lock held for write */
int do_vmi_munmap(struct mm_struct *mm, unsigned long start, size_t len);
/* change_protection() (mm/mprotect.c): pages changed; mmsim: no mmu_gather */
long change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long cp_flags);

/* ---- files and the page cache (sim/mm/filemap.c, sim/mm/shmem.c) ---------- */
static inline struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}
/*
 * fput() (fs/file_table.c): the last reference of an unlinked object (a
 * shmem or hugetlbfs object behind an anonymous mapping) truncates its page
 * cache and frees it; named files keep the world's reference.
 */
void fput(struct file *file);
/* a shared anonymous mapping's shmem object (mm/shmem.c shmem_zero_setup) */
int shmem_zero_setup(struct vm_area_struct *vma);
/*
 * ->fault of file and shmem VMAs: the page-cache folio at vmf->pgoff in
 * vmf->page, with a reference and locked (VM_FAULT_LOCKED); VM_FAULT_SIGBUS
 * beyond EOF, VM_FAULT_OOM when no page can be allocated, VM_FAULT_RETRY if
 * the folio lock could not be taken. mmsim: no readahead, no fault-around.
 */
vm_fault_t filemap_fault(struct vm_fault *vmf);
vm_fault_t shmem_fault(struct vm_fault *vmf);
/* the cached folio at index with a reference, or NULL (the kernel's ERR_PTR(-ENOENT)) */
struct folio *filemap_get_folio(struct address_space *mapping, pgoff_t index);
/* add a new locked folio to the page cache: nr references, stats, LRU; 0 or -EEXIST */
int filemap_add_folio(struct address_space *mapping, struct folio *folio, pgoff_t index,
		      gfp_t gfp);
/* remove a locked, unmapped folio from the page cache and drop the cache's references */
void filemap_remove_folio(struct folio *folio);
/* truncate_inode_pages_final() (mm/truncate.c): empty the cache of an evicted object */
void truncate_inode_pages_final(struct address_space *mapping);
/* mmsim: a new file object of nr_pages pages on w->file_list, one reference */
struct file *mmsim_file_alloc(struct mmsim *w, const char *name, pgoff_t nr_pages);
/* mmsim: what reading page index of the file from disk gives */
u64 mmsim_file_disk_value(const struct file *file, pgoff_t index);

/* ---- faults (sim/mm/memory.c) ---------------------------------------------- */
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_MKWRITE	0x02
#define FAULT_FLAG_ALLOW_RETRY	0x04
#define FAULT_FLAG_RETRY_NOWAIT	0x08
#define FAULT_FLAG_KILLABLE	0x10
#define FAULT_FLAG_TRIED	0x20
#define FAULT_FLAG_USER		0x40
#define FAULT_FLAG_REMOTE	0x80
#define FAULT_FLAG_INSTRUCTION	0x100
#define FAULT_FLAG_INTERRUPTIBLE 0x200
#define FAULT_FLAG_UNSHARE	0x400
#define FAULT_FLAG_ORIG_PTE_VALID 0x800

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_HWPOISON	0x000010
#define VM_FAULT_HWPOISON_LARGE	0x000020
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_LOCKED		0x000200
#define VM_FAULT_RETRY		0x000400
#define VM_FAULT_FALLBACK	0x000800
#define VM_FAULT_DONE_COW	0x001000
#define VM_FAULT_NEEDDSYNC	0x002000
#define VM_FAULT_COMPLETED	0x004000
/* mmsim: a fault path the model lacks; the harness turns it into -ENOSYS */
#define VM_FAULT_MMSIM_ENOSYS	0x10000000
#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV | \
			VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE | VM_FAULT_MMSIM_ENOSYS)

struct vm_fault {
	struct vm_area_struct *vma;
	gfp_t gfp_mask;
	pgoff_t pgoff;
	unsigned long address;		/* page aligned */
	unsigned long real_address;
	unsigned int flags;
	pmd_t *pmd;
	pud_t *pud;
	pte_t orig_pte;
	pmd_t orig_pmd;
	struct page *page;
	pte_t *pte;
	spinlock_t *ptl;
};

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, void *regs);
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte);
struct folio *vm_normal_folio(struct vm_area_struct *vma, unsigned long addr, pte_t pte);
struct page *vm_normal_page_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t pmd);
struct folio *vm_normal_folio_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t pmd);
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);

struct zap_details {
	struct folio *single_folio;
	bool even_cows;
	unsigned int zap_flags;
};
void unmap_page_range(struct vm_area_struct *vma, unsigned long addr,
		      unsigned long end, struct zap_details *details);
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, struct zap_details *details);
/* munmap/exit: unmap_page_range() inside an MMU_NOTIFY_UNMAP range */
void unmap_vmas(struct vm_area_struct *vma, unsigned long start, unsigned long end);
bool can_change_pte_writable(struct vm_area_struct *vma, unsigned long addr, pte_t pte);

/* change_protection() cp_flags (include/linux/mm.h) */
#define MM_CP_TRY_CHANGE_WRITABLE	(1UL << 0)
#define MM_CP_PROT_NUMA			(1UL << 1)
#define MM_CP_UFFD_WP			(1UL << 2)
#define MM_CP_UFFD_WP_RESOLVE		(1UL << 3)
#define MM_CP_UFFD_WP_ALL		(MM_CP_UFFD_WP | MM_CP_UFFD_WP_RESOLVE)

void folio_copy_content(struct folio *dst, struct folio *src);	/* mmsim: copy_user_highpage */

/* ---- GUP (sim/mm/gup.c) ---------------------------------------------------- */
#define FOLL_WRITE	(1U << 0)
#define FOLL_GET	(1U << 1)
#define FOLL_DUMP	(1U << 2)
#define FOLL_FORCE	(1U << 3)
#define FOLL_NOWAIT	(1U << 4)
#define FOLL_NOFAULT	(1U << 5)
#define FOLL_HWPOISON	(1U << 6)
#define FOLL_ANON	(1U << 7)
#define FOLL_LONGTERM	(1U << 8)
#define FOLL_SPLIT_PMD	(1U << 9)
#define FOLL_PCI_P2PDMA	(1U << 10)
#define FOLL_INTERRUPTIBLE (1U << 11)
#define FOLL_HONOR_NUMA_FAULT (1U << 12)
#define FOLL_TOUCH	(1U << 16)
#define FOLL_TRIED	(1U << 17)
#define FOLL_REMOTE	(1U << 18)
#define FOLL_PIN	(1U << 19)
#define FOLL_FAST_ONLY	(1U << 20)
#define FOLL_UNLOCKABLE	(1U << 21)
#define FOLL_MADV_POPULATE (1U << 22)

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
struct page *get_user_page_vma_remote(struct mm_struct *mm, unsigned long addr,
				      int gup_flags, struct vm_area_struct **vmap);
void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void unpin_folio(struct folio *folio);

/*
 * vm_fault_to_errno() (include/linux/mm.h, v6.14); mmsim: a fault path the
 * model lacks (VM_FAULT_MMSIM_ENOSYS) is -ENOSYS.
 */
static inline int vm_fault_to_errno(vm_fault_t vm_fault, int foll_flags)
{
	if (vm_fault & VM_FAULT_MMSIM_ENOSYS)
		return -ENOSYS;
	if (vm_fault & VM_FAULT_OOM)
		return -ENOMEM;
	if (vm_fault & (VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE))
		return (foll_flags & FOLL_HWPOISON) ? -EHWPOISON : -EFAULT;
	if (vm_fault & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV))
		return -EFAULT;
	return 0;
}

#endif /* MMSIM_KERNEL_MM_H */
