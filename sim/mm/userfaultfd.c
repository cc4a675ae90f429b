// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection (mm/userfaultfd.c, fs/userfaultfd.c,
 * v6.14): registering VMAs for uffd-wp and UFFDIO_WRITEPROTECT, so that
 * uffd-wp bits on PTEs and swap PTEs (device-exclusive entries included)
 * can be set and cleared. mmsim: there is no userfaultfd context (the mm
 * stands for it), no mmap_changing, no minor/missing modes, no async wp.
 */
#include <mmsim/kernel/userfaultfd_k.h>

/* uffd_wp_range(): set or clear uffd-wp on [start, start + len) of dst_vma */
long uffd_wp_range(struct vm_area_struct *dst_vma, unsigned long start,
		   unsigned long len, bool enable_wp)
{
	struct mmsim *w = dst_vma->vm_mm->w;
	unsigned long mm_cp_flags;

	trace_kfunc(w, "uffd_wp_range", "vma=%u [%#lx-%#lx) wp=%d", dst_vma->id, start,
		    start + len, enable_wp);
	VM_WARN_ON_ONCE(w, start < dst_vma->vm_start || start + len > dst_vma->vm_end);
	mm_cp_flags = enable_wp ? MM_CP_UFFD_WP : MM_CP_UFFD_WP_RESOLVE;
	/* vm_page_prot already write-protects: upgrade PTEs that may be writable */
	if (!enable_wp && vma_wants_manual_pte_write_upgrade(dst_vma))
		mm_cp_flags |= MM_CP_TRY_CHANGE_WRITABLE;
	return change_protection(dst_vma, start, start + len, mm_cp_flags);
}

/* mwriteprotect_range(): UFFDIO_WRITEPROTECT over every VMA of the range */
int mwriteprotect_range(struct mm_struct *mm, unsigned long start, unsigned long len,
			bool enable_wp)
{
	struct mmsim *w = mm->w;
	unsigned long end = start + len;
	struct vm_area_struct *dst_vma;
	long err;

	trace_kfunc(w, "mwriteprotect_range", "mm=%u [%#lx-%#lx) wp=%d", mm->id, start, end,
		    enable_wp);
	VM_WARN_ON_ONCE(w, start & ~PAGE_MASK);
	VM_WARN_ON_ONCE(w, len & ~PAGE_MASK);
	VM_WARN_ON_ONCE(w, start + len <= start);

	mmap_read_lock(mm);
	err = -ENOENT;
	/* for_each_vma_range() */
	for (dst_vma = find_vma_intersection(mm, start, end);
	     dst_vma && dst_vma->vm_start < end;
	     dst_vma = find_vma(mm, dst_vma->vm_end)) {
		unsigned long _start, _end;

		if (!(dst_vma->vm_flags & VM_UFFD_WP)) {
			err = -ENOENT;
			break;
		}
		if (is_vm_hugetlb_page(dst_vma)) {
			err = -EINVAL;
			if ((start & (HPAGE_PMD_SIZE - 1)) || (len & (HPAGE_PMD_SIZE - 1)))
				break;
		}
		_start = max_t(unsigned long, dst_vma->vm_start, start);
		_end = min_t(unsigned long, dst_vma->vm_end, end);
		err = uffd_wp_range(dst_vma, _start, _end - _start, enable_wp);
		if (err < 0)
			break;
		err = 0;
	}
	mmap_read_unlock(mm);
	return (int)err;
}

/* vma_can_userfault() (include/linux/userfaultfd_k.h) for VM_UFFD_WP, PTE markers on */
static bool vma_can_userfault_wp(struct vm_area_struct *vma)
{
	return vma_is_anonymous(vma) || is_vm_hugetlb_page(vma) || vma_is_shmem(vma);
}

/*
 * userfaultfd_register() with UFFDIO_REGISTER_MODE_WP, and
 * userfaultfd_set_vm_flags(): shared mappings recompute vm_page_prot, as
 * uffd-wp wants write-notify there. Holes in the range are allowed, as in
 * the kernel; a range with no VMA at all is -EINVAL.
 */
int mmsim_uffd_register_wp(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct mmsim *w = mm->w;
	unsigned long end = start + len;
	struct vm_area_struct *vma, *next;
	int ret = -EINVAL;

	trace_kfunc(w, "userfaultfd_register", "mm=%u [%#lx-%#lx) mode=wp", mm->id, start, end);
	if ((start | len) & ~PAGE_MASK || !len || end <= start)
		return -EINVAL;
	mmap_write_lock(mm);
	/* first pass: every VMA must be acceptable before anything changes */
	for (vma = find_vma_intersection(mm, start, end); vma && vma->vm_start < end;
	     vma = find_vma(mm, vma->vm_end)) {
		ret = -EINVAL;
		if (!vma_can_userfault_wp(vma))
			goto out_unlock;
		ret = -EPERM;
		if (!(vma->vm_flags & VM_MAYWRITE))
			goto out_unlock;
		ret = -EINVAL;
		if (is_vm_hugetlb_page(vma) &&
		    ((start & (HPAGE_PMD_SIZE - 1)) || (end & (HPAGE_PMD_SIZE - 1))))
			goto out_unlock;
		ret = 0;
	}
	if (ret)
		goto out_unlock;
	for (vma = find_vma_intersection(mm, start, end); vma && vma->vm_start < end; vma = next) {
		unsigned long s = max_t(unsigned long, start, vma->vm_start);
		unsigned long e = min_t(unsigned long, end, vma->vm_end);
		vm_flags_t new_flags = vma->vm_flags | VM_UFFD_WP;
		bool changed = !(vma->vm_flags & VM_UFFD_WP);

		vma = vma_modify_flags(vma, s, e, new_flags);
		if (IS_ERR(vma)) {
			ret = (int)PTR_ERR(vma);
			break;
		}
		next = find_vma(mm, vma->vm_end);
		vma->vm_flags = new_flags;
		if ((vma->vm_flags & VM_SHARED) && changed)
			vma_set_page_prot(vma);
	}
out_unlock:
	mmap_write_unlock(mm);
	return ret;
}
