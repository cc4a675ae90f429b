/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model's core objects, laid out like include/linux/mm_types.h (v6.14):
 * struct page (64 bytes, content value included), struct folio overlaying
 * the head and first two tail pages, page-table pages, mm_struct,
 * vm_area_struct, anon_vma and address_space.
 */
#ifndef MMSIM_KERNEL_MM_TYPES_H
#define MMSIM_KERNEL_MM_TYPES_H

#include <mmsim/kernel/ktypes.h>
#include <mmsim/kernel/world.h>
#include <mmsim/kernel/pgtable_types.h>

struct address_space;
struct anon_vma;
struct mmu_notifier_subscriptions;

typedef struct {
	unsigned long val;
} swp_entry_t;

/*
 * struct page. The kernel keeps its section number in the top bits of
 * page->flags; mmsim keeps the page's index within its memory block's memmap
 * there (PAGE_IDX_SHIFT), which finds the memmap header and so the world and
 * the pfn without any global table.
 */
struct page {
	unsigned long flags;
	union {
		struct {
			/* LRU list, buddy free list or deferred-split link */
			struct list_head lru;
			/* anon: anon_vma | PAGE_MAPPING_ANON; file: address_space */
			struct address_space *mapping;
			pgoff_t index;
			/* buddy order of a free block head; swap entry in the swap cache */
			unsigned long private;
		};
		struct {	/* tail pages of a large folio */
			unsigned long compound_head;	/* head | 1 */
		};
	};
	atomic_t _mapcount;	/* -1 based: number of PTE mappings of this page */
	atomic_t _refcount;	/* head/small only; 0 on tail pages */
	u64 content;		/* mmsim: the page's data, as one 64-bit value */
};

/*
 * struct folio overlays the head page and the first two tail pages, as in
 * the kernel; the large-folio fields live in page[1] and page[2] and never
 * overlap those pages' own _mapcount and content.
 */
struct folio {
	union {
		struct {
			unsigned long flags;
			union {
				struct list_head lru;
			};
			struct address_space *mapping;
			pgoff_t index;
			union {
				void *private;
				swp_entry_t swap;
			};
			atomic_t _mapcount;
			atomic_t _refcount;
			u64 _content0;
		};
		struct page page;
	};
	union {
		struct {
			unsigned long _flags_1;		/* low byte: order */
			unsigned long _head_1;
			atomic_t _large_mapcount;	/* -1 based, all mappings */
			atomic_t _entire_mapcount;	/* -1 based, PMD/entire mappings */
			atomic_t _nr_pages_mapped;	/* + ENTIRELY_MAPPED bias */
			atomic_t _pincount;
			unsigned int _folio_nr_pages;
		};
		struct page __page_1;
	};
	union {
		struct {
			unsigned long _flags_2;
			unsigned long _head_2;
			struct list_head _deferred_list;
		};
		struct page __page_2;
	};
};

_Static_assert(sizeof(struct page) <= 64, "struct page must stay within 64 bytes");
_Static_assert(offsetof(struct folio, _mapcount) == offsetof(struct page, _mapcount),
	       "folio overlay");
_Static_assert(offsetof(struct folio, _refcount) == offsetof(struct page, _refcount),
	       "folio overlay");
_Static_assert(offsetof(struct folio, _folio_nr_pages) + sizeof(unsigned int) <=
		       sizeof(struct page) + offsetof(struct page, _mapcount),
	       "page[1] overlay must not reach its own _mapcount");
_Static_assert(offsetof(struct folio, _deferred_list) + sizeof(struct list_head) <=
		       2 * sizeof(struct page) + offsetof(struct page, _mapcount),
	       "page[2] overlay must not reach its own _mapcount");

/*
 * A memory block's memmap: this header, then block_pages struct pages.
 * mmsim: stands in for SPARSEMEM's section table, but owned by the world.
 */
struct memmap_hdr {
	struct mmsim *w;
	unsigned long base_pfn;
	unsigned int block;
	unsigned int pad;
	void *page_ext;		/* page_table_check counters, one per page */
	u64 pad2[4];		/* keep the pages 64-byte aligned */
	struct page pages[];
};

/* ---- page-table pages -------------------------------------------------- */
#define PTRS_PER_PTE 512

