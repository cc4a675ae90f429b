/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scenario language (DESIGN.md section 8): the AST the parser produces
 * and the executor walks. Model-independent: nothing here knows a folio.
 *
 * A script is fully parsed and every name resolved to a small integer id
 * before anything runs; ids index the script's symbol tables.
 */
#ifndef MMS_SCRIPT_H
#define MMS_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMS_PAGE_SIZE	 4096ULL
#define MMS_USER_END	 0x800000000000ULL	/* end of the user address space */
#define MMS_MAX_LINE	 4096			/* bytes per line, newline excluded */
#define MMS_MAX_NAME	 32			/* bytes per name */
#define MMS_MAX_SYMBOLS	 4096			/* per table: bounds fuzz inputs */
#define MMS_MAX_LOOP	 1000000ULL		/* ksm scan N, passes=N */
#define MMS_SERIES_ALL	 17
#define MMS_HUGE_SIZE	 (2ULL << 20)

enum mms_op {
	/* configuration: folded into struct mms_config, never executed */
	MMS_OP_SERIES, MMS_OP_MEMORY, MMS_OP_SWAP, MMS_OP_HUGETLB, MMS_OP_CHECK,
	/* commands */
	MMS_OP_THP, MMS_OP_PROCESS, MMS_OP_FILE, MMS_OP_MMAP, MMS_OP_MUNMAP,
	MMS_OP_MPROTECT, MMS_OP_MADVISE, MMS_OP_WRITE, MMS_OP_READ, MMS_OP_FORK,
	MMS_OP_EXIT, MMS_OP_CLEAR_REFS, MMS_OP_LOCK, MMS_OP_UNLOCK, MMS_OP_INJECT,
	MMS_OP_DEVICE, MMS_OP_DEV_EXCLUSIVE, MMS_OP_DEV_CHECK, MMS_OP_DEV_READ,
	MMS_OP_DEV_WRITE, MMS_OP_DEV_SNAPSHOT, MMS_OP_DEV_CLOSE, MMS_OP_RECLAIM,
	MMS_OP_MIGRATE, MMS_OP_COMPACT, MMS_OP_OFFLINE, MMS_OP_ONLINE,
	MMS_OP_HWPOISON, MMS_OP_SPLIT, MMS_OP_KSM_SCAN, MMS_OP_GUP, MMS_OP_UNPIN,
	MMS_OP_SHOW,
	/* expectations */
	MMS_OP_EXPECT_RET, MMS_OP_EXPECT_SIGNAL, MMS_OP_EXPECT_PTE,
	MMS_OP_EXPECT_FOLIO, MMS_OP_EXPECT_RSS, MMS_OP_EXPECT_SMAPS,
	MMS_OP_EXPECT_STATS, MMS_OP_EXPECT_DATA, MMS_OP_EXPECT_DEVICE,
	MMS_OP_EXPECT_LOG, MMS_OP_EXPECT_WARN, MMS_OP_EXPECT_BUG,
	MMS_OP_EXPECT_VIOLATION,
	MMS_OP__COUNT
};

static inline bool mms_op_is_config(enum mms_op op)
{
	return op <= MMS_OP_CHECK;
}

static inline bool mms_op_is_expect(enum mms_op op)
{
	return op >= MMS_OP_EXPECT_RET && op < MMS_OP__COUNT;
}

/* cmd->kind, by op */
enum mms_check_mode { MMS_CHECK_EVERY, MMS_CHECK_END, MMS_CHECK_OFF };
enum mms_thp_mode { MMS_THP_ALWAYS, MMS_THP_MADVISE, MMS_THP_NEVER, MMS_THP_INHERIT };
enum mms_map_kind { MMS_MAP_ANON, MMS_MAP_SHARED, MMS_MAP_FILE,
		    MMS_MAP_FILE_PRIVATE, MMS_MAP_HUGETLB };
enum mms_prot { MMS_PROT_RW, MMS_PROT_R, MMS_PROT_RX, MMS_PROT_NONE };
enum mms_advice {
	MMS_ADV_HUGEPAGE, MMS_ADV_NOHUGEPAGE, MMS_ADV_DONTNEED, MMS_ADV_PAGEOUT,
	MMS_ADV_COLD, MMS_ADV_MERGEABLE, MMS_ADV_UNMERGEABLE, MMS_ADV_DONTFORK,
	MMS_ADV_DOFORK, MMS_ADV_WIPEONFORK, MMS_ADV_HWPOISON, MMS_ADV_FREE,
	MMS_ADV_COLLAPSE
};
enum mms_clear_refs { MMS_CLEAR_SOFT_DIRTY, MMS_CLEAR_ALL, MMS_CLEAR_ANON,
		      MMS_CLEAR_MAPPED };
