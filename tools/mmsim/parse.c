// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser of the scenario language (DESIGN.md section 8). Every rule that can
 * be decided from the text alone is enforced here, so that a script that
 * parses only fails at run time for reasons the model decides.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "script.h"

#define MAX_MEMORY	(64ULL << 30)
#define MIN_BLOCK	(2ULL << 20)

/* What the previous non-blank line was, for the placement of expect lines. */
enum prev_line { PREV_NONE, PREV_CONFIG, PREV_CMD, PREV_EXPECT, PREV_LOOSE_EXPECT };

struct parser {
	struct mms_script *s;
	const struct mms_parse_opts *opts;
	const struct mms_line *ln;
	size_t pos;			/* next token of ln */
	char *err;
	size_t errlen;
	uint32_t first_other;		/* line of the first non-config command */
	uint32_t config_line[MMS_OP_CHECK + 1];
	enum prev_line prev;
	bool group_violation;		/* the current expect group has one */
	bool nested;			/* parsing inject's do COMMAND */
};

/* ---------------------------------------------------------------- errors */

__attribute__((format(printf, 3, 4)))
static int perr(struct parser *p, uint32_t col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mms_lex_error(p->err, p->errlen, p->s->filename, p->ln->no, col, "%s",
		      msg);
	return -1;
}

/* Tokens are echoed at most this long in messages. */
#define TOKFMT "%.*s%s"
#define TOKARG(t) (int)((t)->len > 40 ? 40 : (t)->len), (t)->p, \
		  ((t)->len > 40 ? "..." : "")

/* ---------------------------------------------------------------- storage */

