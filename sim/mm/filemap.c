// SPDX-License-Identifier: GPL-2.0-only
/*
 * Folio locking (mm/filemap.c, include/linux/pagemap.h, v6.14).
 * mmsim: one task per mm and no concurrency, so a lock is a flag. Another
 * task holding a folio lock is modelled explicitly (PG_mmsim_locked_elsewhere,
 * set by the `lock` command): a sleeper either sees the holder finish
 * (until=wait) or is woken only by a fatal signal.
 *
 * The page cache (mm/filemap.c, v6.14): files, adding and removing folios,
 * filemap_fault(). mmsim simplifications:
 * - the cache is an array indexed by page index, sized to the file (the
 *   kernel's xarray is unbounded); it holds order-0 folios only;
 * - reads are synchronous: a new folio is read (its content set from the
 *   file's disk value) and marked uptodate before anyone can see it;
 * - no readahead and no fault-around; no shadow entries (workingset);
 * - regular files stand for a disk filesystem with ->page_mkwrite and
 *   writeback (mapping_can_writeback()); shmem and hugetlbfs have neither.
 */
#include <mmsim/kernel/mm.h>
#include <string.h>

bool folio_trylock(struct folio *folio)
{
	return !folio_test_set_locked(folio);
}

/* __folio_lock_killable(): 0, or -EINTR if the holder never lets go */
int folio_lock_killable(struct folio *folio)
{
	if (!folio_test_locked(folio)) {
		folio_set_locked(folio);
		return 0;
	}
	if (test_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags) &&
	    test_bit_ul(PG_mmsim_wait_releases, &folio->flags)) {
		/* the other task finishes and wakes us; we take the lock */
		clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
		clear_bit_ul(PG_mmsim_wait_releases, &folio->flags);
		return 0;
	}
	/* only a fatal signal ends this sleep: the task now has one pending */
	folio_world(folio)->fatal_signal_pending = true;
	return -EINTR;
}

void folio_lock(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);

	if (!folio_lock_killable(folio))
		return;
	/* an uninterruptible sleep that nothing ends: the kernel would hang here */
	mmsim_log(w, "INFO: task mmsim blocked forever in folio_lock()");
	VM_BUG_ON_FOLIO(folio_test_locked(folio), folio);
}

void folio_unlock(struct folio *folio)
{
	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);
	folio_clear_locked(folio);
}

/* ---- files ---------------------------------------------------------------------- */

/* mmsim: a file object with its address_space; the caller holds its one reference */
struct file *mmsim_file_alloc(struct mmsim *w, const char *name, pgoff_t nr_pages)
{
	struct file *file = mmsim_obj_alloc(w, sizeof(*file));
	size_t i;

	file->w = w;
	file->id = w->next_file_id++;
	file->f_count = 1;
	for (i = 0; name && name[i] && i < sizeof(file->name) - 1; i++)
		file->name[i] = name[i];
	file->f_mapping = &file->mapping;
	file->mapping.w = w;
	file->mapping.host = file;
	file->mapping.nr_index = nr_pages;
	if (nr_pages)
		file->mapping.pages = mmsim_obj_alloc(w, nr_pages * sizeof(struct folio *));
	INIT_LIST_HEAD(&file->mapping.i_mmap);
	list_add_tail(&file->list, &w->file_list);
	return file;
}

struct file *mmsim_file_create(struct mmsim *w, const char *name, unsigned long size,
			       u64 fill, bool fill_seq)
{
	struct file *file = mmsim_file_alloc(w, name, ALIGN(size, PAGE_SIZE) >> PAGE_SHIFT);

	trace_kfunc(w, "mmsim_file_create", "name=%s size=%#lx fill=%#llx%s", file->name,
		    size, (unsigned long long)fill, fill_seq ? " seq" : "");
	file->fill = fill;
	file->fill_seq = fill_seq;
	return file;
}

/* mmsim: the disk content of page index (written back data, or the fill rule) */
u64 mmsim_file_disk_value(const struct file *file, pgoff_t index)
{
	if (file->disk)
		return file->disk[index];
	return file->fill + (file->fill_seq ? (u64)index : 0);
}

/* mapping_can_writeback(): regular files only */
static bool mapping_can_writeback(const struct address_space *mapping)
{
	return !mapping->shmem && !mapping->hugetlb;
}

/* ---- the page cache ------------------------------------------------------------------ */

/*
 * filemap_add_folio() / __filemap_add_folio(): the cache takes nr
 * references, the folio is locked, counted in NR_FILE_PAGES and put on the
 * (file) LRU.
 */
int filemap_add_folio(struct address_space *mapping, struct folio *folio, pgoff_t index,
		      gfp_t gfp)
{
	struct mmsim *w = mapping->w;
	long nr = folio_nr_pages(folio);

	(void)gfp;
	trace_kfunc(w, "filemap_add_folio", "file=%u index=%#lx pfn=%#lx",
		    mapping->host->id, index, folio_pfn(folio));
	VM_BUG_ON_FOLIO(folio_test_swapbacked(folio), folio);
	if (folio_test_large(folio)) {
		mmsim_log(w, "not modelled yet: large folios in the page cache");
		return -ENOSYS;
	}
	/* mmsim: the cache covers the file's size only */
	if (index >= mapping->nr_index)
		return -EINVAL;
	__folio_set_locked(folio);
	if (mapping->pages[index]) {
		__folio_clear_locked(folio);
		return -EEXIST;
	}
	folio_ref_add(folio, (int)nr);
	folio->mapping = mapping;
	folio->index = index;
	mapping->pages[index] = folio;
	mapping->nrpages += (unsigned long)nr;
	__lruvec_stat_mod_folio(folio, NR_FILE_PAGES, nr);
	folio_add_lru(folio);
	return 0;
}

