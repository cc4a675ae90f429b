// SPDX-License-Identifier: GPL-2.0-only
/*
 * The world: configuration, lifecycle, world-owned memory, the single
 * recovery point for simulated BUGs, and the PRNG.
 */
#include <mmsim/kernel/world.h>
#include <mmsim/kernel/kerrno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ_2M (2ULL << 20)
#define SZ_64G (64ULL << 30)

void mmsim_config_init(struct mmsim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->series = MMSIM_SERIES_MAX;
	cfg->memory = 1ULL << 30;
	cfg->block = 128ULL << 20;
	cfg->bug_mode = MMSIM_BUG_ABORT;
	cfg->seed = 1;
	cfg->thp_pmd = MMSIM_THP_MADVISE;
	for (int i = 0; i <= MMSIM_MTHP_MAX_ORDER; i++)
		cfg->thp_mthp[i] = MMSIM_THP_NEVER;
}

const char *mmsim_config_validate(const struct mmsim_config *cfg)
{
	if (cfg->series > MMSIM_SERIES_MAX)
		return "series must be 0..17";
	if (cfg->block < SZ_2M || (cfg->block & (cfg->block - 1)))
		return "block must be a power of two >= 2M";
	if (!cfg->memory || cfg->memory % cfg->block)
		return "memory must be a non-zero multiple of block";
	if (cfg->memory > SZ_64G)
		return "memory must be at most 64G";
	if (cfg->swap > SZ_64G)
		return "swap must be at most 64G";
	if (cfg->swap % 4096)
		return "swap must be a multiple of 4K";
	/* the hugetlb pool lives in block 0 beside the zero page */
	if ((uint64_t)cfg->hugetlb_pages * SZ_2M > cfg->block - SZ_2M)
		return "hugetlb pages do not fit in block 0";
	if (cfg->bug_mode != MMSIM_BUG_ABORT && cfg->bug_mode != MMSIM_BUG_UNWIND)
		return "unknown BUG mode";
	if (cfg->thp_pmd > MMSIM_THP_ALWAYS)
		return "PMD THP mode must be always, madvise or never";
	for (int i = 0; i <= MMSIM_MTHP_MAX_ORDER; i++)
		if (cfg->thp_mthp[i] > MMSIM_THP_INHERIT)
			return "unknown mTHP mode";
	return NULL;
}

/* ---- world-owned memory ----------------------------------------------------- */
struct mmsim_obj {
	struct list_head link;
	size_t size;
	size_t pad;	/* keep the payload 16-byte aligned */
};

