// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/mmu_notifier.c: subscriber order, interval overlap rules, the
 * sequence protocol, owners, per-event counters, young queries, release.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <stdio.h>
#include <string.h>

/* ---- observable test doubles -------------------------------------------- */
#define MAX_CALLS 16

struct call_log {
	char who[MAX_CALLS];		/* subscriber letters, in call order */
	unsigned int n;
};

struct tsub {				/* an interval subscriber */
	struct mmu_interval_notifier mni;
	char name;
	bool set_seq;			/* behave like a driver: record cur_seq */
	struct call_log *log;
	unsigned int calls;
	unsigned long last_cur_seq;
	unsigned long global_seq_seen;	/* subscriptions->invalidate_seq in the callback */
	enum mmu_notifier_event last_event;
	void *last_owner;
	unsigned long last_start, last_end;
	struct tsub *insert_on_call;	/* insert this one from the callback */
};

struct fsub {				/* a full subscriber */
	struct mmu_notifier mn;
	char name;
	struct call_log *log;
	unsigned int starts, ends, releases, clear_young_calls, test_young_calls;
	int young;			/* what the young callbacks answer */
	void *last_owner;
};

static void log_call(struct call_log *log, char who)
{
	if (log && log->n < MAX_CALLS)
		log->who[log->n++] = who;
}

static bool tsub_invalidate(struct mmu_interval_notifier *mni,
			    const struct mmu_notifier_range *range, unsigned long cur_seq)
{
	struct tsub *t = container_of(mni, struct tsub, mni);

	t->calls++;
	t->last_cur_seq = cur_seq;
	t->global_seq_seen = mni->mm->notifier_subscriptions->invalidate_seq;
	t->last_event = range->event;
	t->last_owner = range->owner;
	t->last_start = range->start;
	t->last_end = range->end;
	log_call(t->log, t->name);
	if (t->set_seq)
		mmu_interval_set_seq(mni, cur_seq);
	if (t->insert_on_call) {
		struct tsub *n = t->insert_on_call;

		t->insert_on_call = NULL;
		assert_int_equal(mmu_interval_notifier_insert(&n->mni, mni->mm, 0, 1UL << 40,
							      n->mni.ops), 0);
	}
	return true;
}

static const struct mmu_interval_notifier_ops tsub_ops = {
	.invalidate = tsub_invalidate,
};

static int fsub_start(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct fsub *f = container_of(mn, struct fsub, mn);

	f->starts++;
	f->last_owner = range->owner;
	log_call(f->log, f->name);
	return 0;
}

static void fsub_end(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct fsub *f = container_of(mn, struct fsub, mn);

	(void)range;
	f->ends++;
}

static void fsub_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct fsub *f = container_of(mn, struct fsub, mn);

	(void)mm;
	f->releases++;
	log_call(f->log, f->name);
}

static int fsub_clear_young(struct mmu_notifier *mn, struct mm_struct *mm,
			    unsigned long start, unsigned long end)
{
	struct fsub *f = container_of(mn, struct fsub, mn);

	(void)mm;
	(void)start;
	(void)end;
	f->clear_young_calls++;
	log_call(f->log, f->name);
	return f->young;
}

static int fsub_test_young(struct mmu_notifier *mn, struct mm_struct *mm, unsigned long addr)
{
	struct fsub *f = container_of(mn, struct fsub, mn);

	(void)mm;
	(void)addr;
	f->test_young_calls++;
	log_call(f->log, f->name);
	return f->young;
}

static const struct mmu_notifier_ops fsub_ops = {
	.release = fsub_release,
	.clear_young = fsub_clear_young,
	.test_young = fsub_test_young,
	.invalidate_range_start = fsub_start,
	.invalidate_range_end = fsub_end,
};

static void tsub_add(struct mm_struct *mm, struct tsub *t, char name, unsigned long start,
		     unsigned long length, struct call_log *log)
{
	t->name = name;
	t->log = log;
	t->set_seq = true;
	assert_int_equal(mmu_interval_notifier_insert(&t->mni, mm, start, length, &tsub_ops), 0);
}

