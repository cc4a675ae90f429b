/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmsim: the checker (DESIGN.md principle 4 and section 7).
 *
 * An independent recomputation of the model's counters from the page tables
 * alone, compared with the counters the model stores. It lives in its own
 * library (mmsim_check) and shares no code with the model: it reads the
 * model's structures but decodes entries, walks page tables, finds pages and
 * folios and follows rmap chains with code of its own (a ctest test fails if
 * libmmsim_check.a references any mmsim_k_ symbol).
 *
 * A violation names a stable invariant identifier (mmsim_check_invariants()
 * lists them), the object ("pfn 0x8000", "mm 1 addr 0x7f0000000000",
 * "slot 3", "world"), the recomputed (expected) and stored (actual) values,
 * and the series patch whose absence explains it (0: unexplained).
 */
#ifndef MMSIM_CHECK_H
#define MMSIM_CHECK_H

#include <mmsim/mmsim.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the checker's own entry decoder (x86-64 formats, per series level) --- */
enum mmsim_check_entry_kind {
	MMSIM_CHECK_NONE = 0,
	MMSIM_CHECK_PRESENT,		/* present leaf (also PROT_NONE) */
	MMSIM_CHECK_TABLE,		/* upper-level entry naming a table */
	MMSIM_CHECK_SWAP,		/* genuine swap entry */
	MMSIM_CHECK_HWPOISON,
	MMSIM_CHECK_MIGRATION_READ,
	MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE,
	MMSIM_CHECK_MIGRATION_WRITE,
	MMSIM_CHECK_DEVICE_PRIVATE_WRITE,
	MMSIM_CHECK_DEVICE_PRIVATE_READ,
	MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE,	/* levels 0..5 */
	MMSIM_CHECK_DEVICE_EXCLUSIVE_READ,	/* levels 0..5 */
	MMSIM_CHECK_DEVICE_EXCLUSIVE,		/* levels 6.. (single type) */
	MMSIM_CHECK_MARKER,
};

struct mmsim_check_entry {
	enum mmsim_check_entry_kind kind;
	uint64_t pfn;		/* present leaf, or the pfn of a PFN swap entry */
	unsigned int type;	/* non-present: swap type (bits 59-63) */
	uint64_t offset;	/* non-present: swap offset (inverted bits 9-58) */
	unsigned int table;	/* MMSIM_CHECK_TABLE: the table id */
	/* present leaves */
	bool write, dirty, young, user, special, protnone, huge;
	/* non-present: the arch bits outside the swap entry */
	bool swp_soft_dirty, swp_uffd_wp, swp_exclusive;
	/* migration entries: young/dirty kept above the pfn */
	bool mig_young, mig_dirty;
	unsigned int marker;	/* PTE marker bits */
};

/* MAX_SWAPFILES at a level: 32 - devnum(4, or 3 from level 6) - 3 - 1 - 1 */
unsigned int mmsim_check_max_swapfiles(unsigned int series);
/* the swap type a kind has at a level, or -1 for kinds without one */
int mmsim_check_swap_type(unsigned int series, enum mmsim_check_entry_kind kind);
void mmsim_check_decode_pte(unsigned int series, uint64_t val, struct mmsim_check_entry *e);
/* a PMD: none, table, leaf (_PAGE_PSE) or a non-present (migration) entry */
void mmsim_check_decode_pmd(unsigned int series, uint64_t val, struct mmsim_check_entry *e);
const char *mmsim_check_kind_name(enum mmsim_check_entry_kind kind);

/* ---- reports ---------------------------------------------------------------- */
#define MMSIM_CHECK_NAME_LEN 32
#define MMSIM_CHECK_OBJECT_LEN 48
#define MMSIM_CHECK_DETAIL_LEN 96
#define MMSIM_CHECK_KEEP 16	/* violations kept in a report, in check order */

