// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker (DESIGN.md principle 4, section 7): recompute the model's
 * counters from the page tables alone and compare them with what the model
 * stores.
 *
 * Independence: this file reads the model's structures (their layout comes
 * from the model's headers) but calls no model function and no header
 * helper that could reach one. It walks page tables itself (upper entries
 * name a table id in their pfn field), decodes entries with decode.c, turns
 * a pfn into its struct page through the blocks' memmaps, a page into its
 * folio through compound_head, and follows anon_vma chains and i_mmap lists
 * with its own loops. Scratch memory is host memory freed before returning;
 * the checker changes nothing in the world.
 *
 * Order of the checks, so "the first violation" is stable: command-boundary
 * state (locks, isolation), page-table structure, then every folio in pfn
 * order (mapcounts, refcount, pins, PageAnonExclusive, page_table_check
 * counters, free/owned), rmap completeness, swap, rss, LRU, statistics.
 */
#include <mmsim/check.h>
#include <mmsim/kernel/page-flags.h>
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/swap.h>
#include <mmsim/kernel/test_hmm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* restated kernel constants the checker depends on */
#define CK_PAGE_SHIFT		12
#define CK_PTRS			512
#define CK_PMD_NR		512
#define CK_PMD_ORDER		9
#define CK_ENTIRELY_MAPPED	0x800000
#define CK_PIN_BIAS		1024	/* GUP_PIN_COUNTING_BIAS */
#define CK_SWAP_HAS_CACHE	0x40
#define CK_SWAP_MAP_BAD		0x3f
#define CK_SWP_TYPE_SHIFT	58	/* generic swp_entry_t: 63 - MAX_SWAPFILES_SHIFT */
#define CK_MAPPING_ANON		0x1UL
#define CK_MAPPING_FLAGS	0x3UL
#define CK_PG_HUGETLB		8	/* mmsim: in _flags_2 */
#define CK_PG_LOCKED_ELSEWHERE	28
#define CK_LEVEL_KEEP_MAPCOUNT	16	/* patch 16: device-exclusive keeps the mapcount */
#define CK_LIST_LIMIT		(1UL << 24)	/* a longer list is corrupt */

#define CK_BIT(word, nr) ((((unsigned long)(word)) >> (nr)) & 1UL)

/* ---- conditions that let an absent patch explain a violation --------------- */
enum {
	/* the object's folio has device-exclusive entries below level 16 */
	CK_COND_DEVEXCL_LEGACY = 1u << 0,
};

/*
 * The model-level explanations: a violation whose name matches (NULL: any)
 * and whose object satisfies cond is the known damage of the absent patch.
 */
static const struct ck_explain {
	const char *name;
	unsigned int cond;
	unsigned int patch;
} ck_explain_table[] = {
	/*
	 * Before patch 16 a device-exclusive entry holds a reference but no
	 * mapcount, so every path that trusts "mapcount == references from
	 * page tables" misjudges the folio.
	 */
	{ NULL, CK_COND_DEVEXCL_LEGACY, CK_LEVEL_KEEP_MAPCOUNT },
};

/* every invariant, in check order */
static const char *const ck_invariants[] = {
	"lock.held", "isolated", "pgtable.entry", "pte.pfn", "swap.entry",
	"folio.mapcount", "page.mapcount", "folio.entire_mapcount",
	"folio.nr_pages_mapped", "folio.refcount", "folio.pincount",
	"page.anon_exclusive", "anon.writable_twice", "ptc.counts", "page.free",
	"page.owned", "rmap.complete", "swap.count", "swap.cache", "swap.inuse",
	"rss", "lru", "stats.anon_mapped", "stats.file_mapped", "stats.anon_thps",
	"stats.file_pmdmapped", "stats.shmem_pmdmapped", "stats.file_pages",
	"stats.shmem", "stats.swapcache", "stats.free", "stats.pagetable",
	"device.atomic",	/* dmirror devices (sim/lib/test_hmm.c) */
	"contents",	/* shadow.c, when a shadow is attached */
};

/* ---- per-page recount ----------------------------------------------------------- */
enum {
	CK_DEVEXCL = 1u << 0,		/* a device-exclusive entry names this page */
	CK_HUGETLB_FREE = 1u << 1,	/* head of a free hugetlb pool folio */
};

struct ck_page {
	int pte_maps;		/* PTE-level entries counted in _mapcount */
	int rmap_want;		/* PTE-level entries an rmap walk must reach */
	int rmap_got;		/* ... and those the checker's walk reached */
	int user_maps;		/* present user PTEs (page_table_check's view) */
	int pte_writable;	/* ... of which writable */
	int ptc_anon, ptc_file;	/* page_table_check recount */
	unsigned int mm_id;	/* first mm mapping the page by PTE */
	unsigned char nr_mm;	/* 0, 1, 2 = more than one */
	unsigned char flags;
	/* head page only: the folio */
	unsigned char pmd_nr_mm;
	unsigned int pmd_mm_id;
	int pmd_maps;		/* PMD leaves */
	int pmd_rmap_want, pmd_rmap_got;
	int pmd_user, pmd_writable;
	long refs;		/* references the world knows of */
	int pins;		/* pins of a large folio */
};

struct ck_block {
	struct ck_page *pg;	/* NULL until a page of the block is named */
	uint64_t *free;		/* one bit per page in a buddy free block */
};

struct ck_mm {
	long rss[NR_MM_COUNTERS];
};

struct ck {
	struct mmsim *w;
	const struct mmsim_check_state *st;
	struct mmsim_check_report *rep;
	unsigned long nr;
	struct ck_block *blk;
	unsigned int *swapcount;	/* swap PTEs per slot */
	bool has_zero;
	uint64_t zero_pfn;
	/* world-level recounts */
	long anon_mapped, file_mapped, anon_thps, file_pmdmapped, shmem_pmdmapped;
	long file_pages, shmem, swapcache;
	unsigned long lru_flagged;
	unsigned long orphans, first_orphan;
	bool any_devexcl_legacy;
};

static const struct ck_page ck_zero_page_rec;

static void *ck_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	/* host allocation failure is not a simulated event */
	if (!p)
		abort();
	return p;
}

/* ---- reporting --------------------------------------------------------------------- */
static bool ck_known(const char *name)
{
	for (size_t i = 0; i < sizeof(ck_invariants) / sizeof(ck_invariants[0]); i++)
		if (!strcmp(ck_invariants[i], name))
			return true;
	return false;
}

static unsigned int ck_explained_by(const char *name, unsigned int cond)
{
	for (size_t i = 0; i < sizeof(ck_explain_table) / sizeof(ck_explain_table[0]); i++) {
		const struct ck_explain *x = &ck_explain_table[i];

		if ((cond & x->cond) && (!x->name || !strcmp(x->name, name)))
			return x->patch;
	}
	return 0;
}

__attribute__((format(printf, 7, 8)))
static void ck_fail(struct ck *c, const char *name, unsigned int cond, long long expected,
		    long long actual, const char *detail, const char *objfmt, ...)
{
	struct mmsim_check_violation v;
	va_list ap;

	memset(&v, 0, sizeof(v));
	snprintf(v.name, sizeof(v.name), "%s", name);
	va_start(ap, objfmt);
	vsnprintf(v.object, sizeof(v.object), objfmt, ap);
	va_end(ap);
	if (mmsim_check_is_suspended(c->st, v.name, v.object)) {
		if (c->rep)
			c->rep->nr_suspended++;
		return;
	}
	snprintf(v.detail, sizeof(v.detail), "%s", detail ? detail : "");
	v.expected = expected;
	v.actual = actual;
	v.explained_by = ck_explained_by(name, cond);
	c->nr++;
	if (!c->rep)
		return;
	c->rep->nr_violations++;
	if (v.explained_by)
		c->rep->nr_explained++;
	if (c->rep->nr_kept < MMSIM_CHECK_KEEP)
		c->rep->v[c->rep->nr_kept++] = v;
}