static void *mmsim_host_alloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p) {
		fprintf(stderr, "mmsim: host out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void *mmsim_obj_alloc(struct mmsim *w, size_t size)
{
	struct mmsim_obj *o = mmsim_host_alloc(sizeof(*o) + size);

	o->size = size;
	list_add_tail(&o->link, &w->objects);
	w->nr_objects++;
	return o + 1;
}

void mmsim_obj_free(struct mmsim *w, void *p)
{
	struct mmsim_obj *o;

	if (!p)
		return;
	o = (struct mmsim_obj *)p - 1;
	list_del(&o->link);
	w->nr_objects--;
	free(o);
}

void *mmsim_obj_realloc(struct mmsim *w, void *p, size_t size)
{
	struct mmsim_obj *o, *n;

	if (!p)
		return mmsim_obj_alloc(w, size);
	o = (struct mmsim_obj *)p - 1;
	list_del(&o->link);
	n = realloc(o, sizeof(*n) + size);
	if (!n) {
		fprintf(stderr, "mmsim: host out of memory (%zu bytes)\n", size);
		abort();
	}
	if (size > n->size)
		memset((char *)(n + 1) + n->size, 0, size - n->size);
	n->size = size;
	list_add_tail(&n->link, &w->objects);
	return n + 1;
}

/* ---- lifecycle ---------------------------------------------------------------- */
int mmsim_create(struct mmsim **out, const struct mmsim_config *cfg)
{
	struct mmsim_config defaults;
	struct mmsim *w;
	int ret;

	*out = NULL;
	if (!cfg) {
		mmsim_config_init(&defaults);
		cfg = &defaults;
	}
	if (mmsim_config_validate(cfg))
		return -EINVAL;

	w = mmsim_host_alloc(sizeof(*w));
	w->cfg = *cfg;
	w->series = cfg->series;
	/* splitmix64 needs a non-zero state; the seed 0 is as good as any other */
	w->prng = cfg->seed ^ 0x9e3779b97f4a7c15ULL;
	w->next_id = 1;
	w->next_mm_id = 1;
	w->next_file_id = 1;
	INIT_LIST_HEAD(&w->objects);
	INIT_LIST_HEAD(&w->mm_list);
	INIT_LIST_HEAD(&w->file_list);
	INIT_LIST_HEAD(&w->anon_vma_list);
	INIT_LIST_HEAD(&w->gup_refs);
	INIT_LIST_HEAD(&w->devices);
	w->next_dev_id = 1;
	INIT_LIST_HEAD(&w->deferred_split);
	for (int i = 0; i < NR_LRU_LISTS; i++)
		INIT_LIST_HEAD(&w->lru[i]);

	ret = mmsim_mem_init(w);
	if (!ret)
		ret = mmsim_swap_init(w);
	if (ret) {
		mmsim_destroy(w);
		return ret;
	}
	*out = w;
	return 0;
}

void mmsim_destroy(struct mmsim *w)
{
	struct list_head *pos, *n;

	if (!w)
		return;
	/* wholesale: no model invariant is walked, so a dead world frees cleanly */
	list_for_each_safe(pos, n, &w->objects)
		free(container_of(pos, struct mmsim_obj, link));
	if (w->log.ring) {
		for (unsigned long i = 0; i < MMSIM_LOG_LINES; i++)
			free(w->log.ring[i]);
		free(w->log.ring);
	}
	free(w->once);
	free(w);
}

bool mmsim_is_dead(const struct mmsim *w) { return w->dead; }
unsigned long mmsim_nr_bug(const struct mmsim *w) { return w->nr_bug; }
unsigned long mmsim_nr_warn(const struct mmsim *w) { return w->nr_warn; }
unsigned long mmsim_nr_bad_page(const struct mmsim *w) { return w->nr_bad_page; }
unsigned int mmsim_series(const struct mmsim *w) { return w->series; }

/*
 * The library's only setjmp. Nothing in this frame is modified between
 * setjmp() and a possible longjmp(), so nothing is clobbered.
 */
int mmsim_run_command(struct mmsim *w, int (*fn)(struct mmsim *w, void *arg), void *arg)
{
	jmp_buf env;
	jmp_buf *const saved = w->unwind;

	if (w->dead)
		return -EIO;
	w->tick++;
	w->fatal_signal_pending = false;
	if (setjmp(env)) {
		w->unwind = saved;
		return MMSIM_DIED;
	}
	w->unwind = &env;
	{
		int ret = fn(w, arg);

		w->unwind = saved;
		return ret;
	}
}

/* splitmix64: small, well distributed and fully determined by the seed */
u64 mmsim_prng_next(struct mmsim *w)
{
	u64 z = (w->prng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static const char *const thp_mode_name[] = { "never", "madvise", "always", "inherit" };

int mmsim_version_string(const struct mmsim_config *cfg, char *buf, size_t len)
{
	struct mmsim_config defaults;
	int n;

	if (!cfg) {
		mmsim_config_init(&defaults);
		cfg = &defaults;
	}
	n = snprintf(buf, len,
		     "mmsim %s\n"
		     "base: mm-hotfixes-stable at %s (v6.14-rc plus hotfixes)\n"
		     "series: level %u of 17, \"mm: fixes for device-exclusive entries (hmm)\" v2\n"
		     "config: x86-64, 4 KiB pages, 4-level tables, one node; DEBUG_VM=y "
		     "PAGE_TABLE_CHECK=y (enforced) MEM_SOFT_DIRTY=y USERFAULTFD=y "
		     "DEVICE_PRIVATE=y MIGRATION=y MEMORY_FAILURE=y KSM=y "
		     "TRANSPARENT_HUGEPAGE=y THP_SWAP=n LRU_GEN=n; no memcg, no zswap\n"
		     "thp: pmd %s\n"
		     "memory: %llu bytes in blocks of %llu; swap %llu bytes; hugetlb %u\n",
		     MMSIM_VERSION_STRING, MMSIM_BASE_COMMIT, cfg->series,
		     thp_mode_name[cfg->thp_pmd <= MMSIM_THP_INHERIT ? cfg->thp_pmd : 0],
		     (unsigned long long)cfg->memory, (unsigned long long)cfg->block,
		     (unsigned long long)cfg->swap, cfg->hugetlb_pages);
	return n < 0 ? -EINVAL : n;
}
