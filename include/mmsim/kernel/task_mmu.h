/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /proc/PID/clear_refs (fs/proc/task_mmu.c, v6.14). Writing 4 starts
 * soft-dirty tracking: VM_SOFTDIRTY is cleared on every VMA, present PTEs
 * and PMDs lose their write and soft-dirty bits, swap PTEs (device-exclusive
 * entries included) lose their swap soft-dirty bit, and MMU_NOTIFY_SOFT_DIRTY
 * covers the whole address space.
 */
#ifndef MMSIM_KERNEL_TASK_MMU_H
#define MMSIM_KERNEL_TASK_MMU_H

#include <mmsim/kernel/mm.h>

/* the values written to clear_refs (fs/proc/task_mmu.c) */
enum clear_refs_types {
	CLEAR_REFS_ALL = 1,
	CLEAR_REFS_ANON,
	CLEAR_REFS_MAPPED,
	CLEAR_REFS_SOFT_DIRTY,
	CLEAR_REFS_MM_HIWATER_RSS,
	CLEAR_REFS_LAST,
};

/*
 * clear_refs_write(): mmsim: the target mm and the type replace the proc
 * file and the text written to it. 0 on success (the kernel returns the
 * byte count); -EINVAL for a type out of range; -ESRCH once the process has
 * exited; -ENOSYS for the types not modelled yet (all, anon, mapped,
 * hiwater_rss). Takes the mmap_lock for writing.
 */
int clear_refs_write(struct mm_struct *mm, int type);

#endif /* MMSIM_KERNEL_TASK_MMU_H */