/* ---- pfn -> page -> folio, the checker's own way ------------------------------------ */
static bool ck_pfn_ok(const struct ck *c, uint64_t pfn)
{
	uint64_t b = pfn >> c->w->block_shift;

	return b < c->w->nr_blocks && c->w->blocks[b].memmap;
}

static struct page *ck_pfn_page(const struct ck *c, uint64_t pfn)
{
	struct memmap_hdr *hdr = c->w->blocks[pfn >> c->w->block_shift].memmap;

	return &hdr->pages[pfn & (c->w->block_pages - 1)];
}

static struct ck_page *ck_rec(struct ck *c, uint64_t pfn)
{
	struct ck_block *b = &c->blk[pfn >> c->w->block_shift];

	if (!b->pg)
		b->pg = ck_calloc(c->w->block_pages, sizeof(*b->pg));
	return &b->pg[pfn & (c->w->block_pages - 1)];
}

static const struct ck_page *ck_rec_ro(const struct ck *c, uint64_t pfn)
{
	const struct ck_block *b = &c->blk[pfn >> c->w->block_shift];

	return b->pg ? &b->pg[pfn & (c->w->block_pages - 1)] : &ck_zero_page_rec;
}

/* the pfn of a struct page, by finding the memmap that holds it; false if none */
static bool ck_page_pfn(const struct ck *c, const struct page *page, uint64_t *pfn)
{
	uintptr_t p = (uintptr_t)page;

	for (unsigned long b = 0; b < c->w->nr_blocks; b++) {
		struct memmap_hdr *hdr = c->w->blocks[b].memmap;
		uintptr_t lo, hi;

		if (!hdr)
			continue;
		lo = (uintptr_t)&hdr->pages[0];
		hi = (uintptr_t)&hdr->pages[c->w->block_pages];
		if (p >= lo && p < hi && (p - lo) % sizeof(struct page) == 0) {
			*pfn = ((uint64_t)b << c->w->block_shift) + (p - lo) / sizeof(struct page);
			return true;
		}
	}
	return false;
}

/* compound_head bit 0 names the head; false if it points outside the block */
static bool ck_head_pfn(const struct ck *c, uint64_t pfn, uint64_t *head)
{
	const struct page *page = ck_pfn_page(c, pfn);
	uintptr_t lo = (uintptr_t)(page - (pfn & (c->w->block_pages - 1)));
	uintptr_t h;

	if (!(page->compound_head & 1UL)) {
		*head = pfn;
		return true;
	}
	h = page->compound_head - 1;
	if (h < lo || h >= (uintptr_t)page || (h - lo) % sizeof(struct page))
		return false;
	*head = pfn - ((uintptr_t)page - h) / sizeof(struct page);
	return true;
}

static unsigned int ck_order(const struct page *head)
{
	const struct folio *f = (const struct folio *)head;

	return CK_BIT(head->flags, PG_head) ? (unsigned int)(f->_flags_1 & 0xff) : 0;
}

static bool ck_hugetlb(const struct folio *f)
{
	return CK_BIT(f->flags, PG_head) && CK_BIT(f->_flags_2, CK_PG_HUGETLB);
}

static bool ck_anon(const struct folio *f)
{
	return (unsigned long)f->mapping & CK_MAPPING_ANON;
}

