/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HMM (include/linux/hmm.h, mm/hmm.c, v6.14): hmm_range_fault() snapshots
 * or faults a range for a device mirror.
 */
#ifndef MMSIM_KERNEL_HMM_H
#define MMSIM_KERNEL_HMM_H

#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>

/* output flags of hmm_pfns[] */
#define HMM_PFN_VALID		(1UL << 63)
#define HMM_PFN_WRITE		(1UL << 62)
#define HMM_PFN_ERROR		(1UL << 61)
#define HMM_PFN_ORDER_SHIFT	56
/* input flags: what the caller needs */
#define HMM_PFN_REQ_FAULT	HMM_PFN_VALID
#define HMM_PFN_REQ_WRITE	HMM_PFN_WRITE
#define HMM_PFN_FLAGS		(HMM_PFN_VALID | HMM_PFN_WRITE | HMM_PFN_ERROR | \
				 (0x1fUL << HMM_PFN_ORDER_SHIFT))

struct hmm_range {
	struct mmu_interval_notifier *notifier;
	unsigned long notifier_seq;
	unsigned long start;
	unsigned long end;
	unsigned long *hmm_pfns;
	unsigned long default_flags;
	unsigned long pfn_flags_mask;
	void *dev_private_owner;
};

static inline unsigned long hmm_pfn_to_pfn(unsigned long hmm_pfn)
{
	return hmm_pfn & ~HMM_PFN_FLAGS;
}

/* 0, -EBUSY (retry: the notifier sequence moved), -EFAULT, -EPERM, -ENOMEM ... */
int hmm_range_fault(struct hmm_range *range);

#endif /* MMSIM_KERNEL_HMM_H */
