// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transparent huge pages (mm/huge_memory.c, v6.14): the deferred split
 * queue of partially mapped large anon folios.
 */
#include <mmsim/kernel/huge_mm.h>

/* deferred_split_folio(): queue a large rmappable folio once */
void deferred_split_folio(struct folio *folio, bool partially_mapped)
{
	struct mmsim *w = folio_world(folio);

	if (folio_order(folio) <= 1 || !folio_test_large_rmappable(folio))
		return;
	if (partially_mapped)
		folio_set_partially_mapped(folio);
	else if (!folio_test_partially_mapped(folio))
		return;
	if (list_empty(&folio->_deferred_list))
		list_add_tail(&folio->_deferred_list, &w->deferred_split);
}

/* folio_undo_large_rmappable(): off the queue before the folio is freed */
void folio_undo_large_rmappable(struct folio *folio)
{
	if (folio_order(folio) <= 1)
		return;
	if (!list_empty(&folio->_deferred_list))
		list_del_init(&folio->_deferred_list);
	folio_clear_partially_mapped(folio);
}