static int grow(struct parser *p, void **arr, size_t *cap, size_t nr,
		size_t elem)
{
	size_t ncap;
	void *n;

	if (nr < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	n = realloc(*arr, ncap * elem);
	if (!n)
		return perr(p, 1, "out of memory");
	*arr = n;
	*cap = ncap;
	return 0;
}

#define GROW(p, arr, cap, nr) \
	grow(p, (void **)&(arr), &(cap), (nr), sizeof(*(arr)))

static int pool_add(struct parser *p, const char *str, size_t len,
		    uint32_t *off)
{
	struct mms_script *s = p->s;

	while (s->pool_len + len + 1 > s->pool_cap) {
		size_t ncap = s->pool_cap ? s->pool_cap * 2 : 4096;
		char *n = realloc(s->pool, ncap);

		if (!n)
			return perr(p, 1, "out of memory");
		s->pool = n;
		s->pool_cap = ncap;
	}
	memcpy(s->pool + s->pool_len, str, len);
	s->pool[s->pool_len + len] = '\0';
	*off = (uint32_t)s->pool_len;
	s->pool_len += len + 1;
	return 0;
}

/* ---------------------------------------------------------------- tokens */

static bool teq(const struct mms_tok *t, const char *w)
{
	size_t n = strlen(w);

	return !t->string && t->len == n && !memcmp(t->p, w, n);
}

static const struct mms_tok *peek(struct parser *p)
{
	return p->pos < p->ln->ntok ? &p->ln->toks[p->pos] : NULL;
}

static const struct mms_tok *next(struct parser *p)
{
	const struct mms_tok *t = peek(p);

	if (t)
		p->pos++;
	return t;
}

/* The next token, or an error naming what was expected at the line's end. */
static const struct mms_tok *need(struct parser *p, const char *what)
{
	const struct mms_tok *t = next(p);

	if (!t)
		perr(p, p->ln->end_col, "missing operand: expected %s", what);
	else if (t->string) {
		perr(p, t->col, "unexpected string: expected %s", what);
		t = NULL;
	}
	return t;
}

static int end(struct parser *p)
{
	const struct mms_tok *t = peek(p);

	if (!t)
		return 0;
	return perr(p, t->col, "unexpected '" TOKFMT "' after the command",
		    TOKARG(t));
}

/*
 * Word tables are arrays of char arrays ending in "": unlike tables of
 * pointers they need no relocation, so they stay in .rodata even in PIE.
 */
#define WORD 24
typedef char word_t[WORD];

/* Index of @t in the ""-terminated @words, or -1. */
static int lookup(const struct mms_tok *t, const word_t *words)
{
	int i;

	for (i = 0; words[i][0]; i++)
		if (teq(t, words[i]))
			return i;
	return -1;
}

static int need_word(struct parser *p, const char *what, const word_t *words,
		     uint32_t *out)
{
	const struct mms_tok *t = need(p, what);
	int i;

	if (!t)
		return -1;
	i = lookup(t, words);
	if (i < 0)
		return perr(p, t->col, "unknown %s '" TOKFMT "'", what, TOKARG(t));
	*out = (uint32_t)i;
	return 0;
}

/* "key=value": the value part of @t if its key is @key, else NULL */
static bool kv_split(const struct mms_tok *t, const char *key,
		     struct mms_tok *val)
{
	size_t n = strlen(key);

	if (t->string || t->len <= n || memcmp(t->p, key, n) || t->p[n] != '=')
		return false;
	val->p = t->p + n + 1;
	val->len = t->len - (uint32_t)n - 1;
	val->col = t->col + (uint32_t)n + 1;
	val->string = false;
	return true;
}

/* ---------------------------------------------------------------- numbers */

static int digit(char c, unsigned base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return (unsigned)d < base ? d : -1;
}

/* Parse the digits of @t[0..len): decimal or 0x hex, overflow checked. */
static int number(struct parser *p, const struct mms_tok *t, uint32_t len,
		  uint64_t *out)
{
	unsigned base = 10;
	uint32_t i = 0;
	uint64_t v = 0;

	if (len > 2 && t->p[0] == '0' && (t->p[1] == 'x' || t->p[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= len)
		return perr(p, t->col, "invalid number '" TOKFMT "'", TOKARG(t));
	for (; i < len; i++) {
		int d = digit(t->p[i], base);

		if (d < 0)
			return perr(p, t->col + i, "invalid number '" TOKFMT "'",
				    TOKARG(t));
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return perr(p, t->col, "number '" TOKFMT
				    "' overflows 64 bits", TOKARG(t));
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int num_tok(struct parser *p, const struct mms_tok *t, uint64_t *out)
{
	return number(p, t, t->len, out);
}

static int need_num(struct parser *p, const char *what, uint64_t *out)
{
	const struct mms_tok *t = need(p, what);

	return t ? num_tok(p, t, out) : -1;
}

static int size_tok(struct parser *p, const struct mms_tok *t, uint64_t *out)
{
	uint32_t len = t->len;
	unsigned shift = 0;
	uint64_t v;

	/* K/M/G/T are not hex digits, so a suffix is unambiguous on 0x too */
	if (len > 1) {
		switch (t->p[len - 1]) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		}
	}
	if (shift)
		len--;
	if (number(p, t, len, &v))
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return perr(p, t->col, "size '" TOKFMT "' overflows 64 bits",
			    TOKARG(t));
	*out = v << shift;
	return 0;
}

/* A page-granular SIZE: a non-zero multiple of 4 KiB. */
static int pgsize_tok(struct parser *p, const struct mms_tok *t, uint64_t *out)
{
	if (size_tok(p, t, out))
		return -1;
	if (!*out || *out % MMS_PAGE_SIZE)
		return perr(p, t->col, "size '" TOKFMT
			    "' is not a non-zero multiple of 4K", TOKARG(t));
	return 0;
}

/* A byte count that may be zero but must be page-granular (expect rss...). */
static int pgbytes_tok(struct parser *p, const struct mms_tok *t, uint64_t *out)
{
	if (size_tok(p, t, out))
		return -1;
	if (*out % MMS_PAGE_SIZE)
		return perr(p, t->col, "size '" TOKFMT
			    "' is not a multiple of 4K", TOKARG(t));
	return 0;
}

static int need_pgsize(struct parser *p, const char *what, uint64_t *out)
{
	const struct mms_tok *t = need(p, what);

	return t ? pgsize_tok(p, t, out) : -1;
}

static int addr_tok(struct parser *p, const struct mms_tok *t, uint64_t *out)
{
	if (num_tok(p, t, out))
		return -1;
	if (*out % MMS_PAGE_SIZE)
		return perr(p, t->col, "address '" TOKFMT "' is not page-aligned",
			    TOKARG(t));
	if (*out >= MMS_USER_END)
		return perr(p, t->col, "address '" TOKFMT
			    "' is not below 0x800000000000", TOKARG(t));
	return 0;
}

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* V [seq], V optional when @optional */
static int value(struct parser *p, struct mms_cmd *c, bool optional)
{
	const struct mms_tok *t;

	if (optional && !peek(p))
		return 0;
	t = need(p, "a value V");
	if (!t || num_tok(p, t, &c->value))
		return -1;
	c->has_value = true;
	t = peek(p);
	if (t && teq(t, "seq")) {
		c->seq = true;
		p->pos++;
	}
	return 0;
}

/* ---------------------------------------------------------------- names */

enum gkind { G_NONE, G_PROC, G_DEV, G_FILE };
static const word_t gkind_name[] = { "name", "process", "device", "file", "" };

/* Words a name may not take: a device name starts a line like a command. */
static const word_t reserved[] = {
	"series", "memory", "swap", "hugetlb", "check", "thp", "process",
	"file", "mmap", "munmap", "mprotect", "madvise", "write", "read",
	"fork", "exit", "clear-refs", "lock", "unlock", "inject", "device",
	"reclaim", "migrate", "compact", "offline", "online", "hwpoison",
	"split", "ksm", "gup", "unpin", "show", "expect", "all", "do", ""
};

static bool name_eq(const char *name, const struct mms_tok *t)
{
	return strlen(name) == t->len && !memcmp(name, t->p, t->len);
}

static enum gkind find_global(struct parser *p, const struct mms_tok *t,
			      int32_t *id)
{
	const struct mms_script *s = p->s;
	size_t i;

	for (i = 0; i < s->nr_procs; i++)
		if (name_eq(s->procs[i].name, t)) {
			*id = (int32_t)i;
			return G_PROC;
		}
	for (i = 0; i < s->nr_devs; i++)
		if (name_eq(s->devs[i].name, t)) {
			*id = (int32_t)i;
			return G_DEV;
		}
	for (i = 0; i < s->nr_files; i++)
		if (name_eq(s->files[i].name, t)) {
			*id = (int32_t)i;
			return G_FILE;
		}
	return G_NONE;
}

static uint32_t global_line(struct parser *p, enum gkind k, int32_t id)
{
	switch (k) {
	case G_PROC: return p->s->procs[id].line;
	case G_DEV: return p->s->devs[id].line;
	case G_FILE: return p->s->files[id].line;
	default: return 0;
	}
}

static int check_ident(struct parser *p, const struct mms_tok *t)
{
	uint32_t i;

	if (t->len > MMS_MAX_NAME)
		return perr(p, t->col, "name '" TOKFMT "' is longer than %d bytes",
			    TOKARG(t), MMS_MAX_NAME);
	for (i = 0; i < t->len; i++) {
		char c = t->p[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  c == '_' || (i && ((c >= '0' && c <= '9') || c == '-'));

		if (!ok)
			return perr(p, t->col + i, "invalid name '" TOKFMT
				    "' (letters, digits, _ and -, not starting with a digit or -)",
				    TOKARG(t));
	}
	return 0;
}

/* A new global name: valid, not reserved, not yet declared. */
static int declare_global(struct parser *p, const struct mms_tok *t)
{
	enum gkind k;
	int32_t id;

	if (check_ident(p, t))
		return -1;
	if (lookup(t, reserved) >= 0)
		return perr(p, t->col, "'" TOKFMT "' is a reserved word",
			    TOKARG(t));
	k = find_global(p, t, &id);
	if (k != G_NONE)
		return perr(p, t->col, "'" TOKFMT "' is already declared (%s, line %u)",
			    TOKARG(t), gkind_name[k], global_line(p, k, id));
	return 0;
}

static int use_global(struct parser *p, enum gkind want, const char *what,
		      int32_t *id)
{
	const struct mms_tok *t = need(p, what);
	enum gkind k;

	if (!t)
		return -1;
	k = find_global(p, t, id);
	if (k == want)
		return 0;
	if (k == G_NONE)
		return perr(p, t->col, "unknown %s '" TOKFMT "'", gkind_name[want],
			    TOKARG(t));
	return perr(p, t->col, "'" TOKFMT "' is a %s, not a %s", TOKARG(t),
		    gkind_name[k], gkind_name[want]);
}

static int use_proc(struct parser *p, int32_t *id)
{
	return use_global(p, G_PROC, "a process", id);
}

static int32_t find_region(const struct mms_script *s, int32_t proc,
			   const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->nr_regions; i++)
		if (s->regions[i].proc == proc &&
		    strlen(s->regions[i].name) == len &&
		    !memcmp(s->regions[i].name, name, len))
			return (int32_t)i;
	return -1;
}

static int add_region(struct parser *p, const struct mms_region *r,
		      uint32_t col, int32_t *id)
{
	struct mms_script *s = p->s;

	if (s->nr_regions >= MMS_MAX_SYMBOLS)
		return perr(p, col, "too many regions (more than %d)",
			    MMS_MAX_SYMBOLS);
	if (GROW(p, s->regions, s->cap_regions, s->nr_regions))
		return -1;
	s->regions[s->nr_regions] = *r;
	*id = (int32_t)s->nr_regions++;
	return 0;
}

/* ---------------------------------------------------------------- ranges */

/* RANGE: name | name[i] | name[i:j] | name[i:] | name[:j], of process @proc */
static int range(struct parser *p, int32_t proc, struct mms_range *r)
{
	const struct mms_tok *t = need(p, "a RANGE");
	const struct mms_region *reg;
	struct mms_tok a = { 0 }, b = { 0 };
	const char *br, *colon;
	uint32_t nlen;
	uint64_t i = 0, j;
	int32_t id;

	if (!t)
		return -1;
	br = memchr(t->p, '[', t->len);
	nlen = br ? (uint32_t)(br - t->p) : t->len;
	id = find_region(p->s, proc, t->p, nlen);
	if (id < 0)
		return perr(p, t->col, "unknown region '%.*s' of process '%s'",
			    (int)(nlen > 40 ? 40 : nlen), t->p,
			    p->s->procs[proc].name);
	reg = &p->s->regions[id];
	r->region = (uint32_t)id;
	r->first = 0;
	r->end = reg->pages;
	r->form = MMS_RANGE_WHOLE;
	if (!br)
		return 0;
	if (t->p[t->len - 1] != ']' || t->len < nlen + 3)
		return perr(p, t->col, "malformed range '" TOKFMT
			    "' (name[i], name[i:j], name[i:] or name[:j])",
			    TOKARG(t));
	a.p = br + 1;
	a.col = t->col + nlen + 1;
	colon = memchr(a.p, ':', t->len - nlen - 2);
	a.len = colon ? (uint32_t)(colon - a.p) : t->len - nlen - 2;
	if (colon) {
		b.p = colon + 1;
		b.col = a.col + a.len + 1;
		b.len = t->len - nlen - 2 - a.len - 1;
	}
	if (!colon) {
		if (num_tok(p, &a, &i))
			return -1;
		if (i >= reg->pages)
			return perr(p, a.col, "page %llu is beyond the %llu pages of region '%s'",
				    (unsigned long long)i,
				    (unsigned long long)reg->pages, reg->name);
		r->form = MMS_RANGE_INDEX;
		r->first = i;
		r->end = i + 1;
		return 0;
	}
	if (!a.len && !b.len)
		return perr(p, t->col, "malformed range '" TOKFMT
			    "' (name[i], name[i:j], name[i:] or name[:j])",
			    TOKARG(t));
	if (a.len && num_tok(p, &a, &i))
		return -1;
	j = reg->pages;
	if (b.len && num_tok(p, &b, &j))
		return -1;
	r->form = !a.len ? MMS_RANGE_TO : !b.len ? MMS_RANGE_FROM :
		  MMS_RANGE_SLICE;
	if (b.len && j > reg->pages)
		return perr(p, b.col, "range end %llu exceeds the %llu pages of region '%s'",
			    (unsigned long long)j,
			    (unsigned long long)reg->pages, reg->name);
	if (i >= j)
		return perr(p, a.len ? a.col : b.col,
			    "empty range '" TOKFMT "' (needs i < j)", TOKARG(t));
	r->first = i;
	r->end = j;
	return 0;
}

static int page(struct parser *p, int32_t proc, struct mms_range *r)
{
	const struct mms_tok *t = peek(p);

	if (range(p, proc, r))
		return -1;
	if (r->end - r->first != 1)
		return perr(p, t->col, "'" TOKFMT "' is %llu pages, a PAGE operand must be one",
			    TOKARG(t), (unsigned long long)(r->end - r->first));
	return 0;
}

/* ---------------------------------------------------------------- commands */

static const word_t prot_words[] = { "rw", "r", "rx", "none", "" };
static const word_t thp_words[] = { "always", "madvise", "never", "inherit", "" };
static const word_t check_words[] = { "every", "end", "off", "" };
static const word_t advice_words[] = {
	"hugepage", "nohugepage", "dontneed", "pageout", "cold", "mergeable",
	"unmergeable", "dontfork", "dofork", "wipeonfork", "hwpoison", "free",
	"collapse", ""
};
static const word_t clear_words[] = { "soft-dirty", "all", "anon", "mapped", "" };
static const word_t show_words[] = {
	"pte", "folio", "rmap", "smaps", "device", "stats", "log", ""
};
static const word_t state_words[] = {
	"none", "present", "swap", "migration", "device-exclusive",
	"device-private", "hwpoison", "marker", ""
};
static const word_t access_words[] = { "none", "read", "write", "atomic", "" };
static const word_t folio_keys[] = {
	"mapcount", "page_mapcount", "entire_mapcount", "large_mapcount",
	"nr_pages_mapped", "entirely_mapped", "refcount", "pincount", "order",
	"anon", "anon_exclusive", "hwpoison", "ksm", "dirty", "lru", "active",
	"locked", "swapcache", "writeback", ""
};
static const word_t rss_keys[] = { "anon", "file", "shmem", "swap", "" };
static const word_t smaps_keys[] = { "rss", "swap", "" };
static const word_t stats_keys[] = {
	"anon", "file", "shmem", "swapcache", "swap", "free", "allocated",
	"bad_page", ""
};

static int p_series(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "all, legacy or a level 0..17");

	if (!t)
		return -1;
	if (teq(t, "all"))
		c->n = MMS_SERIES_ALL;
	else if (teq(t, "legacy"))
		c->n = 0;
	else if (num_tok(p, t, &c->n))
		return -1;
	else if (c->n > MMS_SERIES_ALL)
		return perr(p, t->col, "series level " TOKFMT " is out of range 0..17",
			    TOKARG(t));
	p->s->config.series = (uint32_t)c->n;
	return 0;
}

static int p_memory(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a SIZE"), *bt = NULL;
	struct mms_tok v;
	uint64_t block = p->s->config.block;

	if (!t || pgsize_tok(p, t, &c->size))
		return -1;
	if (c->size > MAX_MEMORY)
		return perr(p, t->col, "memory must be at most 64G");
	if ((bt = peek(p)) && kv_split(bt, "block", &v)) {
		p->pos++;
		if (size_tok(p, &v, &block))
			return -1;
		if (!pow2(block) || block < MIN_BLOCK)
			return perr(p, v.col, "block must be a power of two >= 2M");
	} else {
		bt = NULL;
	}
	if (c->size % block)
		return perr(p, bt ? v.col : t->col,
			    "memory must be a multiple of the block size (%lluM)",
			    (unsigned long long)(block >> 20));
	c->n = block;
	p->s->config.memory = c->size;
	p->s->config.block = block;
	return 0;
}

static int p_swap(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a SIZE");

	if (!t || pgsize_tok(p, t, &c->size))
		return -1;
	if (c->size > MAX_MEMORY)
		return perr(p, t->col, "swap must be at most 64G");
	p->s->config.swap = c->size;
	return 0;
}

static int p_hugetlb(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a number of 2M pages");

	if (!t || num_tok(p, t, &c->n))
		return -1;
	if (c->n > MAX_MEMORY / MMS_HUGE_SIZE)
		return perr(p, t->col, "hugetlb pages must be at most %llu (64G)",
			    (unsigned long long)(MAX_MEMORY / MMS_HUGE_SIZE));
	p->s->config.hugetlb = c->n;
	return 0;
}

static int p_check(struct parser *p, struct mms_cmd *c)
{
	if (need_word(p, "checker mode", check_words, &c->kind))
		return -1;
	p->s->config.check = c->kind;
	return 0;
}

static int p_thp(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a SIZE or always|madvise|never|inherit");
	int i;

	if (!t)
		return -1;
	i = lookup(t, thp_words);
	if (i < 0) {
		if (size_tok(p, t, &c->size))
			return -1;
		if (!pow2(c->size) || c->size < (16 << 10) || c->size > (1 << 20))
			return perr(p, t->col, "mTHP size must be a power of two from 16K to 1M");
		if (need_word(p, "THP mode", thp_words, &c->kind))
			return -1;
	} else {
		c->kind = (uint32_t)i;
		if (c->kind == MMS_THP_INHERIT)
			return perr(p, t->col, "'inherit' needs an mTHP size");
	}
	return 0;
}

static int p_process(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a process name");
	struct mms_script *s = p->s;

	if (!t || declare_global(p, t))
		return -1;
	if (s->nr_procs >= MMS_MAX_SYMBOLS)
		return perr(p, t->col, "too many processes");
	if (GROW(p, s->procs, s->cap_procs, s->nr_procs))
		return -1;
	memset(&s->procs[s->nr_procs], 0, sizeof(s->procs[0]));
	memcpy(s->procs[s->nr_procs].name, t->p, t->len);
	s->procs[s->nr_procs].line = p->ln->no;
	s->procs[s->nr_procs].parent = c->proc;	/* set by fork */
	return (int)s->nr_procs++;
}

static int p_file(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a file name"), *f;
	struct mms_script *s = p->s;
	struct mms_tok v;

	if (!t || declare_global(p, t))
		return -1;
	if (need_pgsize(p, "a SIZE", &c->size))
		return -1;
	if (c->size > MMS_USER_END)
		return perr(p, p->ln->toks[p->pos - 1].col,
			    "file size must be at most 128T");
	if ((f = peek(p)) && kv_split(f, "fill", &v)) {
		p->pos++;
		if (num_tok(p, &v, &c->value))
			return -1;
		c->has_value = true;
		if ((f = peek(p)) && teq(f, "seq")) {
			c->seq = true;
			p->pos++;
		}
	}
	if (s->nr_files >= MMS_MAX_SYMBOLS)
		return perr(p, t->col, "too many files");
	if (GROW(p, s->files, s->cap_files, s->nr_files))
		return -1;
	memset(&s->files[s->nr_files], 0, sizeof(s->files[0]));
	memcpy(s->files[s->nr_files].name, t->p, t->len);
	s->files[s->nr_files].line = p->ln->no;
	s->files[s->nr_files].size = c->size;
	c->file = (int32_t)s->nr_files++;
	return 0;
}

static int p_mmap(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *name, *sz, *k, *t;
	struct mms_region r;
	struct mms_tok v;
	bool have_prot = false, have_off = false;
	int i;

	if (use_proc(p, &c->proc) || !(name = need(p, "a region name")) ||
	    check_ident(p, name))
		return -1;
	if ((i = find_region(p->s, c->proc, name->p, name->len)) >= 0) {
		const struct mms_region *o = &p->s->regions[i];

		return perr(p, name->col, "region '%s' of process '%s' is already declared (line %u)",
			    o->name, p->s->procs[c->proc].name, o->line);
	}
	if (!(sz = need(p, "a SIZE")) || pgsize_tok(p, sz, &c->size))
		return -1;
	if (c->size > MMS_USER_END)
		return perr(p, sz->col, "size is larger than the user address space");
	if (!(k = need(p, "anon, shared, file=F, file-private=F or hugetlb")))
		return -1;
	if (teq(k, "anon")) {
		c->kind = MMS_MAP_ANON;
	} else if (teq(k, "shared")) {
		c->kind = MMS_MAP_SHARED;
	} else if (teq(k, "hugetlb")) {
		c->kind = MMS_MAP_HUGETLB;
	} else if (kv_split(k, "file", &v) || kv_split(k, "file-private", &v)) {
		enum gkind g;

		c->kind = k->p[4] == '=' ? MMS_MAP_FILE : MMS_MAP_FILE_PRIVATE;
		g = find_global(p, &v, &c->file);
		if (g != G_FILE)
			return perr(p, v.col, "unknown file '" TOKFMT "'", TOKARG(&v));
	} else {
		return perr(p, k->col, "unknown mapping kind '" TOKFMT
			    "' (anon, shared, file=F, file-private=F, hugetlb)",
			    TOKARG(k));
	}
	if (c->kind == MMS_MAP_HUGETLB && c->size % MMS_HUGE_SIZE)
		return perr(p, sz->col, "a hugetlb region is a multiple of 2M");
	while ((t = next(p))) {
		if ((i = lookup(t, prot_words)) >= 0) {
			if (have_prot)
				return perr(p, t->col, "protection given twice");
			have_prot = true;
			c->flags |= (uint32_t)i << MMS_MMAP_PROT_SHIFT;
		} else if (kv_split(t, "at", &v)) {
			if (c->flags & MMS_MMAP_AT)
				return perr(p, t->col, "at= given twice");
			if (addr_tok(p, &v, &c->addr))
				return -1;
			if (c->kind == MMS_MAP_HUGETLB && c->addr % MMS_HUGE_SIZE)
				return perr(p, v.col, "a hugetlb region's address is 2M-aligned");
			if (c->size > MMS_USER_END - c->addr)
				return perr(p, v.col, "the region ends beyond 0x800000000000");
			c->flags |= MMS_MMAP_AT;
		} else if (kv_split(t, "align", &v)) {
			if (c->flags & MMS_MMAP_ALIGN)
				return perr(p, t->col, "align= given twice");
			if (size_tok(p, &v, &c->align))
				return -1;
			if (!pow2(c->align) || c->align < MMS_PAGE_SIZE ||
			    c->align >= MMS_USER_END)
				return perr(p, v.col, "align= must be a power of two from 4K below 128T");
			c->flags |= MMS_MMAP_ALIGN;
		} else if (kv_split(t, "off", &v)) {
			if (have_off)
				return perr(p, t->col, "off= given twice");
			if (c->kind != MMS_MAP_FILE && c->kind != MMS_MAP_FILE_PRIVATE)
				return perr(p, t->col, "off= needs a file mapping");
			if (size_tok(p, &v, &c->off))
				return -1;
			if (c->off % MMS_PAGE_SIZE)
				return perr(p, v.col, "off= must be a multiple of 4K");
			have_off = true;
		} else {
			return perr(p, t->col, "unexpected '" TOKFMT
				    "' (rw|r|rx|none, at=ADDR, align=SIZE, off=SIZE)",
				    TOKARG(t));
		}
	}
	if ((c->flags & MMS_MMAP_AT) && (c->flags & MMS_MMAP_ALIGN))
		return perr(p, name->col, "at= and align= exclude each other");
	memset(&r, 0, sizeof(r));
	memcpy(r.name, name->p, name->len);
	r.line = p->ln->no;
	r.proc = c->proc;
	r.origin = (uint32_t)p->s->nr_regions;
	r.pages = c->size / MMS_PAGE_SIZE;
	r.kind = c->kind;
	return add_region(p, &r, name->col, &c->region);
}

static int p_munmap(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range);
}

static int p_mprotect(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range) ||
	       need_word(p, "protection", prot_words, &c->kind);
}

static int p_madvise(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range) ||
	       need_word(p, "advice", advice_words, &c->kind);
}

