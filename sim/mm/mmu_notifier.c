// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMU notifiers (mm/mmu_notifier.c, include/linux/mmu_notifier.h, v6.14).
 *
 * Full subscribers (struct mmu_notifier) see every range of the mm and the
 * young queries; interval subscribers (struct mmu_interval_notifier) see
 * only ranges overlapping their [start, last] and follow the sequence
 * protocol: while an invalidation that hit some interval is running,
 * subscriptions->invalidate_seq is odd; a driver records it in its notifier
 * with mmu_interval_set_seq(), and mmu_interval_read_retry() tells a reader
 * that started before to retry.
 *
 * mmsim simplifications, stated once here:
 * - ranges are always blockable (mmu_notifier_invalidate_range_start sets
 *   the flag as the kernel's wrapper does); the non-blocking variant and
 *   -EAGAIN unwinding are not modelled. A blockable callback that fails is
 *   the kernel's WARN and the invalidation goes on, as in the kernel;
 * - no SRCU, no concurrency: the interval tree is a list sorted by
 *   (start, id), and a wait for a running invalidation (read_begin or
 *   remove during an invalidation) cannot be slept through by a single
 *   task, so it is logged as "not modelled yet" instead;
 * - no mmgrab/mmdrop and no mmap_lock assertions around registration.
 */
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>

static const char *const mmu_notifier_event_names[MMU_NOTIFY_NR_EVENTS] = {
	[MMU_NOTIFY_UNMAP] = "UNMAP",
	[MMU_NOTIFY_CLEAR] = "CLEAR",
	[MMU_NOTIFY_PROTECTION_VMA] = "PROTECTION_VMA",
	[MMU_NOTIFY_PROTECTION_PAGE] = "PROTECTION_PAGE",
	[MMU_NOTIFY_SOFT_DIRTY] = "SOFT_DIRTY",
	[MMU_NOTIFY_RELEASE] = "RELEASE",
	[MMU_NOTIFY_MIGRATE] = "MIGRATE",
	[MMU_NOTIFY_EXCLUSIVE] = "EXCLUSIVE",
};

/* mmsim: the event's name for traces, views and scripts */
const char *mmu_notifier_event_name(enum mmu_notifier_event event)
{
	if ((unsigned int)event >= MMU_NOTIFY_NR_EVENTS)
		return "?";
	return mmu_notifier_event_names[event];
}

/*
 * mmu_notifier_range_init() (include/linux/mmu_notifier.h). mmsim: the
 * owner is cleared too; the kernel leaves whatever the caller's storage held,
 * which only matters to drivers comparing owners of events no caller of the
 * plain init sends.
 */
void mmu_notifier_range_init(struct mmu_notifier_range *range,
			     enum mmu_notifier_event event, unsigned int flags,
			     struct mm_struct *mm, unsigned long start, unsigned long end)
{
	range->event = event;
	range->mm = mm;
	range->start = start;
	range->end = end;
	range->flags = flags;
	range->owner = NULL;
}

/* mmu_notifier_range_init_owner(): a driver recognises its own events by owner */
void mmu_notifier_range_init_owner(struct mmu_notifier_range *range,
				   enum mmu_notifier_event event, unsigned int flags,
				   struct mm_struct *mm, unsigned long start,
				   unsigned long end, void *owner)
{
	mmu_notifier_range_init(range, event, flags, mm, start, end);
	range->owner = owner;
}

/* ---- subscriptions ---------------------------------------------------------- */
/*
 * __mmu_notifier_register(): the per-mm subscriptions are allocated on
 * first use; a NULL subscription only enables the interval tree, as
 * mmu_interval_notifier_insert() asks for.
 */
static int __mmu_notifier_register(struct mmu_notifier *subscription, struct mm_struct *mm)
{
	struct mmsim *w = mm->w;
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;

	BUG_ON(w, atomic_read(&mm->mm_users) <= 0);
	if (!subscriptions) {
		subscriptions = mmsim_obj_alloc(w, sizeof(*subscriptions));
		INIT_LIST_HEAD(&subscriptions->list);
		INIT_LIST_HEAD(&subscriptions->itree);
		INIT_LIST_HEAD(&subscriptions->deferred_list);
		/* even: no invalidation running; new intervals start at seq - 1 */
		subscriptions->invalidate_seq = 2;
		mm->notifier_subscriptions = subscriptions;
	}
	if (subscription) {
		subscription->mm = mm;
		/* hlist_add_head_rcu(): the newest subscriber is called first */
		list_add(&subscription->list, &subscriptions->list);
	} else {
		subscriptions->has_itree = true;
	}
	return 0;
}

int mmu_notifier_register(struct mmu_notifier *subscription, struct mm_struct *mm)
{
	trace_kfunc(mm->w, "mmu_notifier_register", "mm=%u", mm->id);
	return __mmu_notifier_register(subscription, mm);
}

/*
 * mmu_notifier_unregister(): a subscriber that exit has not released yet
 * gets its ->release here, so a driver always sees exactly one.
 */
void mmu_notifier_unregister(struct mmu_notifier *subscription, struct mm_struct *mm)
{
	trace_kfunc(mm->w, "mmu_notifier_unregister", "mm=%u", mm->id);
	/* list_empty() of the entry stands in for hlist_unhashed() */
	if (!list_empty(&subscription->list)) {
		if (subscription->ops->release)
			subscription->ops->release(subscription, mm);
		list_del_init(&subscription->list);
	}
}

/* mn_itree_is_invalidating() */
static bool mn_itree_is_invalidating(const struct mmu_notifier_subscriptions *subscriptions)
{
	return subscriptions->invalidate_seq & 1;
}

/* interval_tree_insert(): sorted by start, equal starts in insertion (id) order */
static void itree_insert(struct mmu_notifier_subscriptions *subscriptions,
			 struct mmu_interval_notifier *interval_sub)
{
	struct list_head *pos;

	list_for_each(pos, &subscriptions->itree) {
		struct mmu_interval_notifier *cur =
			list_entry(pos, struct mmu_interval_notifier, list);

		if (interval_sub->start < cur->start ||
		    (interval_sub->start == cur->start && interval_sub->id < cur->id))
			break;
	}
	list_add_tail(&interval_sub->list, pos);
	interval_sub->in_tree = true;
}

static void itree_remove(struct mmu_interval_notifier *interval_sub)
{
	list_del_init(&interval_sub->list);
	interval_sub->in_tree = false;
}

/* interval_tree_iter_first/next(): [start, last] meets [range->start, range->end) */
static bool itree_overlaps(const struct mmu_interval_notifier *interval_sub,
			   const struct mmu_notifier_range *range)
{
	return interval_sub->start <= range->end - 1 && interval_sub->last >= range->start;
}

static struct mmu_interval_notifier *
itree_next_from(struct mmu_notifier_subscriptions *subscriptions, struct list_head *pos,
		const struct mmu_notifier_range *range)
{
	for (; pos != &subscriptions->itree; pos = pos->next) {
		struct mmu_interval_notifier *cur =
			list_entry(pos, struct mmu_interval_notifier, list);

		/* sorted by start: nothing later can overlap */
		if (cur->start > range->end - 1)
			break;
		if (itree_overlaps(cur, range))
			return cur;
	}
	return NULL;
}

/*
 * mn_itree_inv_start_range(): count the running range and, if it hits an
 * interval, make the sequence odd; *seq is what callbacks receive.
 */
static struct mmu_interval_notifier *
mn_itree_inv_start_range(struct mmu_notifier_subscriptions *subscriptions,
			 const struct mmu_notifier_range *range, unsigned long *seq)
{
	struct mmu_interval_notifier *first = NULL;

	subscriptions->active_invalidate_ranges++;
	if (range->end > range->start)
		first = itree_next_from(subscriptions, subscriptions->itree.next, range);
	if (first)
		subscriptions->invalidate_seq |= 1;
	*seq = subscriptions->invalidate_seq;
	return first;
}

/* mn_itree_inv_next() */
static struct mmu_interval_notifier *
mn_itree_inv_next(struct mmu_notifier_subscriptions *subscriptions,
		  struct mmu_interval_notifier *interval_sub,
		  const struct mmu_notifier_range *range)
{
	return itree_next_from(subscriptions, interval_sub->list.next, range);
}

/*
 * mn_itree_inv_end(): the last running range makes the sequence even again
 * and applies the inserts and removes deferred meanwhile.
 */
static void mn_itree_inv_end(struct mmu_notifier_subscriptions *subscriptions)
{
	struct list_head *pos, *n;

	if (--subscriptions->active_invalidate_ranges ||
	    !mn_itree_is_invalidating(subscriptions))
		return;
	subscriptions->invalidate_seq++;
	list_for_each_safe(pos, n, &subscriptions->deferred_list) {
		struct mmu_interval_notifier *interval_sub =
			list_entry(pos, struct mmu_interval_notifier, deferred_item);

		if (!interval_sub->in_tree)
			itree_insert(subscriptions, interval_sub);
		else
			itree_remove(interval_sub);
		list_del_init(&interval_sub->deferred_item);
	}
}

/* ---- invalidation ------------------------------------------------------------ */
/* mn_itree_invalidate(): every overlapping interval, in (start, id) order */
static void mn_itree_invalidate(struct mmsim *w,
				struct mmu_notifier_subscriptions *subscriptions,
				const struct mmu_notifier_range *range)
{
	struct mmu_interval_notifier *interval_sub;
	unsigned long cur_seq;

	for (interval_sub = mn_itree_inv_start_range(subscriptions, range, &cur_seq);
	     interval_sub;
	     interval_sub = mn_itree_inv_next(subscriptions, interval_sub, range)) {
		bool ret = interval_sub->ops->invalidate(interval_sub, range, cur_seq);

		/* only a non-blocking range may fail; ours never are */
		if (!ret)
			WARN_ON(w, mmu_notifier_range_blockable(range));
	}
}

/* mn_hlist_invalidate_range_start() */
static void mn_hlist_invalidate_range_start(struct mmsim *w,
					    struct mmu_notifier_subscriptions *subscriptions,
					    const struct mmu_notifier_range *range)
{
	struct mmu_notifier *subscription;

	list_for_each_entry(subscription, &subscriptions->list, list) {
		const struct mmu_notifier_ops *ops = subscription->ops;
		int ret;

		if (!ops->invalidate_range_start)
			continue;
		ret = ops->invalidate_range_start(subscription, range);
		if (ret) {
			mmsim_log(w, "mmu notifier callback failed with %d in %sblockable context.",
				  ret, mmu_notifier_range_blockable(range) ? "" : "non-");
			WARN_ON(w, mmu_notifier_range_blockable(range) || ret != -EAGAIN);
			WARN_ON(w, ops->invalidate_range_end);
		}
	}
}

/*
 * mmu_notifier_invalidate_range_start(): interval subscribers first, then
 * full ones. mmsim: every call is counted per event in w->nr_mmu_notify[]
 * and traced, with or without subscribers, so scripts see which paths
 * notify.
 */
void mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range)
{
	struct mm_struct *mm = range->mm;
	struct mmsim *w = mm->w;
	struct mmu_notifier_subscriptions *subscriptions;

	trace_kfunc(w, "mmu_notifier_invalidate_range_start",
		    "mm=%u event=%s start=%#lx end=%#lx owner=%s", mm->id,
		    mmu_notifier_event_name(range->event), range->start, range->end,
		    range->owner ? "set" : "NULL");
	if ((unsigned int)range->event < MMU_NOTIFY_NR_EVENTS)
		w->nr_mmu_notify[range->event]++;
	if (!mm_has_notifiers(mm))
		return;
	range->flags |= MMU_NOTIFIER_RANGE_BLOCKABLE;
	subscriptions = mm->notifier_subscriptions;
	if (subscriptions->has_itree)
		mn_itree_invalidate(w, subscriptions, range);
	if (!list_empty(&subscriptions->list))
		mn_hlist_invalidate_range_start(w, subscriptions, range);
}

