/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dmirror device (lib/test_hmm.c, lib/test_hmm_uapi.h, v6.14 and the
 * v2 series' patch 3): a simulated HMM mirror bound to one mm, with its own
 * device page table, an interval notifier over the whole user address
 * space, and the ioctls the selftests use (READ, WRITE, SNAPSHOT,
 * EXCLUSIVE, CHECK_EXCLUSIVE). Any number of devices per world hang off
 * w->devices, by creation.
 *
 * The device page table holds no page references (it relies on the
 * notifier to erase stale entries). mmsim keeps it as a plain array sorted
 * by virtual pfn, so the independent checker can read it without calling
 * the model (DESIGN.md section 7, "every device ATOMIC entry ...").
 */
#ifndef MMSIM_KERNEL_TEST_HMM_H
#define MMSIM_KERNEL_TEST_HMM_H

#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>

/* the xarray tags of lib/test_hmm.c: untagged (0) is a read-only mapping */
#define DPT_XA_TAG_ATOMIC 1UL
#define DPT_XA_TAG_WRITE 3UL

/* ioctl commands: the _IOC_NR of lib/test_hmm_uapi.h's HMM_DMIRROR_* */
enum {
	HMM_DMIRROR_READ = 0x00,
	HMM_DMIRROR_WRITE = 0x01,
	HMM_DMIRROR_MIGRATE_TO_DEV = 0x02,
	HMM_DMIRROR_MIGRATE_TO_SYS = 0x03,
	HMM_DMIRROR_SNAPSHOT = 0x04,
	HMM_DMIRROR_EXCLUSIVE = 0x05,
	HMM_DMIRROR_CHECK_EXCLUSIVE = 0x06,
	HMM_DMIRROR_RELEASE = 0x07,
};

/* HMM_DMIRROR_SNAPSHOT's per-page answers (lib/test_hmm_uapi.h) */
enum {
	HMM_DMIRROR_PROT_ERROR = 0xFF,
	HMM_DMIRROR_PROT_NONE = 0x00,
	HMM_DMIRROR_PROT_READ = 0x01,
	HMM_DMIRROR_PROT_WRITE = 0x02,
	HMM_DMIRROR_PROT_PMD = 0x04,
	HMM_DMIRROR_PROT_PUD = 0x08,
	HMM_DMIRROR_PROT_ZERO = 0x10,
	HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL = 0x20,
	HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE = 0x30,
	HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL = 0x40,
	HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE = 0x50,
};

/*
 * struct hmm_dmirror_cmd (lib/test_hmm_uapi.h). mmsim: ptr is a host
 * buffer of one u64 per page (the page's content value) for READ, WRITE
 * and EXCLUSIVE, or one unsigned char per page for SNAPSHOT; NULL skips
 * the copy.
 */
struct hmm_dmirror_cmd {
	u64 addr;
	void *ptr;
	u64 npages;
	u64 cpages;
	u64 faults;
	u64 done;	/* mmsim: EXCLUSIVE: pages converted and mapped ATOMIC, also on failure */
};

/* one device page-table entry: the xarray's (index, tagged page pointer) */
struct dmirror_pte {
	unsigned long vpfn;		/* virtual address >> PAGE_SHIFT */
	unsigned long pfn;		/* the page mapped (a pfn stands in for the pointer) */
	unsigned long tag;		/* 0, DPT_XA_TAG_WRITE or DPT_XA_TAG_ATOMIC */
};

struct dmirror {
	struct mmsim *w;
	struct list_head list;		/* in w->devices, by creation */
	unsigned int id;		/* from w->next_dev_id */
	/*
	 * The mirrored mm. The kernel's interval notifier holds an mmgrab()
	 * so the mm_struct outlives exit; the model frees it at the last
	 * mmput(), so the device remembers the id and finds the mm by id
	 * (mmsim_dmirror_mm()) instead of trusting the pointer after exit.
	 */
	unsigned int mm_id;
	struct mmu_interval_notifier notifier;
	bool closed;			/* dmirror_fops_release() ran */
	/* the device page table (struct xarray pt), sorted by vpfn */
	struct dmirror_pte *pt;
	size_t nr_pt, cap_pt;
	/* mmsim: what the device did, for views and tests */
	unsigned long nr_invalidate;	/* notifier callbacks that erased */
	unsigned long nr_faults;	/* dmirror_fault() calls that succeeded */
};

/*
 * dmirror_fops_open(): a new device bound to mm (an open of /dev/hmm_dmirrorN
 * by the process owning mm). Returns the device or an ERR_PTR.
 */
struct dmirror *dmirror_fops_open(struct mm_struct *mm);
/* dmirror_fops_release(): remove the notifier, drop the table; the struct stays */
void dmirror_fops_release(struct dmirror *dmirror);
/*
 * dmirror_fops_unlocked_ioctl(): one HMM_DMIRROR_* command. 0 or a negative
 * errno; cmd->cpages and cmd->faults as the kernel reports them. A closed
 * device answers -ENODEV (mmsim: the kernel's fd would be gone).
 */
long dmirror_fops_unlocked_ioctl(struct dmirror *dmirror, unsigned int command,
				 struct hmm_dmirror_cmd *cmd);

/* mmsim: the live mm the device mirrors, or NULL once it exited */
struct mm_struct *mmsim_dmirror_mm(const struct dmirror *dmirror);
/* mmsim: the entry at virtual address addr, or NULL */
const struct dmirror_pte *mmsim_dmirror_lookup(const struct dmirror *dmirror, unsigned long addr);
/* mmsim: the device with this id, or NULL */
struct dmirror *mmsim_dmirror_by_id(struct mmsim *w, unsigned int id);

#endif /* MMSIM_KERNEL_TEST_HMM_H */