static int p_write(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range) ||
	       value(p, c, false);
}

static int p_read(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range) ||
	       value(p, c, true);
}

static int p_fork(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t;
	size_t i, n;
	int child;

	if (use_proc(p, &c->proc))
		return -1;
	t = peek(p);
	child = p_process(p, c);	/* the child's name, declared like a process */
	if (child < 0)
		return -1;
	c->proc2 = child;
	/* the child inherits the parent's region names, as they stand now */
	n = p->s->nr_regions;
	for (i = 0; i < n; i++) {
		struct mms_region r = p->s->regions[i];
		int32_t id;

		if (r.proc != c->proc)
			continue;
		r.proc = child;
		r.line = p->ln->no;
		if (add_region(p, &r, t->col, &id))
			return -1;
	}
	return 0;
}

static int p_exit(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc);
}

static int p_clear_refs(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) ||
	       need_word(p, "clear-refs mode", clear_words, &c->kind);
}

static int p_lock(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t;
	struct mms_tok v;

	if (use_proc(p, &c->proc) || page(p, c->proc, &c->range))
		return -1;
	c->kind = MMS_LOCK_UNTIL_UNLOCK;
	if ((t = peek(p)) && kv_split(t, "until", &v)) {
		p->pos++;
		if (teq(&v, "wait"))
			c->kind = MMS_LOCK_UNTIL_WAIT;
		else if (!teq(&v, "unlock"))
			return perr(p, v.col, "until= is wait or unlock");
	}
	return 0;
}