/* mmu_notifier_invalidate_range_end(): completes the interval sequence */
void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range)
{
	struct mm_struct *mm = range->mm;
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;
	struct mmu_notifier *subscription;

	trace_kfunc(mm->w, "mmu_notifier_invalidate_range_end",
		    "mm=%u event=%s start=%#lx end=%#lx", mm->id,
		    mmu_notifier_event_name(range->event), range->start, range->end);
	if (!subscriptions)
		return;
	if (subscriptions->has_itree)
		mn_itree_inv_end(subscriptions);
	list_for_each_entry(subscription, &subscriptions->list, list)
		if (subscription->ops->invalidate_range_end)
			subscription->ops->invalidate_range_end(subscription, range);
}

/* ---- young queries: full subscribers only -------------------------------------- */
/* mmu_notifier_clear_young(): young if any subscriber saw an access (and aged it) */
int mmu_notifier_clear_young(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct mmu_notifier *subscription;
	int young = 0;

	trace_kfunc(mm->w, "mmu_notifier_clear_young", "mm=%u start=%#lx end=%#lx",
		    mm->id, start, end);
	if (!mm_has_notifiers(mm))
		return 0;
	list_for_each_entry(subscription, &mm->notifier_subscriptions->list, list)
		if (subscription->ops->clear_young)
			young |= subscription->ops->clear_young(subscription, mm, start, end);
	return young;
}