struct mmsim_check_violation {
	char name[MMSIM_CHECK_NAME_LEN];	/* invariant, e.g. "folio.mapcount" */
	char object[MMSIM_CHECK_OBJECT_LEN];	/* e.g. "pfn 0x8000" */
	char detail[MMSIM_CHECK_DETAIL_LEN];	/* what was compared, may be "" */
	long long expected;			/* recomputed */
	long long actual;			/* stored by the model */
	unsigned int explained_by;		/* absent patch explaining it, 0 = none */
};

struct mmsim_check_report {
	unsigned long nr_violations;	/* all reported (explained ones included) */
	unsigned long nr_explained;	/* of those, explained by an absent patch */
	unsigned long nr_suspended;	/* found but suspended by the caller's state */
	unsigned int nr_kept;		/* entries of v[] filled */
	struct mmsim_check_violation v[MMSIM_CHECK_KEEP];
};

/*
 * Suspensions: `expect violation NAME` suspends NAME for the object of the
 * last report for the rest of a script. The caller owns the state (no
 * statics); release it with mmsim_check_state_release().
 */
struct mmsim_check_suspension {
	char name[MMSIM_CHECK_NAME_LEN];
	char object[MMSIM_CHECK_OBJECT_LEN];	/* "" = every object */
};

struct mmsim_shadow;

struct mmsim_check_state {
	struct mmsim_check_suspension *s;
	size_t nr, cap;
	struct mmsim_shadow *shadow;	/* the content shadow, NULL = none (below) */
};

void mmsim_check_state_init(struct mmsim_check_state *st);
void mmsim_check_state_release(struct mmsim_check_state *st);
/* object NULL or "" suspends the invariant for every object; 0 or -EINVAL (unknown name) */
int mmsim_check_suspend(struct mmsim_check_state *st, const char *name, const char *object);
bool mmsim_check_is_suspended(const struct mmsim_check_state *st, const char *name,
			      const char *object);

/*
 * Check the world at a command boundary. Returns the number of violations
 * (0 = consistent), or -EIO for a dead world. rep may be NULL.
 */
int mmsim_check_world(struct mmsim *w, struct mmsim_check_report *rep);
/* the same, skipping what st suspends (st may be NULL) */
int mmsim_check_run(struct mmsim *w, const struct mmsim_check_state *st,
		    struct mmsim_check_report *rep);

/*
 * ---- the content shadow (DESIGN.md section 7, "contents") -------------------
 *
 * The checker's reference model of what every user page should hold, fed by
 * the harness with script-level events and applying the semantic rules
 * itself. Values are keyed by object: (mm id, address) for private pages
 * (private anon, and COWed private file pages), (object, index) for shared
 * anon (shmem) and file pages. The shadow keeps its own map of which kind of
 * mapping covers each address of each mm, built from the map/unmap/madvise/
 * fork/exit events; it never reads the model's VMAs.
 *
 * Rules: a private anon page never written reads 0 (the zero page included);
 * a private file page not yet written reads its file page's value; shared
 * writes are seen through every mapping of the object; fork copies the
 * parent's private values into the child for every copied mapping (not
 * MADV_DONTFORK ones), except MADV_WIPEONFORK mappings, which the child reads
 * as 0; MADV_DONTNEED drops private values (anon reads 0 again, private file
 * reads the file again); MADV_FREE pages may read 0 or the old value until
 * written; a poisoned page has no value. Device writes are writes (the
 * harness reports them with mmsim_shadow_write()). Extension point: a
 * uprobe's breakpoint page (V XOR 0xCC00000000000000 until unregistered)
 * will be one more entry flag.
 *
 * The shadow lives in the caller's struct mmsim_check_state (host memory,
 * freed by mmsim_check_state_release()); once attached, mmsim_check_run()
 * also checks invariant "contents". Functions return 0, or -EINVAL for bad
 * arguments, -ENOENT when the address or mm is not mapped in the shadow.
 */
enum mmsim_shadow_kind {
	MMSIM_SHADOW_PRIVATE_ANON,	/* also private hugetlb */
	MMSIM_SHADOW_SHARED_ANON,	/* obj: shmem object id, 0 = a new object */
	MMSIM_SHADOW_SHARED_FILE,	/* obj: file id, pgoff: file page of start */
	MMSIM_SHADOW_PRIVATE_FILE,	/* obj: file id, pgoff: file page of start */
};

