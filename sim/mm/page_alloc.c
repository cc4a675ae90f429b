// SPDX-License-Identifier: GPL-2.0-only
/*
 * Physical memory (mm/page_alloc.c, mm/swap.c's __folio_put, v6.14): memory
 * blocks, a buddy allocator for orders 0..MAX_PAGE_ORDER, compound folio
 * setup, freeing with the "Bad page state" checks, the zero page and the
 * hugetlb pool in block 0.
 *
 * Placement is deterministic (DESIGN.md section 5): an allocation takes the
 * lowest free pfn of the lowest block that can satisfy it; movable
 * allocations never come from block 0, kernel ones only from it.
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/page_table_check.h>
#include <string.h>

/* ---- buddy bitmaps ------------------------------------------------------------ */
static unsigned long order_bits(const struct mmsim *w, unsigned int order)
{
	return w->block_pages >> order;
}

static void free_map_set(struct mmsim_block *b, unsigned int order, unsigned long bit)
{
	b->free_map[order][bit / 64] |= 1ULL << (bit % 64);
	b->free_summary[order][bit / 4096] |= 1ULL << ((bit / 64) % 64);
}

static void free_map_clear(struct mmsim_block *b, unsigned int order, unsigned long bit)
{
	u64 *word = &b->free_map[order][bit / 64];

	*word &= ~(1ULL << (bit % 64));
	if (!*word)
		b->free_summary[order][bit / 4096] &= ~(1ULL << ((bit / 64) % 64));
}

static bool free_map_test(const struct mmsim_block *b, unsigned int order, unsigned long bit)
{
	return (b->free_map[order][bit / 64] >> (bit % 64)) & 1;
}

/* lowest set bit of an order's map, or -1 */
static long free_map_first(const struct mmsim *w, const struct mmsim_block *b,
			   unsigned int order)
{
	unsigned long words = (order_bits(w, order) + 63) / 64;
	unsigned long swords = (words + 63) / 64;

	for (unsigned long s = 0; s < swords; s++) {
		u64 sum = b->free_summary[order][s];
		unsigned long wi;

		if (!sum)
			continue;
		wi = s * 64 + (unsigned long)__builtin_ctzll(sum);
		return (long)(wi * 64 + (unsigned long)__builtin_ctzll(b->free_map[order][wi]));
	}
	return -1;
}

static void block_init_buddy(struct mmsim *w, struct mmsim_block *b)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long words = (order_bits(w, o) + 63) / 64;

		b->free_map[o] = mmsim_obj_alloc(w, words * sizeof(u64));
		b->free_summary[o] = mmsim_obj_alloc(w, ((words + 63) / 64) * sizeof(u64));
	}
}

/* __free_one_page(): merge with free buddies, then record the free block */
static void free_one_block(struct mmsim *w, unsigned int block, unsigned long idx,
			   unsigned int order)
{
	struct mmsim_block *b = &w->blocks[block];
	unsigned long nr = 1UL << order;

	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy = idx ^ (1UL << order);

		if (buddy >= w->block_pages || !free_map_test(b, order, buddy >> order))
			break;
		free_map_clear(b, order, buddy >> order);
		idx &= buddy;
		order++;
	}
	free_map_set(b, order, idx >> order);
	b->nr_free += nr;
	if (b->online)
		mod_node_page_state(w, NR_FREE_PAGES, (long)nr);
}

static long block_alloc(struct mmsim *w, unsigned int block, unsigned int order)
{
	struct mmsim_block *b = &w->blocks[block];
	long best = -1;
	unsigned int best_order = 0;

	if (!b->online || b->nr_free < (1UL << order))
		return -1;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		long bit = free_map_first(w, b, o);

		if (bit >= 0 && (best < 0 || ((unsigned long)bit << o) < (unsigned long)best)) {
			best = (long)((unsigned long)bit << o);
			best_order = o;
		}
	}
	if (best < 0)
		return -1;
	free_map_clear(b, best_order, (unsigned long)best >> best_order);
	/* expand(): hand the upper halves back, keep the lowest part */
	while (best_order > order) {
		best_order--;
		free_map_set(b, best_order, ((unsigned long)best >> best_order) + 1);
	}
	b->nr_free -= 1UL << order;
	mod_node_page_state(w, NR_FREE_PAGES, -(long)(1UL << order));
	return best;
}

