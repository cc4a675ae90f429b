/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct mmsim: one simulated machine. Every piece of model state hangs off
 * it (DESIGN.md principle 2): memory, page tables, processes, files, swap,
 * log, counters, injection points. Model functions reach it through their
 * first kernel argument (mm->w, vma->vm_mm->w, a page's memmap header ...).
 *
 * Also here: the simulated BUG/WARN machinery, the world log, tracing and
 * injection points, because every model file needs them.
 */
#ifndef MMSIM_KERNEL_WORLD_H
#define MMSIM_KERNEL_WORLD_H

#include <mmsim/kernel/ktypes.h>
#include <mmsim/mmsim.h>
#include <setjmp.h>
#include <stdarg.h>

struct page;
struct folio;
struct mm_struct;
struct vm_area_struct;
struct ptdesc;
struct file;
struct swap_info_struct;
struct memmap_hdr;

/* ---- series levels (DESIGN.md section 4) ---------------------------------- */
enum series_patch {
	PATCH_GUP_REJECT_SPLIT_PMD_HUGETLB = 1,
	PATCH_RMAP_REJECT_HUGETLB = 2,
	PATCH_MAKE_DEVICE_EXCLUSIVE_API = 3,
	PATCH_MAKE_DEVICE_EXCLUSIVE_FOLIO_WALK = 4,
	PATCH_RESTORE_CAN_CHANGE_PTE_WRITABLE = 5,
	PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE = 6,
	PATCH_PVMW_DEVICE_EXCLUSIVE_NOT_MIGRATION = 7,
	PATCH_UPROBES_DEVICE_EXCLUSIVE = 8,
	PATCH_KSM_DEVICE_EXCLUSIVE = 9,
	PATCH_TRY_TO_UNMAP_ONE_DEVICE_EXCLUSIVE = 10,
	PATCH_TRY_TO_MIGRATE_ONE_DEVICE_EXCLUSIVE = 11,
	PATCH_MKCLEAN_DEVICE_EXCLUSIVE = 12,
	PATCH_PAGE_IDLE_DEVICE_EXCLUSIVE = 13,
	PATCH_DAMON_YOUNG_DEVICE_EXCLUSIVE = 14,
	PATCH_DAMON_MKOLD_DEVICE_EXCLUSIVE = 15,
	PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE = 16,
	PATCH_AVOID_EBUSY_MAKE_DEVICE_EXCLUSIVE = 17,
	SERIES_LEVEL_MAX = 17,
};

/* ---- the world log (DESIGN.md section 6) ---------------------------------- */
#define MMSIM_LOG_LINES 65536

struct mmsim_log {
	char **ring;		/* MMSIM_LOG_LINES slots, allocated on first line */
	unsigned long first;	/* sequence number of the oldest retained line */
	unsigned long next;	/* sequence number of the next line */
	unsigned long dropped;	/* lines that fell out of the ring */
};

/* ---- injection points (DESIGN.md section 3) -------------------------------- */
/*
 * X(id, name, built-in action, modelled kernel path). Later issues append the
 * points their paths need; the enum, the tables and `mmsim inject --list`
 * follow from this one list.
 */
#define MMSIM_INJECT_POINTS(X)                                                   \
	X(MMSIM_INJ_ALLOC_FAIL, "alloc:fail",                                    \
	  "the page or page-table allocation fails, as under memory pressure",  \
	  "mm/page_alloc.c __alloc_pages()")                                   \
	X(MMSIM_INJ_EXCLUSIVE_AFTER_GUP, "exclusive:after-gup",                  \
	  "none: a do COMMAND changes the world after GUP returned the page, "   \
	  "before the folio lock (exercises the re-check and patch 17's retry)", \
	  "mm/rmap.c make_device_exclusive() / make_device_exclusive_range()")   \
	X(MMSIM_INJ_EXCLUSIVE_BEFORE_WALK, "exclusive:before-walk",              \
	  "none: a do COMMAND changes the world after the folio lock and the "   \
	  "MMU_NOTIFY_EXCLUSIVE start, before folio_walk_start() (levels 4+)",   \
	  "mm/rmap.c make_device_exclusive()")                                   \
	X(MMSIM_INJ_EXCLUSIVE_LOCK_CONTENDED, "exclusive:lock-contended",        \
	  "another task (swap-out, migration) holds the folio lock for a moment " \
	  "when the conversion takes it: trylock fails (-EBUSY before patch 17), " \
	  "a sleeper waits until it is released (from patch 17)",               \
	  "mm/rmap.c make_device_exclusive() / make_device_exclusive_range()")   \
	X(MMSIM_INJ_GUP_SKIP_CHECK_VMA_FLAGS, "gup:skip-check-vma-flags",        \
	  "forcing: not reachable in the real kernel at level 1: FOLL_SPLIT_PMD " \
	  "on a hugetlb VMA is neither rejected (patch 1) nor splits the PMD; "  \
	  "GUP returns the hugetlb page as for a hugetlb size not PMD-mapped",   \
	  "mm/gup.c check_vma_flags(), follow_pmd_mask()")

enum mmsim_inject_point {
#define MMSIM_INJ_ENUM(id, name, action, where) id,
	MMSIM_INJECT_POINTS(MMSIM_INJ_ENUM)
#undef MMSIM_INJ_ENUM
	MMSIM_NR_INJECT_POINTS,
};

struct mmsim_inject_state {
	bool armed;
	bool once;
	unsigned long nth;	/* fire on the nth hit (1 = next); 0 = every hit */
	unsigned long hits;	/* hits since armed */
	unsigned long fired;
	mmsim_inject_fn fn;	/* optional C callback, run when it fires */
	void *arg;
};

/* ---- ONCE state: per world, per call site (DESIGN.md principle 5) -------- */
struct mmsim_once_site {
	const char *file;
	int line;
};

/* ---- physical memory ---------------------------------------------------- */
#define MAX_PAGE_ORDER 9
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)

