// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMA manipulation (mm/vma.c, v6.14): linking, splitting, the flag-change
 * split used by mprotect and madvise, and munmap.
 *
 * mmsim: the maple tree is a list sorted by vm_start (mm->mmap) and there
 * is no VMA merging (see sim/mm/mmap.c): vma_modify_flags() only splits.
 * A split keeps the original VMA (and its id) on the side the kernel keeps
 * it: new_below puts the new VMA below addr, otherwise above.
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>

/* the list part of vma_link(): mm->mmap in address order, map_count++ */
static void vma_link_list(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *pos;

	mm->map_count++;
	list_for_each_entry(pos, &mm->mmap, vm_list) {
		if (pos->vm_start > vma->vm_start) {
			list_add_tail(&vma->vm_list, &pos->vm_list);
			return;
		}
	}
	list_add_tail(&vma->vm_list, &mm->mmap);
}

/* vma_link(): mm->mmap in address order, then the file's i_mmap */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_link_list(mm, vma);
	if (vma->vm_file) {
		struct address_space *mapping = vma->vm_file->f_mapping;

		i_mmap_lock_write(mapping);
		vma_interval_tree_insert(vma, mapping);
		i_mmap_unlock_write(mapping);
	}
}

/* unlink_file_vma() */
void unlink_file_vma(struct vm_area_struct *vma)
{
	struct address_space *mapping;

	if (!vma->vm_file)
		return;
	mapping = vma->vm_file->f_mapping;
	i_mmap_lock_write(mapping);
	vma_interval_tree_remove(vma, mapping);
	i_mmap_unlock_write(mapping);
}

/* remove_vma(): the VMA is off every list already */
void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
}

static bool range_in_vma(const struct vm_area_struct *vma, unsigned long start,
			 unsigned long end)
{
	return vma && vma->vm_start <= start && end <= vma->vm_end;
}

/*
 * split_huge_pmd_if_needed(), the body of vma_adjust_trans_huge()
 * (mm/huge_memory.c, v6.14): a PMD-mapped THP that a new VMA boundary would
 * cut is split to PTEs first. huge_mm.h offers split_huge_pmd_address().
 */
static void split_huge_pmd_if_needed(struct vm_area_struct *vma, unsigned long address)
{
	if (!IS_ALIGNED(address, HPAGE_PMD_SIZE) &&
	    range_in_vma(vma, ALIGN_DOWN(address, HPAGE_PMD_SIZE),
			 ALIGN(address, HPAGE_PMD_SIZE)))
		split_huge_pmd_address(vma, address, false, NULL);
}

/*
 * __split_vma(): cut vma at addr. The new VMA (new id) takes [vm_start,
 * addr) if new_below, else [addr, vm_end); the original keeps the rest.
 * hugetlb VMAs split only at 2 MiB boundaries (hugetlb_vm_op_split()).
 */
static int __split_vma(struct vm_area_struct *vma, unsigned long addr, int new_below)
{
	struct mm_struct *mm = vma->vm_mm;
	struct address_space *mapping = vma->vm_file ? vma->vm_file->f_mapping : NULL;
	struct vm_area_struct *new;
	int err;

	trace_kfunc(mm->w, "__split_vma", "vma=%u [%#lx-%#lx) addr=%#lx new_below=%d",
		    vma->id, vma->vm_start, vma->vm_end, addr, new_below);
	WARN_ON(mm->w, vma->vm_start >= addr);
	WARN_ON(mm->w, vma->vm_end <= addr);

	if (is_vm_hugetlb_page(vma) && !IS_ALIGNED(addr, HPAGE_PMD_SIZE))
		return -EINVAL;

	new = vm_area_dup(vma);
	if (new_below) {
		new->vm_end = addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	}

	err = anon_vma_clone(new, vma);
	if (err) {
		vm_area_free(new);
		return err;
	}
	if (new->vm_file)
		get_file(new->vm_file);

	/* vma_prepare(): new goes into i_mmap, vma comes out while it changes */
	if (mapping) {
		i_mmap_lock_write(mapping);
		vma_interval_tree_insert(new, mapping);
		vma_interval_tree_remove(vma, mapping);
	}
	split_huge_pmd_if_needed(vma, vma->vm_start);
	split_huge_pmd_if_needed(vma, addr);

	if (new_below) {
		vma->vm_start = addr;
		vma->vm_pgoff += (addr - new->vm_start) >> PAGE_SHIFT;
	} else {
		vma->vm_end = addr;
	}

	/* vma_complete(): vma back into i_mmap, its anon chains re-sorted */
	if (mapping) {
		vma_interval_tree_insert(vma, mapping);
		i_mmap_unlock_write(mapping);
	}
	if (vma->anon_vma)
		anon_vma_interval_tree_update(vma);
	/* new is in i_mmap already: vma_iter_store() and map_count++ only */
	vma_link_list(mm, new);
	return 0;
}

