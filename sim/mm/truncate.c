// SPDX-License-Identifier: GPL-2.0-only
/*
 * Truncation (mm/truncate.c, v6.14): emptying a file's page cache when its
 * inode is evicted. mmsim: only the final truncation exists (an unlinked
 * shmem or hugetlbfs object losing its last reference); no partial
 * truncation, no hole punching.
 */
#include <mmsim/kernel/mm.h>

/* folio_cancel_dirty(): a truncated folio's data no longer needs writing */
static void folio_cancel_dirty(struct folio *folio)
{
	folio_clear_dirty(folio);
}

/*
 * truncate_inode_pages_final(): remove every cached folio. No VMA maps the
 * object any more, so truncate_cleanup_folio() has nothing to unmap.
 */
void truncate_inode_pages_final(struct address_space *mapping)
{
	trace_kfunc(mapping->w, "truncate_inode_pages_final", "file=%u nrpages=%lu",
		    mapping->host->id, mapping->nrpages);
	for (pgoff_t index = 0; mapping->nrpages && index < mapping->nr_index; index++) {
		struct folio *folio = filemap_get_folio(mapping, index);

		if (!folio)
			continue;
		folio_lock(folio);
		folio_cancel_dirty(folio);
		filemap_remove_folio(folio);
		folio_unlock(folio);
		folio_put(folio);
	}
}
