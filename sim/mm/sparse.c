// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memmap (mm/sparse.c, include/asm-generic/memory_model.h): one array
 * of struct page per memory block, allocated on first use, like a SPARSEMEM
 * section. mmsim keeps each page's index within its block in the top bits of
 * page->flags (where the kernel keeps the section number), so page_to_pfn()
 * and the world are found from the page alone.
 */
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/page_table_check.h>

static struct memmap_hdr *page_memmap(const struct page *page)
{
	unsigned long idx = page->flags >> PAGE_IDX_SHIFT;

	return container_of((struct page *)(page - idx), struct memmap_hdr, pages[0]);
}

/* sparse_init_one_section(): the block's memmap, created on first use */
struct memmap_hdr *mmsim_block_memmap(struct mmsim *w, unsigned int block)
{
	struct mmsim_block *b = &w->blocks[block];
	struct memmap_hdr *hdr;
	unsigned long i;

	if (b->memmap)
		return b->memmap;
	hdr = mmsim_obj_alloc(w, sizeof(*hdr) + w->block_pages * sizeof(struct page));
	hdr->w = w;
	hdr->block = block;
	hdr->base_pfn = (unsigned long)block << w->block_shift;
	hdr->page_ext = mmsim_obj_alloc(w, w->block_pages * sizeof(struct page_table_check));
	for (i = 0; i < w->block_pages; i++) {
		hdr->pages[i].flags = i << PAGE_IDX_SHIFT;
		atomic_set(&hdr->pages[i]._mapcount, -1);
	}
	b->memmap = hdr;
	return hdr;
}

struct mmsim *page_world(const struct page *page)
{
	return page_memmap(page)->w;
}

struct mmsim *folio_world(const struct folio *folio)
{
	return page_world(&folio->page);
}

unsigned long page_to_pfn(const struct page *page)
{
	return page_memmap(page)->base_pfn + (page->flags >> PAGE_IDX_SHIFT);
}

bool pfn_valid(struct mmsim *w, unsigned long pfn)
{
	return (pfn >> w->block_shift) < w->nr_blocks;
}

struct page *pfn_to_page(struct mmsim *w, unsigned long pfn)
{
	struct memmap_hdr *hdr;

	if (!pfn_valid(w, pfn))
		return NULL;
	hdr = mmsim_block_memmap(w, (unsigned int)(pfn >> w->block_shift));
	return &hdr->pages[pfn & (w->block_pages - 1)];
}

unsigned int page_zonenum(const struct page *page)
{
	return page_memmap(page)->block ? 1 : 0;
}

/* the page_ext slot of page_table_check (mm/page_ext.c) */
struct page_table_check *get_page_table_check(const struct page *page)
{
	struct memmap_hdr *hdr = page_memmap(page);

	return (struct page_table_check *)hdr->page_ext + (page->flags >> PAGE_IDX_SHIFT);
}