struct mmsim_block {
	struct memmap_hdr *memmap;	/* NULL until the block is first used */
	bool online;
	bool movable;			/* block 0 is ZONE_NORMAL, the rest ZONE_MOVABLE */
	unsigned long nr_free;
	/* buddy free areas: one bitmap of free block heads per order, with a
	 * one-bit-per-word summary, so the lowest free pfn is found fast */
	u64 *free_map[NR_PAGE_ORDERS];
	u64 *free_summary[NR_PAGE_ORDERS];
};

/* meminfo-like counters, in pages (node_stat_item + zone_stat_item) */
enum node_stat_item {
	NR_FREE_PAGES,
	NR_ANON_MAPPED,		/* AnonPages: follows mapcounts */
	NR_FILE_MAPPED,
	NR_FILE_PAGES,		/* page cache incl. shmem and swap cache */
	NR_SHMEM,
	NR_SWAPCACHE,
	NR_ANON_THPS,
	NR_INACTIVE_ANON,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	NR_PAGETABLE,
	NR_FILE_PMDMAPPED,	/* file folios mapped by PMD (FilePmdMapped) */
	NR_SHMEM_PMDMAPPED,	/* shmem folios mapped by PMD (ShmemPmdMapped) */
	NR_VM_STAT_ITEMS,
};

enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS,
};

/* one outstanding GUP reference or pin, so unpin and the checker see them */
struct mmsim_gup_ref {
	struct list_head list;
	struct folio *folio;
	struct page *page;		/* the page GUP returned */
	unsigned int mm_id;
	unsigned long addr;
	bool pin;
};

struct mmsim {
	struct mmsim_config cfg;
	unsigned int series;		/* 0..17, the applied prefix of the series */

	/* --- reporting ---------------------------------------------------- */
	struct mmsim_log log;
	unsigned long nr_bug, nr_warn, nr_bad_page, nr_bad_rss;
	bool dead;			/* a BUG happened: inspection and destroy only */
	jmp_buf *unwind;		/* MMSIM_BUG_UNWIND: the executor's recovery point */
	struct mmsim_once_site *once;
	size_t nr_once, cap_once;
	mmsim_log_fn log_hook;		/* optional live copy of each log line */
	void *log_hook_arg;

	/* --- tracing ------------------------------------------------------ */
	bool trace;
	mmsim_log_fn trace_fn;
	void *trace_arg;
	unsigned int trace_depth;

	/* --- injection ---------------------------------------------------- */
	struct mmsim_inject_state inject[MMSIM_NR_INJECT_POINTS];