static int p_unlock(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || page(p, c->proc, &c->range);
}

static int parse_command(struct parser *p, struct mms_cmd *c);

static int p_inject(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "an injection point"), *d;
	uint32_t i;

	if (!t)
		return -1;
	for (i = 0; i < t->len; i++) {
		char ch = t->p[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
		      ch == ':' || ch == '.'))
			return perr(p, t->col + i, "invalid injection point '" TOKFMT "'",
				    TOKARG(t));
	}
	if (t->len > 64)
		return perr(p, t->col, "injection point name longer than 64 bytes");
	if (p->opts && p->opts->inject_points) {
		const char *const *pt;

		for (pt = p->opts->inject_points; *pt; pt++)
			if (name_eq(*pt, t))
				break;
		if (!*pt)
			return perr(p, t->col, "unknown injection point '" TOKFMT
				    "' (see mmsim inject --list)", TOKARG(t));
	}
	if (pool_add(p, t->p, t->len, &c->str))
		return -1;
	if ((d = peek(p)) && teq(d, "once")) {
		c->flags |= MMS_INJECT_ONCE;
		p->pos++;
	}
	if (!(d = peek(p)))
		return 0;
	if (!teq(d, "do"))
		return perr(p, d->col, "unexpected '" TOKFMT "' (once, do COMMAND)",
			    TOKARG(d));
	p->pos++;
	if (!peek(p))
		return perr(p, p->ln->end_col, "missing operand: expected a COMMAND after 'do'");
	c->sub = calloc(1, sizeof(*c->sub));
	if (!c->sub)
		return perr(p, d->col, "out of memory");
	p->nested = true;
	return parse_command(p, c->sub);
}

