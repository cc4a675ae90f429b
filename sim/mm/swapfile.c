// SPDX-License-Identifier: GPL-2.0-only
/*
 * The swap device (mm/swapfile.c, v6.14): slot allocation and the per-slot
 * use counts. One device of type 0, slot 0 is the header; the lowest free
 * slot is taken, so placement is deterministic.
 * mmsim: no swap clusters, no continuation counts beyond SWAP_MAP_MAX.
 */
#include <mmsim/kernel/swap.h>

int mmsim_swap_init(struct mmsim *w)
{
	struct swap_info_struct *si;

	if (!w->cfg.swap)
		return 0;
	si = mmsim_obj_alloc(w, sizeof(*si));
	si->w = w;
	si->type = 0;
	si->max = (unsigned long)(w->cfg.swap >> PAGE_SHIFT);
	si->swap_map = mmsim_obj_alloc(w, si->max);
	si->cache = mmsim_obj_alloc(w, si->max * sizeof(*si->cache));
	si->data = mmsim_obj_alloc(w, si->max * sizeof(*si->data));
	si->swap_map[0] = SWAP_MAP_BAD;		/* the header */
	si->next = 1;
	w->swap = si;
	return 0;
}

static struct swap_info_struct *swp_info(struct mmsim *w, swp_entry_t entry)
{
	struct swap_info_struct *si = w->swap;

	if (!si || swp_type(entry) != si->type || swp_offset(entry) >= si->max ||
	    !swp_offset(entry))
		return NULL;
	return si;
}

swp_entry_t folio_alloc_swap(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);
	struct swap_info_struct *si = w->swap;
	swp_entry_t none = { 0 };

	/* mmsim: THP_SWAP=n, large folios are split before they get here */
	if (!si || folio_test_large(folio))
		return none;
	for (unsigned long off = si->next; off < si->max; off++) {
		if (si->swap_map[off])
			continue;
		si->swap_map[off] = SWAP_HAS_CACHE;
		si->inuse_pages++;
		si->next = off + 1;
		return swp_entry(si->type, off);
	}
	return none;
}

int __swap_count(struct mmsim *w, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_info(w, entry);

	return si ? si->swap_map[swp_offset(entry)] & ~SWAP_HAS_CACHE : 0;
}

int swap_duplicate(struct mmsim *w, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_info(w, entry);
	unsigned char *count;

	if (!si) {
		mmsim_log(w, "swap_dup: Bad swap file entry %016lx", entry.val);
		return -EINVAL;
	}
	count = &si->swap_map[swp_offset(entry)];
	if (!(*count & ~SWAP_HAS_CACHE) && !(*count & SWAP_HAS_CACHE))
		return -ENOENT;
	if ((*count & ~SWAP_HAS_CACHE) >= SWAP_MAP_MAX)
		return -ENOMEM;		/* mmsim: no swap count continuation */
	(*count)++;
	return 0;
}

static void swap_slot_maybe_free(struct swap_info_struct *si, pgoff_t off)
{
	if (!si->swap_map[off]) {
		si->inuse_pages--;
		if (off < si->next)
			si->next = off;
	}
}

void swap_free(struct mmsim *w, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_info(w, entry);
	pgoff_t off = swp_offset(entry);

	if (!si || !(si->swap_map[off] & ~SWAP_HAS_CACHE)) {
		mmsim_log(w, "swap_free: Unused swap offset entry %016lx", entry.val);
		return;
	}
	si->swap_map[off]--;
	swap_slot_maybe_free(si, off);
}

struct folio *swap_cache_get_folio(struct mmsim *w, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_info(w, entry);

	return si ? si->cache[swp_offset(entry)] : NULL;
}

/* delete_from_swap_cache() (mm/swap_state.c): the cache's references go */
void delete_from_swap_cache(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);
	struct swap_info_struct *si = w->swap;
	pgoff_t off = swp_offset(folio->swap);

	si->cache[off] = NULL;
	si->swap_map[off] &= (unsigned char)~SWAP_HAS_CACHE;
	swap_slot_maybe_free(si, off);
	folio_clear_swapcache(folio);
	folio->private = NULL;
	__lruvec_stat_mod_folio(folio, NR_SWAPCACHE, -folio_nr_pages(folio));
	__lruvec_stat_mod_folio(folio, NR_FILE_PAGES, -folio_nr_pages(folio));
	folio_put_refs(folio, (int)folio_nr_pages(folio));
}

/* folio_free_swap(): only when no swap entry uses the slot any more */
bool folio_free_swap(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);

	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);
	if (!folio_test_swapcache(folio) || folio_test_writeback(folio))
		return false;
	if (__swap_count(w, folio->swap))
		return false;	/* folio_swapped() */
	delete_from_swap_cache(folio);
	folio_set_dirty(folio);
	return true;
}

void free_swap_and_cache(struct mmsim *w, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_info(w, entry);
	pgoff_t off = swp_offset(entry);
	struct folio *folio;

	if (!si)
		return;
	swap_free(w, entry);
	folio = si->cache[off];
	/*
	 * __try_to_reclaim_swap(): the last user is gone and only the swap
	 * cache holds the folio; mmsim: the folio is unlocked at command
	 * boundaries, so the trylock always succeeds here.
	 */
	if (si->swap_map[off] == SWAP_HAS_CACHE && folio && !folio_mapped(folio) &&
	    !folio_test_locked(folio) && !folio_test_writeback(folio))
		delete_from_swap_cache(folio);
}

unsigned long mmsim_swap_slots_used(const struct mmsim *w)
{
	return w->swap ? w->swap->inuse_pages : 0;
}