enum mms_lock_until { MMS_LOCK_UNTIL_UNLOCK, MMS_LOCK_UNTIL_WAIT };
enum mms_reclaim { MMS_RECLAIM_ONE, MMS_RECLAIM_ALL, MMS_RECLAIM_SIZE };
enum mms_offline { MMS_OFFLINE_BLOCK, MMS_OFFLINE_BLOCK_OF };
enum mms_show { MMS_SHOW_PTE, MMS_SHOW_FOLIO, MMS_SHOW_RMAP, MMS_SHOW_SMAPS,
		MMS_SHOW_DEVICE, MMS_SHOW_STATS, MMS_SHOW_LOG };
enum mms_pte_state { MMS_PTE_NONE, MMS_PTE_PRESENT, MMS_PTE_SWAP,
		     MMS_PTE_MIGRATION, MMS_PTE_DEVICE_EXCLUSIVE,
		     MMS_PTE_DEVICE_PRIVATE, MMS_PTE_HWPOISON, MMS_PTE_MARKER };
enum mms_dev_access { MMS_DEV_NONE, MMS_DEV_READ, MMS_DEV_WRITE, MMS_DEV_ATOMIC };
enum mms_signal { MMS_SIGBUS = 7, MMS_SIGSEGV = 11 };	/* Linux numbers */

/* cmd->flags, by op */
#define MMS_PTEF_WRITE		(1u << 0)
#define MMS_PTEF_RO		(1u << 1)
#define MMS_PTEF_DIRTY		(1u << 2)
#define MMS_PTEF_CLEAN		(1u << 3)
#define MMS_PTEF_YOUNG		(1u << 4)
#define MMS_PTEF_OLD		(1u << 5)
#define MMS_PTEF_SOFT_DIRTY	(1u << 6)
#define MMS_PTEF_UFFD_WP	(1u << 7)
#define MMS_PTEF_EXCLUSIVE	(1u << 8)
#define MMS_PTEF_PMD		(1u << 9)
#define MMS_PTEF_PTE		(1u << 10)

#define MMS_GUP_WRITE		(1u << 0)
#define MMS_GUP_PIN		(1u << 1)
#define MMS_GUP_LONGTERM	(1u << 2)
#define MMS_GUP_SPLIT_PMD	(1u << 3)
#define MMS_GUP_FORCE		(1u << 4)

#define MMS_INJECT_ONCE		(1u << 0)
#define MMS_SHOW_DOT		(1u << 0)
#define MMS_ONLINE_MOVABLE	(1u << 0)
#define MMS_MMAP_AT		(1u << 0)	/* at= given */
#define MMS_MMAP_ALIGN		(1u << 1)	/* align= given */
#define MMS_MMAP_PROT_SHIFT	8		/* mmap: enum mms_prot in flags */
#define MMS_MMAP_PROT(c)	(((c)->flags >> MMS_MMAP_PROT_SHIFT) & 3u)

/* Which source form a RANGE had; first/end are always resolved. */
enum mms_range_form {
	MMS_RANGE_WHOLE,	/* name */
	MMS_RANGE_INDEX,	/* name[i] */
	MMS_RANGE_SLICE,	/* name[i:j] */
	MMS_RANGE_FROM,		/* name[i:] */
	MMS_RANGE_TO,		/* name[:j] */
};

struct mms_range {
	uint32_t region;	/* index into script->regions */
	uint32_t form;		/* enum mms_range_form */
	uint64_t first;		/* first page index in the region */
	uint64_t end;		/* one past the last page */
};

/* KEY=VALUE of expect folio/rss/smaps/stats; key is an enum mms_*_key */
struct mms_kv {
	uint32_t key;
	bool negative;		/* folio counters only: value means -value */
	uint64_t value;		/* sizes in bytes */
};

enum mms_folio_key {
	MMS_FK_MAPCOUNT, MMS_FK_PAGE_MAPCOUNT, MMS_FK_ENTIRE_MAPCOUNT,
	MMS_FK_LARGE_MAPCOUNT, MMS_FK_NR_PAGES_MAPPED, MMS_FK_ENTIRELY_MAPPED,
	MMS_FK_REFCOUNT, MMS_FK_PINCOUNT, MMS_FK_ORDER, MMS_FK_ANON,
	MMS_FK_ANON_EXCLUSIVE, MMS_FK_HWPOISON, MMS_FK_KSM, MMS_FK_DIRTY,
	MMS_FK_LRU, MMS_FK_ACTIVE, MMS_FK_LOCKED, MMS_FK_SWAPCACHE,
	MMS_FK_WRITEBACK, MMS_FK__COUNT
};
enum mms_rss_key { MMS_RK_ANON, MMS_RK_FILE, MMS_RK_SHMEM, MMS_RK_SWAP };
enum mms_smaps_key { MMS_SK_RSS, MMS_SK_SWAP };
enum mms_stats_key { MMS_STK_ANON, MMS_STK_FILE, MMS_STK_SHMEM,
		     MMS_STK_SWAPCACHE, MMS_STK_SWAP, MMS_STK_FREE,
		     MMS_STK_ALLOCATED, MMS_STK_BAD_PAGE };