/*
 * One page-table page of any level. mmsim keeps tables outside simulated
 * RAM: an upper-level entry holds the table's id in its pfn field, so raw
 * entries stay deterministic and printable.
 */
struct ptdesc {
	u64 e[PTRS_PER_PTE];
	unsigned int id;
	unsigned int level;		/* 1 = PTE table ... 4 = PGD */
	struct mmsim *w;
	spinlock_t ptl;			/* split PTE/PMD lock of this table */
	unsigned int free_next;		/* free-id chain while unused */
};

/* ---- mm ---------------------------------------------------------------- */
enum {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};

/* mm->flags bits */
#define MMF_HAS_PINNED 27
#define MMF_VM_MERGEABLE 16

struct mm_struct {
	struct mmsim *w;
	unsigned int id;		/* also the simulated pid */
	struct list_head mm_list;	/* in w->mm_list */
	struct list_head mmap;		/* VMAs sorted by vm_start */
	unsigned int map_count;
	struct ptdesc *pgd;
	atomic_long_t rss_stat[NR_MM_COUNTERS];
	unsigned long flags;
	unsigned long pgtables_bytes;
	atomic_t mm_users;		/* 0 once the process exited */
	int mmap_lock;			/* 0 free, >0 readers, -1 writer */
	spinlock_t page_table_lock;	/* PUD level and above */
	struct mmu_notifier_subscriptions *notifier_subscriptions;
	unsigned int next_vma_id;
};

/* ---- VMAs -------------------------------------------------------------- */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_UFFD_WP	0x00001000UL
#define VM_DONTCOPY	0x00020000UL
#define VM_HUGETLB	0x00400000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_SOFTDIRTY	0x08000000UL
#define VM_HUGEPAGE	0x20000000UL
#define VM_NOHUGEPAGE	0x40000000UL
#define VM_MERGEABLE	0x80000000UL
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
/* mmsim: VM_LOCKED (mlock) is not modelled. */

struct file;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	vm_flags_t vm_flags;
	unsigned int id;		/* unique within the world */
	struct list_head vm_list;	/* in mm->mmap, by address */
	pgoff_t vm_pgoff;		/* in pages */
	struct file *vm_file;		/* file or shmem object, or NULL */
	struct list_head shared;	/* in vm_file->f_mapping->i_mmap */
	struct list_head anon_vma_chain;	/* avcs of this VMA */
	struct anon_vma *anon_vma;
	const char *name;		/* mmsim: the script's region name, or NULL */
};

/*
 * anon_vma and its chain. The kernel keeps an interval tree per anon_vma;
 * mmsim keeps a list sorted by (vm_pgoff, vma id), which is the defined rmap
 * visit order (DESIGN.md section 3).
 */
struct anon_vma {
	struct mmsim *w;
	unsigned int id;
	struct anon_vma *root;
	struct anon_vma *parent;
	atomic_t refcount;
	unsigned long num_children;
	unsigned long num_active_vmas;
	struct list_head rb_root;	/* anon_vma_chain.rb, sorted */
	struct list_head w_list;	/* in w->anon_vma_list */
	int lock;			/* 0 free, >0 readers, -1 writer (root's) */
};

struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;	/* in vma->anon_vma_chain */
	struct list_head rb;		/* in anon_vma->rb_root */
};

/* ---- files and the page cache ----------------------------------------- */
struct address_space {
	struct mmsim *w;
	struct file *host;
	struct folio **pages;		/* by page index; NULL = not cached */
	pgoff_t nr_index;		/* size of the file in pages */
	unsigned long nrpages;
	struct list_head i_mmap;	/* VMAs, sorted by (vm_pgoff, vma id) */
	int i_mmap_lock;
	bool shmem;			/* shmem object behind a shared anon mapping */
	bool hugetlb;			/* mmsim: hugetlbfs object behind a MAP_HUGETLB mapping */
};

struct file {
	struct mmsim *w;
	unsigned int id;
	struct list_head list;		/* in w->file_list */
	struct address_space *f_mapping;
	struct address_space mapping;
	u64 fill;			/* initial value of page 0 */
	bool fill_seq;			/* page i holds fill + i */
	char name[32];
	long f_count;			/* references: VMAs, and the world for named files */
	u64 *disk;			/* mmsim: the file's content on disk, one value per page */
};

#endif /* MMSIM_KERNEL_MM_TYPES_H */
