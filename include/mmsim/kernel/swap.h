/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Swap device and swap cache (include/linux/swap.h, mm/swapfile.c,
 * mm/swap_state.c, v6.14). One swap device, type 0; slot 0 is the header.
 * mmsim: swap I/O is synchronous and always goes through the swap cache.
 */
#ifndef MMSIM_KERNEL_SWAP_H
#define MMSIM_KERNEL_SWAP_H

#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/swapops.h>

#define SWAP_MAP_MAX	0x3e
#define SWAP_MAP_BAD	0x3f
#define SWAP_HAS_CACHE	0x40

struct swap_info_struct {
	struct mmsim *w;
	unsigned int type;
	unsigned long max;		/* slots, header included */
	unsigned long inuse_pages;
	unsigned char *swap_map;	/* count | SWAP_HAS_CACHE per slot */
	struct folio **cache;		/* the swap cache, by offset */
	u64 *data;			/* mmsim: the content written to each slot */
	unsigned long next;		/* next slot to try: the lowest free is taken */
};

/* a free slot with count 1 | SWAP_HAS_CACHE, or val 0 if swap is full */
swp_entry_t folio_alloc_swap(struct folio *folio);
int swap_duplicate(struct mmsim *w, swp_entry_t entry);		/* mmsim: world added */
void swap_free(struct mmsim *w, swp_entry_t entry);		/* mmsim: world added */
/* zap: drop one use; free the cached folio too if nothing else needs it */
void free_swap_and_cache(struct mmsim *w, swp_entry_t entry);	/* mmsim: world added */
int __swap_count(struct mmsim *w, swp_entry_t entry);		/* mmsim: world added */
struct folio *swap_cache_get_folio(struct mmsim *w, swp_entry_t entry); /* mmsim: world added */
unsigned long mmsim_swap_slots_used(const struct mmsim *w);
/* drop the swap cache of a locked folio no swap entry refers to any more */
bool folio_free_swap(struct folio *folio);
void delete_from_swap_cache(struct folio *folio);

#endif /* MMSIM_KERNEL_SWAP_H */
