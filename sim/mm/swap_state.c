// SPDX-License-Identifier: GPL-2.0-only
/*
 * PFN swap entries back to pages (include/linux/swapops.h,
 * pfn_swap_entry_to_page(), v6.14), kept beside the swap cache code.
 */
#include <mmsim/kernel/swap.h>

struct page *pfn_swap_entry_to_page(struct mmsim *w, swp_entry_t entry)
{
	struct page *p = pfn_to_page(w, swp_offset_pfn(w, entry));

	/* a migration entry is only stable while its folio is locked */
	BUG_ON(w, !p);
	BUG_ON(w, is_migration_entry(w, entry) && !folio_test_locked(page_folio(p)));
	return p;
}

struct folio *pfn_swap_entry_folio(struct mmsim *w, swp_entry_t entry)
{
	struct folio *folio = pfn_folio(w, swp_offset_pfn(w, entry));

	BUG_ON(w, is_migration_entry(w, entry) && !folio_test_locked(folio));
	return folio;
}