/* mm_counter(): which rss counter a mapping of this folio moves */
static int ck_rss_class(const struct folio *f)
{
	if (ck_anon(f))
		return MM_ANONPAGES;
	return CK_BIT(f->flags, PG_swapbacked) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

static unsigned int ck_cond(const struct ck *c, const struct ck_page *head)
{
	unsigned int cond = 0;

	if ((head->flags & CK_DEVEXCL) && c->w->series < CK_LEVEL_KEEP_MAPCOUNT)
		cond |= CK_COND_DEVEXCL_LEGACY;
	return cond;
}

static void ck_mm_note(unsigned char *nr, unsigned int *id, unsigned int mm_id)
{
	if (*nr == 0) {
		*nr = 1;
		*id = mm_id;
	} else if (*nr == 1 && *id != mm_id) {
		*nr = 2;
	}
}

/* ---- page-table walk ------------------------------------------------------------------ */
/* the table an upper-level entry names, or NULL (reported) */
static struct ptdesc *ck_table(struct ck *c, uint64_t val, unsigned int level,
			       const struct mm_struct *mm, unsigned long addr)
{
	struct mmsim_check_entry e;
	struct ptdesc *pt = NULL;

	mmsim_check_decode_pmd(c->w->series, val, &e);
	if (e.kind == MMSIM_CHECK_TABLE && e.table && e.table < c->w->nr_ptables)
		pt = c->w->ptables[e.table];
	if (!pt || pt->level != level) {
		ck_fail(c, "pgtable.entry", 0, level, pt ? pt->level : 0,
			"entry does not name a live table of the next level",
			"mm %u addr %#lx", mm->id, addr);
		return NULL;
	}
	return pt;
}

/* the page a leaf or PFN swap entry names; reports a pfn without a struct page */
static bool ck_leaf_page(struct ck *c, const struct mm_struct *mm, unsigned long addr,
			 uint64_t pfn, uint64_t *head)
{
	if (!ck_pfn_ok(c, pfn)) {
		ck_fail(c, "pte.pfn", 0, 1, 0, "entry names a pfn without a struct page",
			"mm %u addr %#lx", mm->id, addr);
		return false;
	}
	if (!ck_head_pfn(c, pfn, head)) {
		ck_fail(c, "pte.pfn", 0, 1, 0, "entry names a page with a corrupt compound_head",
			"mm %u addr %#lx", mm->id, addr);
		return false;
	}
	return true;
}

static bool ck_is_migration(enum mmsim_check_entry_kind k)
{
	return k == MMSIM_CHECK_MIGRATION_READ || k == MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE ||
	       k == MMSIM_CHECK_MIGRATION_WRITE;
}

static bool ck_is_device_private(enum mmsim_check_entry_kind k)
{
	return k == MMSIM_CHECK_DEVICE_PRIVATE_WRITE || k == MMSIM_CHECK_DEVICE_PRIVATE_READ;
}

static bool ck_is_device_exclusive(enum mmsim_check_entry_kind k)
{
	return k == MMSIM_CHECK_DEVICE_EXCLUSIVE || k == MMSIM_CHECK_DEVICE_EXCLUSIVE_READ ||
	       k == MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE;
}

static void ck_pte(struct ck *c, struct ck_mm *cm, const struct mm_struct *mm,
		   unsigned long addr, uint64_t val)
{
	struct mmsim_check_entry e;
	struct ck_page *rec, *hrec;
	const struct folio *folio;
	uint64_t head;

	mmsim_check_decode_pte(c->w->series, val, &e);
	switch (e.kind) {
	case MMSIM_CHECK_NONE:
	case MMSIM_CHECK_HWPOISON:	/* the poisoned page is no longer referenced */
	case MMSIM_CHECK_MARKER:
		return;
	case MMSIM_CHECK_SWAP: {
		const struct swap_info_struct *si = c->w->swap;

		cm->rss[MM_SWAPENTS]++;
		if (!si || e.type != si->type || !e.offset || e.offset >= si->max) {
			ck_fail(c, "swap.entry", 0, 0, (long long)e.offset,
				"swap entry names no slot of the swap device",
				"mm %u addr %#lx", mm->id, addr);
			return;
		}
		c->swapcount[e.offset]++;
		return;
	}
	case MMSIM_CHECK_TABLE:
		return;		/* not produced for PTEs */
	default:
		break;
	}
	if (!ck_leaf_page(c, mm, addr, e.pfn, &head))
		return;
	rec = ck_rec(c, e.pfn);
	hrec = ck_rec(c, head);
	folio = (const struct folio *)ck_pfn_page(c, head);
	if (e.kind == MMSIM_CHECK_PRESENT) {
		/* page_table_check counts every present user leaf, zero page included */
		if (!e.protnone && e.user) {
			if (ck_anon(folio))
				rec->ptc_anon++;
			else
				rec->ptc_file++;
		}
		/* vm_normal_page(): special entries and the zero page are no folio */
		if (e.special || (c->has_zero && e.pfn == c->zero_pfn))
			return;
		if (!e.protnone && e.user) {
			rec->user_maps++;
			if (e.write)
				rec->pte_writable++;
		}
	}
	cm->rss[ck_rss_class(folio)]++;
	rec->rmap_want++;
	if (ck_is_migration(e.kind))
		return;		/* a migration entry holds neither reference nor mapcount */
	hrec->refs++;
	ck_mm_note(&rec->nr_mm, &rec->mm_id, mm->id);
	if (ck_is_device_exclusive(e.kind)) {
		hrec->flags |= CK_DEVEXCL;
		if (c->w->series < CK_LEVEL_KEEP_MAPCOUNT) {
			c->any_devexcl_legacy = true;
			return;		/* legacy: the conversion dropped the mapcount */
		}
	}
	rec->pte_maps++;
}

static void ck_pmd_leaf(struct ck *c, struct ck_mm *cm, const struct mm_struct *mm,
			unsigned long addr, const struct mmsim_check_entry *e)
{
	struct ck_page *hrec;
	const struct folio *folio;
	uint64_t head;
	unsigned int order;

	if (!ck_leaf_page(c, mm, addr, e->pfn, &head))
		return;
	folio = (const struct folio *)ck_pfn_page(c, head);
	order = ck_order(&folio->page);
	if (head != e->pfn || order != CK_PMD_ORDER) {
		ck_fail(c, "pte.pfn", 0, CK_PMD_ORDER, order,
			"PMD leaf does not name the head of a PMD-sized folio",
			"mm %u addr %#lx", mm->id, addr);
		return;
	}
	hrec = ck_rec(c, head);
	if (e->kind == MMSIM_CHECK_PRESENT && !e->protnone && e->user) {
		/* x86 writes hugetlb leaves with set_pte_at(): page_table_check counts one page */
		unsigned int ptc_pages = ck_hugetlb(folio) ? 1 : CK_PMD_NR;

		for (unsigned int i = 0; i < ptc_pages; i++) {
			if (ck_anon(folio))
				ck_rec(c, head + i)->ptc_anon++;
			else
				ck_rec(c, head + i)->ptc_file++;
		}
		hrec->pmd_user++;
		if (e->write)
			hrec->pmd_writable++;
	}
	/* mmsim: hugetlb mappings are not in the rss counters, as in the kernel */
	if (!ck_hugetlb(folio))
		cm->rss[ck_rss_class(folio)] += CK_PMD_NR;
	hrec->pmd_rmap_want++;
	if (ck_is_migration(e->kind))
		return;
	hrec->refs++;
	hrec->pmd_maps++;
	ck_mm_note(&hrec->pmd_nr_mm, &hrec->pmd_mm_id, mm->id);
}

static void ck_scan_mm(struct ck *c, struct ck_mm *cm, const struct mm_struct *mm)
{
	const struct ptdesc *pgd = mm->pgd;

	if (!pgd || pgd->level != 4)
		return;		/* exited: no tables left */
	for (unsigned int i = 0; i < CK_PTRS; i++) {
		unsigned long a4 = (unsigned long)i << 39;
		const struct ptdesc *pud;

		if (!pgd->e[i] || !(pud = ck_table(c, pgd->e[i], 3, mm, a4)))
			continue;
		for (unsigned int j = 0; j < CK_PTRS; j++) {
			unsigned long a3 = a4 | (unsigned long)j << 30;
			const struct ptdesc *pmd;

			if (!pud->e[j])
				continue;
			if (pud->e[j] & (1ULL << 7)) {
				ck_fail(c, "pgtable.entry", 0, 2, 3, "PUD leaves are not modelled",
					"mm %u addr %#lx", mm->id, a3);
				continue;
			}
			if (!(pmd = ck_table(c, pud->e[j], 2, mm, a3)))
				continue;
			for (unsigned int k = 0; k < CK_PTRS; k++) {
				unsigned long a2 = a3 | (unsigned long)k << 21;
				struct mmsim_check_entry e;
				const struct ptdesc *pte;

				mmsim_check_decode_pmd(c->w->series, pmd->e[k], &e);
				if (e.kind == MMSIM_CHECK_NONE)
					continue;
				if (e.kind == MMSIM_CHECK_PRESENT || ck_is_migration(e.kind)) {
					ck_pmd_leaf(c, cm, mm, a2, &e);
					continue;
				}
				if (e.kind != MMSIM_CHECK_TABLE) {
					ck_fail(c, "pgtable.entry", 0, 0, e.kind,
						"non-present PMD other than migration",
						"mm %u addr %#lx", mm->id, a2);
					continue;
				}
				if (!(pte = ck_table(c, pmd->e[k], 1, mm, a2)))
					continue;
				for (unsigned int l = 0; l < CK_PTRS; l++)
					if (pte->e[l])
						ck_pte(c, cm, mm, a2 | (unsigned long)l << CK_PAGE_SHIFT,
						       pte->e[l]);
			}
		}
	}
}

/*
 * The leaf covering addr in mm: *level 2 for a PMD leaf or PMD migration
 * entry, 1 for a PTE (possibly none), 0 when no table reaches it.
 */
static uint64_t ck_lookup(const struct ck *c, const struct mm_struct *mm, unsigned long addr,
			  int *level)
{
	const struct ptdesc *pt = mm->pgd;
	static const unsigned int shift[] = { 39, 30, 21, 12 };

	*level = 0;
	if (!pt || pt->level != 4)
		return 0;
	for (unsigned int l = 0; l < 4; l++) {
		uint64_t v = pt->e[(addr >> shift[l]) & (CK_PTRS - 1)];
		struct mmsim_check_entry e;

		if (l == 3) {
			*level = 1;
			return v;
		}
		if (!v)
			return 0;
		mmsim_check_decode_pmd(c->w->series, v, &e);
		if (l == 2 && e.kind != MMSIM_CHECK_TABLE) {
			*level = 2;
			return v;
		}
		if (e.kind != MMSIM_CHECK_TABLE || !e.table || e.table >= c->w->nr_ptables)
			return 0;
		pt = c->w->ptables[e.table];
		if (!pt || pt->level != 3 - l)
			return 0;
	}
	return 0;
}

/* ---- preparation: free pages, caches, pins ------------------------------------------ */
static void ck_free_pages(struct ck *c)
{
	struct mmsim *w = c->w;
	long online_free = 0;

	for (unsigned long b = 0; b < w->nr_blocks; b++) {
		const struct mmsim_block *blk = &w->blocks[b];
		uint64_t *map = ck_calloc((w->block_pages + 63) / 64, sizeof(uint64_t));
		unsigned long nr_free = 0;

		c->blk[b].free = map;
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long bits = w->block_pages >> o;

			if (!blk->free_map[o])
				continue;
			for (unsigned long bit = 0; bit < bits; bit++) {
				if (!((blk->free_map[o][bit / 64] >> (bit % 64)) & 1))
					continue;
				for (unsigned long i = bit << o; i < (bit + 1) << o; i++) {
					if ((map[i / 64] >> (i % 64)) & 1) {
						ck_fail(c, "page.free", 0, 1, 2,
							"page in two buddy free blocks", "pfn %#lx",
							(b << w->block_shift) + i);
						continue;
					}
					map[i / 64] |= 1ULL << (i % 64);
					nr_free++;
				}
			}
		}
		if (nr_free != blk->nr_free)
			ck_fail(c, "stats.free", 0, (long long)nr_free, (long long)blk->nr_free,
				"free pages of the block", "block %lu", b);
		if (blk->online)
			online_free += (long)nr_free;
	}
	if (online_free != w->vm_stat[NR_FREE_PAGES].counter)
		ck_fail(c, "stats.free", 0, online_free, w->vm_stat[NR_FREE_PAGES].counter,
			"NR_FREE_PAGES", "world");
}

