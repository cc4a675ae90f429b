// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's content shadow (DESIGN.md section 7, "contents"): a reference
 * model of what every user page should hold, fed with script-level events by
 * the harness, and the "contents" invariant that compares it with the
 * content value of every page the page tables map.
 *
 * Independence: like check.c, this file calls no model function. The rules
 * are applied from the events alone (the shadow keeps its own per-mm map of
 * mapping kinds); the model's structures are read only to find the pages a
 * check compares: the mm list, the page tables (decoded with decode.c) and
 * the memmaps.
 *
 * Storage is host memory (malloc), owned by the caller's check state:
 * - per mm, a sorted array of mapping records (start, end, kind, object,
 *   pgoff, fork flags), split as madvise and munmap events require;
 * - one open-addressing hash of values keyed by (private, mm, page) or
 *   (file or shmem object, index). It is only ever looked up or rebuilt,
 *   never iterated for output, so its order never shows.
 */
#include <mmsim/check.h>
#include <mmsim/kernel/kerrno.h>
#include <mmsim/kernel/mm_types.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* restated kernel constants the shadow depends on */
#define SH_PAGE_SHIFT	12
#define SH_PAGE_SIZE	(1UL << SH_PAGE_SHIFT)
#define SH_PTRS		512
#define SH_PMD_NR	512
#define SH_LIST_LIMIT	(1UL << 24)	/* a longer mm list is corrupt */

/* mapping-record flags: what fork does with the mapping */
#define SH_DONTFORK	0x1u
#define SH_WIPEONFORK	0x2u

/* shmem object ids the shadow hands out itself (obj 0 in mmsim_shadow_map) */
#define SH_SHMEM_AUTO	0x80000000u

enum sh_tag {
	SH_EMPTY = 0,
	SH_PRIVATE,	/* a = mm id, b = page number (addr >> 12) */
	SH_FILE,	/* a = file id, b = file page index */
	SH_SHMEM,	/* a = shmem object id, b = page index */
};

struct sh_ent {
	uint8_t tag;
	uint8_t flags;		/* MMSIM_SHADOW_MAYBE_ZERO, MMSIM_SHADOW_NO_VALUE */
	uint32_t a;
	uint64_t b;
	uint64_t value;
};

struct sh_map {
	unsigned long start, end;
	enum mmsim_shadow_kind kind;
	unsigned int obj;
	unsigned int flags;	/* SH_DONTFORK, SH_WIPEONFORK */
	uint64_t pgoff;		/* object page of start (file and shmem kinds) */
};

struct sh_mm {
	unsigned int id;
	struct sh_map *map;	/* sorted by start, never overlapping */
	size_t nr, cap;
};

struct sh_file {
	unsigned int id;
	uint64_t fill;
	bool seq;
};

struct mmsim_shadow {
	struct sh_mm *mm;	/* sorted by id */
	size_t nr_mm, cap_mm;
	struct sh_file *file;	/* sorted by id */
	size_t nr_file, cap_file;
	unsigned int next_shmem;
	struct sh_ent *t;	/* hash table, cap a power of two */
	size_t t_nr, t_cap;
};

/* what a lookup resolved addr to */
struct sh_where {
	const struct sh_map *map;
	enum sh_tag tag;	/* where a written value is kept */
	uint32_t a;
	uint64_t b;
};

static void *sh_alloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	/* host allocation failure is not a simulated event */
	if (!p)
		abort();
	return p;
}

static void *sh_grow(void *p, size_t *cap, size_t size)
{
	size_t ncap = *cap ? 2 * *cap : 8;

	p = realloc(p, ncap * size);
	if (!p)
		abort();
	*cap = ncap;
	return p;
}