static int p_device(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a device name");
	struct mms_script *s = p->s;

	if (!t || declare_global(p, t) || use_proc(p, &c->proc))
		return -1;
	if (s->nr_devs >= MMS_MAX_SYMBOLS)
		return perr(p, t->col, "too many devices");
	if (GROW(p, s->devs, s->cap_devs, s->nr_devs))
		return -1;
	memset(&s->devs[s->nr_devs], 0, sizeof(s->devs[0]));
	memcpy(s->devs[s->nr_devs].name, t->p, t->len);
	s->devs[s->nr_devs].line = p->ln->no;
	s->devs[s->nr_devs].proc = c->proc;
	c->dev = (int32_t)s->nr_devs++;
	return 0;
}

/* D exclusive|check|read|write|snapshot|close ...; @c->dev is set. */
static int p_devcmd(struct parser *p, struct mms_cmd *c)
{
	static const word_t sub[] = {
		"exclusive", "check", "read", "write", "snapshot", "close", ""
};
	static const enum mms_op ops[] = {
		MMS_OP_DEV_EXCLUSIVE, MMS_OP_DEV_CHECK, MMS_OP_DEV_READ,
		MMS_OP_DEV_WRITE, MMS_OP_DEV_SNAPSHOT, MMS_OP_DEV_CLOSE
	};
	const struct mms_tok *t;
	struct mms_tok v;
	uint32_t k;

	if (need_word(p, "device command", sub, &k))
		return -1;
	c->op = ops[k];
	c->proc = p->s->devs[c->dev].proc;
	if (c->op == MMS_OP_DEV_CLOSE)
		return 0;
	if (range(p, c->proc, &c->range))
		return -1;
	switch (c->op) {
	case MMS_OP_DEV_EXCLUSIVE:
		if ((t = peek(p)) && kv_split(t, "chunk", &v)) {
			p->pos++;
			if (pgsize_tok(p, &v, &c->size))
				return -1;
		}
		return 0;
	case MMS_OP_DEV_READ:
		return value(p, c, true);
	case MMS_OP_DEV_WRITE:
		return value(p, c, false);
	default:
		return 0;
	}
}

static int p_reclaim(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = next(p);

	c->kind = MMS_RECLAIM_ONE;
	if (!t)
		return 0;
	if (teq(t, "all")) {
		c->kind = MMS_RECLAIM_ALL;
		return 0;
	}
	c->kind = MMS_RECLAIM_SIZE;
	return pgsize_tok(p, t, &c->size);
}

static int p_migrate(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range);
}

static int p_compact(struct parser *p, struct mms_cmd *c)
{
	(void)p;
	(void)c;
	return 0;
}

static int block_no(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "a BLOCK number or block-of");
	uint64_t nr = p->s->config.memory / p->s->config.block;

	if (!t || num_tok(p, t, &c->n))
		return -1;
	if (c->n >= nr)
		return perr(p, t->col, "block %llu does not exist (memory has %llu blocks)",
			    (unsigned long long)c->n, (unsigned long long)nr);
	return 0;
}

static int p_offline(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = peek(p);
	struct mms_tok v;

	c->passes = 3;
	if (t && teq(t, "block-of")) {
		p->pos++;
		c->kind = MMS_OFFLINE_BLOCK_OF;
		if (use_proc(p, &c->proc) || page(p, c->proc, &c->range))
			return -1;
	} else {
		c->kind = MMS_OFFLINE_BLOCK;
		if (block_no(p, c))
			return -1;
	}
	if ((t = peek(p)) && kv_split(t, "passes", &v)) {
		p->pos++;
		if (num_tok(p, &v, &c->passes))
			return -1;
		if (!c->passes || c->passes > MMS_MAX_LOOP)
			return perr(p, v.col, "passes= must be from 1 to %llu",
				    MMS_MAX_LOOP);
	}
	return 0;
}

static int p_online(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t;

	if (block_no(p, c))
		return -1;
	if ((t = peek(p)) && teq(t, "movable")) {
		p->pos++;
		c->flags |= MMS_ONLINE_MOVABLE;
	}
	return 0;
}

static int p_proc_page(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || page(p, c->proc, &c->range);
}

static int p_ksm(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "scan");

	if (!t)
		return -1;
	if (!teq(t, "scan"))
		return perr(p, t->col, "unknown ksm command '" TOKFMT "' (scan)",
			    TOKARG(t));
	c->n = 1;
	if (!(t = next(p)))
		return 0;
	if (num_tok(p, t, &c->n))
		return -1;
	if (!c->n || c->n > MMS_MAX_LOOP)
		return perr(p, t->col, "ksm scan count must be from 1 to %llu",
			    MMS_MAX_LOOP);
	return 0;
}

static int p_gup(struct parser *p, struct mms_cmd *c)
{
	static const word_t words[] = {
		"write", "pin", "longterm", "split-pmd", "force", ""
};
	const struct mms_tok *t, *lt = NULL;
	int i;

	if (use_proc(p, &c->proc) || range(p, c->proc, &c->range))
		return -1;
	while ((t = next(p))) {
		i = lookup(t, words);
		if (i < 0)
			return perr(p, t->col, "unknown gup flag '" TOKFMT
				    "' (write, pin, longterm, split-pmd, force)",
				    TOKARG(t));
		if (c->flags & (1u << i))
			return perr(p, t->col, "'" TOKFMT "' given twice", TOKARG(t));
		c->flags |= 1u << i;
		if ((1u << i) == MMS_GUP_LONGTERM)
			lt = t;
	}
	if (lt && !(c->flags & MMS_GUP_PIN))
		return perr(p, lt->col, "'longterm' requires 'pin'");
	return 0;
}

static int p_unpin(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range);
}