static bool ck_is_free(const struct ck *c, uint64_t pfn)
{
	const uint64_t *map = c->blk[pfn >> c->w->block_shift].free;
	unsigned long i = pfn & (c->w->block_pages - 1);

	return (map[i / 64] >> (i % 64)) & 1;
}

/* a folio pointer held by the page cache, swap cache, a GUP ref or the pool */
static bool ck_folio_pfn(struct ck *c, const struct folio *folio, const char *holder,
			 uint64_t *pfn)
{
	if (!ck_page_pfn(c, &folio->page, pfn)) {
		ck_fail(c, "page.owned", 0, 1, 0, "folio pointer outside every memmap", "%s",
			holder);
		return false;
	}
	return true;
}

static void ck_caches(struct ck *c)
{
	struct mmsim *w = c->w;
	struct list_head *pos;
	unsigned long n = 0;
	uint64_t pfn;

	for (unsigned int i = 0; i < w->nr_hugetlb_free; i++)
		if (w->hugetlb_free[i] && ck_folio_pfn(c, w->hugetlb_free[i], "hugetlb pool", &pfn))
			ck_rec(c, pfn)->flags |= CK_HUGETLB_FREE;

	/* the page cache: nr_pages references per cached folio */
	list_for_each(pos, &w->file_list) {
		const struct file *f = list_entry(pos, struct file, list);
		const struct address_space *as = f->f_mapping;
		const struct folio *prev = NULL;

		if (++n > CK_LIST_LIMIT)
			break;
		if (!as || !as->pages)
			continue;
		for (pgoff_t idx = 0; idx < as->nr_index; idx++) {
			const struct folio *folio = as->pages[idx];
			long nr;

			if (!folio || folio == prev)
				continue;
			prev = folio;
			if (!ck_folio_pfn(c, folio, "page cache", &pfn))
				continue;
			nr = 1L << ck_order(&folio->page);
			ck_rec(c, pfn)->refs += nr;
			/* hugetlbfs folios are not in NR_FILE_PAGES */
			if (!as->hugetlb)
				c->file_pages += nr;
			if (as->shmem)
				c->shmem += nr;
		}
	}

	/* the swap cache: nr_pages references per folio, SWAP_HAS_CACHE on its slot */
	if (w->swap) {
		const struct swap_info_struct *si = w->swap;
		const struct folio *prev = NULL;

		for (unsigned long off = 1; off < si->max; off++) {
			const struct folio *folio = si->cache[off];
			unsigned long want = ((unsigned long)si->type << CK_SWP_TYPE_SHIFT) | off;
			long nr;

			if (!folio || folio == prev)
				continue;
			prev = folio;
			if (!ck_folio_pfn(c, folio, "swap cache", &pfn))
				continue;
			nr = 1L << ck_order(&folio->page);
			ck_rec(c, pfn)->refs += nr;
			c->swapcache += nr;
			c->file_pages += nr;
			if (!CK_BIT(folio->flags, PG_swapcache) || !CK_BIT(folio->flags, PG_swapbacked))
				ck_fail(c, "swap.cache", 0, 1, 0,
					"swap-cache folio without PG_swapcache", "slot %lu", off);
			else if (folio->swap.val != want)
				ck_fail(c, "swap.cache", 0, (long long)want,
					(long long)folio->swap.val,
					"folio->swap of the cached folio", "slot %lu", off);
		}
	}

	/* GUP references and pins (a small folio's pin is a bias on the refcount) */
	n = 0;
	list_for_each(pos, &w->gup_refs) {
		const struct mmsim_gup_ref *g = list_entry(pos, struct mmsim_gup_ref, list);
		struct ck_page *hrec;

		if (++n > CK_LIST_LIMIT)
			break;
		if (!g->folio || !ck_folio_pfn(c, g->folio, "gup ref", &pfn))
			continue;
		hrec = ck_rec(c, pfn);
		if (!g->pin) {
			hrec->refs++;
		} else if (CK_BIT(g->folio->flags, PG_head)) {
			hrec->refs++;
			hrec->pins++;
		} else {
			hrec->refs += CK_PIN_BIAS;
		}
	}
}

/* ---- command-boundary state ----------------------------------------------------------- */
static void ck_locks(struct ck *c)
{
	struct mmsim *w = c->w;
	struct list_head *pos;
	unsigned long n = 0;

	for (unsigned int id = 1; id < w->nr_ptables; id++) {
		const struct ptdesc *pt = w->ptables[id];

		if (pt && pt->level && pt->ptl.held)
			ck_fail(c, "lock.held", 0, 0, pt->ptl.held, "page-table lock",
				"ptable %u", id);
	}
	list_for_each(pos, &w->mm_list) {
		const struct mm_struct *mm = list_entry(pos, struct mm_struct, mm_list);

		if (++n > CK_LIST_LIMIT)
			break;
		if (mm->page_table_lock.held)
			ck_fail(c, "lock.held", 0, 0, mm->page_table_lock.held,
				"mm->page_table_lock", "mm %u", mm->id);
		if (mm->mmap_lock)
			ck_fail(c, "lock.held", 0, 0, mm->mmap_lock, "mmap_lock", "mm %u", mm->id);
	}
	n = 0;
	list_for_each(pos, &w->anon_vma_list) {
		const struct anon_vma *av = list_entry(pos, struct anon_vma, w_list);

		if (++n > CK_LIST_LIMIT)
			break;
		if (av->lock)
			ck_fail(c, "lock.held", 0, 0, av->lock, "anon_vma lock", "anon_vma %u",
				av->id);
	}
	n = 0;
	list_for_each(pos, &w->file_list) {
		const struct file *f = list_entry(pos, struct file, list);

		if (++n > CK_LIST_LIMIT)
			break;
		if (f->f_mapping && f->f_mapping->i_mmap_lock)
			ck_fail(c, "lock.held", 0, 0, f->f_mapping->i_mmap_lock, "i_mmap lock",
				"file %u", f->id);
	}
}