/* mmu_notifier_test_young(): the first subscriber that saw an access answers */
int mmu_notifier_test_young(struct mm_struct *mm, unsigned long address)
{
	struct mmu_notifier *subscription;
	int young = 0;

	trace_kfunc(mm->w, "mmu_notifier_test_young", "mm=%u address=%#lx", mm->id, address);
	if (!mm_has_notifiers(mm))
		return 0;
	list_for_each_entry(subscription, &mm->notifier_subscriptions->list, list) {
		if (subscription->ops->test_young) {
			young = subscription->ops->test_young(subscription, mm, address);
			if (young)
				break;
		}
	}
	return young;
}

/* ---- exit ---------------------------------------------------------------------- */
/*
 * mn_itree_release(): interval subscribers learn of the exit through a
 * MMU_NOTIFY_RELEASE invalidation of the whole address space (not counted
 * in nr_mmu_notify: it does not go through invalidate_range_start).
 */
static void mn_itree_release(struct mm_struct *mm,
			     struct mmu_notifier_subscriptions *subscriptions)
{
	struct mmu_notifier_range range = {
		.mm = mm,
		.start = 0,
		.end = ~0UL,
		.flags = MMU_NOTIFIER_RANGE_BLOCKABLE,
		.event = MMU_NOTIFY_RELEASE,
		.owner = NULL,
	};
	struct mmu_interval_notifier *interval_sub;
	unsigned long cur_seq;

