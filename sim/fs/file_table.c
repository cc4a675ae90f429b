// SPDX-License-Identifier: GPL-2.0-only
/*
 * File references (fs/file_table.c, v6.14). mmsim: a file's last fput()
 * stands for __fput() and the eviction of its unlinked inode: the page
 * cache is truncated and the object freed. Named files hold the world's
 * reference and never get here; the world frees them at destroy.
 */
#include <mmsim/kernel/mm.h>

/* fput(): drop a reference; the last one frees the file (see above) */
void fput(struct file *file)
{
	struct mmsim *w = file->w;

	WARN_ON_ONCE(w, file->f_count <= 0);
	if (--file->f_count > 0)
		return;
	trace_kfunc(w, "fput", "file=%u name=%s (last reference)", file->id, file->name);
	/* shmem_evict_inode() / hugetlbfs_evict_inode() */
	truncate_inode_pages_final(file->f_mapping);
	list_del(&file->list);
	mmsim_obj_free(w, file->mapping.pages);
	mmsim_obj_free(w, file->disk);
	mmsim_obj_free(w, file);
}
