/* SPDX-License-Identifier: GPL-2.0-only */
/* hugetlb (include/linux/hugetlb.h, mm/hugetlb.c, v6.14): private 2 MiB mappings. */
#ifndef MMSIM_KERNEL_HUGETLB_H
#define MMSIM_KERNEL_HUGETLB_H

#include <mmsim/kernel/mm.h>

vm_fault_t hugetlb_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			 unsigned long address, unsigned int flags);
int copy_hugetlb_page_range(struct mm_struct *dst, struct mm_struct *src,
			    struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
int __unmap_hugepage_range(struct vm_area_struct *vma, unsigned long start,
			   unsigned long end);

#endif /* MMSIM_KERNEL_HUGETLB_H */