static void fsub_add(struct mm_struct *mm, struct fsub *f, char name, struct call_log *log)
{
	f->name = name;
	f->log = log;
	f->mn.ops = &fsub_ops;
	assert_int_equal(mmu_notifier_register(&f->mn, mm), 0);
}

static void invalidate(struct mm_struct *mm, enum mmu_notifier_event event,
		       unsigned long start, unsigned long end, void *owner)
{
	struct mmu_notifier_range range;

	mmu_notifier_range_init_owner(&range, event, 0, mm, start, end, owner);
	mmu_notifier_invalidate_range_start(&range);
	mmu_notifier_invalidate_range_end(&range);
}

static void log_expect(const struct call_log *log, const char *expect)
{
	char got[MAX_CALLS + 1];

	memcpy(got, log->who, log->n);
	got[log->n] = '\0';
	assert_string_equal(got, expect);
}

/* ---- tests ------------------------------------------------------------------ */
static void test_range_init(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct mmu_notifier_range range;
	int cookie;

	(void)state;
	memset(&range, 0xa5, sizeof(range));
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, 0x1000, 0x3000);
	assert_ptr_equal(range.mm, mm);
	assert_int_equal(range.event, MMU_NOTIFY_CLEAR);
	assert_int_equal(range.start, 0x1000);
	assert_int_equal(range.end, 0x3000);
	assert_int_equal(range.flags, 0);
	assert_null(range.owner);
	mmu_notifier_range_init_owner(&range, MMU_NOTIFY_EXCLUSIVE, 0, mm, 0x4000, 0x5000,
				      &cookie);
	assert_ptr_equal(range.owner, &cookie);
	assert_int_equal(range.event, MMU_NOTIFY_EXCLUSIVE);
	mmsim_destroy(w);
}

static void test_no_subscribers_counted_not_allocated(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct mmu_notifier_range range;

	(void)state;
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, 0x1000, 0x2000);
	mmu_notifier_invalidate_range_start(&range);
	mmu_notifier_invalidate_range_end(&range);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_UNMAP], 1);
	assert_null(mm->notifier_subscriptions);
	/* the kernel's wrapper only marks the range blockable with subscribers */
	assert_int_equal(range.flags, 0);
	assert_int_equal(mmu_notifier_clear_young(mm, 0, 0x1000), 0);
	assert_int_equal(mmu_notifier_test_young(mm, 0), 0);
	mmu_notifier_release(mm);
	mmu_notifier_subscriptions_destroy(mm);
	mmsim_destroy(w);
}

static void test_interval_overlap_rules(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };

	(void)state;
	/* [0x10000, 0x11fff]: last is inclusive */
	tsub_add(mm, &t, 'a', 0x10000, 0x2000, NULL);
	assert_int_equal(t.mni.start, 0x10000);
	assert_int_equal(t.mni.last, 0x11fff);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0xf000, 0x10000, NULL);	/* end exclusive */
	assert_int_equal(t.calls, 0);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0x12000, 0x13000, NULL);	/* just past last */
	assert_int_equal(t.calls, 0);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0xf000, 0x10001, NULL);	/* first byte */
	assert_int_equal(t.calls, 1);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0x11fff, 0x12000, NULL);	/* last byte */
	assert_int_equal(t.calls, 2);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0, 0x100000, NULL);		/* covering */
	assert_int_equal(t.calls, 3);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0x10800, 0x10900, NULL);	/* inside */
	assert_int_equal(t.calls, 4);
	assert_int_equal(t.last_start, 0x10800);
	assert_int_equal(t.last_end, 0x10900);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], 6);
	mmu_interval_notifier_remove(&t.mni);
	mmsim_destroy(w);
}

static void test_insert_length_checks(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };

	(void)state;
	assert_int_equal(mmu_interval_notifier_insert(&t.mni, mm, 0x1000, 0, &tsub_ops),
			 -EOVERFLOW);
	assert_int_equal(mmu_interval_notifier_insert(&t.mni, mm, ~0UL - 0xfff, 0x2000,
						      &tsub_ops), -EOVERFLOW);
	/* the whole top page is fine: last = ULONG_MAX */
	assert_int_equal(mmu_interval_notifier_insert(&t.mni, mm, ~0UL - 0xfff, 0x1000,
						      &tsub_ops), 0);
	assert_int_equal(t.mni.last, ~0UL);
	assert_true(mm->notifier_subscriptions->has_itree);
	mmu_interval_notifier_remove(&t.mni);
	mmsim_destroy(w);
}