struct mms_cmd {
	enum mms_op op;
	uint32_t line;		/* 1-based */
	uint32_t col;		/* 1-based byte column of the command word */
	uint32_t text;		/* string pool: the source text, comment and blanks trimmed */
	int32_t proc;		/* P; -1 if none */
	int32_t proc2;		/* fork: the child */
	int32_t dev;		/* D */
	int32_t file;		/* file F, or mmap file=F */
	int32_t region;		/* mmap: the region it declares */
	struct mms_range range;	/* RANGE or PAGE; show device without one: region UINT32_MAX */
	uint32_t kind;		/* op-specific enum above */
	uint32_t flags;		/* op-specific bitmask above */
	bool has_value;		/* V given */
	bool seq;		/* V seq */
	uint64_t value;		/* V */
	uint64_t size;		/* SIZE: mmap, file, memory, swap, thp, reclaim, chunk= */
	uint64_t n;		/* N: series, hugetlb, ksm scan, BLOCK, warn, bug, signal */
	uint64_t passes;	/* offline passes= (default 3) */
	int64_t ret;		/* expect ret: 0, -errno or a count */
	uint64_t addr;		/* mmap at= */
	uint64_t align;		/* mmap align= */
	uint64_t off;		/* mmap off= */
	uint32_t str;		/* string pool: inject POINT, log TEXT, violation NAME */
	uint32_t kv_first;	/* into script->kvs */
	uint32_t kv_count;
	struct mms_cmd *sub;	/* inject ... do COMMAND, owned */
};

struct mms_proc {
	char name[MMS_MAX_NAME + 1];
	uint32_t line;		/* declaring line */
	int32_t parent;		/* fork parent, -1 for `process` */
};

struct mms_dev {
	char name[MMS_MAX_NAME + 1];
	uint32_t line;
	int32_t proc;		/* the process whose mm it is bound to */
};

struct mms_file {
	char name[MMS_MAX_NAME + 1];
	uint32_t line;
	uint64_t size;
};

/*
 * A region is a (process, name) pair. A child's inherited region is a new
 * entry whose origin is the mmap that created the addresses.
 */
struct mms_region {
	char name[MMS_MAX_NAME + 1];
	uint32_t line;
	int32_t proc;
	uint32_t origin;	/* region id of the declaring mmap */
	uint64_t pages;
	uint32_t kind;		/* enum mms_map_kind */
};

/* Configuration, complete before anything runs (section 8 defaults). */
struct mms_config {
	uint32_t series;	/* 0..17 */
	uint64_t memory;	/* bytes */
	uint64_t block;		/* bytes */
	uint64_t swap;		/* bytes, 0 = none */
	uint64_t hugetlb;	/* free 2 MiB pages */
	uint32_t check;		/* enum mms_check_mode */
	bool trace;		/* --trace: narrate to diag */
	void *diag;		/* FILE *: views and narration, lines start "# "; NULL = quiet */
};

struct mms_script {
	char *filename;
	struct mms_config config;
	struct mms_cmd *cmds;
	size_t nr_cmds, cap_cmds;
	struct mms_proc *procs;
	size_t nr_procs, cap_procs;
	struct mms_dev *devs;
	size_t nr_devs, cap_devs;
	struct mms_file *files;
	size_t nr_files, cap_files;
	struct mms_region *regions;
	size_t nr_regions, cap_regions;
	struct mms_kv *kvs;
	size_t nr_kvs, cap_kvs;
	char *pool;		/* NUL-separated strings, offset 0 is "" */
	size_t pool_len, pool_cap;
};

struct mms_parse_opts {
	/* NULL-terminated list of injection point names; NULL accepts any name */
	const char *const *inject_points;
};

/*
 * Parse @len bytes of @buf (named @filename in messages) into @s, which the
 * caller later releases with mms_script_free() whatever the result.
 * Returns 0, or -1 with "FILE:LINE:COLUMN: error: REASON" in @err.
 */
int mms_parse(struct mms_script *s, const char *filename, const char *buf,
	      size_t len, const struct mms_parse_opts *opts, char *err,
	      size_t errlen);
void mms_script_free(struct mms_script *s);

static inline const char *mms_str(const struct mms_script *s, uint32_t off)
{
	return s->pool + off;
}

const char *mms_op_name(enum mms_op op);
/* Linux errno name without the minus ("ENOMEM"), or NULL */
const char *mms_errno_name(long long err);
/* Linux errno number for a name ("ENOMEM" -> 12), or 0 */
int mms_errno_from_name(const char *name, size_t len);
const char *mms_signal_name(int sig);

/* Name tables, indexed by the enums above (for backends and views) */
const char *mms_folio_key_name(uint32_t key);
const char *mms_pte_state_name(uint32_t state);

#endif /* MMS_SCRIPT_H */