	/* --- determinism -------------------------------------------------- */
	u64 prng;			/* one seeded PRNG per world */
	unsigned long tick;		/* simulated time: one per command */
	/*
	 * fatal_signal_pending(current): a killable sleep that nothing else
	 * could end was ended by a fatal signal; reset at each command.
	 */
	bool fatal_signal_pending;
	unsigned int next_id;		/* object ids for synthetic addresses */

	/* --- physical memory (sim/mm/page_alloc.c) ------------------------- */
	unsigned long nr_blocks;
	unsigned long block_pages;	/* pages per memory block */
	unsigned int block_shift;	/* log2(block_pages) */
	struct mmsim_block *blocks;
	unsigned long nr_allocs;	/* allocations attempted, for alloc:fail */
	struct page *zero_page;		/* the shared zero page, in block 0 */
	struct folio **hugetlb_free;	/* free hugetlb folios (block 0 pool) */
	unsigned int nr_hugetlb_free, nr_hugetlb_total;
	atomic_long_t vm_stat[NR_VM_STAT_ITEMS];
	struct list_head lru[NR_LRU_LISTS];
	struct list_head deferred_split;	/* partially mapped large anon folios */
	unsigned long nr_isolated;	/* folios off the LRU in a model path */

	/* --- page tables (sim/mm/pgtable-generic.c) ------------------------ */
	struct ptdesc **ptables;	/* indexed by table id; id 0 unused */
	unsigned int nr_ptables, cap_ptables;
	unsigned int free_ptable;	/* head of the free id chain, 0 = none */

	/* --- processes, files, swap --------------------------------------- */
	struct list_head mm_list;	/* struct mm_struct, by creation */
	unsigned int next_mm_id;
	struct list_head file_list;	/* struct file, by creation */
	unsigned int next_file_id;
	struct list_head anon_vma_list;	/* every anon_vma, for teardown */
	struct swap_info_struct *swap;	/* the single swap device, or NULL */
	struct list_head gup_refs;	/* struct mmsim_gup_ref, oldest first */
	unsigned long nr_mmu_notify[8];	/* invalidate_range_start calls per event */
	struct list_head devices;	/* struct dmirror (sim/lib/test_hmm.c), by creation */
	unsigned int next_dev_id;

	/* --- memory ownership --------------------------------------------- */
	struct list_head objects;	/* every mmsim_obj_alloc() block */
	unsigned long nr_objects;
};

/* ---- series ---------------------------------------------------------- */
static inline bool series_has(const struct mmsim *w, enum series_patch p)
{
	return w->series >= (unsigned int)p;
}