static void test_interval_order_by_start_then_id(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct call_log log = { 0 };
	struct tsub a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

	(void)state;
	tsub_add(mm, &b, 'b', 0x50000, 0x1000, &log);
	tsub_add(mm, &a, 'a', 0x10000, 0x1000, &log);
	tsub_add(mm, &c, 'c', 0x10000, 0x8000, &log);	/* same start, later id */
	tsub_add(mm, &d, 'd', 0x90000, 0x1000, &log);	/* outside the range */
	assert_int_equal(a.mni.id, b.mni.id + 1);
	invalidate(mm, MMU_NOTIFY_MIGRATE, 0, 0x60000, NULL);
	log_expect(&log, "acb");
	assert_int_equal(d.calls, 0);
	mmsim_destroy(w);
}

static void test_full_subscribers_newest_first_after_intervals(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct call_log log = { 0 };
	struct fsub f1 = { 0 }, f2 = { 0 };
	struct tsub t = { 0 };

	(void)state;
	fsub_add(mm, &f1, '1', &log);
	fsub_add(mm, &f2, '2', &log);
	tsub_add(mm, &t, 't', 0, 0x1000, &log);
	invalidate(mm, MMU_NOTIFY_PROTECTION_VMA, 0, 0x1000, NULL);
	/* interval subscribers first, then full ones: hlist_add_head order */
	log_expect(&log, "t21");
	assert_int_equal(f1.starts, 1);
	assert_int_equal(f1.ends, 1);
	assert_int_equal(f2.ends, 1);
	/* full subscribers see every range, overlapping or not */
	invalidate(mm, MMU_NOTIFY_PROTECTION_VMA, 0x100000, 0x200000, NULL);
	assert_int_equal(f1.starts, 2);
	assert_int_equal(t.calls, 1);
	mmu_notifier_unregister(&f1.mn, mm);
	mmu_notifier_unregister(&f2.mn, mm);
	mmsim_destroy(w);
}

static void test_sequence_odd_while_invalidating(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };
	struct mmu_notifier_subscriptions *subs;
	struct mmu_notifier_range range;

	(void)state;
	tsub_add(mm, &t, 't', 0x1000, 0x1000, NULL);
	subs = mm->notifier_subscriptions;
	assert_int_equal(subs->invalidate_seq, 2);
	/* a new interval starts odd and different from the current sequence */
	assert_int_equal(t.mni.invalidate_seq, 1);

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, 0x1000, 0x2000);
	mmu_notifier_invalidate_range_start(&range);
	assert_int_equal(subs->invalidate_seq, 3);
	assert_int_equal(subs->active_invalidate_ranges, 1);
	assert_int_equal(t.last_cur_seq, 3);
	assert_int_equal(t.global_seq_seen, 3);
	assert_int_equal(range.flags & MMU_NOTIFIER_RANGE_BLOCKABLE, MMU_NOTIFIER_RANGE_BLOCKABLE);
	mmu_notifier_invalidate_range_end(&range);
	assert_int_equal(subs->invalidate_seq, 4);
	assert_int_equal(subs->active_invalidate_ranges, 0);

	/* a range that hits no interval leaves the sequence even */
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, 0x3000, 0x4000);
	mmu_notifier_invalidate_range_start(&range);
	assert_int_equal(subs->invalidate_seq, 4);
	assert_int_equal(subs->active_invalidate_ranges, 1);
	mmu_notifier_invalidate_range_end(&range);
	assert_int_equal(subs->invalidate_seq, 4);

	/* nested ranges: even again only when the last one ends */
	{
		struct mmu_notifier_range r2;

		mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, 0x1000, 0x2000);
		mmu_notifier_range_init(&r2, MMU_NOTIFY_UNMAP, 0, mm, 0x1000, 0x2000);
		mmu_notifier_invalidate_range_start(&range);
		mmu_notifier_invalidate_range_start(&r2);
		assert_int_equal(t.last_cur_seq, 5);
		mmu_notifier_invalidate_range_end(&r2);
		assert_int_equal(subs->invalidate_seq, 5);
		mmu_notifier_invalidate_range_end(&range);
		assert_int_equal(subs->invalidate_seq, 6);
	}
	mmsim_destroy(w);
}