/* ---- allocation ------------------------------------------------------------------- */
static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		p->flags &= ~PAGE_FLAGS_MASK;
		p->compound_head = 0;
		INIT_LIST_HEAD(&p->lru);
		p->mapping = NULL;
		p->index = 0;
		p->private = 0;
		atomic_set(&p->_mapcount, -1);
		atomic_set(&p->_refcount, 0);
		if (gfp & __GFP_ZERO)
			p->content = 0;
	}
	atomic_set(&page->_refcount, 1);
}

/* prep_compound_page(): head and tails; the folio fields live in pages 1 and 2 */
static void prep_compound_page(struct page *page, unsigned int order)
{
	struct folio *folio = (struct folio *)page;
	unsigned long nr = 1UL << order;

	set_bit_ul(PG_head, &page->flags);
	for (unsigned long i = 1; i < nr; i++)
		page[i].compound_head = (unsigned long)page | 1UL;
	folio->_flags_1 = (folio->_flags_1 & ~0xffUL) | order;
	atomic_set(&folio->_large_mapcount, -1);
	atomic_set(&folio->_entire_mapcount, -1);
	atomic_set(&folio->_nr_pages_mapped, 0);
	atomic_set(&folio->_pincount, 0);
	folio->_folio_nr_pages = (unsigned int)nr;
	/* the tail pages' own _mapcount was reset by prep_new_page() */
	if (order > 1)
		INIT_LIST_HEAD(&folio->_deferred_list);
}

struct page *alloc_pages(struct mmsim *w, gfp_t gfp, unsigned int order)
{
	long idx = -1;
	unsigned int block = 0;
	struct page *page;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	w->nr_allocs++;
	if (mmsim_inject_hit(w, MMSIM_INJ_ALLOC_FAIL))
		return NULL;
	if (gfp & __GFP_MOVABLE) {
		for (block = 1; block < w->nr_blocks; block++) {
			idx = block_alloc(w, block, order);
			if (idx >= 0)
				break;
		}
	} else {
		idx = block_alloc(w, 0, order);
	}
	if (idx < 0)
		return NULL;
	page = &mmsim_block_memmap(w, block)->pages[idx];
	prep_new_page(page, order, gfp);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
	return page;
}

struct folio *folio_alloc(struct mmsim *w, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(w, gfp | (order ? __GFP_COMP : 0), order);
	struct folio *folio;

	if (!page)
		return NULL;
	folio = (struct folio *)page;
	/* page_rmappable_folio(): order > 1 folios can be deferred-split */
	if (order > 1)
		folio_set_large_rmappable(folio);
	return folio;
}

struct folio *vma_alloc_folio(gfp_t gfp, int order, struct vm_area_struct *vma,
			      unsigned long addr)
{
	(void)addr;
	return folio_alloc(vma->vm_mm->w, gfp, (unsigned int)order);
}

/* ---- freeing ----------------------------------------------------------------------- */
#define PAGE_FLAGS_CHECK_AT_FREE                                                \
	(BIT(PG_lru) | BIT(PG_locked) | BIT(PG_private) | BIT(PG_private_2) |   \
	 BIT(PG_writeback) | BIT(PG_reserved) | BIT(PG_active) |                \
	 BIT(PG_unevictable) | BIT(PG_mlocked))

void bad_page(const struct page *page, const char *reason)
{
	struct mmsim *w = page_world(page);

	mmsim_log(w, "BUG: Bad page state in process mmsim  pfn:%05lx", page_to_pfn(page));
	dump_page(page, reason);
	mmsim_log(w, "Disabling lock debugging due to kernel taint");
	w->nr_bad_page++;
}

