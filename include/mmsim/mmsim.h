/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmsim: the stable harness API.
 *
 * Everything here carries the mmsim_ prefix; the model's kernel-named types
 * and functions live under <mmsim/kernel/...> and are opt-in and unstable.
 * All state hangs off one struct mmsim (a "world"); any number of worlds may
 * live in one process. Functions return 0 or a negative errno.
 */
#ifndef MMSIM_MMSIM_H
#define MMSIM_MMSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mmsim;

#define MMSIM_VERSION_STRING "0.1.0"
#define MMSIM_BASE_COMMIT "e5b2a356dc8a"
#define MMSIM_SERIES_MAX 17

/* What a simulated BUG does once it has been reported (DESIGN.md principle 5). */
enum mmsim_bug_mode {
	MMSIM_BUG_ABORT = 0,	/* abort(): the library default, fuzz targets */
	MMSIM_BUG_UNWIND = 1,	/* longjmp to mmsim_run_command()'s recovery point */
};

enum mmsim_thp_mode {
	MMSIM_THP_NEVER = 0,
	MMSIM_THP_MADVISE,
	MMSIM_THP_ALWAYS,
	MMSIM_THP_INHERIT,	/* mTHP sizes only: follow the PMD setting */
};

/* mTHP orders 2..8 (16K..1M); the PMD order 9 is thp_pmd */
#define MMSIM_MTHP_MIN_ORDER 2
#define MMSIM_MTHP_MAX_ORDER 8

struct mmsim_config {
	unsigned int series;		/* 0..MMSIM_SERIES_MAX (default: all) */
	uint64_t memory;		/* bytes of simulated RAM (default 1G) */
	uint64_t block;			/* memory block size (default 128M) */
	uint64_t swap;			/* swap size in bytes (default 0: none) */
	unsigned int hugetlb_pages;	/* free 2 MiB hugetlb pages, in block 0 */
	enum mmsim_bug_mode bug_mode;
	uint64_t seed;			/* the world's PRNG seed */
	enum mmsim_thp_mode thp_pmd;	/* default madvise, as Debian ships it */
	enum mmsim_thp_mode thp_mthp[MMSIM_MTHP_MAX_ORDER + 1]; /* default never */
};

/* Fill *cfg with the defaults of DESIGN.md section 2. */
void mmsim_config_init(struct mmsim_config *cfg);

/* Create a world; -EINVAL names nothing, so check mmsim_config_validate() first. */
int mmsim_create(struct mmsim **out, const struct mmsim_config *cfg);
/* Why cfg is not acceptable, or NULL. */
const char *mmsim_config_validate(const struct mmsim_config *cfg);
void mmsim_destroy(struct mmsim *w);

/* A BUG happened: only inspection and mmsim_destroy() remain allowed. */
bool mmsim_is_dead(const struct mmsim *w);
unsigned long mmsim_nr_bug(const struct mmsim *w);
unsigned long mmsim_nr_warn(const struct mmsim *w);
unsigned long mmsim_nr_bad_page(const struct mmsim *w);
unsigned int mmsim_series(const struct mmsim *w);

/* Result of mmsim_run_command() when the command raised a simulated BUG. */
#define MMSIM_DIED (-100000)

/*
 * Run fn(w, arg) as one command: the world's tick advances, and in
 * MMSIM_BUG_UNWIND mode a BUG returns here with MMSIM_DIED. This is the
 * single recovery point (setjmp) of the library. A dead world gives -EIO.
 */
int mmsim_run_command(struct mmsim *w, int (*fn)(struct mmsim *w, void *arg),
		      void *arg);

/*
 * A simulated CPU access or GUP that raises a signal returns MMSIM_SIGNAL(sig)
 * (a positive value): SIGBUS is 7, SIGSEGV 11, as on x86-64 Linux.
 */
#define MMSIM_SIGNAL_BASE 0x4000
#define MMSIM_SIGNAL(sig) (MMSIM_SIGNAL_BASE + (sig))
#define MMSIM_IS_SIGNAL(r) ((r) > MMSIM_SIGNAL_BASE && (r) < MMSIM_SIGNAL_BASE + 65)
#define MMSIM_SIGBUS MMSIM_SIGNAL(7)
#define MMSIM_SIGSEGV MMSIM_SIGNAL(11)

/* ---- the world log --------------------------------------------------- */
typedef void (*mmsim_log_fn)(void *arg, const char *line);

/* Number of retained lines and the sequence number of the first one. */
unsigned long mmsim_log_count(const struct mmsim *w);
/* The i-th retained line (0 = oldest), or NULL. */
const char *mmsim_log_line(const struct mmsim *w, unsigned long i);
unsigned long mmsim_log_dropped(const struct mmsim *w);
/* Call fn for every new log line as it is written (NULL: stop). */
void mmsim_set_log_hook(struct mmsim *w, mmsim_log_fn fn, void *arg);
/* Narrate every modelled kernel function entered (NULL: tracing off). */
void mmsim_set_trace(struct mmsim *w, mmsim_log_fn fn, void *arg);

/* ---- injection points ------------------------------------------------ */
/*
 * Runs when an armed point fires; returns whether the point's built-in
 * action (fail, skip a check, force a state) should still happen.
 */
typedef bool (*mmsim_inject_fn)(struct mmsim *w, void *arg, const char *point);

struct mmsim_inject_info {
	const char *name;	/* "alloc:fail" */
	const char *action;	/* what the built-in action does */
	const char *where;	/* the modelled kernel path */
};

/* The registered points' names, NULL-terminated, in the order of mmsim_inject_list(). */
extern const char *const mmsim_inject_names[];
/* The registered points, in a fixed order; *nr receives the count. */
const struct mmsim_inject_info *mmsim_inject_list(size_t *nr);
/*
 * Arm point `name`: it fires on the nth hit from now (nth >= 1), then on
 * every later hit unless once. fn (may be NULL) runs each time it fires and
 * decides whether the built-in action follows; without fn it always does.
 * -ENOENT for an unknown name.
 */
int mmsim_inject_arm(struct mmsim *w, const char *name, unsigned long nth,
		     bool once, mmsim_inject_fn fn, void *arg);
int mmsim_inject_disarm(struct mmsim *w, const char *name);
/* How often the point fired since the world was created. */
unsigned long mmsim_inject_fired(const struct mmsim *w, const char *name);

/* ---- version --------------------------------------------------------- */
/* Writes the base commit, the level and the configuration, as `mmsim version`. */
int mmsim_version_string(const struct mmsim_config *cfg, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMSIM_MMSIM_H */
