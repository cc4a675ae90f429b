/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * userfaultfd write-protection (include/linux/userfaultfd_k.h,
 * fs/userfaultfd.c, mm/userfaultfd.c, v6.14), enough to set and clear the
 * uffd-wp bits on PTEs and swap PTEs from C tests. mmsim: there is no
 * userfaultfd context and no fault delivery; a fault that would be handed
 * to the handler fails with -ENOSYS (sim/mm/memory.c).
 */
#ifndef MMSIM_KERNEL_USERFAULTFD_K_H
#define MMSIM_KERNEL_USERFAULTFD_K_H

#include <mmsim/kernel/mm.h>

/* userfaultfd_wp(): the VMA is registered for uffd write-protection */
static inline bool userfaultfd_wp(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_UFFD_WP;
}

/* userfaultfd_pte_wp(): a uffd-wp VMA's PTE that carries the uffd-wp bit */
static inline bool userfaultfd_pte_wp(const struct vm_area_struct *vma, pte_t pte)
{
	return userfaultfd_wp(vma) && pte_uffd_wp(pte);
}

/*
 * uffd_wp_range() (mm/userfaultfd.c): change_protection() of [start,
 * start + len) inside dst_vma with MM_CP_UFFD_WP (enable_wp) or
 * MM_CP_UFFD_WP_RESOLVE. Returns the pages changed or a negative errno.
 */
long uffd_wp_range(struct vm_area_struct *dst_vma, unsigned long start,
		   unsigned long len, bool enable_wp);

/*
 * mwriteprotect_range() (mm/userfaultfd.c, UFFDIO_WRITEPROTECT): every VMA
 * of [start, start + len) must be registered for uffd-wp (-ENOENT
 * otherwise). mmsim: the mm replaces the userfaultfd context. 0 or errno.
 */
int mwriteprotect_range(struct mm_struct *mm, unsigned long start, unsigned long len,
			bool enable_wp);

/*
 * mmsim_uffd_register_wp(): UFFDIO_REGISTER with UFFDIO_REGISTER_MODE_WP
 * (fs/userfaultfd.c userfaultfd_register()): VMAs are split at start and
 * end and gain VM_UFFD_WP. The range must be fully mapped (-ENOMEM), by
 * VMAs that may become writable (-EPERM) and that userfaultfd supports:
 * anon, shmem or hugetlb (-EINVAL).
 */
int mmsim_uffd_register_wp(struct mm_struct *mm, unsigned long start, unsigned long len);

#endif /* MMSIM_KERNEL_USERFAULTFD_K_H */