static int p_show(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t;

	if (need_word(p, "view", show_words, &c->kind))
		return -1;
	switch (c->kind) {
	case MMS_SHOW_PTE:
		if (use_proc(p, &c->proc) || range(p, c->proc, &c->range))
			return -1;
		break;
	case MMS_SHOW_RMAP:
	case MMS_SHOW_FOLIO:
		if (p_proc_page(p, c))
			return -1;
		break;
	case MMS_SHOW_SMAPS:
		if (use_proc(p, &c->proc))
			return -1;
		break;
	case MMS_SHOW_DEVICE:
		if (use_global(p, G_DEV, "a device", &c->dev))
			return -1;
		c->proc = p->s->devs[c->dev].proc;
		if (peek(p) && !teq(peek(p), "--dot") &&
		    range(p, c->proc, &c->range))
			return -1;
		if (!c->range.end)
			c->range.region = UINT32_MAX;	/* the whole device */
		break;
	default:
		break;
	}
	if ((t = peek(p)) && teq(t, "--dot")) {
		if (c->kind != MMS_SHOW_PTE && c->kind != MMS_SHOW_RMAP)
			return perr(p, t->col, "--dot is for show pte and show rmap");
		c->flags |= MMS_SHOW_DOT;
		p->pos++;
	}
	return 0;
}

/* ---------------------------------------------------------------- expect */

static int e_ret(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "0, -ERRNO or N");
	uint64_t v;
	int e;

	if (!t)
		return -1;
	if (t->p[0] == '-') {
		e = mms_errno_from_name(t->p + 1, t->len - 1);
		if (!e)
			return perr(p, t->col, "unknown errno '" TOKFMT "'", TOKARG(t));
		c->ret = -e;
		return 0;
	}
	if (num_tok(p, t, &v))
		return -1;
	if (v > INT64_MAX)
		return perr(p, t->col, "return value '" TOKFMT "' is too large",
			    TOKARG(t));
	c->ret = (int64_t)v;
	return 0;
}

static int e_signal(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "SIGSEGV or SIGBUS");

	if (!t)
		return -1;
	if (teq(t, "SIGSEGV"))
		c->n = MMS_SIGSEGV;
	else if (teq(t, "SIGBUS"))
		c->n = MMS_SIGBUS;
	else
		return perr(p, t->col, "unknown signal '" TOKFMT "' (SIGSEGV, SIGBUS)",
			    TOKARG(t));
	return 0;
}

static int e_pte(struct parser *p, struct mms_cmd *c)
{
	static const word_t words[] = {
		"write", "ro", "dirty", "clean", "young", "old", "soft-dirty",
		"uffd-wp", "exclusive", "pmd", "pte", ""
};
	const struct mms_tok *t;
	int i;

	if (use_proc(p, &c->proc) || range(p, c->proc, &c->range) ||
	    need_word(p, "PTE state", state_words, &c->kind))
		return -1;
	while ((t = next(p))) {
		uint32_t bit, pair;

		i = lookup(t, words);
		if (i < 0)
			return perr(p, t->col, "unknown PTE flag '" TOKFMT "'", TOKARG(t));
		bit = 1u << i;
		if (c->flags & bit)
			return perr(p, t->col, "'" TOKFMT "' given twice", TOKARG(t));
		/* the alternatives write|ro, dirty|clean, young|old, pmd|pte */
		pair = 0;
		if (bit & (MMS_PTEF_WRITE | MMS_PTEF_DIRTY | MMS_PTEF_YOUNG))
			pair = bit << 1;
		else if (bit & (MMS_PTEF_RO | MMS_PTEF_CLEAN | MMS_PTEF_OLD))
			pair = bit >> 1;
		else if (bit == MMS_PTEF_PMD)
			pair = MMS_PTEF_PTE;
		else if (bit == MMS_PTEF_PTE)
			pair = MMS_PTEF_PMD;
		if (c->flags & pair)
			return perr(p, t->col, "'" TOKFMT "' contradicts '%s'",
				    TOKARG(t), words[__builtin_ctz(pair)]);
		if (c->kind == MMS_PTE_NONE)
			return perr(p, t->col, "state 'none' takes no flags");
		if ((c->kind == MMS_PTE_SWAP || c->kind == MMS_PTE_HWPOISON ||
		     c->kind == MMS_PTE_MARKER) &&
		    (bit & (MMS_PTEF_WRITE | MMS_PTEF_DIRTY | MMS_PTEF_YOUNG)))
			return perr(p, t->col, "'" TOKFMT "' cannot describe a %s entry",
				    TOKARG(t), state_words[c->kind]);
		c->flags |= bit;
	}
	return 0;
}

static bool folio_key_signed(uint32_t k)
{
	return k <= MMS_FK_NR_PAGES_MAPPED || k == MMS_FK_REFCOUNT ||
	       k == MMS_FK_PINCOUNT;
}

static bool folio_key_bool(uint32_t k)
{
	return k == MMS_FK_ENTIRELY_MAPPED || k >= MMS_FK_ANON;
}

enum kv_type { KV_FOLIO, KV_BYTES, KV_STATS };

static int kvs(struct parser *p, struct mms_cmd *c, const word_t *keys,
	       enum kv_type type)
{
	struct mms_script *s = p->s;
	const struct mms_tok *t;
	uint32_t seen = 0;

	c->kv_first = (uint32_t)s->nr_kvs;
	while ((t = next(p))) {
		const char *eq = memchr(t->p, '=', t->len);
		struct mms_tok key = *t, v = { 0 };
		struct mms_kv kv = { 0 };
		int k;

		if (t->string || !eq)
			return perr(p, t->col, "expected KEY=VALUE, got '" TOKFMT "'",
				    TOKARG(t));
		key.len = (uint32_t)(eq - t->p);
		k = lookup(&key, keys);
		if (k < 0)
			return perr(p, t->col, "unknown key '" TOKFMT "'", TOKARG(&key));
		if (seen & (1u << k))
			return perr(p, t->col, "'" TOKFMT "' given twice", TOKARG(&key));
		seen |= 1u << k;
		kv_split(t, keys[k], &v);
		kv.key = (uint32_t)k;
		if (!v.len)
			return perr(p, v.col, "missing value after '='");
		if (type == KV_FOLIO) {
			if (v.p[0] == '-' && folio_key_signed((uint32_t)k)) {
				kv.negative = true;
				v.p++;
				v.len--;
				v.col++;
			}
			if (num_tok(p, &v, &kv.value))
				return -1;
			if (kv.negative && kv.value > (uint64_t)INT64_MAX + 1)
				return perr(p, v.col, "value out of range");
			if (folio_key_bool((uint32_t)k) && kv.value > 1)
				return perr(p, v.col, "'%s' is 0 or 1", keys[k]);
		} else if (type == KV_STATS && k == MMS_STK_BAD_PAGE) {
			if (num_tok(p, &v, &kv.value))
				return -1;
		} else if (pgbytes_tok(p, &v, &kv.value)) {
			return -1;
		}
		if (GROW(p, s->kvs, s->cap_kvs, s->nr_kvs))
			return -1;
		s->kvs[s->nr_kvs++] = kv;
		c->kv_count++;
	}
	if (!c->kv_count)
		return perr(p, p->ln->end_col, "missing operand: expected KEY=VALUE");
	return 0;
}

static int e_folio(struct parser *p, struct mms_cmd *c)
{
	return p_proc_page(p, c) || kvs(p, c, folio_keys, KV_FOLIO);
}

static int e_rss(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || kvs(p, c, rss_keys, KV_BYTES);
}

static int e_smaps(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || kvs(p, c, smaps_keys, KV_BYTES);
}

static int e_stats(struct parser *p, struct mms_cmd *c)
{
	return kvs(p, c, stats_keys, KV_STATS);
}