static void ck_isolated(struct ck *c)
{
	const struct mmsim *w = c->w;

	if (w->nr_isolated)
		ck_fail(c, "isolated", 0, 0, (long long)w->nr_isolated,
			"folios isolated from the LRU", "world");
	if (w->vm_stat[NR_ISOLATED_ANON].counter)
		ck_fail(c, "isolated", 0, 0, w->vm_stat[NR_ISOLATED_ANON].counter,
			"NR_ISOLATED_ANON", "world");
	if (w->vm_stat[NR_ISOLATED_FILE].counter)
		ck_fail(c, "isolated", 0, 0, w->vm_stat[NR_ISOLATED_FILE].counter,
			"NR_ISOLATED_FILE", "world");
}

/* ---- rmap completeness ------------------------------------------------------------------ */
/* visit vma as an rmap walk would: mark every entry it finds for the folio */
static void ck_rmap_vma(struct ck *c, const struct vm_area_struct *vma, const struct folio *folio,
			uint64_t head, unsigned long nr)
{
	unsigned long pages = (vma->vm_end - vma->vm_start) >> CK_PAGE_SHIFT;

	if (!vma->vm_mm)
		return;
	for (unsigned long i = 0; i < nr; i++) {
		pgoff_t pgoff = folio->index + i;
		struct mmsim_check_entry e;
		unsigned long addr;
		uint64_t v;
		int level;

		if (pgoff < vma->vm_pgoff || pgoff >= vma->vm_pgoff + pages)
			continue;
		addr = vma->vm_start + ((pgoff - vma->vm_pgoff) << CK_PAGE_SHIFT);
		v = ck_lookup(c, vma->vm_mm, addr, &level);
		if (level == 2) {
			mmsim_check_decode_pmd(c->w->series, v, &e);
			if (e.pfn == head && !(addr & ((1UL << 21) - 1)) &&
			    (e.kind == MMSIM_CHECK_PRESENT || ck_is_migration(e.kind)))
				ck_rec(c, head)->pmd_rmap_got++;
			continue;
		}
		if (level != 1)
			continue;
		mmsim_check_decode_pte(c->w->series, v, &e);
		if (e.pfn != head + i)
			continue;
		if ((e.kind == MMSIM_CHECK_PRESENT && !e.special) || ck_is_migration(e.kind) ||
		    ck_is_device_private(e.kind) || ck_is_device_exclusive(e.kind))
			ck_rec(c, head + i)->rmap_got++;
	}
}

/*
 * Structural rmap completeness: the folio's anon_vma chain (or its file's
 * i_mmap), restricted to the VMAs whose pgoff range covers the folio, must
 * reach every entry the page-table scan found, device-exclusive entries
 * included, whatever folio_mapped() says.
 */
static void ck_rmap_folio(struct ck *c, const struct folio *folio, uint64_t head,
			  unsigned long nr)
{
	unsigned long mapping = (unsigned long)folio->mapping;
	const struct ck_page *hrec = ck_rec_ro(c, head);
	struct list_head *pos;
	unsigned long n = 0;
	char what[48] = "no anon_vma or mapping";

	if ((mapping & CK_MAPPING_FLAGS) == CK_MAPPING_FLAGS)
		return;		/* mmsim: KSM's stable tree is not modelled yet */
	if (mapping & CK_MAPPING_ANON) {
		const struct anon_vma *av = (const struct anon_vma *)(mapping & ~CK_MAPPING_FLAGS);

		if (av) {
			snprintf(what, sizeof(what), "anon_vma %u chain", av->id);
			list_for_each(pos, &av->rb_root) {
				const struct anon_vma_chain *avc =
					list_entry(pos, struct anon_vma_chain, rb);

				if (++n > CK_LIST_LIMIT)
					break;
				if (avc->vma)
					ck_rmap_vma(c, avc->vma, folio, head, nr);
			}
		}
	} else if (mapping) {
		const struct address_space *as = (const struct address_space *)mapping;

		snprintf(what, sizeof(what), "i_mmap of file %u", as->host ? as->host->id : 0);
		list_for_each(pos, &as->i_mmap) {
			if (++n > CK_LIST_LIMIT)
				break;
			ck_rmap_vma(c, list_entry(pos, struct vm_area_struct, shared), folio, head, nr);
		}
	}
	if (hrec->pmd_rmap_got != hrec->pmd_rmap_want) {
		ck_fail(c, "rmap.complete", ck_cond(c, hrec), hrec->pmd_rmap_want,
			hrec->pmd_rmap_got, what, "pfn %#lx", (unsigned long)head);
		return;
	}
	for (unsigned long i = 0; i < nr; i++) {
		const struct ck_page *rec = ck_rec_ro(c, head + i);

		if (rec->rmap_got != rec->rmap_want) {
			ck_fail(c, "rmap.complete", ck_cond(c, hrec), rec->rmap_want,
				rec->rmap_got, what, "pfn %#lx", (unsigned long)(head + i));
			return;
		}
	}
}

/* ---- per folio ------------------------------------------------------------------------------ */
static int ck_mapcount(const atomic_t *a)
{
	return a->counter + 1;
}

static void ck_folio_mapcounts(struct ck *c, const struct folio *folio, uint64_t head,
			       unsigned long nr, unsigned int cond, long *mapped_pages)
{
	const struct ck_page *hrec = ck_rec_ro(c, head);
	long sum = 0, mapped = 0;

	if (!CK_BIT(folio->flags, PG_head)) {
		if (ck_mapcount(&folio->_mapcount) != hrec->pte_maps)
			ck_fail(c, "folio.mapcount", cond, hrec->pte_maps,
				ck_mapcount(&folio->_mapcount), "_mapcount + 1",
				"pfn %#lx", (unsigned long)head);
		*mapped_pages = hrec->pte_maps > 0;
		return;
	}
	for (unsigned long i = 0; i < nr; i++) {
		const struct ck_page *rec = ck_rec_ro(c, head + i);
		const struct page *page = &folio->page + i;

		/* hugetlb folios keep no per-page mapcounts */
		if (!ck_hugetlb(folio) && ck_mapcount(&page->_mapcount) != rec->pte_maps)
			ck_fail(c, "page.mapcount", cond, rec->pte_maps,
				ck_mapcount(&page->_mapcount), "per-page _mapcount + 1",
				"pfn %#lx", (unsigned long)(head + i));
		sum += rec->pte_maps;
		mapped += rec->pte_maps > 0;
	}
	if (ck_mapcount(&folio->_entire_mapcount) != hrec->pmd_maps)
		ck_fail(c, "folio.entire_mapcount", cond, hrec->pmd_maps,
			ck_mapcount(&folio->_entire_mapcount), "_entire_mapcount + 1",
			"pfn %#lx", (unsigned long)head);
	if (ck_mapcount(&folio->_large_mapcount) != sum + hrec->pmd_maps)
		ck_fail(c, "folio.mapcount", cond, sum + hrec->pmd_maps,
			ck_mapcount(&folio->_large_mapcount), "_large_mapcount + 1",
			"pfn %#lx", (unsigned long)head);
	if (!ck_hugetlb(folio)) {
		long want = mapped + (hrec->pmd_maps ? CK_ENTIRELY_MAPPED : 0);

		if (folio->_nr_pages_mapped.counter != want)
			ck_fail(c, "folio.nr_pages_mapped", cond, want,
				folio->_nr_pages_mapped.counter, "_nr_pages_mapped",
				"pfn %#lx", (unsigned long)head);
	}
	/* __folio_add_rmap()'s statistics: the whole folio once entirely mapped */
	*mapped_pages = hrec->pmd_maps ? (long)nr : mapped;
}