/*
 * page_bad_reason(): the reason a page cannot be freed, or NULL. The kernel
 * tests every field and the last failing test names the report.
 */
static const char *page_bad_reason(const struct page *page)
{
	const char *bad_reason = NULL;

	if (atomic_read(&page->_mapcount) != -1)
		bad_reason = "nonzero mapcount";
	if (page->mapping)
		bad_reason = "non-NULL mapping";
	if (atomic_read(&page->_refcount))
		bad_reason = "nonzero _refcount";
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE)
		bad_reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	return bad_reason;
}

/* free_page_is_bad() */
static bool free_page_is_bad(const struct page *page)
{
	const char *why = page_bad_reason(page);

	if (why)
		bad_page(page, why);
	return why != NULL;
}

/*
 * free_tail_page_prepare(): the folio fields in the first tail pages, then
 * each tail's link to its head; the tail is unlinked whatever the outcome.
 * mmsim: a tail's mapping is NULL where the kernel keeps TAIL_MAPPING.
 */
static bool free_tail_page_prepare(struct page *head_page, struct page *page)
{
	struct folio *folio = (struct folio *)head_page;
	const char *why = NULL;

	switch (page - head_page) {
	case 1:
		if (folio_entire_mapcount(folio))
			why = "nonzero entire_mapcount";
		else if (folio_large_mapcount(folio))
			why = "nonzero large_mapcount";
		else if (atomic_read(&folio->_nr_pages_mapped))
			why = "nonzero nr_pages_mapped";
		else if (atomic_read(&folio->_pincount))
			why = "nonzero pincount";
		break;
	case 2:
		if (!list_empty(&folio->_deferred_list))
			why = "on deferred list";
		break;
	default:
		if (page->mapping)
			why = "corrupted mapping in tail page";
		break;
	}
	if (!why && !PageTail(page))
		why = "PageTail not set";
	if (!why && compound_head(page) != head_page)
		why = "compound_head not consistent";
	if (why)
		bad_page(page, why);
	page->mapping = NULL;
	page->compound_head = 0;	/* clear_compound_head() */
	return why != NULL;
}

/* the order and second-word flags in page[1] (PAGE_FLAGS_SECOND) */
#define PAGE_FLAGS_SECOND (0xffUL | BIT(PG_large_rmappable) | BIT(PG_partially_mapped))

/*
 * free_pages_prepare(): a page that fails the checks is reported and left
 * allocated, as the kernel leaves it; the world counts it in nr_bad_page.
 */
static bool free_pages_prepare(struct page *page, unsigned int order)
{
	bool compound = PageHead(page);
	int bad = 0;

	/* hwpoisoned pages never go back to the buddy */
	if (PageHWPoison(page) && !order) {
		__page_table_check_zero(page, order);
		return false;
	}
	if (order) {
		if (compound)
			page[1].flags &= ~PAGE_FLAGS_SECOND;
		for (unsigned long i = 1; i < (1UL << order); i++) {
			if (compound)
				bad += free_tail_page_prepare(page, page + i);
			/* DEBUG_VM: check_pages_enabled, tails are checked too */
			if (free_page_is_bad(page + i))
				bad++;
		}
	}
	if ((unsigned long)page->mapping & PAGE_MAPPING_FLAGS)
		page->mapping = NULL;
	if (free_page_is_bad(page))
		bad++;
	if (bad)
		return false;
	__page_table_check_zero(page, order);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		page[i].flags &= ~PAGE_FLAGS_MASK;
		page[i].compound_head = 0;
		page[i].mapping = NULL;
		page[i].private = 0;
		atomic_set(&page[i]._mapcount, -1);
	}
	return true;
}

void __free_pages(struct page *page, unsigned int order)
{
	struct mmsim *w = page_world(page);
	unsigned long pfn = page_to_pfn(page);

	if (!free_pages_prepare(page, order))
		return;
	free_one_block(w, (unsigned int)(pfn >> w->block_shift),
		       pfn & (w->block_pages - 1), order);
}

void free_unref_folio(struct folio *folio)
{
	__free_pages(&folio->page, folio_order(folio));
}