	for (interval_sub = mn_itree_inv_start_range(subscriptions, &range, &cur_seq);
	     interval_sub;
	     interval_sub = mn_itree_inv_next(subscriptions, interval_sub, &range)) {
		bool ret = interval_sub->ops->invalidate(interval_sub, &range, cur_seq);

		WARN_ON(mm->w, !ret);
	}
	mn_itree_inv_end(subscriptions);
}

/* mn_hlist_release(): every full subscriber's ->release, then unhash them all */
static void mn_hlist_release(struct mm_struct *mm,
			     struct mmu_notifier_subscriptions *subscriptions)
{
	struct mmu_notifier *subscription;

	list_for_each_entry(subscription, &subscriptions->list, list)
		if (subscription->ops->release)
			subscription->ops->release(subscription, mm);
	while (!list_empty(&subscriptions->list))
		list_del_init(subscriptions->list.next);
}

/* mmu_notifier_release(): exit_mmap() tells every secondary MMU to let go */
void mmu_notifier_release(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;

	trace_kfunc(mm->w, "mmu_notifier_release", "mm=%u", mm->id);
	if (!subscriptions)
		return;
	if (subscriptions->has_itree)
		mn_itree_release(mm, subscriptions);
	if (!list_empty(&subscriptions->list))
		mn_hlist_release(mm, subscriptions);
}

/* __mmu_notifier_subscriptions_destroy(): at __mmdrop, no full subscriber may remain */
void mmu_notifier_subscriptions_destroy(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;

	if (!subscriptions)
		return;
	BUG_ON(mm->w, !list_empty(&subscriptions->list));
	mmsim_obj_free(mm->w, subscriptions);
	mm->notifier_subscriptions = NULL;
}