static void ck_folio_anon_exclusive(struct ck *c, const struct folio *folio, uint64_t head,
				    unsigned long nr, unsigned int cond)
{
	const struct ck_page *hrec = ck_rec_ro(c, head);

	for (unsigned long i = 0; i < nr; i++) {
		const struct ck_page *rec = ck_rec_ro(c, head + i);
		const struct page *page = &folio->page + i;
		bool ae = CK_BIT(page->flags, PG_anon_exclusive);
		unsigned int mms = rec->nr_mm + hrec->pmd_nr_mm;
		int users = rec->user_maps + hrec->pmd_user;
		int writable = rec->pte_writable + hrec->pmd_writable;
		char detail[MMSIM_CHECK_DETAIL_LEN];

		if (rec->nr_mm == 1 && hrec->pmd_nr_mm == 1 && rec->mm_id == hrec->pmd_mm_id)
			mms = 1;
		if (ae && mms > 1) {
			snprintf(detail, sizeof(detail),
				 "PageAnonExclusive on a page mapped by %s mms",
				 mms > 2 ? "several" : "two");
			ck_fail(c, "page.anon_exclusive", cond, 0, 1, detail, "pfn %#lx",
				(unsigned long)(head + i));
		}
		if (!ae && (rec->pte_writable || (i == 0 && hrec->pmd_writable)))
			ck_fail(c, "page.anon_exclusive", cond, 1, 0,
				rec->pte_writable ? "writable anon PTE without PageAnonExclusive"
						  : "writable anon PMD without PageAnonExclusive",
				"pfn %#lx", (unsigned long)(head + i));
		if (writable && users > 1)
			ck_fail(c, "anon.writable_twice", cond, 1, users,
				"user mappings of an anon page mapped writable", "pfn %#lx",
				(unsigned long)(head + i));
	}
}

static void ck_folio(struct ck *c, uint64_t head, unsigned int block)
{
	const struct mmsim *w = c->w;
	const struct folio *folio = (const struct folio *)ck_pfn_page(c, head);
	const struct ck_page *hrec = ck_rec_ro(c, head);
	unsigned int order = ck_order(&folio->page);
	unsigned long nr = 1UL << order;
	unsigned int cond = ck_cond(c, hrec);
	bool zero = c->has_zero && head == c->zero_pfn;
	bool pool = hrec->flags & CK_HUGETLB_FREE;
	bool hugetlb = ck_hugetlb(folio);
	long mapped_pages = 0, want_refs = hrec->refs;
	bool rmap = hrec->pmd_rmap_want > 0;

	if (order > MAX_PAGE_ORDER ||
	    (head & (w->block_pages - 1)) + nr > w->block_pages) {
		ck_fail(c, "page.owned", 0, MAX_PAGE_ORDER, order, "impossible folio order",
			"pfn %#lx", (unsigned long)head);
		return;
	}
	if (zero)
		return;		/* the shared zero page: reserved, never a counted mapping */
	if (!folio->_refcount.counter && !pool && !want_refs && !hrec->pte_maps &&
	    !hrec->pmd_maps && !hrec->rmap_want && !hrec->pmd_rmap_want) {
		bool any = false;

		for (unsigned long i = 1; i < nr && !any; i++) {
			const struct ck_page *rec = ck_rec_ro(c, head + i);

			any = rec->pte_maps || rec->rmap_want;
		}
		if (!any) {
			/* neither free nor owned: only a "Bad page state" leaves this */
			if (!c->orphans++)
				c->first_orphan = (unsigned long)head;
			return;
		}
	}

	ck_folio_mapcounts(c, folio, head, nr, cond, &mapped_pages);

	/* refcount: block 0's kernel allocations with no known user are the kernel's */
	if (!CK_BIT(folio->flags, PG_reserved) &&
	    !(block == 0 && !hugetlb && !pool && !want_refs) &&
	    folio->_refcount.counter != want_refs)
		ck_fail(c, "folio.refcount", cond, want_refs, folio->_refcount.counter,
			"references from mappings, caches, GUP and pins", "pfn %#lx",
			(unsigned long)head);
	if (CK_BIT(folio->flags, PG_head) && folio->_pincount.counter != hrec->pins)
		ck_fail(c, "folio.pincount", cond, hrec->pins, folio->_pincount.counter,
			"_pincount", "pfn %#lx", (unsigned long)head);

	if (ck_anon(folio) && !hugetlb)
		ck_folio_anon_exclusive(c, folio, head, nr, cond);

	if (CK_BIT(folio->flags, PG_locked) && !CK_BIT(folio->flags, CK_PG_LOCKED_ELSEWHERE))
		ck_fail(c, "lock.held", cond, 0, 1, "folio lock", "pfn %#lx", (unsigned long)head);
	if (CK_BIT(folio->flags, PG_lru))
		c->lru_flagged++;

	if (!hugetlb) {
		if (ck_anon(folio)) {
			c->anon_mapped += mapped_pages;
			if (hrec->pmd_maps)
				c->anon_thps += (long)nr;
		} else {
			c->file_mapped += mapped_pages;
			if (hrec->pmd_maps && CK_BIT(folio->flags, PG_swapbacked))
				c->shmem_pmdmapped += (long)nr;
			else if (hrec->pmd_maps)
				c->file_pmdmapped += (long)nr;
		}
	}
	for (unsigned long i = 0; i < nr && !rmap; i++)
		rmap = ck_rec_ro(c, head + i)->rmap_want > 0;
	if (rmap)
		ck_rmap_folio(c, folio, head, nr);
}

static void ck_pages(struct ck *c)
{
	struct mmsim *w = c->w;

	for (unsigned long b = 0; b < w->nr_blocks; b++) {
		struct memmap_hdr *hdr = w->blocks[b].memmap;
		uint64_t base = (uint64_t)b << w->block_shift;

		if (!hdr) {
			/* a memmap is made on first use: every page must still be free */
			for (unsigned long i = 0; i < w->block_pages; i++) {
				if (ck_is_free(c, base + i))
					continue;
				if (!c->orphans++)
					c->first_orphan = (unsigned long)(base + i);
			}
			continue;
		}
		for (unsigned long i = 0; i < w->block_pages; i++) {
			uint64_t pfn = base + i, head;
			const struct page *page = &hdr->pages[i];
			const struct ck_page *rec = ck_rec_ro(c, pfn);
			const struct page_table_check *ptc = hdr->page_ext;

			if (ptc) {
				ptc += i;
				if (ptc->anon_map_count.counter != rec->ptc_anon)
					ck_fail(c, "ptc.counts", 0, rec->ptc_anon,
						ptc->anon_map_count.counter, "anon_map_count",
						"pfn %#lx", (unsigned long)pfn);
				if (ptc->file_map_count.counter != rec->ptc_file)
					ck_fail(c, "ptc.counts", 0, rec->ptc_file,
						ptc->file_map_count.counter, "file_map_count",
						"pfn %#lx", (unsigned long)pfn);
			}
			if (ck_is_free(c, pfn)) {
				long used = rec->rmap_want + rec->pmd_rmap_want;

				if (used || rec->refs)
					ck_fail(c, "page.free", 0, 0, used ? used : rec->refs,
						used ? "page-table entries name a free page"
						     : "references to a free page",
						"pfn %#lx", (unsigned long)pfn);
				else if (page->_refcount.counter || page->_mapcount.counter != -1 ||
					 (page->compound_head & 1UL) || CK_BIT(page->flags, PG_head))
					ck_fail(c, "page.free", 0, 0,
						page->_refcount.counter ? page->_refcount.counter : 1,
						"free page with a refcount, mapcount or compound state",
						"pfn %#lx", (unsigned long)pfn);
				continue;
			}
			if (!ck_head_pfn(c, pfn, &head)) {
				ck_fail(c, "page.owned", 0, 0, 1, "corrupt compound_head",
					"pfn %#lx", (unsigned long)pfn);
				continue;
			}
			if (head != pfn)
				continue;	/* a tail: checked with its head */
			ck_folio(c, pfn, (unsigned int)b);
		}
	}
	if (c->orphans > w->nr_bad_page)
		ck_fail(c, "page.owned", 0, (long long)w->nr_bad_page, (long long)c->orphans,
			"pages neither free, owned nor reported bad", "pfn %#lx", c->first_orphan);
}

