// SPDX-License-Identifier: GPL-2.0-only
/*
 * Injection points (DESIGN.md section 3): named places in the model where a
 * test or script forces a failure, skips a check or runs its own code.
 * Later issues append the points their paths need, here and in
 * enum mmsim_inject_point, in the same order.
 */
#include <mmsim/kernel/world.h>
#include <mmsim/kernel/kerrno.h>
#include <string.h>

static const struct mmsim_inject_info inject_points[MMSIM_NR_INJECT_POINTS] = {
#define MMSIM_INJ_INFO(id, n, a, wh) [id] = { .name = n, .action = a, .where = wh },
	MMSIM_INJECT_POINTS(MMSIM_INJ_INFO)
#undef MMSIM_INJ_INFO
};

const char *const mmsim_inject_names[MMSIM_NR_INJECT_POINTS + 1] = {
#define MMSIM_INJ_NAME(id, n, a, wh) [id] = n,
	MMSIM_INJECT_POINTS(MMSIM_INJ_NAME)
#undef MMSIM_INJ_NAME
	[MMSIM_NR_INJECT_POINTS] = NULL,
};

const struct mmsim_inject_info *mmsim_inject_list(size_t *nr)
{
	*nr = MMSIM_NR_INJECT_POINTS;
	return inject_points;
}

static int inject_lookup(const char *name)
{
	for (int i = 0; i < MMSIM_NR_INJECT_POINTS; i++)
		if (!strcmp(inject_points[i].name, name))
			return i;
	return -ENOENT;
}

int mmsim_inject_arm(struct mmsim *w, const char *name, unsigned long nth, bool once,
		     mmsim_inject_fn fn, void *arg)
{
	int p = inject_lookup(name);
	struct mmsim_inject_state *st;

	if (p < 0)
		return p;
	if (!nth)
		return -EINVAL;
	st = &w->inject[p];
	st->armed = true;
	st->once = once;
	st->nth = nth;
	st->hits = 0;
	st->fn = fn;
	st->arg = arg;
	return 0;
}

int mmsim_inject_disarm(struct mmsim *w, const char *name)
{
	int p = inject_lookup(name);

	if (p < 0)
		return p;
	w->inject[p].armed = false;
	return 0;
}

unsigned long mmsim_inject_fired(const struct mmsim *w, const char *name)
{
	int p = inject_lookup(name);

	return p < 0 ? 0 : w->inject[p].fired;
}

bool mmsim_inject_hit(struct mmsim *w, enum mmsim_inject_point p)
{
	struct mmsim_inject_state *st = &w->inject[p];

	if (!st->armed)
		return false;
	if (++st->hits < st->nth)
		return false;
	st->fired++;
	if (st->once)
		st->armed = false;
	mmsim_log(w, "mmsim: injection point %s fired", inject_points[p].name);
	if (st->fn)
		return st->fn(w, st->arg, inject_points[p].name);
	return true;
}