static void test_read_retry_after_overlapping_invalidation(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };
	unsigned long seq;

	(void)state;
	tsub_add(mm, &t, 't', 0x200000, 0x200000, NULL);
	seq = mmu_interval_read_begin(&t.mni);
	assert_false(mmu_interval_read_retry(&t.mni, seq));
	/* not overlapping: no retry */
	invalidate(mm, MMU_NOTIFY_UNMAP, 0x100000, 0x200000, NULL);
	assert_false(mmu_interval_read_retry(&t.mni, seq));
	assert_false(mmu_interval_check_retry(&t.mni, seq));
	/* overlapping: the driver recorded cur_seq, the reader must retry */
	invalidate(mm, MMU_NOTIFY_UNMAP, 0x3ff000, 0x400000, NULL);
	assert_true(mmu_interval_read_retry(&t.mni, seq));
	assert_true(mmu_interval_check_retry(&t.mni, seq));
	/* a fresh read section after the end is stable */
	seq = mmu_interval_read_begin(&t.mni);
	assert_int_equal(seq, 3);
	assert_false(mmu_interval_read_retry(&t.mni, seq));
	assert_int_equal(mmsim_log_count(w), 0);
	mmsim_destroy(w);
}

static void test_read_retry_false_when_driver_ignores_event(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };
	unsigned long seq;

	(void)state;
	tsub_add(mm, &t, 't', 0, 0x1000, NULL);
	t.set_seq = false;	/* e.g. dmirror ignoring its own owner's event */
	seq = mmu_interval_read_begin(&t.mni);
	invalidate(mm, MMU_NOTIFY_MIGRATE, 0, 0x1000, NULL);
	assert_int_equal(t.calls, 1);
	assert_false(mmu_interval_read_retry(&t.mni, seq));
	mmsim_destroy(w);
}

static void test_owner_passed_through(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };
	struct fsub f = { 0 };
	int cookie;

	(void)state;
	tsub_add(mm, &t, 't', 0, 0x10000, NULL);
	fsub_add(mm, &f, 'f', NULL);
	invalidate(mm, MMU_NOTIFY_EXCLUSIVE, 0x1000, 0x2000, &cookie);
	assert_ptr_equal(t.last_owner, &cookie);
	assert_ptr_equal(f.last_owner, &cookie);
	assert_int_equal(t.last_event, MMU_NOTIFY_EXCLUSIVE);
	invalidate(mm, MMU_NOTIFY_EXCLUSIVE, 0x1000, 0x2000, NULL);
	assert_null(t.last_owner);
	assert_null(f.last_owner);
	mmu_notifier_unregister(&f.mn, mm);
	mmsim_destroy(w);
}

static void test_events_counted(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 };

	(void)state;
	tsub_add(mm, &t, 't', 0, 0x1000, NULL);
	for (int i = 0; i < 3; i++)
		invalidate(mm, MMU_NOTIFY_EXCLUSIVE, 0x5000, 0x6000, NULL);
	invalidate(mm, MMU_NOTIFY_PROTECTION_PAGE, 0, 0x1000, NULL);
	invalidate(mm, MMU_NOTIFY_SOFT_DIRTY, 0, 0x1000, NULL);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 3);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_PROTECTION_PAGE], 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_SOFT_DIRTY], 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_UNMAP], 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], 0);
	/* release goes through mn_itree_release, not invalidate_range_start */
	mmu_notifier_release(mm);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_RELEASE], 0);
	assert_int_equal(t.last_event, MMU_NOTIFY_RELEASE);
	mmsim_destroy(w);
}

struct trace_cap {
	char lines[8][256];
	unsigned int n;
};

static void trace_capture(void *arg, const char *line)
{
	struct trace_cap *cap = arg;

	if (cap->n < 8)
		snprintf(cap->lines[cap->n++], sizeof(cap->lines[0]), "%s", line);
}

