// SPDX-License-Identifier: GPL-2.0-only
/*
 * LRU lists (mm/swap.c, include/linux/mm_inline.h, v6.14): classic
 * active/inactive anon and file lists (LRU_GEN=n).
 * mmsim: no per-CPU folio batches: an added folio is on its list at once
 * and no batch holds a reference.
 */
#include <mmsim/kernel/mm.h>

static enum lru_list folio_lru_list(struct folio *folio)
{
	enum lru_list lru;

	if (folio_test_unevictable(folio))
		return LRU_UNEVICTABLE;
	lru = folio_test_swapbacked(folio) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
	if (folio_test_active(folio))
		lru += 1;
	return lru;
}

static void lru_stat(struct folio *folio, enum lru_list lru, long nr)
{
	static const enum node_stat_item item[NR_LRU_LISTS] = {
		NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE,
		NR_UNEVICTABLE,
	};

	__lruvec_stat_mod_folio(folio, item[lru], nr);
}

/* lruvec_add_folio() */
static void lru_add_folio(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);
	enum lru_list lru = folio_lru_list(folio);

	folio_set_lru(folio);
	list_add(&folio->lru, &w->lru[lru]);
	lru_stat(folio, lru, folio_nr_pages(folio));
}

void lru_del_folio(struct folio *folio)
{
	enum lru_list lru = folio_lru_list(folio);

	list_del_init(&folio->lru);
	folio_clear_lru(folio);
	lru_stat(folio, lru, -folio_nr_pages(folio));
}

/* __folio_clear_lru_flags(): a folio leaving the LRU for good */
void __folio_clear_lru_flags(struct folio *folio)
{
	folio_clear_lru(folio);
	folio_clear_active(folio);
	folio_clear_unevictable(folio);
}

void folio_add_lru(struct folio *folio)
{
	VM_BUG_ON_FOLIO(folio_test_lru(folio), folio);
	lru_add_folio(folio);
}

void folio_add_lru_vma(struct folio *folio, struct vm_area_struct *vma)
{
	(void)vma;	/* mmsim: VM_LOCKED (mlock) is not modelled */
	folio_add_lru(folio);
}

/* folio_isolate_lru() (mm/vmscan.c): takes a reference, as the kernel does */
bool folio_isolate_lru(struct folio *folio)
{
	if (!folio_test_lru(folio))
		return false;
	folio_get(folio);
	lru_del_folio(folio);
	folio_world(folio)->nr_isolated++;
	return true;
}

/* folio_putback_lru() (mm/vmscan.c) */
void folio_putback_lru(struct folio *folio)
{
	folio_world(folio)->nr_isolated--;
	lru_add_folio(folio);
	folio_put(folio);
}

/* folio_mark_accessed(): the second access activates */
void folio_mark_accessed(struct folio *folio)
{
	if (!folio_test_referenced(folio)) {
		folio_set_referenced(folio);
		return;
	}
	if (folio_test_active(folio) || folio_test_unevictable(folio))
		return;
	if (folio_test_lru(folio)) {
		lru_del_folio(folio);
		folio_set_active(folio);
		lru_add_folio(folio);
	}
	/* else __lru_cache_activate_folio(): only a folio in an lru_add batch (none here) */
	folio_clear_referenced(folio);
}

/* folio_mark_dirty() (mm/page-writeback.c): anon and shmem need no accounting */
bool folio_mark_dirty(struct folio *folio)
{
	return !folio_test_set_dirty(folio);
}
