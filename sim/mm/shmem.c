// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared memory objects (mm/shmem.c, v6.14): the shmem object behind a
 * shared anonymous mapping, its page cache and its ->fault.
 *
 * mmsim simplifications: shmem objects are never swapped out (no swap
 * entries in the mapping, no shmem_writeout), have no huge pages (shmem THP
 * "never", the default), no size limit or block accounting, no fallocate
 * and no userfaultfd minor faults. A new page reads 0, as clear_highpage()
 * leaves it.
 */
#include <mmsim/kernel/mm.h>

/* shmem_file_setup(): an unlinked shmem object of size bytes, one reference */
struct file *shmem_file_setup(struct mmsim *w, const char *name, unsigned long size)
{
	struct file *file = mmsim_file_alloc(w, name, ALIGN(size, PAGE_SIZE) >> PAGE_SHIFT);

	trace_kfunc(w, "shmem_file_setup", "name=%s size=%#lx", file->name, size);
	file->mapping.shmem = true;
	return file;
}

/* shmem_zero_setup(): a shared anonymous VMA maps a new "dev/zero" object */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file;

	file = shmem_file_setup(vma->vm_mm->w, "dev/zero", vma->vm_end - vma->vm_start);
	if (vma->vm_file)
		fput(vma->vm_file);
	/* the setup's reference becomes the VMA's */
	vma->vm_file = file;
	return 0;
}

/* vma_is_shmem(): the VMA maps a shmem object (shmem_vm_ops/shmem_anon_vm_ops) */
bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_file && vma->vm_file->f_mapping->shmem;
}

/*
 * shmem_add_to_page_cache(): the cache takes nr references; shmem folios
 * count in NR_FILE_PAGES and NR_SHMEM.
 */
static int shmem_add_to_page_cache(struct folio *folio, struct address_space *mapping,
				   pgoff_t index)
{
	long nr = folio_nr_pages(folio);

	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);
	VM_BUG_ON_FOLIO(!folio_test_swapbacked(folio), folio);
	if (mapping->pages[index])
		return -EEXIST;
	folio_ref_add(folio, (int)nr);
	folio->mapping = mapping;
	folio->index = index;
	mapping->pages[index] = folio;
	mapping->nrpages += (unsigned long)nr;
	__lruvec_stat_mod_folio(folio, NR_FILE_PAGES, nr);
	__lruvec_stat_mod_folio(folio, NR_SHMEM, nr);
	return 0;
}

/*
 * shmem_get_folio_gfp() for SGP_CACHE: the cached folio, locked (an
 * uninterruptible folio_lock(), as the kernel's), or a new zeroed one added
 * to the cache and to the anon LRU (shmem folios are swapbacked).
 * -EINVAL beyond EOF, -ENOMEM when nothing can be allocated.
 */
static int shmem_get_folio_gfp(struct address_space *mapping, pgoff_t index,
			       struct folio **foliop)
{
	struct mmsim *w = mapping->w;
	struct folio *folio;
	int err;

	if (index >= mapping->nr_index)
		return -EINVAL;
	folio = filemap_get_folio(mapping, index);
	if (folio) {
		folio_lock(folio);
		*foliop = folio;
		return 0;
	}

	/* shmem_alloc_and_add_folio() */
	folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	if (!folio)
		return -ENOMEM;
	__folio_set_locked(folio);
	__folio_set_swapbacked(folio);
	err = shmem_add_to_page_cache(folio, mapping, index);
	if (err) {
		folio_unlock(folio);
		folio_put(folio);
		return err;
	}
	folio_add_lru(folio);
	/* clear_highpage() */
	folio->page.content = 0;
	folio_set_uptodate(folio);
	*foliop = folio;
	return 0;
}

/* vmf_error(): an errno as a fault code */
static vm_fault_t vmf_error(int err)
{
	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	return VM_FAULT_SIGBUS;
}

/* shmem_fault(): the folio at vmf->pgoff, locked and referenced */
vm_fault_t shmem_fault(struct vm_fault *vmf)
{
	struct address_space *mapping = vmf->vma->vm_file->f_mapping;
	struct folio *folio = NULL;
	int err;

	trace_kfunc(mapping->w, "shmem_fault", "file=%u index=%#lx", mapping->host->id,
		    vmf->pgoff);
	WARN_ON_ONCE(mapping->w, vmf->page != NULL);
	err = shmem_get_folio_gfp(mapping, vmf->pgoff, &folio);
	if (err)
		return vmf_error(err);
	vmf->page = &folio->page;
	return VM_FAULT_LOCKED;
}