static void test_trace_names_event_range_owner(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct trace_cap cap = { 0 };
	int cookie;

	(void)state;
	mmsim_set_trace(w, trace_capture, &cap);
	invalidate(mm, MMU_NOTIFY_EXCLUSIVE, 0x7f0000001000UL, 0x7f0000002000UL, &cookie);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0x1000, 0x3000, NULL);
	mmsim_set_trace(w, NULL, NULL);
	assert_int_equal(cap.n, 4);
	assert_string_equal(cap.lines[0],
			    "mmu_notifier_invalidate_range_start(mm=1 event=EXCLUSIVE "
			    "start=0x7f0000001000 end=0x7f0000002000 owner=set)");
	assert_string_equal(cap.lines[2],
			    "mmu_notifier_invalidate_range_start(mm=1 event=CLEAR "
			    "start=0x1000 end=0x3000 owner=NULL)");
	assert_non_null(strstr(cap.lines[3], "mmu_notifier_invalidate_range_end("));
	mmsim_destroy(w);
}

static void test_young_only_full_subscribers(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct call_log log = { 0 };
	struct fsub f1 = { 0 }, f2 = { 0 };
	struct tsub t = { 0 };

	(void)state;
	tsub_add(mm, &t, 't', 0, 0x100000, &log);
	fsub_add(mm, &f1, '1', &log);
	fsub_add(mm, &f2, '2', &log);
	f1.young = 1;
	/* clear_young asks everyone and ORs the answers */
	assert_int_equal(mmu_notifier_clear_young(mm, 0x1000, 0x2000), 1);
	log_expect(&log, "21");
	assert_int_equal(t.calls, 0);
	/* test_young stops at the first young answer, newest subscriber first */
	log.n = 0;
	f2.young = 1;
	assert_int_equal(mmu_notifier_test_young(mm, 0x1000), 1);
	log_expect(&log, "2");
	assert_int_equal(f1.test_young_calls, 0);
	f1.young = f2.young = 0;
	log.n = 0;
	assert_int_equal(mmu_notifier_test_young(mm, 0x1000), 0);
	log_expect(&log, "21");
	assert_int_equal(t.calls, 0);
	/* young queries are not invalidations */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], 0);
	mmu_notifier_unregister(&f1.mn, mm);
	mmu_notifier_unregister(&f2.mn, mm);
	mmsim_destroy(w);
}

static void test_release_at_exit(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct call_log log = { 0 };
	struct fsub f1 = { 0 }, f2 = { 0 };
	struct tsub t = { 0 };

	(void)state;
	fsub_add(mm, &f1, '1', &log);
	fsub_add(mm, &f2, '2', &log);
	tsub_add(mm, &t, 't', 0x7f0000000000UL, 0x1000, &log);
	mmu_notifier_release(mm);
	/* interval subscribers get a RELEASE invalidation of everything */
	log_expect(&log, "t21");
	assert_int_equal(t.last_event, MMU_NOTIFY_RELEASE);
	assert_int_equal(t.last_start, 0);
	assert_int_equal(t.last_end, ~0UL);
	assert_int_equal(f1.releases, 1);
	assert_int_equal(f2.releases, 1);
	/* released subscribers are unhashed: no further callbacks ... */
	invalidate(mm, MMU_NOTIFY_UNMAP, 0, 0x1000, NULL);
	assert_int_equal(f1.starts, 0);
	/* ... and unregister does not release twice */
	mmu_notifier_unregister(&f1.mn, mm);
	assert_int_equal(f1.releases, 1);
	mmu_interval_notifier_remove(&t.mni);
	mmu_notifier_subscriptions_destroy(mm);
	assert_null(mm->notifier_subscriptions);
	mmsim_destroy(w);
}

static void test_unregister_calls_release(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct fsub f = { 0 };

	(void)state;
	fsub_add(mm, &f, 'f', NULL);
	mmu_notifier_unregister(&f.mn, mm);
	assert_int_equal(f.releases, 1);
	invalidate(mm, MMU_NOTIFY_UNMAP, 0, 0x1000, NULL);
	assert_int_equal(f.starts, 0);
	mmu_notifier_release(mm);
	assert_int_equal(f.releases, 1);
	mmsim_destroy(w);
}