/* ---- swap, rss, LRU, statistics -------------------------------------------------------- */
static void ck_swap(struct ck *c)
{
	const struct swap_info_struct *si = c->w->swap;
	unsigned long inuse = 0;

	if (!si)
		return;
	for (unsigned long off = 1; off < si->max; off++) {
		unsigned char map = si->swap_map[off];
		unsigned int count = map & ~CK_SWAP_HAS_CACHE;
		bool cached = si->cache[off] != NULL;

		if (map)
			inuse++;
		if (map == CK_SWAP_MAP_BAD)
			continue;
		if (count != c->swapcount[off])
			ck_fail(c, "swap.count", 0, c->swapcount[off], count,
				"swap PTEs using the slot", "slot %lu", off);
		if (!!(map & CK_SWAP_HAS_CACHE) != cached)
			ck_fail(c, "swap.cache", 0, cached, !!(map & CK_SWAP_HAS_CACHE),
				"SWAP_HAS_CACHE iff a folio is in the swap cache", "slot %lu", off);
	}
	if (inuse != si->inuse_pages)
		ck_fail(c, "swap.inuse", 0, (long long)inuse, (long long)si->inuse_pages,
			"slots in use", "swap");
}

static void ck_rss(struct ck *c, const struct mm_struct *mm, const struct ck_mm *cm)
{
	static const char *const names[NR_MM_COUNTERS] = {
		[MM_FILEPAGES] = "MM_FILEPAGES", [MM_ANONPAGES] = "MM_ANONPAGES",
		[MM_SWAPENTS] = "MM_SWAPENTS", [MM_SHMEMPAGES] = "MM_SHMEMPAGES",
	};
	static const int order[NR_MM_COUNTERS] = {
		MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS,
	};

	for (int i = 0; i < NR_MM_COUNTERS; i++) {
		int k = order[i];

		if (mm->rss_stat[k].counter != cm->rss[k])
			ck_fail(c, "rss", 0, cm->rss[k], mm->rss_stat[k].counter, names[k],
				"mm %u", mm->id);
	}
}

static void ck_lru(struct ck *c)
{
	static const enum node_stat_item item[NR_LRU_LISTS] = {
		NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE,
		NR_UNEVICTABLE,
	};
	struct mmsim *w = c->w;
	unsigned long total = 0;

	for (int l = 0; l < NR_LRU_LISTS; l++) {
		struct list_head *pos;
		long pages = 0;
		unsigned long n = 0;

		list_for_each(pos, &w->lru[l]) {
			const struct folio *f = list_entry(pos, struct folio, lru);
			bool active = CK_BIT(f->flags, PG_active);
			bool unevictable = CK_BIT(f->flags, PG_unevictable);
			bool anon_lru = CK_BIT(f->flags, PG_swapbacked);
			bool ok;
			uint64_t pfn = 0;

			if (++n > CK_LIST_LIMIT)
				break;
			total++;
			pages += 1L << ck_order(&f->page);
			if (l == LRU_UNEVICTABLE)
				ok = unevictable;
			else
				ok = !unevictable &&
				     active == (l == LRU_ACTIVE_ANON || l == LRU_ACTIVE_FILE) &&
				     anon_lru == (l == LRU_INACTIVE_ANON || l == LRU_ACTIVE_ANON);
			ok = ok && CK_BIT(f->flags, PG_lru);
			if (!ok) {
				ck_page_pfn(c, &f->page, &pfn);
				ck_fail(c, "lru", 0, l, -1, "folio flags do not match its LRU list",
					"pfn %#lx", (unsigned long)pfn);
			}
		}
		if (pages != w->vm_stat[item[l]].counter)
			ck_fail(c, "lru", 0, pages, w->vm_stat[item[l]].counter,
				"LRU list size statistic", "lru %d", l);
	}
	if (total != c->lru_flagged)
		ck_fail(c, "lru", 0, (long long)c->lru_flagged, (long long)total,
			"folios with PG_lru vs folios on the lists", "world");
}

static void ck_stat(struct ck *c, const char *name, enum node_stat_item item, long want,
		    const char *detail)
{
	long have = c->w->vm_stat[item].counter;

	if (have != want)
		ck_fail(c, name, c->any_devexcl_legacy ? CK_COND_DEVEXCL_LEGACY : 0, want, have,
			detail, "world");
}

static void ck_stats(struct ck *c)
{
	struct mmsim *w = c->w;
	long tables = 0;

	ck_stat(c, "stats.anon_mapped", NR_ANON_MAPPED, c->anon_mapped, "NR_ANON_MAPPED");
	ck_stat(c, "stats.file_mapped", NR_FILE_MAPPED, c->file_mapped, "NR_FILE_MAPPED");
	ck_stat(c, "stats.anon_thps", NR_ANON_THPS, c->anon_thps, "NR_ANON_THPS");
	ck_stat(c, "stats.file_pmdmapped", NR_FILE_PMDMAPPED, c->file_pmdmapped,
		"NR_FILE_PMDMAPPED");
	ck_stat(c, "stats.shmem_pmdmapped", NR_SHMEM_PMDMAPPED, c->shmem_pmdmapped,
		"NR_SHMEM_PMDMAPPED");
	ck_stat(c, "stats.file_pages", NR_FILE_PAGES, c->file_pages, "NR_FILE_PAGES");
	ck_stat(c, "stats.shmem", NR_SHMEM, c->shmem, "NR_SHMEM");
	ck_stat(c, "stats.swapcache", NR_SWAPCACHE, c->swapcache, "NR_SWAPCACHE");
	for (unsigned int id = 1; id < w->nr_ptables; id++)
		if (w->ptables[id] && w->ptables[id]->level)
			tables++;
	ck_stat(c, "stats.pagetable", NR_PAGETABLE, tables, "NR_PAGETABLE");
}

/* ---- devices ----------------------------------------------------------------------------- */
/*
 * Invariant "device.atomic": every ATOMIC entry of an open dmirror device is
 * backed by a device-exclusive PTE naming the same pfn, in the device's mm
 * at that address (the device reached the page only through that entry).
 * The device table is read directly (a sorted array) and the mm is found by
 * id with the checker's own loop. Device entries hold no reference, so no
 * refcount recount counts them.
 */