enum mmsim_shadow_advice {
	MMSIM_SHADOW_DONTNEED,
	MMSIM_SHADOW_FREE,		/* MADV_FREE: private anon reads 0 or old */
	MMSIM_SHADOW_DONTFORK,
	MMSIM_SHADOW_DOFORK,
	MMSIM_SHADOW_WIPEONFORK,
	MMSIM_SHADOW_KEEPONFORK,
};

/* what mmsim_shadow_expect() found */
#define MMSIM_SHADOW_MAYBE_ZERO	0x1u	/* may also read 0 (MADV_FREE) */
#define MMSIM_SHADOW_NO_VALUE	0x2u	/* hwpoisoned: not checked */

/* the shadow attached to st, created empty on first use */
struct mmsim_shadow *mmsim_check_shadow(struct mmsim_check_state *st);
void mmsim_shadow_destroy(struct mmsim_shadow *sh);

/* a file's initial data: page i holds fill (+ i if seq) until written */
int mmsim_shadow_file(struct mmsim_shadow *sh, unsigned int file_id, uint64_t fill, bool seq);
/* a new mapping of [start, start + len) in mm; replaces what was there */
int mmsim_shadow_map(struct mmsim_shadow *sh, unsigned int mm, unsigned long start,
		     unsigned long len, enum mmsim_shadow_kind kind, unsigned int obj,
		     uint64_t pgoff);
int mmsim_shadow_unmap(struct mmsim_shadow *sh, unsigned int mm, unsigned long start,
		       unsigned long len);
/* a store of value into the page at addr (CPU or device) */
int mmsim_shadow_write(struct mmsim_shadow *sh, unsigned int mm, unsigned long addr,
		       uint64_t value);
/* madvise() on the mapped parts of the range (gaps are skipped, as the kernel does) */
int mmsim_shadow_madvise(struct mmsim_shadow *sh, unsigned int mm, unsigned long start,
			 unsigned long len, enum mmsim_shadow_advice advice);
int mmsim_shadow_fork(struct mmsim_shadow *sh, unsigned int parent, unsigned int child);
int mmsim_shadow_exit(struct mmsim_shadow *sh, unsigned int mm);
/* the page at addr lost its data (memory_failure) */
int mmsim_shadow_poison(struct mmsim_shadow *sh, unsigned int mm, unsigned long addr);
/* what the page at addr must hold; *flags gets MMSIM_SHADOW_* (may be NULL) */
int mmsim_shadow_expect(const struct mmsim_shadow *sh, unsigned int mm, unsigned long addr,
			uint64_t *value, unsigned int *flags);

/*
 * Invariant "contents": every present user PTE and PMD leaf of every mm the
 * shadow knows holds the value the shadow expects. Entries that are not
 * present (swap, migration, device-exclusive, hwpoison ...) are not checked
 * by this invariant yet. Appends to rep (which mmsim_check_run() cleared)
 * and returns the number of violations; mmsim_check_run() calls it when
 * st->shadow is set.
 */
int mmsim_check_contents(struct mmsim *w, const struct mmsim_check_state *st,
			 struct mmsim_check_report *rep);

/* the first violation, or the first one no absent patch explains; NULL if none */
const struct mmsim_check_violation *mmsim_check_first(const struct mmsim_check_report *rep);
const struct mmsim_check_violation *
mmsim_check_first_unexplained(const struct mmsim_check_report *rep);

/*
 * "folio.mapcount: pfn 0x8000: expected 1, got 0 (mapcount of the folio)
 * explained-by: P16"; returns what snprintf returns.
 */
int mmsim_check_format(const struct mmsim_check_violation *v, char *buf, size_t len);
/* every invariant name the checker can report, in check order */
const char *const *mmsim_check_invariants(size_t *nr);

#ifdef __cplusplus
}
#endif

#endif /* MMSIM_CHECK_H */