static int destroy_with_subscriber(struct mmsim *w, void *arg)
{
	(void)w;
	mmu_notifier_subscriptions_destroy(arg);
	return 0;
}

static void test_destroy_with_full_subscriber_bugs(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct fsub f = { 0 };

	(void)state;
	fsub_add(mm, &f, 'f', NULL);
	assert_int_equal(mmsim_run_command(w, destroy_with_subscriber, mm), MMSIM_DIED);
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mmsim_is_dead(w));
	mmsim_destroy(w);
}

static void test_insert_during_invalidation_deferred(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct tsub t = { 0 }, late = { 0 };
	unsigned long seq;

	(void)state;
	tsub_add(mm, &t, 't', 0, 0x1000, NULL);
	late.name = 'l';
	late.set_seq = true;
	late.mni.ops = &tsub_ops;
	t.insert_on_call = &late;
	invalidate(mm, MMU_NOTIFY_CLEAR, 0, 0x1000, NULL);
	/* not called by the invalidation it was inserted during */
	assert_int_equal(late.calls, 0);
	/* it joined with the running (odd) sequence, so readers wait for it */
	assert_int_equal(late.mni.invalidate_seq, 3);
	assert_true(late.mni.in_tree);
	seq = mmu_interval_read_begin(&late.mni);
	assert_false(mmu_interval_read_retry(&late.mni, seq));
	invalidate(mm, MMU_NOTIFY_CLEAR, 0, 0x1000, NULL);
	assert_int_equal(late.calls, 1);
	assert_true(mmu_interval_read_retry(&late.mni, seq));
	mmsim_destroy(w);
}

static void test_remove_stops_callbacks(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct call_log log = { 0 };
	struct tsub a = { 0 }, b = { 0 };

	(void)state;
	tsub_add(mm, &a, 'a', 0, 0x1000, &log);
	tsub_add(mm, &b, 'b', 0, 0x1000, &log);
	mmu_interval_notifier_remove(&a.mni);
	assert_false(a.mni.in_tree);
	invalidate(mm, MMU_NOTIFY_CLEAR, 0, 0x1000, NULL);
	log_expect(&log, "b");
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_event_names(void **state)
{
	(void)state;
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_UNMAP), "UNMAP");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_CLEAR), "CLEAR");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_PROTECTION_VMA), "PROTECTION_VMA");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_PROTECTION_PAGE), "PROTECTION_PAGE");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_SOFT_DIRTY), "SOFT_DIRTY");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_RELEASE), "RELEASE");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_MIGRATE), "MIGRATE");
	assert_string_equal(mmu_notifier_event_name(MMU_NOTIFY_EXCLUSIVE), "EXCLUSIVE");
	assert_string_equal(mmu_notifier_event_name((enum mmu_notifier_event)42), "?");
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_range_init),
	cmocka_unit_test(test_no_subscribers_counted_not_allocated),
	cmocka_unit_test(test_interval_overlap_rules),
	cmocka_unit_test(test_insert_length_checks),
	cmocka_unit_test(test_interval_order_by_start_then_id),
	cmocka_unit_test(test_full_subscribers_newest_first_after_intervals),
	cmocka_unit_test(test_sequence_odd_while_invalidating),
	cmocka_unit_test(test_read_retry_after_overlapping_invalidation),
	cmocka_unit_test(test_read_retry_false_when_driver_ignores_event),
	cmocka_unit_test(test_owner_passed_through),
	cmocka_unit_test(test_events_counted),
	cmocka_unit_test(test_trace_names_event_range_owner),
	cmocka_unit_test(test_young_only_full_subscribers),
	cmocka_unit_test(test_release_at_exit),
	cmocka_unit_test(test_unregister_calls_release),
	cmocka_unit_test(test_destroy_with_full_subscriber_bugs),
	cmocka_unit_test(test_insert_during_invalidation_deferred),
	cmocka_unit_test(test_remove_stops_callbacks),
	cmocka_unit_test(test_event_names),
};

MMSIM_TEST_MAIN(tests)
