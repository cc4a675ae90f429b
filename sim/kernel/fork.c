// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process address spaces (kernel/fork.c, v6.14): mm_alloc, the VMA
 * objects, dup_mm/dup_mmap and mmput.
 * mmsim: one task per mm, so the mm's id doubles as the simulated pid.
 */
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>

/* mm_alloc(): an empty address space with its PGD */
struct mm_struct *mm_alloc(struct mmsim *w)
{
	struct mm_struct *mm;
	struct ptdesc *pgd = pagetable_alloc(w, 4);

	if (!pgd)
		return NULL;
	mm = mmsim_obj_alloc(w, sizeof(*mm));
	mm->w = w;
	mm->id = w->next_mm_id++;
	mm->pgd = pgd;
	mm->pgtables_bytes = PAGE_SIZE;
	mm->page_table_lock.w = w;
	atomic_set(&mm->mm_users, 1);
	INIT_LIST_HEAD(&mm->mmap);
	list_add_tail(&mm->mm_list, &w->mm_list);
	return mm;
}

/* vm_area_alloc(): an unlinked VMA of mm with a new world-unique id */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mmsim_obj_alloc(mm->w, sizeof(*vma));

	vma->vm_mm = mm;
	vma->id = mm->w->next_id++;
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->shared);
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	return vma;
}

/*
 * vm_area_dup(): a copy of orig (flags, pgoff, file, anon_vma pointer, name)
 * with a new id and its own, empty list links; the caller clones the
 * anon_vma chain and takes the file reference, as __split_vma() does.
 */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *new = vm_area_alloc(orig->vm_mm);
	unsigned int id = new->id;

	*new = *orig;
	new->id = id;
	INIT_LIST_HEAD(&new->vm_list);
	INIT_LIST_HEAD(&new->shared);
	INIT_LIST_HEAD(&new->anon_vma_chain);
	return new;
}

/* vm_area_free() */
void vm_area_free(struct vm_area_struct *vma)
{
	mmsim_obj_free(vma->vm_mm->w, vma);
}

/*
 * dup_mmap(): copy every VMA but VM_DONTCOPY ones; VM_WIPEONFORK VMAs
 * come over empty; anon_vma_fork() builds the child's anon_vma chain and
 * copy_page_range() shares or copies the pages.
 */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt;
	int retval = 0;

	trace_kfunc(mm->w, "dup_mmap", "parent=%u child=%u", oldmm->id, mm->id);
	mm->flags = oldmm->flags & BIT(MMF_VM_MERGEABLE);
	list_for_each_entry(mpnt, &oldmm->mmap, vm_list) {
		struct vm_area_struct *tmp;

		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		tmp = vm_area_dup(mpnt);
		tmp->vm_mm = mm;
		tmp->anon_vma = NULL;
		if (!(tmp->vm_flags & VM_WIPEONFORK) && anon_vma_fork(tmp, mpnt)) {
			vm_area_free(tmp);
			retval = -ENOMEM;
			break;
		}
		list_add_tail(&tmp->vm_list, &mm->mmap);
		mm->map_count++;
		if (tmp->vm_file) {
			get_file(tmp->vm_file);
			vma_interval_tree_insert(tmp, tmp->vm_file->f_mapping);
		}
		if (!(tmp->vm_flags & VM_WIPEONFORK))
			retval = copy_page_range(tmp, mpnt);
		if (retval)
			break;
	}
	return retval;
}

/* dup_mm(): the child's address space, or an ERR_PTR; a failure tears it down */
struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc(oldmm->w);
	int err;

	if (!mm)
		return ERR_PTR(-ENOMEM);
	err = dup_mmap(mm, oldmm);
	if (err) {
		mmput(mm);
		return ERR_PTR(err);
	}
	return mm;
}

static const char *const resident_page_types[NR_MM_COUNTERS] = {
	"MM_FILEPAGES", "MM_ANONPAGES", "MM_SWAPENTS", "MM_SHMEMPAGES",
};

/* check_mm(): every counter must be back at zero when the mm goes away */
static void check_mm(struct mm_struct *mm)
{
	for (int i = 0; i < NR_MM_COUNTERS; i++) {
		long x = get_mm_counter(mm, i);

		if (x) {
			mmsim_log(mm->w, "BUG: Bad rss-counter state mm:%016lx type:%s val:%ld",
				  mmsim_synthetic_addr("mm", mm->id), resident_page_types[i], x);
			mm->w->nr_bad_rss++;
		}
	}
}

/* mmput(): the last user tears the address space down */
void mmput(struct mm_struct *mm)
{
	struct mmsim *w = mm->w;

	if (atomic_dec_return(&mm->mm_users) > 0)
		return;
	trace_kfunc(w, "mmput", "mm=%u", mm->id);
	exit_mmap(mm);
	check_mm(mm);
	mmu_notifier_subscriptions_destroy(mm);
	list_del(&mm->mm_list);
	pagetable_free(mm->pgd);
	mmsim_obj_free(w, mm);
}