/* ---- interval subscribers ------------------------------------------------------ */
/* __mmu_interval_notifier_insert() */
static int __mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub,
					  struct mm_struct *mm,
					  struct mmu_notifier_subscriptions *subscriptions,
					  unsigned long start, unsigned long length,
					  const struct mmu_interval_notifier_ops *ops)
{
	struct mmsim *w = mm->w;

	interval_sub->mm = mm;
	interval_sub->ops = ops;
	interval_sub->in_tree = false;
	INIT_LIST_HEAD(&interval_sub->list);
	INIT_LIST_HEAD(&interval_sub->deferred_item);
	interval_sub->start = start;
	/* the tree's intervals are closed: last is inclusive */
	if (length == 0 || start + (length - 1) < start)
		return -EOVERFLOW;
	interval_sub->last = start + (length - 1);
	if (WARN_ON(w, atomic_read(&mm->mm_users) <= 0))
		return -EINVAL;
	interval_sub->id = subscriptions->next_id++;

	if (subscriptions->active_invalidate_ranges) {
		/* a range is running: join it so readers wait for its end */
		if (mn_itree_is_invalidating(subscriptions)) {
			list_add(&interval_sub->deferred_item, &subscriptions->deferred_list);
		} else {
			subscriptions->invalidate_seq |= 1;
			itree_insert(subscriptions, interval_sub);
		}
		interval_sub->invalidate_seq = subscriptions->invalidate_seq;
	} else {
		WARN_ON(w, mn_itree_is_invalidating(subscriptions));
		/* odd and different from the current sequence: no retry yet */
		interval_sub->invalidate_seq = subscriptions->invalidate_seq - 1;
		itree_insert(subscriptions, interval_sub);
	}
	return 0;
}

int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub,
				 struct mm_struct *mm, unsigned long start,
				 unsigned long length,
				 const struct mmu_interval_notifier_ops *ops)
{
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;
	int ret;

	trace_kfunc(mm->w, "mmu_interval_notifier_insert", "mm=%u start=%#lx length=%#lx",
		    mm->id, start, length);
	if (!subscriptions || !subscriptions->has_itree) {
		ret = __mmu_notifier_register(NULL, mm);
		if (ret)
			return ret;
		subscriptions = mm->notifier_subscriptions;
	}
	return __mmu_interval_notifier_insert(interval_sub, mm, subscriptions, start,
					      length, ops);
}

/*
 * mmu_interval_notifier_remove(): during an invalidation the removal is
 * deferred to its end and the kernel's caller sleeps until then; a single
 * task cannot, so the model logs that and returns. The notifier must then
 * stay allocated until the invalidation ends.
 */
void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub)
{
	struct mm_struct *mm = interval_sub->mm;
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;

	trace_kfunc(mm->w, "mmu_interval_notifier_remove", "mm=%u start=%#lx last=%#lx",
		    mm->id, interval_sub->start, interval_sub->last);
	if (mn_itree_is_invalidating(subscriptions)) {
		if (!interval_sub->in_tree) {
			/* inserted during this invalidation, never linked: forget it */
			list_del_init(&interval_sub->deferred_item);
		} else {
			list_add(&interval_sub->deferred_item, &subscriptions->deferred_list);
			mmsim_log(mm->w, "not modelled yet: mmu_interval_notifier_remove() "
				  "waiting for a running invalidation");
		}
		return;
	}
	WARN_ON(mm->w, !interval_sub->in_tree);
	if (interval_sub->in_tree)
		itree_remove(interval_sub);
}

/*
 * mmu_interval_read_begin(): the sequence a reader starts from. If this
 * notifier's invalidation is running, the kernel sleeps until it ends and
 * then returns the same sequence; the model cannot sleep (one task), so it
 * logs that and returns at once.
 */
unsigned long mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub)
{
	struct mmu_notifier_subscriptions *subscriptions =
		interval_sub->mm->notifier_subscriptions;
	unsigned long seq = interval_sub->invalidate_seq;

	if (seq == subscriptions->invalidate_seq)
		mmsim_log(interval_sub->mm->w, "not modelled yet: mmu_interval_read_begin() "
			  "sleeping until a running invalidation ends");
	return seq;
}

/* mmu_interval_read_retry(): an invalidation hit this notifier since read_begin */
bool mmu_interval_read_retry(struct mmu_interval_notifier *interval_sub, unsigned long seq)
{
	return interval_sub->invalidate_seq != seq;
}