static int e_data(struct parser *p, struct mms_cmd *c)
{
	return use_proc(p, &c->proc) || range(p, c->proc, &c->range) ||
	       value(p, c, false);
}

static int e_device(struct parser *p, struct mms_cmd *c)
{
	if (use_global(p, G_DEV, "a device", &c->dev))
		return -1;
	c->proc = p->s->devs[c->dev].proc;
	return range(p, c->proc, &c->range) ||
	       need_word(p, "device access", access_words, &c->kind);
}

static int e_log(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = next(p);
	char buf[MMS_MAX_LINE];
	uint32_t i, n = 0;

	if (!t)
		return perr(p, p->ln->end_col, "missing operand: expected \"TEXT\"");
	if (!t->string)
		return perr(p, t->col, "expected a quoted \"TEXT\"");
	/* the lexer already rejected any escape but \" and \\ */
	for (i = 1; i + 1 < t->len; i++) {
		if (t->p[i] == '\\')
			i++;
		buf[n++] = t->p[i];
	}
	if (!n)
		return perr(p, t->col, "empty TEXT matches every line");
	return pool_add(p, buf, n, &c->str);
}

static int e_count(struct parser *p, struct mms_cmd *c)
{
	return need_num(p, "a count N", &c->n);
}

static int e_violation(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = need(p, "an invariant NAME");
	uint32_t i;

	if (!t)
		return -1;
	for (i = 0; i < t->len; i++) {
		char ch = t->p[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
		      ch == '.' || ch == ':'))
			return perr(p, t->col + i, "invalid invariant name '" TOKFMT "'",
				    TOKARG(t));
	}
	if (t->len > 64)
		return perr(p, t->col, "invariant name longer than 64 bytes");
	return pool_add(p, t->p, t->len, &c->str);
}

/* ---------------------------------------------------------------- dispatch */

/* Tables without pointers stay in .rodata; the parser is picked by op. */
struct cmd_def {
	char word[12];
	enum mms_op op;
};

static const struct cmd_def commands[] = {
	{ "series", MMS_OP_SERIES },
	{ "memory", MMS_OP_MEMORY },
	{ "swap", MMS_OP_SWAP },
	{ "hugetlb", MMS_OP_HUGETLB },
	{ "check", MMS_OP_CHECK },
	{ "thp", MMS_OP_THP },
	{ "process", MMS_OP_PROCESS },
	{ "file", MMS_OP_FILE },
	{ "mmap", MMS_OP_MMAP },
	{ "munmap", MMS_OP_MUNMAP },
	{ "mprotect", MMS_OP_MPROTECT },
	{ "madvise", MMS_OP_MADVISE },
	{ "write", MMS_OP_WRITE },
	{ "read", MMS_OP_READ },
	{ "fork", MMS_OP_FORK },
	{ "exit", MMS_OP_EXIT },
	{ "clear-refs", MMS_OP_CLEAR_REFS },
	{ "lock", MMS_OP_LOCK },
	{ "unlock", MMS_OP_UNLOCK },
	{ "inject", MMS_OP_INJECT },
	{ "device", MMS_OP_DEVICE },
	{ "reclaim", MMS_OP_RECLAIM },
	{ "migrate", MMS_OP_MIGRATE },
	{ "compact", MMS_OP_COMPACT },
	{ "offline", MMS_OP_OFFLINE },
	{ "online", MMS_OP_ONLINE },
	{ "hwpoison", MMS_OP_HWPOISON },
	{ "split", MMS_OP_SPLIT },
	{ "ksm", MMS_OP_KSM_SCAN },
	{ "gup", MMS_OP_GUP },
	{ "unpin", MMS_OP_UNPIN },
	{ "show", MMS_OP_SHOW },
};

static const struct cmd_def expects[] = {
	{ "ret", MMS_OP_EXPECT_RET },
	{ "signal", MMS_OP_EXPECT_SIGNAL },
	{ "pte", MMS_OP_EXPECT_PTE },
	{ "folio", MMS_OP_EXPECT_FOLIO },
	{ "rss", MMS_OP_EXPECT_RSS },
	{ "smaps", MMS_OP_EXPECT_SMAPS },
	{ "stats", MMS_OP_EXPECT_STATS },
	{ "data", MMS_OP_EXPECT_DATA },
	{ "device", MMS_OP_EXPECT_DEVICE },
	{ "log", MMS_OP_EXPECT_LOG },
	{ "warn", MMS_OP_EXPECT_WARN },
	{ "bug", MMS_OP_EXPECT_BUG },
	{ "violation", MMS_OP_EXPECT_VIOLATION },
};

static int operands(struct parser *p, struct mms_cmd *c)
{
	switch (c->op) {
	case MMS_OP_SERIES:
		return p_series(p, c);
	case MMS_OP_MEMORY:
		return p_memory(p, c);
	case MMS_OP_SWAP:
		return p_swap(p, c);
	case MMS_OP_HUGETLB:
		return p_hugetlb(p, c);
	case MMS_OP_CHECK:
		return p_check(p, c);
	case MMS_OP_THP:
		return p_thp(p, c);
	case MMS_OP_PROCESS:
		/* the declared process is the command's own operand */
		return (c->proc = p_process(p, c)) < 0 ? -1 : 0;
	case MMS_OP_FILE:
		return p_file(p, c);
	case MMS_OP_MMAP:
		return p_mmap(p, c);
	case MMS_OP_MUNMAP:
		return p_munmap(p, c);
	case MMS_OP_MPROTECT:
		return p_mprotect(p, c);
	case MMS_OP_MADVISE:
		return p_madvise(p, c);
	case MMS_OP_WRITE:
		return p_write(p, c);
	case MMS_OP_READ:
		return p_read(p, c);
	case MMS_OP_FORK:
		return p_fork(p, c);
	case MMS_OP_EXIT:
		return p_exit(p, c);
	case MMS_OP_CLEAR_REFS:
		return p_clear_refs(p, c);
	case MMS_OP_LOCK:
		return p_lock(p, c);
	case MMS_OP_UNLOCK:
		return p_unlock(p, c);
	case MMS_OP_INJECT:
		return p_inject(p, c);
	case MMS_OP_DEVICE:
		return p_device(p, c);
	case MMS_OP_RECLAIM:
		return p_reclaim(p, c);
	case MMS_OP_MIGRATE:
		return p_migrate(p, c);
	case MMS_OP_COMPACT:
		return p_compact(p, c);
	case MMS_OP_OFFLINE:
		return p_offline(p, c);
	case MMS_OP_ONLINE:
		return p_online(p, c);
	case MMS_OP_HWPOISON:
	case MMS_OP_SPLIT:
		return p_proc_page(p, c);
	case MMS_OP_KSM_SCAN:
		return p_ksm(p, c);
	case MMS_OP_GUP:
		return p_gup(p, c);
	case MMS_OP_UNPIN:
		return p_unpin(p, c);
	case MMS_OP_SHOW:
		return p_show(p, c);
	case MMS_OP_EXPECT_RET:
		return e_ret(p, c);
	case MMS_OP_EXPECT_SIGNAL:
		return e_signal(p, c);
	case MMS_OP_EXPECT_PTE:
		return e_pte(p, c);
	case MMS_OP_EXPECT_FOLIO:
		return e_folio(p, c);
	case MMS_OP_EXPECT_RSS:
		return e_rss(p, c);
	case MMS_OP_EXPECT_SMAPS:
		return e_smaps(p, c);
	case MMS_OP_EXPECT_STATS:
		return e_stats(p, c);
	case MMS_OP_EXPECT_DATA:
		return e_data(p, c);
	case MMS_OP_EXPECT_DEVICE:
		return e_device(p, c);
	case MMS_OP_EXPECT_LOG:
		return e_log(p, c);
	case MMS_OP_EXPECT_WARN:
	case MMS_OP_EXPECT_BUG:
		return e_count(p, c);
	case MMS_OP_EXPECT_VIOLATION:
		return e_violation(p, c);
	default:
		return p_devcmd(p, c);	/* D exclusive|check|read|write|snapshot|close */
	}
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *mms_op_name(enum mms_op op)
{
	static const word_t dev[] = {
		"exclusive", "check", "read", "write", "snapshot", "close"
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].op == op)
			return commands[i].word;
	for (i = 0; i < ARRAY_SIZE(expects); i++)
		if (expects[i].op == op)
			return expects[i].word;
	if (op >= MMS_OP_DEV_EXCLUSIVE && op <= MMS_OP_DEV_CLOSE)
		return dev[op - MMS_OP_DEV_EXCLUSIVE];
	return "?";
}