/* ---- the value hash -------------------------------------------------------------- */
static uint64_t sh_hash(unsigned int tag, uint32_t a, uint64_t b)
{
	/* splitmix64 finaliser over the key: deterministic, no pointers */
	uint64_t x = b * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)a << 8 | tag);

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static struct sh_ent *sh_slot(struct sh_ent *t, size_t cap, unsigned int tag, uint32_t a,
			      uint64_t b)
{
	size_t i = (size_t)sh_hash(tag, a, b) & (cap - 1);

	while (t[i].tag != SH_EMPTY && !(t[i].tag == tag && t[i].a == a && t[i].b == b))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

static const struct sh_ent *sh_find(const struct mmsim_shadow *sh, unsigned int tag, uint32_t a,
				    uint64_t b)
{
	const struct sh_ent *e;

	if (!sh->t_cap)
		return NULL;
	e = sh_slot(sh->t, sh->t_cap, tag, a, b);
	return e->tag == SH_EMPTY ? NULL : e;
}

static void sh_rehash(struct mmsim_shadow *sh, size_t cap)
{
	struct sh_ent *t = sh_alloc(cap, sizeof(*t));

	for (size_t i = 0; i < sh->t_cap; i++)
		if (sh->t[i].tag != SH_EMPTY)
			*sh_slot(t, cap, sh->t[i].tag, sh->t[i].a, sh->t[i].b) = sh->t[i];
	free(sh->t);
	sh->t = t;
	sh->t_cap = cap;
}

/* the entry for the key, created (value 0, no flags) if absent */
static struct sh_ent *sh_get(struct mmsim_shadow *sh, unsigned int tag, uint32_t a, uint64_t b)
{
	struct sh_ent *e;

	if (2 * (sh->t_nr + 1) > sh->t_cap)
		sh_rehash(sh, sh->t_cap ? 2 * sh->t_cap : 64);
	e = sh_slot(sh->t, sh->t_cap, tag, a, b);
	if (e->tag == SH_EMPTY) {
		e->tag = (uint8_t)tag;
		e->a = a;
		e->b = b;
		e->value = 0;
		e->flags = 0;
		sh->t_nr++;
	}
	return e;
}

/* drop the private entries of mm for pages [first, end) (a whole rebuild) */
static void sh_drop_private(struct mmsim_shadow *sh, unsigned int mm, uint64_t first, uint64_t end)
{
	size_t kept = 0;

	for (size_t i = 0; i < sh->t_cap; i++) {
		struct sh_ent *e = &sh->t[i];

		if (e->tag == SH_PRIVATE && e->a == mm && e->b >= first && e->b < end)
			e->tag = SH_EMPTY;
		else if (e->tag != SH_EMPTY)
			kept++;
	}
	if (kept == sh->t_nr)
		return;
	sh->t_nr = kept;
	/* linear probing: re-place the survivors so no chain has a hole */
	sh_rehash(sh, sh->t_cap);
}

/* ---- mms and their mapping records ------------------------------------------------- */
static size_t sh_mm_pos(const struct mmsim_shadow *sh, unsigned int id)
{
	size_t lo = 0, hi = sh->nr_mm;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sh->mm[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct sh_mm *sh_mm_find(const struct mmsim_shadow *sh, unsigned int id)
{
	size_t i = sh_mm_pos(sh, id);

	return i < sh->nr_mm && sh->mm[i].id == id ? &sh->mm[i] : NULL;
}

static struct sh_mm *sh_mm_get(struct mmsim_shadow *sh, unsigned int id)
{
	size_t i = sh_mm_pos(sh, id);

	if (i < sh->nr_mm && sh->mm[i].id == id)
		return &sh->mm[i];
	if (sh->nr_mm == sh->cap_mm)
		sh->mm = sh_grow(sh->mm, &sh->cap_mm, sizeof(*sh->mm));
	memmove(&sh->mm[i + 1], &sh->mm[i], (sh->nr_mm - i) * sizeof(*sh->mm));
	sh->nr_mm++;
	memset(&sh->mm[i], 0, sizeof(sh->mm[i]));
	sh->mm[i].id = id;
	return &sh->mm[i];
}

/* index of the first record with end > addr */
static size_t sh_map_pos(const struct sh_mm *m, unsigned long addr)
{
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->map[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct sh_map *sh_map_find(const struct sh_mm *m, unsigned long addr)
{
	size_t i = sh_map_pos(m, addr);

	return i < m->nr && m->map[i].start <= addr ? &m->map[i] : NULL;
}

static void sh_map_insert(struct sh_mm *m, size_t i, const struct sh_map *r)
{
	if (m->nr == m->cap)
		m->map = sh_grow(m->map, &m->cap, sizeof(*m->map));
	memmove(&m->map[i + 1], &m->map[i], (m->nr - i) * sizeof(*m->map));
	m->map[i] = *r;
	m->nr++;
}

/* make addr a record boundary: split the record that strictly contains it */
static void sh_map_split(struct sh_mm *m, unsigned long addr)
{
	size_t i = sh_map_pos(m, addr);
	struct sh_map tail;

	if (i >= m->nr || m->map[i].start >= addr)
		return;
	tail = m->map[i];
	tail.start = addr;
	tail.pgoff += (addr - m->map[i].start) >> SH_PAGE_SHIFT;
	m->map[i].end = addr;
	sh_map_insert(m, i + 1, &tail);
}

/* records [*first, *last) now exactly cover the mapped parts of [start, end) */
static void sh_map_range(struct sh_mm *m, unsigned long start, unsigned long end, size_t *first,
			 size_t *last)
{
	sh_map_split(m, start);
	sh_map_split(m, end);
	*first = sh_map_pos(m, start);
	*last = sh_map_pos(m, end);
}

static bool sh_range(unsigned long start, unsigned long len, unsigned long *end)
{
	if (start & (SH_PAGE_SIZE - 1))
		return false;
	len = (len + SH_PAGE_SIZE - 1) & ~(SH_PAGE_SIZE - 1);
	*end = start + len;
	return *end >= start;
}

/* ---- value lookup ------------------------------------------------------------------- */
static int sh_where(const struct mmsim_shadow *sh, unsigned int mm, unsigned long addr,
		    struct sh_where *wh)
{
	const struct sh_mm *m = sh_mm_find(sh, mm);
	const struct sh_map *r = m ? sh_map_find(m, addr) : NULL;

	if (!r)
		return -ENOENT;
	wh->map = r;
	switch (r->kind) {
	case MMSIM_SHADOW_PRIVATE_ANON:
	case MMSIM_SHADOW_PRIVATE_FILE:
		wh->tag = SH_PRIVATE;
		wh->a = mm;
		wh->b = addr >> SH_PAGE_SHIFT;
		break;
	case MMSIM_SHADOW_SHARED_ANON:
	case MMSIM_SHADOW_SHARED_FILE:
		wh->tag = r->kind == MMSIM_SHADOW_SHARED_ANON ? SH_SHMEM : SH_FILE;
		wh->a = r->obj;
		wh->b = r->pgoff + ((addr - r->start) >> SH_PAGE_SHIFT);
		break;
	}
	return 0;
}

/* a file page's value: written through a shared mapping, else the fill rule */
static uint64_t sh_file_value(const struct mmsim_shadow *sh, unsigned int id, uint64_t index,
			      unsigned int *flags)
{
	const struct sh_ent *e = sh_find(sh, SH_FILE, id, index);
	size_t lo = 0, hi = sh->nr_file;

	if (e) {
		*flags = e->flags;
		return e->value;
	}
	*flags = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sh->file[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a file the shadow was not told about reads 0 */
	if (lo == sh->nr_file || sh->file[lo].id != id)
		return 0;
	return sh->file[lo].fill + (sh->file[lo].seq ? index : 0);
}

static uint64_t sh_value(const struct mmsim_shadow *sh, const struct sh_where *wh,
			 unsigned int *flags)
{
	const struct sh_map *r = wh->map;
	const struct sh_ent *e = sh_find(sh, wh->tag, wh->a, wh->b);

	if (e) {
		*flags = e->flags;
		return e->value;
	}
	*flags = 0;
	switch (r->kind) {
	case MMSIM_SHADOW_PRIVATE_FILE:
		/* not COWed yet: the file page shows through */
		return sh_file_value(sh, r->obj,
				     r->pgoff + ((wh->b << SH_PAGE_SHIFT) - r->start) / SH_PAGE_SIZE,
				     flags);
	case MMSIM_SHADOW_SHARED_FILE:
		return sh_file_value(sh, r->obj, wh->b, flags);
	default:
		return 0;	/* anon and shmem pages never written read 0 */
	}
}

/* ---- the event API ------------------------------------------------------------------ */
struct mmsim_shadow *mmsim_check_shadow(struct mmsim_check_state *st)
{
	if (!st->shadow) {
		st->shadow = sh_alloc(1, sizeof(*st->shadow));
		st->shadow->next_shmem = SH_SHMEM_AUTO;
	}
	return st->shadow;
}

void mmsim_shadow_destroy(struct mmsim_shadow *sh)
{
	if (!sh)
		return;
	for (size_t i = 0; i < sh->nr_mm; i++)
		free(sh->mm[i].map);
	free(sh->mm);
	free(sh->file);
	free(sh->t);
	free(sh);
}

int mmsim_shadow_file(struct mmsim_shadow *sh, unsigned int file_id, uint64_t fill, bool seq)
{
	size_t lo = 0, hi = sh->nr_file;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sh->file[mid].id < file_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == sh->nr_file || sh->file[lo].id != file_id) {
		if (sh->nr_file == sh->cap_file)
			sh->file = sh_grow(sh->file, &sh->cap_file, sizeof(*sh->file));
		memmove(&sh->file[lo + 1], &sh->file[lo], (sh->nr_file - lo) * sizeof(*sh->file));
		sh->nr_file++;
	}
	sh->file[lo].id = file_id;
	sh->file[lo].fill = fill;
	sh->file[lo].seq = seq;
	return 0;
}

int mmsim_shadow_unmap(struct mmsim_shadow *sh, unsigned int mm, unsigned long start,
		       unsigned long len)
{
	struct sh_mm *m = sh_mm_find(sh, mm);
	unsigned long end;
	size_t first, last;

	if (!sh_range(start, len, &end))
		return -EINVAL;
	if (!m)
		return -ENOENT;
	sh_drop_private(sh, mm, start >> SH_PAGE_SHIFT, end >> SH_PAGE_SHIFT);
	sh_map_range(m, start, end, &first, &last);
	if (first == last)
		return 0;
	memmove(&m->map[first], &m->map[last], (m->nr - last) * sizeof(*m->map));
	m->nr -= last - first;
	return 0;
}

int mmsim_shadow_map(struct mmsim_shadow *sh, unsigned int mm, unsigned long start,
		     unsigned long len, enum mmsim_shadow_kind kind, unsigned int obj,
		     uint64_t pgoff)
{
	struct sh_map r = { .start = start, .kind = kind, .obj = obj, .pgoff = pgoff };
	struct sh_mm *m;

	if (!sh_range(start, len, &r.end) || r.end == start || kind > MMSIM_SHADOW_PRIVATE_FILE)
		return -EINVAL;
	if (kind == MMSIM_SHADOW_SHARED_ANON && !obj)
		r.obj = sh->next_shmem++;
	/* anon mappings: the shmem object starts at the mapping, as do_mmap() sets pgoff 0 */
	if (kind == MMSIM_SHADOW_PRIVATE_ANON || kind == MMSIM_SHADOW_SHARED_ANON)
		r.pgoff = 0;
	/* MAP_FIXED semantics: whatever was there goes first */
	m = sh_mm_get(sh, mm);
	mmsim_shadow_unmap(sh, mm, start, len);
	sh_map_insert(m, sh_map_pos(m, start), &r);
	return 0;
}

int mmsim_shadow_write(struct mmsim_shadow *sh, unsigned int mm, unsigned long addr,
		       uint64_t value)
{
	struct sh_where wh;
	struct sh_ent *e;
	int ret = sh_where(sh, mm, addr & ~(SH_PAGE_SIZE - 1), &wh);

	if (ret)
		return ret;
	e = sh_get(sh, wh.tag, wh.a, wh.b);
	e->value = value;
	/* a store makes a MADV_FREE page dirty again; a poisoned page stays lost */
	e->flags &= MMSIM_SHADOW_NO_VALUE;
	return 0;
}

int mmsim_shadow_madvise(struct mmsim_shadow *sh, unsigned int mm, unsigned long start,
			 unsigned long len, enum mmsim_shadow_advice advice)
{
	struct sh_mm *m = sh_mm_find(sh, mm);
	unsigned long end;
	size_t first, last;

	if (!sh_range(start, len, &end))
		return -EINVAL;
	if (!m)
		return -ENOENT;
	switch (advice) {
	case MMSIM_SHADOW_DONTNEED:
		/*
		 * zap_page_range_single(): private pages go; anon reads 0 again,
		 * private file reads the file; shared objects keep their data.
		 */
		sh_drop_private(sh, mm, start >> SH_PAGE_SHIFT, end >> SH_PAGE_SHIFT);
		return 0;
	case MMSIM_SHADOW_FREE:
		/* madvise_free_pte_range(): private anon only (the kernel refuses the rest) */
		for (size_t i = sh_map_pos(m, start); i < m->nr && m->map[i].start < end; i++) {
			const struct sh_map *r = &m->map[i];
			unsigned long s = r->start > start ? r->start : start;
			unsigned long e = r->end < end ? r->end : end;

			if (r->kind != MMSIM_SHADOW_PRIVATE_ANON)
				continue;
			for (unsigned long a = s; a < e; a += SH_PAGE_SIZE) {
				struct sh_ent *x;

				if (!sh_find(sh, SH_PRIVATE, mm, a >> SH_PAGE_SHIFT))
					continue;	/* never written: reads 0 anyway */
				x = sh_get(sh, SH_PRIVATE, mm, a >> SH_PAGE_SHIFT);
				x->flags |= MMSIM_SHADOW_MAYBE_ZERO;
			}
		}
		return 0;
	case MMSIM_SHADOW_DONTFORK:
	case MMSIM_SHADOW_DOFORK:
	case MMSIM_SHADOW_WIPEONFORK:
	case MMSIM_SHADOW_KEEPONFORK:
		sh_map_range(m, start, end, &first, &last);
		for (size_t i = first; i < last; i++) {
			unsigned int *f = &m->map[i].flags;

			if (advice == MMSIM_SHADOW_DONTFORK)
				*f |= SH_DONTFORK;
			else if (advice == MMSIM_SHADOW_DOFORK)
				*f &= ~SH_DONTFORK;
			else if (advice == MMSIM_SHADOW_WIPEONFORK)
				*f |= SH_WIPEONFORK;
			else
				*f &= ~SH_WIPEONFORK;
		}
		return 0;
	}
	return -EINVAL;
}

/*
 * dup_mmap(): the child gets every mapping but MADV_DONTFORK ones, and a copy
 * of the parent's private values (the COW-shared pages) except in
 * MADV_WIPEONFORK mappings, which it reads as 0. Shared mappings keep
 * naming the same object.
 */
int mmsim_shadow_fork(struct mmsim_shadow *sh, unsigned int parent, unsigned int child)
{
	struct sh_mm *p, *c;
	struct sh_ent *copy;
	size_t nr = 0;

	if (parent == child || !sh_mm_find(sh, parent))
		return -ENOENT;
	mmsim_shadow_exit(sh, child);
	c = sh_mm_get(sh, child);
	p = sh_mm_find(sh, parent);	/* sh_mm_get() may have moved it */
	for (size_t i = 0; i < p->nr; i++)
		if (!(p->map[i].flags & SH_DONTFORK))
			sh_map_insert(c, c->nr, &p->map[i]);

	copy = sh_alloc(sh->t_nr, sizeof(*copy));
	for (size_t i = 0; i < sh->t_cap; i++) {
		const struct sh_ent *e = &sh->t[i];
		const struct sh_map *r;

		if (e->tag != SH_PRIVATE || e->a != parent)
			continue;
		r = sh_map_find(c, (unsigned long)(e->b << SH_PAGE_SHIFT));
		if (!r || (r->flags & SH_WIPEONFORK))
			continue;
		copy[nr] = *e;
		copy[nr++].a = child;
	}
	for (size_t i = 0; i < nr; i++) {
		struct sh_ent *e = sh_get(sh, SH_PRIVATE, child, copy[i].b);

		e->value = copy[i].value;
		e->flags = copy[i].flags;
	}
	free(copy);
	return 0;
}

int mmsim_shadow_exit(struct mmsim_shadow *sh, unsigned int mm)
{
	size_t i = sh_mm_pos(sh, mm);

	if (i == sh->nr_mm || sh->mm[i].id != mm)
		return -ENOENT;
	sh_drop_private(sh, mm, 0, UINT64_MAX);
	free(sh->mm[i].map);
	memmove(&sh->mm[i], &sh->mm[i + 1], (sh->nr_mm - i - 1) * sizeof(*sh->mm));
	sh->nr_mm--;
	return 0;
}

int mmsim_shadow_poison(struct mmsim_shadow *sh, unsigned int mm, unsigned long addr)
{
	struct sh_where wh;
	unsigned int flags;
	uint64_t v;
	struct sh_ent *e;
	int ret = sh_where(sh, mm, addr & ~(SH_PAGE_SIZE - 1), &wh);

	if (ret)
		return ret;
	v = sh_value(sh, &wh, &flags);
	e = sh_get(sh, wh.tag, wh.a, wh.b);
	e->value = v;
	e->flags = MMSIM_SHADOW_NO_VALUE;
	return 0;
}

int mmsim_shadow_expect(const struct mmsim_shadow *sh, unsigned int mm, unsigned long addr,
			uint64_t *value, unsigned int *flags)
{
	struct sh_where wh;
	unsigned int f;
	int ret = sh_where(sh, mm, addr & ~(SH_PAGE_SIZE - 1), &wh);

	if (ret)
		return ret;
	*value = sh_value(sh, &wh, &f);
	if (flags)
		*flags = f;
	return 0;
}

/* ---- the "contents" invariant ---------------------------------------------------------- */
struct sh_ck {
	struct mmsim *w;
	const struct mmsim_check_state *st;
	struct mmsim_check_report *rep;
	const struct mmsim_shadow *sh;
	unsigned long nr;
};

static void sh_describe(const struct sh_where *wh, unsigned int flags, char *buf, size_t len)
{
	const struct sh_map *r = wh->map;

	if (flags & MMSIM_SHADOW_MAYBE_ZERO) {
		snprintf(buf, len, "MADV_FREE page: 0 or the old value");
		return;
	}
	switch (r->kind) {
	case MMSIM_SHADOW_PRIVATE_ANON:
		snprintf(buf, len, "private anon page");
		return;
	case MMSIM_SHADOW_PRIVATE_FILE:
		snprintf(buf, len, "private mapping of file %u index %llu", r->obj,
			 (unsigned long long)(r->pgoff +
					      (((wh->b << SH_PAGE_SHIFT) - r->start) >> SH_PAGE_SHIFT)));
		return;
	case MMSIM_SHADOW_SHARED_ANON:
		snprintf(buf, len, "shmem %u index %llu", r->obj, (unsigned long long)wh->b);
		return;
	case MMSIM_SHADOW_SHARED_FILE:
		snprintf(buf, len, "shared file %u index %llu", r->obj, (unsigned long long)wh->b);
		return;
	}
}

__attribute__((format(printf, 5, 6)))
static void sh_fail(struct sh_ck *c, long long expected, long long actual, const char *detail,
		    const char *objfmt, ...)
{
	struct mmsim_check_violation v;
	va_list ap;

	memset(&v, 0, sizeof(v));
	snprintf(v.name, sizeof(v.name), "contents");
	va_start(ap, objfmt);
	vsnprintf(v.object, sizeof(v.object), objfmt, ap);
	va_end(ap);
	if (mmsim_check_is_suspended(c->st, v.name, v.object)) {
		if (c->rep)
			c->rep->nr_suspended++;
		return;
	}
	snprintf(v.detail, sizeof(v.detail), "%s", detail);
	v.expected = expected;
	v.actual = actual;
	c->nr++;
	if (!c->rep)
		return;
	c->rep->nr_violations++;
	if (c->rep->nr_kept < MMSIM_CHECK_KEEP)
		c->rep->v[c->rep->nr_kept++] = v;
}

static const struct page *sh_page(const struct mmsim *w, uint64_t pfn)
{
	uint64_t b = pfn >> w->block_shift;
	const struct memmap_hdr *hdr;

	if (b >= w->nr_blocks || !(hdr = w->blocks[b].memmap))
		return NULL;
	return &hdr->pages[pfn & (w->block_pages - 1)];
}

/* one present user page: its content against the shadow */
static void sh_check_page(struct sh_ck *c, const struct mm_struct *mm, unsigned long addr,
			  uint64_t pfn)
{
	const struct page *page = sh_page(c->w, pfn);
	char detail[MMSIM_CHECK_DETAIL_LEN];
	struct sh_where wh;
	unsigned int flags;
	uint64_t want;

	if (!page)
		return;		/* pte.pfn reports a pfn without a struct page */
	if (sh_where(c->sh, mm->id, addr, &wh)) {
		sh_fail(c, 0, (long long)page->content, "page mapped where the shadow has no mapping",
			"mm %u addr %#lx", mm->id, addr);
		return;
	}
	want = sh_value(c->sh, &wh, &flags);
	if (flags & MMSIM_SHADOW_NO_VALUE)
		return;
	if (page->content == want || ((flags & MMSIM_SHADOW_MAYBE_ZERO) && !page->content))
		return;
	sh_describe(&wh, flags, detail, sizeof(detail));
	sh_fail(c, (long long)want, (long long)page->content, detail, "mm %u addr %#lx", mm->id,
		addr);
}

/* the table an upper-level entry names, or NULL (check.c reports bad tables) */
static const struct ptdesc *sh_table(const struct mmsim *w, uint64_t val, unsigned int level)
{
	struct mmsim_check_entry e;
	const struct ptdesc *pt;

	mmsim_check_decode_pmd(w->series, val, &e);
	if (e.kind != MMSIM_CHECK_TABLE || !e.table || e.table >= w->nr_ptables)
		return NULL;
	pt = w->ptables[e.table];
	return pt && pt->level == level ? pt : NULL;
}

static void sh_check_mm(struct sh_ck *c, const struct mm_struct *mm)
{
	const struct mmsim *w = c->w;
	const struct ptdesc *pgd = mm->pgd;

	if (!pgd || pgd->level != 4)
		return;		/* exited: no tables left */
	for (unsigned int i = 0; i < SH_PTRS; i++) {
		unsigned long a4 = (unsigned long)i << 39;
		const struct ptdesc *pud;

		if (!pgd->e[i] || !(pud = sh_table(w, pgd->e[i], 3)))
			continue;
		for (unsigned int j = 0; j < SH_PTRS; j++) {
			unsigned long a3 = a4 | (unsigned long)j << 30;
			const struct ptdesc *pmd;

			if (!pud->e[j] || !(pmd = sh_table(w, pud->e[j], 2)))
				continue;
			for (unsigned int k = 0; k < SH_PTRS; k++) {
				unsigned long a2 = a3 | (unsigned long)k << 21;
				struct mmsim_check_entry e;
				const struct ptdesc *pte;

				if (!pmd->e[k])
					continue;
				mmsim_check_decode_pmd(w->series, pmd->e[k], &e);
				if (e.kind == MMSIM_CHECK_PRESENT) {
					for (unsigned int n = 0; n < SH_PMD_NR; n++)
						sh_check_page(c, mm, a2 + n * SH_PAGE_SIZE, e.pfn + n);
					continue;
				}
				if (e.kind != MMSIM_CHECK_TABLE || !(pte = sh_table(w, pmd->e[k], 1)))
					continue;
				for (unsigned int l = 0; l < SH_PTRS; l++) {
					if (!pte->e[l])
						continue;
					mmsim_check_decode_pte(w->series, pte->e[l], &e);
					/* not-present entries are not checked by this invariant yet */
					if (e.kind == MMSIM_CHECK_PRESENT)
						sh_check_page(c, mm, a2 | (unsigned long)l << SH_PAGE_SHIFT,
							      e.pfn);
				}
			}
		}
	}
}

int mmsim_check_contents(struct mmsim *w, const struct mmsim_check_state *st,
			 struct mmsim_check_report *rep)
{
	struct sh_ck c = { .w = w, .st = st, .rep = rep, .sh = st ? st->shadow : NULL };
	struct list_head *pos;
	unsigned long n = 0;

	if (w->dead)
		return -EIO;
	if (!c.sh)
		return 0;
	list_for_each(pos, &w->mm_list) {
		const struct mm_struct *mm = list_entry(pos, struct mm_struct, mm_list);

		if (++n > SH_LIST_LIMIT)
			break;
		/* an mm the shadow never heard of has no mapping there: a missed event */
		sh_check_mm(&c, mm);
	}
	return (int)(c.nr > INT32_MAX ? INT32_MAX : c.nr);
}