/* ---- reporting ------------------------------------------------------- */
void mmsim_log(struct mmsim *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mmsim_vlog(struct mmsim *w, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
const char *mmsim_kfile(const char *file);

_Noreturn void mmsim_bug(struct mmsim *w, const char *file, int line,
			 const char *cond, const struct page *page,
			 const char *reason);
bool mmsim_warn(struct mmsim *w, const char *file, int line,
		const char *cond, const struct page *page, bool once);
bool mmsim_once(struct mmsim *w, const char *file, int line);
/* the world a page belongs to, through its memmap header */
struct mmsim *page_world(const struct page *page);
struct mmsim *folio_world(const struct folio *folio);

/*
 * Simulated BUG_ON/WARN_ON (DESIGN.md principle 5). The kernel's BUG_ON and
 * WARN_ON take only a condition; here the world is added as first argument.
 * The _PAGE/_FOLIO/_VMA/_MM forms find the world themselves, as their kernel
 * twins find what to dump.
 */
/* every macro stringifies its own condition, so reports show the source text */
#define __MMSIM_BUG_IF(w, c, text, page, reason)                                 \
	do {                                                                     \
		if (unlikely(c))                                                 \
			mmsim_bug((w), __FILE__, __LINE__, (text), (page), (reason)); \
	} while (0)
#define BUG_ON(w, cond) __MMSIM_BUG_IF(w, cond, #cond, NULL, NULL)
#define BUG(w) mmsim_bug((w), __FILE__, __LINE__, "BUG()", NULL, NULL)
#define VM_BUG_ON(w, cond) __MMSIM_BUG_IF(w, cond, #cond, NULL, NULL)
#define VM_BUG_ON_PAGE(cond, page) \
	__MMSIM_BUG_IF(page_world(page), cond, #cond, (page), "VM_BUG_ON_PAGE(" #cond ")")
#define VM_BUG_ON_FOLIO(cond, folio) \
	__MMSIM_BUG_IF(folio_world(folio), cond, #cond, &(folio)->page, "VM_BUG_ON_FOLIO(" #cond ")")
#define VM_BUG_ON_VMA(cond, vma) __MMSIM_BUG_IF((vma)->vm_mm->w, cond, #cond, NULL, NULL)
#define VM_BUG_ON_MM(cond, mm) __MMSIM_BUG_IF((mm)->w, cond, #cond, NULL, NULL)

/* a function, so WARN_ON(w, 1) as a statement is not an unused value */
static inline bool mmsim_warn_if(struct mmsim *w, bool cond, const char *file, int line,
				 const char *text, const struct page *page, bool once)
{
	return cond ? mmsim_warn(w, file, line, text, page, once) : false;
}
#define WARN_ON(w, cond) mmsim_warn_if((w), !!(cond), __FILE__, __LINE__, #cond, NULL, false)
#define WARN_ON_ONCE(w, cond) mmsim_warn_if((w), !!(cond), __FILE__, __LINE__, #cond, NULL, true)
#define VM_WARN_ON(w, cond) ((void)mmsim_warn_if((w), !!(cond), __FILE__, __LINE__, #cond, NULL, false))
#define VM_WARN_ON_ONCE(w, cond) \
	((void)mmsim_warn_if((w), !!(cond), __FILE__, __LINE__, #cond, NULL, true))
#define VM_WARN_ON_PAGE(cond, page) \
	((void)mmsim_warn_if(page_world(page), !!(cond), __FILE__, __LINE__, #cond, (page), false))
#define VM_WARN_ON_FOLIO(cond, folio) \
	((void)mmsim_warn_if(folio_world(folio), !!(cond), __FILE__, __LINE__, #cond, &(folio)->page, false))
#define VM_WARN_ON_ONCE_PAGE(cond, page) \
	((void)mmsim_warn_if(page_world(page), !!(cond), __FILE__, __LINE__, #cond, (page), true))
#define VM_WARN_ON_ONCE_FOLIO(cond, folio) \
	((void)mmsim_warn_if(folio_world(folio), !!(cond), __FILE__, __LINE__, #cond, &(folio)->page, true))

/* ---- injection points -------------------------------------------------- */
/* true when the point fires now; runs the armed C callback first */
bool mmsim_inject_hit(struct mmsim *w, enum mmsim_inject_point p);

/* ---- tracing: one predictable branch when off ------------------------- */
void mmsim_trace_emit(struct mmsim *w, const char *fn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* the result a traced function returns, on its own line: "fn -> result" */
void mmsim_trace_ret(struct mmsim *w, const char *fn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define trace_kret(w, fn, ...)                                   \
	do {                                                     \
		if (unlikely((w)->trace))                        \
			mmsim_trace_ret((w), (fn), __VA_ARGS__); \
	} while (0)
#define trace_kfunc(w, fn, ...)                                   \
	do {                                                      \
		if (unlikely((w)->trace))                         \
			mmsim_trace_emit((w), (fn), __VA_ARGS__); \
	} while (0)

/* ---- world-owned memory ------------------------------------------------ */
/*
 * Every model object comes from mmsim_obj_alloc(): the world keeps all of
 * them on one list, so destroying a world (even one a BUG left half-way
 * through an update) frees everything without walking model invariants.
 * Host allocation failure is not a simulated event: it aborts.
 */
void *mmsim_obj_alloc(struct mmsim *w, size_t size);
void mmsim_obj_free(struct mmsim *w, void *p);
void *mmsim_obj_realloc(struct mmsim *w, void *p, size_t size);

u64 mmsim_prng_next(struct mmsim *w);

/* ---- subsystem setup, called by mmsim_create() in this order ------------ */
struct memmap_hdr *mmsim_block_memmap(struct mmsim *w, unsigned int block); /* sim/mm/sparse.c */
int mmsim_mem_init(struct mmsim *w);		/* sim/mm/page_alloc.c: blocks, zero page, hugetlb pool */
int mmsim_swap_init(struct mmsim *w);		/* sim/mm/swapfile.c: the swap device, if configured */

#endif /* MMSIM_KERNEL_WORLD_H */