/* __folio_put(): the last reference is gone */
static void __folio_put(struct folio *folio)
{
	if (folio_test_hugetlb(folio)) {
		/* mmsim: free_huge_folio() returns it to the pool it came from */
		struct mmsim *w = folio_world(folio);

		folio->mapping = NULL;
		w->hugetlb_free[w->nr_hugetlb_free++] = folio;
		return;
	}
	/* __page_cache_release() */
	if (folio_test_lru(folio)) {
		lru_del_folio(folio);
		__folio_clear_lru_flags(folio);
	}
	if (folio_test_large(folio) && folio_test_large_rmappable(folio))
		folio_undo_large_rmappable(folio);
	free_unref_folio(folio);
}

void folio_get(struct folio *folio)
{
	VM_BUG_ON_FOLIO(folio_ref_count(folio) <= 0, folio);
	folio_ref_inc(folio);
}

bool folio_try_get(struct folio *folio)
{
	if (!folio_ref_count(folio))
		return false;
	folio_ref_inc(folio);
	return true;
}

void folio_put_refs(struct folio *folio, int refs)
{
	VM_BUG_ON_FOLIO(folio_ref_count(folio) < refs, folio);
	folio_ref_sub(folio, refs);
	if (!folio_ref_count(folio))
		__folio_put(folio);
}

void folio_put(struct folio *folio)
{
	folio_put_refs(folio, 1);
}

bool folio_maybe_dma_pinned(const struct folio *folio)
{
	if (folio_test_large(folio))
		return atomic_read(&folio->_pincount) > 0;
	return (unsigned int)folio_ref_count(folio) >= GUP_PIN_COUNTING_BIAS;
}

bool folio_needs_cow_for_dma(struct vm_area_struct *vma, struct folio *folio)
{
	if (!test_bit_ul(MMF_HAS_PINNED, &vma->vm_mm->flags))
		return false;
	return folio_maybe_dma_pinned(folio);
}

/* ---- setup --------------------------------------------------------------------------- */
int mmsim_mem_init(struct mmsim *w)
{
	unsigned int shift = 0;

	w->block_pages = (unsigned long)(w->cfg.block >> PAGE_SHIFT);
	while ((1UL << shift) < w->block_pages)
		shift++;
	w->block_shift = shift;
	w->nr_blocks = (unsigned long)(w->cfg.memory / w->cfg.block);
	w->blocks = mmsim_obj_alloc(w, w->nr_blocks * sizeof(*w->blocks));
	for (unsigned long b = 0; b < w->nr_blocks; b++) {
		struct mmsim_block *blk = &w->blocks[b];

		blk->online = true;
		blk->movable = b != 0;
		block_init_buddy(w, blk);
		for (unsigned long idx = 0; idx < w->block_pages; idx += 1UL << MAX_PAGE_ORDER)
			free_one_block(w, (unsigned int)b, idx, MAX_PAGE_ORDER);
	}
	/* the zero page: the kernel's lives in its image; ours is block 0's first page */
	w->zero_page = alloc_pages(w, GFP_KERNEL, 0);
	if (!w->zero_page)
		return -ENOMEM;
	w->zero_page->content = 0;
	set_bit_ul(PG_reserved, &w->zero_page->flags);
	w->hugetlb_free = mmsim_obj_alloc(w, (w->cfg.hugetlb_pages + 1) * sizeof(struct folio *));
	for (unsigned int i = 0; i < w->cfg.hugetlb_pages; i++) {
		struct folio *f = folio_alloc(w, GFP_KERNEL, HPAGE_PMD_ORDER);

		if (!f)
			return -ENOMEM;
		folio_set_hugetlb(f);
		clear_bit_ul(PG_large_rmappable, &f->_flags_1);
		atomic_set(&f->_refcount, 0);	/* free hugetlb folios are frozen */
		w->hugetlb_free[w->nr_hugetlb_free++] = f;
	}
	w->nr_hugetlb_total = w->cfg.hugetlb_pages;
	return 0;
}
