/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmsim: the CPU and its MMU. A user access walks the page tables like the
 * hardware (setting the accessed and dirty bits of the leaf it uses) and on
 * a miss enters the x86 fault handler (arch/x86/mm/fault.c,
 * do_user_addr_fault(): VMA lookup, access_error(), handle_mm_fault(),
 * retry), then performs the access on the page's content value.
 */
#ifndef MMSIM_KERNEL_CPU_H
#define MMSIM_KERNEL_CPU_H

#include <mmsim/kernel/mm.h>

/*
 * Load (write false: *value receives the data) or store (*value is written)
 * at addr. Returns 0, MMSIM_SIGSEGV, MMSIM_SIGBUS, -ENOMEM (VM_FAULT_OOM),
 * -EINTR (a fatal signal ended a sleep on a folio lock another task never
 * releases: the kernel would kill the task) or -ENOSYS (a fault path the
 * model lacks).
 */
int mmsim_cpu_access(struct mm_struct *mm, unsigned long addr, bool write, u64 *value);

/* the data at addr without faulting or touching A/D bits; false if none is mapped */
bool mmsim_peek(struct mm_struct *mm, unsigned long addr, u64 *value);

#endif /* MMSIM_KERNEL_CPU_H */
