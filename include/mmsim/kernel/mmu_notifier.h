/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MMU notifiers (include/linux/mmu_notifier.h, mm/mmu_notifier.c, v6.14):
 * full subscribers (struct mmu_notifier) and interval subscribers (struct
 * mmu_interval_notifier), invalidation ranges with event and owner, the
 * interval sequence protocol, and the young callbacks.
 */
#ifndef MMSIM_KERNEL_MMU_NOTIFIER_H
#define MMSIM_KERNEL_MMU_NOTIFIER_H

#include <mmsim/kernel/mm_types.h>

enum mmu_notifier_event {
	MMU_NOTIFY_UNMAP = 0,
	MMU_NOTIFY_CLEAR,
	MMU_NOTIFY_PROTECTION_VMA,
	MMU_NOTIFY_PROTECTION_PAGE,
	MMU_NOTIFY_SOFT_DIRTY,
	MMU_NOTIFY_RELEASE,
	MMU_NOTIFY_MIGRATE,
	MMU_NOTIFY_EXCLUSIVE,
};

#define MMU_NOTIFIER_RANGE_BLOCKABLE (1 << 0)

struct mmu_notifier_range {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
	unsigned int flags;
	enum mmu_notifier_event event;
	void *owner;
};

struct mmu_notifier;
struct mmu_notifier_ops {
	void (*release)(struct mmu_notifier *sub, struct mm_struct *mm);
	int (*clear_young)(struct mmu_notifier *sub, struct mm_struct *mm,
			   unsigned long start, unsigned long end);
	int (*test_young)(struct mmu_notifier *sub, struct mm_struct *mm,
			  unsigned long address);
	int (*invalidate_range_start)(struct mmu_notifier *sub,
				      const struct mmu_notifier_range *range);
	void (*invalidate_range_end)(struct mmu_notifier *sub,
				     const struct mmu_notifier_range *range);
};

struct mmu_notifier {
	struct list_head list;
	const struct mmu_notifier_ops *ops;
	struct mm_struct *mm;
};

struct mmu_interval_notifier;
struct mmu_interval_notifier_ops {
	bool (*invalidate)(struct mmu_interval_notifier *sub,
			   const struct mmu_notifier_range *range,
			   unsigned long cur_seq);
};

struct mmu_interval_notifier {
	struct list_head list;		/* in subscriptions->itree, by (start, id) */
	unsigned long start;
	unsigned long last;		/* inclusive */
	const struct mmu_interval_notifier_ops *ops;
	struct mm_struct *mm;
	unsigned long invalidate_seq;
	unsigned int id;
	/* mmsim: the kernel's RB_EMPTY_NODE() test: linked into itree or not */
	bool in_tree;
	/* an insert or remove deferred until the running invalidation ends */
	struct list_head deferred_item;
};

struct mmu_notifier_subscriptions {
	/* full subscribers, newest first: the kernel registers with
	 * hlist_add_head_rcu(), so callbacks run in reverse registration order */
	struct list_head list;
	struct list_head itree;		/* interval subscribers */
	unsigned long invalidate_seq;	/* odd while an invalidation is running */
	int active_invalidate_ranges;
	unsigned int next_id;
	bool has_itree;			/* an interval subscriber was ever inserted */
	struct list_head deferred_list;	/* itree updates waiting for inv_end */
};

void mmu_notifier_range_init(struct mmu_notifier_range *range,
			     enum mmu_notifier_event event, unsigned int flags,
			     struct mm_struct *mm, unsigned long start, unsigned long end);
void mmu_notifier_range_init_owner(struct mmu_notifier_range *range,
				   enum mmu_notifier_event event, unsigned int flags,
				   struct mm_struct *mm, unsigned long start,
				   unsigned long end, void *owner);
void mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range);
void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range);
int mmu_notifier_clear_young(struct mm_struct *mm, unsigned long start, unsigned long end);
int mmu_notifier_test_young(struct mm_struct *mm, unsigned long address);
void mmu_notifier_release(struct mm_struct *mm);
int mmu_notifier_register(struct mmu_notifier *sub, struct mm_struct *mm);
void mmu_notifier_unregister(struct mmu_notifier *sub, struct mm_struct *mm);
int mmu_interval_notifier_insert(struct mmu_interval_notifier *sub, struct mm_struct *mm,
				 unsigned long start, unsigned long length,
				 const struct mmu_interval_notifier_ops *ops);
void mmu_interval_notifier_remove(struct mmu_interval_notifier *sub);
unsigned long mmu_interval_read_begin(struct mmu_interval_notifier *sub);
bool mmu_interval_read_retry(struct mmu_interval_notifier *sub, unsigned long seq);
/* mmu_interval_check_retry(): the lockless early test, same answer here */
static inline bool mmu_interval_check_retry(struct mmu_interval_notifier *sub,
					    unsigned long seq)
{
	return sub->invalidate_seq != seq;
}
static inline void mmu_interval_set_seq(struct mmu_interval_notifier *sub, unsigned long cur_seq)
{
	sub->invalidate_seq = cur_seq;
}
void mmu_notifier_subscriptions_destroy(struct mm_struct *mm);
const char *mmu_notifier_event_name(enum mmu_notifier_event event);
static inline bool mm_has_notifiers(const struct mm_struct *mm)
{
	return mm->notifier_subscriptions != NULL;
}
static inline bool mmu_notifier_range_blockable(const struct mmu_notifier_range *range)
{
	return range->flags & MMU_NOTIFIER_RANGE_BLOCKABLE;
}
#define MMU_NOTIFY_NR_EVENTS (MMU_NOTIFY_EXCLUSIVE + 1)

#endif /* MMSIM_KERNEL_MMU_NOTIFIER_H */