static const struct mm_struct *ck_mm_by_id(const struct ck *c, unsigned int id)
{
	const struct list_head *pos;
	unsigned long n = 0;

	for (pos = c->w->mm_list.next; pos != &c->w->mm_list && n++ < CK_LIST_LIMIT;
	     pos = pos->next) {
		const struct mm_struct *mm = list_entry(pos, struct mm_struct, mm_list);

		if (mm->id == id)
			return mm;
	}
	return NULL;
}

static void ck_devices(struct ck *c)
{
	const struct list_head *pos;
	unsigned long n = 0;

	for (pos = c->w->devices.next; pos != &c->w->devices && n++ < CK_LIST_LIMIT;
	     pos = pos->next) {
		const struct dmirror *d = list_entry(pos, struct dmirror, list);
		const struct mm_struct *mm;

		if (d->closed)
			continue;
		mm = ck_mm_by_id(c, d->mm_id);
		for (size_t i = 0; i < d->nr_pt; i++) {
			const struct dmirror_pte *e = &d->pt[i];
			unsigned long addr = e->vpfn << CK_PAGE_SHIFT;
			struct mmsim_check_entry ent;
			uint64_t val;
			int level;

			if (e->tag != DPT_XA_TAG_ATOMIC)
				continue;
			if (!mm) {
				ck_fail(c, "device.atomic", 0, 0, (long long)e->pfn,
					"ATOMIC entry of a device whose mm is gone",
					"device %u addr %#lx", d->id, addr);
				continue;
			}
			val = ck_lookup(c, mm, addr, &level);
			memset(&ent, 0, sizeof(ent));
			if (level == 1 && val)
				mmsim_check_decode_pte(c->w->series, val, &ent);
			if (level != 1 || !val || !ck_is_device_exclusive(ent.kind)) {
				ck_fail(c, "device.atomic", 0, (long long)e->pfn, -1,
					"ATOMIC entry without a device-exclusive PTE",
					"device %u addr %#lx", d->id, addr);
				continue;
			}
			if (ent.pfn != e->pfn)
				ck_fail(c, "device.atomic", 0, (long long)e->pfn,
					(long long)ent.pfn,
					"ATOMIC entry's pfn vs the device-exclusive PTE's",
					"device %u addr %#lx", d->id, addr);
		}
	}
}

/* ---- entry points ------------------------------------------------------------------------- */
int mmsim_check_run(struct mmsim *w, const struct mmsim_check_state *st,
		    struct mmsim_check_report *rep)
{
	struct ck c = { .w = w, .st = st, .rep = rep };
	struct list_head *pos;
	struct ck_mm *cms;
	unsigned long nr_mm = 0, i;

	if (rep)
		memset(rep, 0, sizeof(*rep));
	if (w->dead)
		return -EIO;

	c.blk = ck_calloc(w->nr_blocks, sizeof(*c.blk));
	c.swapcount = ck_calloc(w->swap ? w->swap->max : 1, sizeof(*c.swapcount));
	if (w->zero_page && w->blocks[0].memmap) {
		const struct memmap_hdr *hdr = w->blocks[0].memmap;

		c.has_zero = w->zero_page >= hdr->pages &&
			     w->zero_page < hdr->pages + w->block_pages;
		c.zero_pfn = c.has_zero ? (uint64_t)(w->zero_page - hdr->pages) : 0;
	}
	list_for_each(pos, &w->mm_list)
		if (++nr_mm > CK_LIST_LIMIT)
			break;
	cms = ck_calloc(nr_mm, sizeof(*cms));

	ck_locks(&c);
	ck_isolated(&c);
	ck_free_pages(&c);
	ck_caches(&c);
	i = 0;
	list_for_each(pos, &w->mm_list) {
		if (i >= nr_mm)
			break;
		ck_scan_mm(&c, &cms[i++], list_entry(pos, struct mm_struct, mm_list));
	}
	ck_pages(&c);
	ck_swap(&c);
	i = 0;
	list_for_each(pos, &w->mm_list) {
		if (i >= nr_mm)
			break;
		ck_rss(&c, list_entry(pos, struct mm_struct, mm_list), &cms[i++]);
	}
	ck_lru(&c);
	ck_stats(&c);
	ck_devices(&c);
	if (st && st->shadow)
		c.nr += (unsigned long)mmsim_check_contents(w, st, rep);

	for (unsigned long b = 0; b < w->nr_blocks; b++) {
		free(c.blk[b].pg);
		free(c.blk[b].free);
	}
	free(c.blk);
	free(c.swapcount);
	free(cms);
	return (int)(c.nr > INT32_MAX ? INT32_MAX : c.nr);
}

int mmsim_check_world(struct mmsim *w, struct mmsim_check_report *rep)
{
	return mmsim_check_run(w, NULL, rep);
}

const struct mmsim_check_violation *mmsim_check_first(const struct mmsim_check_report *rep)
{
	return rep && rep->nr_kept ? &rep->v[0] : NULL;
}

const struct mmsim_check_violation *
mmsim_check_first_unexplained(const struct mmsim_check_report *rep)
{
	for (unsigned int i = 0; rep && i < rep->nr_kept; i++)
		if (!rep->v[i].explained_by)
			return &rep->v[i];
	return NULL;
}

int mmsim_check_format(const struct mmsim_check_violation *v, char *buf, size_t len)
{
	char why[32] = "";

	if (v->explained_by)
		snprintf(why, sizeof(why), " explained-by: P%u", v->explained_by);
	return snprintf(buf, len, "%s: %s: expected %lld, got %lld%s%s%s%s", v->name, v->object,
			v->expected, v->actual, v->detail[0] ? " (" : "", v->detail,
			v->detail[0] ? ")" : "", why);
}

const char *const *mmsim_check_invariants(size_t *nr)
{
	*nr = sizeof(ck_invariants) / sizeof(ck_invariants[0]);
	return ck_invariants;
}

/* ---- suspensions ------------------------------------------------------------------------ */
void mmsim_check_state_init(struct mmsim_check_state *st)
{
	st->s = NULL;
	st->nr = 0;
	st->cap = 0;
	st->shadow = NULL;
}

void mmsim_check_state_release(struct mmsim_check_state *st)
{
	free(st->s);
	mmsim_shadow_destroy(st->shadow);
	mmsim_check_state_init(st);
}

int mmsim_check_suspend(struct mmsim_check_state *st, const char *name, const char *object)
{
	struct mmsim_check_suspension *s;

	if (!name || !ck_known(name))
		return -EINVAL;
	if (mmsim_check_is_suspended(st, name, object ? object : ""))
		return 0;
	if (st->nr == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 8;
		void *p = realloc(st->s, cap * sizeof(*st->s));

		if (!p)
			abort();
		st->s = p;
		st->cap = cap;
	}
	s = &st->s[st->nr++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->object, sizeof(s->object), "%s", object ? object : "");
	return 0;
}

bool mmsim_check_is_suspended(const struct mmsim_check_state *st, const char *name,
			      const char *object)
{
	if (!st)
		return false;
	for (size_t i = 0; i < st->nr; i++)
		if (!strcmp(st->s[i].name, name) &&
		    (!st->s[i].object[0] || (object && !strcmp(st->s[i].object, object))))
			return true;
	return false;
}