/* filemap_get_folio(): the cached folio with a reference, or NULL */
struct folio *filemap_get_folio(struct address_space *mapping, pgoff_t index)
{
	struct folio *folio;

	if (index >= mapping->nr_index)
		return NULL;
	folio = mapping->pages[index];
	if (!folio || !folio_try_get(folio))
		return NULL;
	return folio;
}

/* filemap_unaccount_folio() + page_cache_delete() */
static void __filemap_remove_folio(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	long nr = folio_nr_pages(folio);

	/* DEBUG_VM=y: a mapped folio must not leave the cache */
	VM_BUG_ON_FOLIO(folio_mapped(folio), folio);
	__lruvec_stat_mod_folio(folio, NR_FILE_PAGES, -nr);
	if (folio_test_swapbacked(folio))
		__lruvec_stat_mod_folio(folio, NR_SHMEM, -nr);
	/* a dirty folio of a disk file here means lost data */
	WARN_ON_ONCE(mapping->w, folio_test_dirty(folio) && mapping_can_writeback(mapping));
	mapping->pages[folio->index] = NULL;
	folio->mapping = NULL;
	mapping->nrpages -= (unsigned long)nr;
}

/*
 * filemap_remove_folio(): out of the cache, which drops its references
 * (filemap_free_folio()). The folio must be locked; the caller keeps its
 * own reference and unlocks it.
 */
void filemap_remove_folio(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);

	trace_kfunc(w, "filemap_remove_folio", "pfn=%#lx index=%#lx", folio_pfn(folio),
		    folio->index);
	BUG_ON(w, !folio_test_locked(folio));
	__filemap_remove_folio(folio);
	folio_put_refs(folio, (int)folio_nr_pages(folio));
}

/*
 * lock_folio_maybe_drop_mmap(): 1 with the folio locked, 0 when the fault
 * must be retried (RETRY_NOWAIT, or a killable sleep ended by a signal).
 * A first try that may retry sleeps without the mmap_lock
 * (maybe_unlock_mmap_for_io()): *dropped tells filemap_fault() to answer
 * VM_FAULT_RETRY even once it has the lock. mmsim: the caller drops the
 * mmap_lock itself on VM_FAULT_RETRY (see folio_lock_or_retry()).
 */
static int lock_folio_maybe_drop_mmap(struct vm_fault *vmf, struct folio *folio,
				      bool *dropped)
{
	if (folio_trylock(folio))
		return 1;
	if (vmf->flags & FAULT_FLAG_RETRY_NOWAIT)
		return 0;
	/* fault_flag_allow_retry_first() */
	if ((vmf->flags & FAULT_FLAG_ALLOW_RETRY) && !(vmf->flags & FAULT_FLAG_TRIED))
		*dropped = true;
	if (vmf->flags & FAULT_FLAG_KILLABLE) {
		if (folio_lock_killable(folio))
			return 0;
	} else {
		folio_lock(folio);
	}
	return 1;
}

/*
 * filemap_fault(): find or read the page-cache folio at vmf->pgoff and
 * return it locked with a reference. A folio read now makes the fault
 * VM_FAULT_MAJOR. mmsim: no readahead (do_sync/async_mmap_readahead).
 */
vm_fault_t filemap_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct address_space *mapping = file->f_mapping;
	struct mmsim *w = mapping->w;
	pgoff_t max_idx, index = vmf->pgoff;
	vm_fault_t ret = 0;
	struct folio *folio;
	bool dropped = false;

	trace_kfunc(w, "filemap_fault", "file=%u index=%#lx", file->id, index);
	max_idx = mapping->nr_index;
	if (unlikely(index >= max_idx))
		return VM_FAULT_SIGBUS;

	folio = filemap_get_folio(mapping, index);
	if (!folio) {
		/* no page in the page cache at all: a major fault reads it */
		ret = VM_FAULT_MAJOR;
		folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
		if (!folio)
			return VM_FAULT_OOM;
		folio->page.content = mmsim_file_disk_value(file, index);
		folio_set_uptodate(folio);
		if (filemap_add_folio(mapping, folio, index, GFP_HIGHUSER_MOVABLE)) {
			folio_put(folio);
			return VM_FAULT_OOM;
		}
		/* FGP_FOR_MMAP: unlocked again, the fault takes the lock below */
		folio_unlock(folio);
	}

	if (!lock_folio_maybe_drop_mmap(vmf, folio, &dropped)) {
		folio_put(folio);
		return ret | VM_FAULT_RETRY;
	}
	/* the mmap_lock was dropped to sleep: the VMA must be found again */
	if (dropped) {
		folio_unlock(folio);
		folio_put(folio);
		return ret | VM_FAULT_RETRY;
	}
	/* recheck i_size under the folio lock */
	max_idx = mapping->nr_index;
	if (unlikely(index >= max_idx)) {
		folio_unlock(folio);
		folio_put(folio);
		return VM_FAULT_SIGBUS;
	}
	vmf->page = &folio->page;
	return ret | VM_FAULT_LOCKED;
}