const char *mms_folio_key_name(uint32_t key)
{
	return key < MMS_FK__COUNT ? folio_keys[key] : "?";
}

const char *mms_pte_state_name(uint32_t state)
{
	return state <= MMS_PTE_MARKER ? state_words[state] : "?";
}

static bool declares(enum mms_op op)
{
	return op == MMS_OP_PROCESS || op == MMS_OP_FILE || op == MMS_OP_MMAP ||
	       op == MMS_OP_FORK || op == MMS_OP_DEVICE;
}

/* One command from p->pos; shared by lines and inject's do COMMAND. */
static int parse_command(struct parser *p, struct mms_cmd *c)
{
	const struct mms_tok *t = next(p);
	const struct mms_tok *w;
	const struct cmd_def *def = NULL;
	bool nested = p->nested;
	size_t i;
	int32_t id;

	memset(c, 0, sizeof(*c));
	c->line = p->ln->no;
	c->col = t->col;
	c->proc = c->proc2 = c->dev = c->file = c->region = -1;
	if (t->string)
		return perr(p, t->col, "unexpected string: expected a command");

	if (teq(t, "expect")) {
		if (!(w = need(p, "an expectation")))
			return -1;
		for (i = 0; i < ARRAY_SIZE(expects); i++)
			if (teq(w, expects[i].word))
				def = &expects[i];
		if (!def)
			return perr(p, w->col, "unknown expectation '" TOKFMT "'",
				    TOKARG(w));
	} else {
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (teq(t, commands[i].word))
				def = &commands[i];
	}
	if (!def && find_global(p, t, &id) == G_DEV) {
		c->dev = id;
		c->op = MMS_OP_DEV_CLOSE;
	} else if (!def) {
		return perr(p, t->col, "unknown command '" TOKFMT "'", TOKARG(t));
	} else {
		c->op = def->op;
	}

	if (nested && (mms_op_is_config(c->op) || mms_op_is_expect(c->op) ||
		       declares(c->op) || c->op == MMS_OP_INJECT))
		return perr(p, t->col, "'" TOKFMT "' cannot run at an injection point",
			    TOKARG(t));
	if (!nested && mms_op_is_config(c->op)) {
		if (p->first_other)
			return perr(p, t->col, "configuration command '%s' after the first other command (line %u)",
				    def->word, p->first_other);
		if (p->config_line[c->op])
			return perr(p, t->col, "'%s' given twice (first at line %u)",
				    def->word, p->config_line[c->op]);
		p->config_line[c->op] = c->line;
	}
	if (operands(p, c))
		return -1;
	if (end(p))
		return -1;
	return pool_add(p, t->p, (size_t)(p->ln->text + p->ln->content_len - t->p),
			&c->text);
}

/* Rules about a line's place among its neighbours. */
static int placement(struct parser *p, const struct mms_cmd *c)
{
	enum mms_op op = c->op;

	if (op == MMS_OP_EXPECT_RET || op == MMS_OP_EXPECT_SIGNAL) {
		if (p->prev != PREV_CMD)
			return perr(p, c->col, "'expect %s' must directly follow a command",
				    mms_op_name(op));
	}
	if (op == MMS_OP_EXPECT_VIOLATION) {
		if (p->prev != PREV_CMD && p->prev != PREV_EXPECT)
			return perr(p, c->col, "'expect violation' must follow a command");
		if (p->prev == PREV_EXPECT && p->group_violation)
			return perr(p, c->col, "a second 'expect violation' for one command");
		if (p->s->config.check == MMS_CHECK_OFF)
			return perr(p, c->col, "'expect violation' with 'check off' can never pass");
		p->group_violation = true;
	}
	if (mms_op_is_config(op)) {
		p->prev = PREV_CONFIG;
	} else if (mms_op_is_expect(op)) {
		if (p->prev == PREV_CMD)
			p->group_violation = op == MMS_OP_EXPECT_VIOLATION;
		if (p->prev == PREV_CMD || p->prev == PREV_EXPECT)
			p->prev = PREV_EXPECT;
		else
			p->prev = PREV_LOOSE_EXPECT;	/* follows no command */
	} else {
		p->prev = PREV_CMD;
		p->group_violation = false;
	}
	if (!mms_op_is_config(op) && op != MMS_OP_THP && !p->first_other)
		p->first_other = c->line;
	return 0;
}

int mms_parse(struct mms_script *s, const char *filename, const char *buf,
	      size_t len, const struct mms_parse_opts *opts, char *err,
	      size_t errlen)
{
	struct mms_line *ln;
	struct mms_lexer lx;
	struct parser p;
	int r;

	memset(s, 0, sizeof(*s));
	s->config.series = MMS_SERIES_ALL;
	s->config.memory = 1ULL << 30;
	s->config.block = 128ULL << 20;
	s->config.check = MMS_CHECK_EVERY;
	s->filename = strdup(filename);
	ln = malloc(sizeof(*ln));
	if (!s->filename || !ln) {
		free(ln);
		snprintf(err, errlen, "%s: error: out of memory", filename);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.opts = opts;
	p.err = err;
	p.errlen = errlen;
	p.ln = ln;
	mms_lex_init(&lx, s->filename, buf, len);
	ln->no = 0;
	if (pool_add(&p, "", 0, &(uint32_t){ 0 })) {
		free(ln);
		return -1;
	}
	while ((r = mms_lex_next(&lx, ln, err, errlen)) > 0) {
		struct mms_cmd *c;

		if (!ln->ntok)
			continue;
		if (GROW(&p, s->cmds, s->cap_cmds, s->nr_cmds)) {
			r = -1;
			break;
		}
		c = &s->cmds[s->nr_cmds];
		p.pos = 0;
		p.nested = false;
		r = parse_command(&p, c);
		/* a partly parsed inject still owns its sub-command */
		s->nr_cmds++;
		if (r || (r = placement(&p, c)))
			break;
	}
	free(ln);
	return r < 0 ? -1 : 0;
}

void mms_script_free(struct mms_script *s)
{
	size_t i;

	for (i = 0; i < s->nr_cmds; i++)
		free(s->cmds[i].sub);
	free(s->cmds);
	free(s->procs);
	free(s->devs);
	free(s->files);
	free(s->regions);
	free(s->kvs);
	free(s->pool);
	free(s->filename);
	memset(s, 0, sizeof(*s));
}