/* split_vma(): __split_vma() within the map count limit */
int split_vma(struct vm_area_struct *vma, unsigned long addr, int new_below)
{
	if (vma->vm_mm->map_count >= DEFAULT_MAX_MAP_COUNT)
		return -ENOMEM;
	return __split_vma(vma, addr, new_below);
}

/*
 * vma_modify() / vma_modify_flags(): make [start, end) one VMA and return
 * it; the caller sets the flags. mmsim: never merges (new_flags would only
 * matter to the merge).
 */
struct vm_area_struct *vma_modify_flags(struct vm_area_struct *vma, unsigned long start,
					unsigned long end, vm_flags_t new_flags)
{
	int err;

	(void)new_flags;
	if (vma->vm_start < start) {
		err = split_vma(vma, start, 1);
		if (err)
			return ERR_PTR(err);
	}
	if (vma->vm_end > end) {
		err = split_vma(vma, end, 0);
		if (err)
			return ERR_PTR(err);
	}
	return vma;
}

/*
 * vms_clear_ptes(): zap the detached VMAs under one MMU_NOTIFY_UNMAP range
 * [start, end), as unmap_vmas() does, then free_pgtables(): unlink the
 * anon_vmas and i_mmap, free the tables between floor and ceiling (the
 * neighbouring VMAs) that map nothing any more.
 */
static void vms_clear_ptes(struct mm_struct *mm, struct list_head *detached,
			   unsigned long start, unsigned long end,
			   unsigned long floor, unsigned long ceiling)
{
	struct mmu_notifier_range range;
	struct vm_area_struct *vma;

	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	list_for_each_entry(vma, detached, vm_list)
		unmap_page_range(vma, vma->vm_start, vma->vm_end, NULL);
	mmu_notifier_invalidate_range_end(&range);

	list_for_each_entry(vma, detached, vm_list) {
		unlink_anon_vmas(vma);
		unlink_file_vma(vma);
	}
	free_pgd_range(mm, floor, ceiling);
}

/*
 * do_vmi_munmap() / do_vmi_align_munmap() (mm/vma.c): split the VMAs at
 * start and end, detach those inside, zap them, free their tables and the
 * VMAs. A range with no VMA in it is a successful no-op.
 */
int do_vmi_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	struct vm_area_struct *vma, *next, *tmp, *prev;
	unsigned long end, floor, ceiling;
	struct list_head detached;
	int err;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	end = start + ALIGN(len, PAGE_SIZE);
	if (end == start)
		return -EINVAL;

	vma = find_vma_intersection(mm, start, end);
	if (!vma)
		return 0;

	/* vms_gather_munmap_vmas() */
	if (start > vma->vm_start) {
		if (end < vma->vm_end && mm->map_count >= DEFAULT_MAX_MAP_COUNT)
			return -ENOMEM;
		err = __split_vma(vma, start, 1);
		if (err)
			return err;
	}
	INIT_LIST_HEAD(&detached);
	for (next = vma; &next->vm_list != &mm->mmap && next->vm_start < end; next = tmp) {
		tmp = list_entry(next->vm_list.next, struct vm_area_struct, vm_list);
		if (next->vm_end > end) {
			err = __split_vma(next, end, 0);
			if (err) {
				/* reattach what was gathered: nothing is zapped yet */
				list_for_each_entry_safe(vma, tmp, &detached, vm_list) {
					list_del_init(&vma->vm_list);
					vma_link_list(mm, vma);
				}
				return err;
			}
			tmp = list_entry(next->vm_list.next, struct vm_area_struct, vm_list);
		}
		list_del_init(&next->vm_list);
		list_add_tail(&next->vm_list, &detached);
		mm->map_count--;
	}

	/* the neighbours bound the page tables free_pgtables() may free */
	prev = NULL;
	list_for_each_entry(tmp, &mm->mmap, vm_list) {
		if (tmp->vm_end <= start)
			prev = tmp;
	}
	next = find_vma(mm, end);
	floor = prev ? prev->vm_end : 0;
	ceiling = next ? next->vm_start : TASK_SIZE;

	vms_clear_ptes(mm, &detached, start, end, floor, ceiling);
	list_for_each_entry_safe(vma, tmp, &detached, vm_list) {
		list_del_init(&vma->vm_list);
		remove_vma(vma);
	}
	return 0;
}
