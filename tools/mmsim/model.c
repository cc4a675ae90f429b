// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model backend of the scenario language: runs each command of a
 * script against a struct mmsim world, evaluates expectations by looking at
 * page tables and folios, and runs the independent checker.
 *
 * Each command runs inside mmsim_run_command(), the library's recovery
 * point, so a simulated BUG kills the world and the script goes on
 * reporting (DESIGN.md section 8, "Results").
 */
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swap.h>
#include <mmsim/kernel/task_mmu.h>
#include <mmsim/kernel/test_hmm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct model {
	struct mmsim *w;
	const struct mms_script *s;
	FILE *diag;
	struct mm_struct **mm;		/* by script process id */
	bool *exited;
	unsigned long *region_start;	/* by region id (declaring regions only) */
	struct file **file;		/* by script file id */
	struct dmirror **dev;		/* by script device id */
	struct mmsim_check_state chk;
	struct mmsim_check_violation last;	/* for accept_violation() */
	const struct mms_cmd *inject_cmd[MMSIM_NR_INJECT_POINTS];
	int inject_depth;
};

/* ---- small helpers --------------------------------------------------------- */
static void diag(struct model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diag(struct model *m, const char *fmt, ...)
{
	va_list ap;

	if (!m->diag)
		return;
	fputs("# ", m->diag);
	va_start(ap, fmt);
	vfprintf(m->diag, fmt, ap);
	va_end(ap);
	fputc('\n', m->diag);
}

static void set_msg(struct mms_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_msg(struct mms_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

static unsigned long range_addr(struct model *m, const struct mms_range *r, uint64_t page)
{
	const struct mms_region *reg = &m->s->regions[r->region];

	return m->region_start[reg->origin] + page * PAGE_SIZE;
}

/* the mm of a process, or NULL with -ESRCH in *err when it has exited */
static struct mm_struct *proc_mm(struct model *m, int32_t proc, int *err)
{
	if (proc < 0 || !m->mm[proc] || m->exited[proc]) {
		*err = -ESRCH;
		return NULL;
	}
	return m->mm[proc];
}

/* the leaf that maps addr: a PMD leaf or a PTE; false if there is none */
struct leaf {
	bool pmd;
	u64 val;
};

static bool find_leaf(struct mm_struct *mm, unsigned long addr, struct leaf *l)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);
	pte_t *pte;

	if (!pmd || pmd_none(*pmd))
		return false;
	if (pmd_leaf(*pmd) || !pmd_present(*pmd)) {
		l->pmd = true;
		l->val = pmd_val(*pmd);
		return true;
	}
	pte = pte_offset_map(mm->w, pmd, addr);
	if (!pte || pte_none(*pte))
		return false;
	l->pmd = false;
	l->val = pte_val(*pte);
	return true;
}

/* the page an entry references (present leaf, PFN swap entry, swap cache) */
static struct page *leaf_page(struct mmsim *w, const struct leaf *l, unsigned long addr)
{
	pte_t pte = __pte(l->val);
	swp_entry_t e;

	if (l->pmd && pmd_present(__pmd(l->val)))
		return pfn_to_page(w, pmd_pfn(__pmd(l->val)) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	if (pte_present(pte))
		return pfn_to_page(w, pte_pfn(pte));
	e = pte_to_swp_entry(pte);
	if (is_migration_entry(w, e) || is_device_private_entry(w, e) ||
	    is_device_exclusive_entry(w, e) || is_hwpoison_entry(w, e))
		return pfn_to_page(w, swp_offset(e) & SWP_PFN_MASK);
	if (!non_swap_entry(w, e)) {
		struct folio *f = swap_cache_get_folio(w, e);

		return f ? &f->page : NULL;
	}
	return NULL;
}

/* ---- entry decoding for views and expect pte --------------------------------- */
static enum mms_pte_state leaf_state(struct mmsim *w, const struct leaf *l)
{
	swp_entry_t e;

	/* a non-present PMD holds a swap entry in the PTE format */
	if (l->pmd && pmd_present(__pmd(l->val)))
		return MMS_PTE_PRESENT;
	if (!l->pmd && pte_present(__pte(l->val)))
		return MMS_PTE_PRESENT;
	e = pte_to_swp_entry(__pte(l->val));
	if (!non_swap_entry(w, e))
		return MMS_PTE_SWAP;
	if (is_migration_entry(w, e))
		return MMS_PTE_MIGRATION;
	if (is_device_exclusive_entry(w, e))
		return MMS_PTE_DEVICE_EXCLUSIVE;
	if (is_device_private_entry(w, e))
		return MMS_PTE_DEVICE_PRIVATE;
	if (is_hwpoison_entry(w, e))
		return MMS_PTE_HWPOISON;
	return MMS_PTE_MARKER;
}

/* the flags an expect pte line can test, as they read on this entry */
static unsigned int leaf_flags(struct mmsim *w, const struct leaf *l, struct page *page)
{
	unsigned int f = 0;
	swp_entry_t e;

	if (l->pmd && pmd_present(__pmd(l->val))) {
		pmd_t pmd = __pmd(l->val);

		f |= pmd_write(pmd) ? MMS_PTEF_WRITE : MMS_PTEF_RO;
		f |= pmd_dirty(pmd) ? MMS_PTEF_DIRTY : MMS_PTEF_CLEAN;
		f |= pmd_young(pmd) ? MMS_PTEF_YOUNG : MMS_PTEF_OLD;
		f |= pmd_soft_dirty(pmd) ? MMS_PTEF_SOFT_DIRTY : 0;
		f |= pmd_uffd_wp(pmd) ? MMS_PTEF_UFFD_WP : 0;
		f |= page && PageAnonExclusive(page) ? MMS_PTEF_EXCLUSIVE : 0;
		return f | MMS_PTEF_PMD;
	}
	if (!l->pmd && pte_present(__pte(l->val))) {
		pte_t pte = __pte(l->val);

		f |= pte_write(pte) ? MMS_PTEF_WRITE : MMS_PTEF_RO;
		f |= pte_dirty(pte) ? MMS_PTEF_DIRTY : MMS_PTEF_CLEAN;
		f |= pte_young(pte) ? MMS_PTEF_YOUNG : MMS_PTEF_OLD;
		f |= pte_soft_dirty(pte) ? MMS_PTEF_SOFT_DIRTY : 0;
		f |= pte_uffd_wp(pte) ? MMS_PTEF_UFFD_WP : 0;
		/* on a present PTE, `exclusive` reads PageAnonExclusive */
		f |= page && PageAnonExclusive(page) ? MMS_PTEF_EXCLUSIVE : 0;
		return f | MMS_PTEF_PTE;
	}
	f |= l->pmd ? MMS_PTEF_PMD : MMS_PTEF_PTE;
	e = pte_to_swp_entry(__pte(l->val));
	f |= pte_swp_soft_dirty(__pte(l->val)) ? MMS_PTEF_SOFT_DIRTY : 0;
	f |= pte_swp_uffd_wp(__pte(l->val)) ? MMS_PTEF_UFFD_WP : 0;
	f |= pte_swp_exclusive(__pte(l->val)) ? MMS_PTEF_EXCLUSIVE : 0;
	if (is_migration_entry(w, e)) {
		f |= is_writable_migration_entry(w, e) ? MMS_PTEF_WRITE : MMS_PTEF_RO;
		f |= is_migration_entry_dirty(e) ? MMS_PTEF_DIRTY : MMS_PTEF_CLEAN;
		f |= is_migration_entry_young(e) ? MMS_PTEF_YOUNG : MMS_PTEF_OLD;
	} else if (is_device_private_entry(w, e)) {
		f |= is_writable_device_private_entry(w, e) ? MMS_PTEF_WRITE : MMS_PTEF_RO;
	} else if (is_device_exclusive_entry(w, e)) {
		/* from patch 6 the single type carries no writability: only ro matches */
		f |= is_writable_device_exclusive_entry(w, e) ? MMS_PTEF_WRITE : MMS_PTEF_RO;
	}
	return f;
}

static const char *const pte_flag_names[] = {
	"write", "ro", "dirty", "clean", "young", "old", "soft-dirty", "uffd-wp",
	"exclusive", "pmd", "pte",
};

static void format_flags(unsigned int f, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(pte_flag_names) && n < len; i++)
		if (f & (1u << i))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "",
					      pte_flag_names[i]);
}

/* ---- commands ------------------------------------------------------------------ */
struct exec_ctx {
	struct model *m;
	const struct mms_cmd *cmd;
	struct mms_result *res;
};

static int prot_of(uint32_t p)
{
	switch (p) {
	case MMS_PROT_RW: return PROT_READ | PROT_WRITE;
	case MMS_PROT_R: return PROT_READ;
	case MMS_PROT_RX: return PROT_READ | PROT_EXEC;
	default: return PROT_NONE;
	}
}

/*
 * The checker's content shadow (sim/check/shadow.c) is fed the script-level
 * events after each successful command; it applies the content rules itself.
 */
static struct mmsim_shadow *shadow(struct model *m)
{
	return mmsim_check_shadow(&m->chk);
}

static void shadow_mmap(struct model *m, const struct mm_struct *mm, const struct mms_cmd *c,
			unsigned long addr, const struct file *file)
{
	static const enum mmsim_shadow_kind kind[] = {
		[MMS_MAP_ANON] = MMSIM_SHADOW_PRIVATE_ANON,
		[MMS_MAP_SHARED] = MMSIM_SHADOW_SHARED_ANON,
		[MMS_MAP_FILE] = MMSIM_SHADOW_SHARED_FILE,
		[MMS_MAP_FILE_PRIVATE] = MMSIM_SHADOW_PRIVATE_FILE,
		[MMS_MAP_HUGETLB] = MMSIM_SHADOW_PRIVATE_ANON,
	};
	unsigned long len = c->size;

	if (c->kind == MMS_MAP_HUGETLB)
		len = ALIGN(len, HPAGE_PMD_SIZE);
	mmsim_shadow_map(shadow(m), mm->id, addr, len, kind[c->kind], file ? file->id : 0,
			 c->off >> PAGE_SHIFT);
}

/* madvise: also after -ENOMEM, which the kernel returns once the mapped parts are done */
static void shadow_madvise(struct model *m, const struct mm_struct *mm, const struct mms_cmd *c,
			   unsigned long start, unsigned long len)
{
	static const struct {
		uint32_t adv;
		enum mmsim_shadow_advice sh;
	} map[] = {
		{ MMS_ADV_DONTNEED, MMSIM_SHADOW_DONTNEED },
		{ MMS_ADV_FREE, MMSIM_SHADOW_FREE },
		{ MMS_ADV_DONTFORK, MMSIM_SHADOW_DONTFORK },
		{ MMS_ADV_DOFORK, MMSIM_SHADOW_DOFORK },
		{ MMS_ADV_WIPEONFORK, MMSIM_SHADOW_WIPEONFORK },
	};

	if (c->kind == MMS_ADV_HWPOISON) {
		for (unsigned long off = 0; off < len; off += PAGE_SIZE)
			mmsim_shadow_poison(shadow(m), mm->id, start + off);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].adv == c->kind)
			mmsim_shadow_madvise(shadow(m), mm->id, start, len, map[i].sh);
}

static int cmd_mmap(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	struct mm_struct *mm;
	unsigned long flags = 0;
	struct file *file = NULL;
	long addr;
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	switch (c->kind) {
	case MMS_MAP_ANON:
		flags = MAP_PRIVATE | MAP_ANONYMOUS;
		break;
	case MMS_MAP_SHARED:
		flags = MAP_SHARED | MAP_ANONYMOUS;
		break;
	case MMS_MAP_FILE:
		flags = MAP_SHARED;
		file = m->file[c->file];
		break;
	case MMS_MAP_FILE_PRIVATE:
		flags = MAP_PRIVATE;
		file = m->file[c->file];
		break;
	case MMS_MAP_HUGETLB:
		flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB;
		break;
	}
	if (c->flags & MMS_MMAP_AT)
		flags |= MAP_FIXED_NOREPLACE;
	addr = do_mmap(mm, file, (c->flags & MMS_MMAP_AT) ? c->addr : 0, c->size,
		       (unsigned long)prot_of(MMS_MMAP_PROT(c)), flags, c->off >> PAGE_SHIFT,
		       (c->flags & MMS_MMAP_ALIGN) ? c->align : 0);
	if (addr < 0)
		return (int)addr;
	m->region_start[c->region] = (unsigned long)addr;
	shadow_mmap(m, mm, c, (unsigned long)addr, file);
	set_msg(res, "mapped at %#lx", (unsigned long)addr);
	return 0;
}

static int madvise_behavior(uint32_t adv)
{
	static const int map[] = {
		[MMS_ADV_HUGEPAGE] = MADV_HUGEPAGE, [MMS_ADV_NOHUGEPAGE] = MADV_NOHUGEPAGE,
		[MMS_ADV_DONTNEED] = MADV_DONTNEED, [MMS_ADV_PAGEOUT] = MADV_PAGEOUT,
		[MMS_ADV_COLD] = MADV_COLD, [MMS_ADV_MERGEABLE] = MADV_MERGEABLE,
		[MMS_ADV_UNMERGEABLE] = MADV_UNMERGEABLE, [MMS_ADV_DONTFORK] = MADV_DONTFORK,
		[MMS_ADV_DOFORK] = MADV_DOFORK, [MMS_ADV_WIPEONFORK] = MADV_WIPEONFORK,
		[MMS_ADV_HWPOISON] = MADV_HWPOISON, [MMS_ADV_FREE] = MADV_FREE,
		[MMS_ADV_COLLAPSE] = MADV_COLLAPSE,
	};

	return map[adv];
}

/* write/read: stop at the first failing page */
static int cmd_access(struct model *m, const struct mms_cmd *c, struct mms_result *res,
		      bool write)
{
	struct mm_struct *mm;
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	for (uint64_t p = c->range.first; p < c->range.end; p++) {
		unsigned long addr = range_addr(m, &c->range, p);
		u64 v = c->value + (c->seq ? p : 0), got = v;
		int ret = mmsim_cpu_access(mm, addr, write, &got);

		if (ret)
			return ret;
		if (write)
			mmsim_shadow_write(shadow(m), mm->id, addr, v);
		if (!write && c->has_value && got != v) {
			res->mismatch = 1;
			set_msg(res, "page %llu at %#lx holds %#llx, expected %#llx",
				(unsigned long long)p, addr, (unsigned long long)got,
				(unsigned long long)v);
			return 0;
		}
		res->done_pages++;
	}
	return 0;
}

static int cmd_lock(struct model *m, const struct mms_cmd *c, bool lock)
{
	struct mm_struct *mm;
	struct leaf l;
	struct page *page;
	struct folio *folio;
	unsigned long addr = range_addr(m, &c->range, c->range.first);
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	if (!find_leaf(mm, addr, &l) || !(page = leaf_page(m->w, &l, addr)))
		return -ENOENT;
	folio = page_folio(page);
	if (lock) {
		if (folio_test_locked(folio))
			return -EBUSY;
		folio_set_locked(folio);
		set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
		if (c->kind == MMS_LOCK_UNTIL_WAIT)
			set_bit_ul(PG_mmsim_wait_releases, &folio->flags);
		return 0;
	}
	if (!test_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags))
		return -EINVAL;
	clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	clear_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	folio_clear_locked(folio);
	return 0;
}

static int cmd_gup(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	unsigned int flags = 0;
	struct mm_struct *mm;
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	if (c->flags & MMS_GUP_WRITE)
		flags |= FOLL_WRITE;
	if (c->flags & MMS_GUP_FORCE)
		flags |= FOLL_FORCE;
	if (c->flags & MMS_GUP_LONGTERM)
		flags |= FOLL_LONGTERM;
	if (c->flags & MMS_GUP_SPLIT_PMD)
		flags |= FOLL_SPLIT_PMD;
	for (uint64_t p = c->range.first; p < c->range.end; p++) {
		unsigned long addr = range_addr(m, &c->range, p);
		bool pin = c->flags & MMS_GUP_PIN;
		struct mmsim_gup_ref *ref;
		struct page *page = NULL;
		long n;

		/* a driver calls GUP under the mmap_lock, as test_hmm does */
		mmap_read_lock(mm);
		n = pin ? pin_user_pages_remote(mm, addr, 1, flags, &page, NULL) :
			  get_user_pages_remote(mm, addr, 1, flags, &page, NULL);
		mmap_read_unlock(mm);
		if (n < 0)
			return (int)n;
		if (n != 1)
			return -EFAULT;
		ref = mmsim_obj_alloc(m->w, sizeof(*ref));
		ref->folio = page_folio(page);
		ref->page = page;
		ref->mm_id = mm->id;
		ref->addr = addr;
		ref->pin = pin;
		list_add_tail(&ref->list, &m->w->gup_refs);
		res->done_pages++;
	}
	return 0;
}

static int cmd_unpin(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	struct mm_struct *mm;
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	for (uint64_t p = c->range.first; p < c->range.end; p++) {
		unsigned long addr = range_addr(m, &c->range, p);
		struct mmsim_gup_ref *ref = NULL, *pos;

		/* the most recent reference taken at this page */
		list_for_each_entry(pos, &m->w->gup_refs, list)
			if (pos->mm_id == mm->id && pos->addr == addr)
				ref = pos;
		if (!ref)
			return -EINVAL;
		list_del(&ref->list);
		if (ref->pin)
			unpin_user_page(ref->page);
		else
			put_page(ref->page);
		mmsim_obj_free(m->w, ref);
		res->done_pages++;
	}
	return 0;
}

static void exec_one(struct model *m, const struct mms_cmd *c, struct mms_result *res);

/* an armed `inject POINT do COMMAND`: run the command where the point fires */
static bool inject_fn(struct mmsim *w, void *arg, const char *point)
{
	struct model *m = arg;
	const struct mms_cmd *c = NULL;
	struct mms_result sub;

	for (int i = 0; i < MMSIM_NR_INJECT_POINTS; i++)
		if (!strcmp(mmsim_inject_names[i], point))
			c = m->inject_cmd[i];
	if (!c || !c->sub || m->inject_depth)
		return true;
	memset(&sub, 0, sizeof(sub));
	m->inject_depth++;
	/* no nested recovery point: a BUG here unwinds the enclosing command */
	exec_one(m, c->sub, &sub);
	m->inject_depth--;
	mmsim_log(w, "mmsim: at %s ran line %u: result %lld", point, c->sub->line, sub.value);
	return false;
}

static int cmd_inject(struct model *m, const struct mms_cmd *c)
{
	const char *name = mms_str(m->s, c->str);

	for (int i = 0; i < MMSIM_NR_INJECT_POINTS; i++)
		if (!strcmp(mmsim_inject_names[i], name))
			m->inject_cmd[i] = c;
	return mmsim_inject_arm(m->w, name, 1, c->flags & MMS_INJECT_ONCE,
				c->sub ? inject_fn : NULL, m);
}

static int cmd_thp(struct model *m, const struct mms_cmd *c)
{
	static const enum mmsim_thp_mode map[] = {
		[MMS_THP_ALWAYS] = MMSIM_THP_ALWAYS, [MMS_THP_MADVISE] = MMSIM_THP_MADVISE,
		[MMS_THP_NEVER] = MMSIM_THP_NEVER, [MMS_THP_INHERIT] = MMSIM_THP_INHERIT,
	};
	unsigned int order = 0;

	if (!c->size) {
		if (c->kind == MMS_THP_INHERIT)
			return -EINVAL;
		m->w->cfg.thp_pmd = map[c->kind];
		return 0;
	}
	while ((PAGE_SIZE << order) < c->size)
		order++;
	if (order < MMSIM_MTHP_MIN_ORDER || order > MMSIM_MTHP_MAX_ORDER ||
	    (PAGE_SIZE << order) != c->size)
		return -EINVAL;
	m->w->cfg.thp_mthp[order] = map[c->kind];
	return 0;
}

/* ---- dmirror devices (sim/lib/test_hmm.c) ------------------------------------------ */
static int cmd_device(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	struct mm_struct *mm;
	struct dmirror *d;
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	d = dmirror_fops_open(mm);
	if (IS_ERR(d))
		return (int)PTR_ERR(d);
	m->dev[c->dev] = d;
	set_msg(res, "device %u mirrors mm %u", d->id, mm->id);
	return 0;
}

/* a device command's ioctl over pages [first, end) of the command's range */
static long dev_ioctl(struct model *m, const struct mms_cmd *c, unsigned int command,
		      uint64_t first, uint64_t end, void *buf, struct hmm_dmirror_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->addr = range_addr(m, &c->range, first);
	cmd->npages = end - first;
	cmd->ptr = buf;
	return dmirror_fops_unlocked_ioctl(m->dev[c->dev], command, cmd);
}

/* D exclusive RANGE [chunk=SIZE]: one EXCLUSIVE ioctl per chunk, stop at the first failure */
static int cmd_dev_exclusive(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	uint64_t chunk = c->size ? c->size >> PAGE_SHIFT : c->range.end - c->range.first;

	for (uint64_t p = c->range.first; p < c->range.end; p += chunk) {
		uint64_t end = p + chunk < c->range.end ? p + chunk : c->range.end;
		struct hmm_dmirror_cmd cmd;
		long ret = dev_ioctl(m, c, HMM_DMIRROR_EXCLUSIVE, p, end, NULL, &cmd);

		/* conversions done stay, also those of a failing chunk */
		res->done_pages += cmd.done;
		if (ret)
			return (int)ret;
	}
	set_msg(res, "%llu pages exclusive", res->done_pages);
	return 0;
}

/* D read / D write: the device's data path; writes count for the content shadow */
static int cmd_dev_rw(struct model *m, const struct mms_cmd *c, struct mms_result *res,
		      bool write)
{
	uint64_t n = c->range.end - c->range.first;
	/* world memory: a BUG in the ioctl unwinds past this frame */
	u64 *buf = mmsim_obj_alloc(m->w, n * sizeof(*buf));
	struct hmm_dmirror_cmd cmd;
	long ret;

	for (uint64_t i = 0; i < n; i++)
		buf[i] = c->value + (c->seq ? c->range.first + i : 0);
	ret = dev_ioctl(m, c, write ? HMM_DMIRROR_WRITE : HMM_DMIRROR_READ, c->range.first,
			c->range.end, buf, &cmd);
	res->done_pages = cmd.cpages;
	if (write) {
		struct dmirror *d = m->dev[c->dev];

		for (uint64_t i = 0; i < cmd.cpages; i++)
			mmsim_shadow_write(shadow(m), d->mm_id,
					   range_addr(m, &c->range, c->range.first + i), buf[i]);
	} else if (!ret && c->has_value) {
		for (uint64_t i = 0; i < n; i++) {
			u64 want = c->value + (c->seq ? c->range.first + i : 0);

			if (buf[i] == want)
				continue;
			res->mismatch = 1;
			set_msg(res, "page %llu holds %#llx, expected %#llx",
				(unsigned long long)(c->range.first + i),
				(unsigned long long)buf[i], (unsigned long long)want);
			break;
		}
	}
	if (!ret && !res->mismatch)
		set_msg(res, "%llu device faults", (unsigned long long)cmd.faults);
	mmsim_obj_free(m->w, buf);
	return (int)ret;
}

static const char *dev_prot_name(unsigned char perm)
{
	static const char *const base[] = { "none", "read", "write", "?" };

	if (perm == HMM_DMIRROR_PROT_ERROR)
		return "error";
	if (perm & HMM_DMIRROR_PROT_ZERO)
		return (perm & HMM_DMIRROR_PROT_PMD) ? "zero pmd" : "zero";
	if (perm & HMM_DMIRROR_PROT_PMD)
		return (perm & HMM_DMIRROR_PROT_WRITE) ? "write pmd" : "read pmd";
	return base[perm & 3];
}

/* D snapshot: hmm_range_fault() without faulting; the view lists what it saw */
static int cmd_dev_snapshot(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	uint64_t n = c->range.end - c->range.first;
	unsigned char *perm = mmsim_obj_alloc(m->w, n);
	unsigned long count[4] = { 0 };
	struct hmm_dmirror_cmd cmd;
	long ret;

	ret = dev_ioctl(m, c, HMM_DMIRROR_SNAPSHOT, c->range.first, c->range.end, perm, &cmd);
	res->done_pages = cmd.cpages;
	for (uint64_t i = 0; i < cmd.cpages; i++) {
		diag(m, "%#-14lx %s", range_addr(m, &c->range, c->range.first + i),
		     dev_prot_name(perm[i]));
		if (perm[i] == HMM_DMIRROR_PROT_ERROR)
			count[3]++;
		else
			count[perm[i] & 3]++;
	}
	if (!ret)
		set_msg(res, "snapshot: %lu none, %lu read, %lu write, %lu error", count[0],
			count[1], count[2], count[3]);
	mmsim_obj_free(m->w, perm);
	return (int)ret;
}

static int cmd_dev(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	struct hmm_dmirror_cmd cmd;

	if (!m->dev[c->dev])
		return -ENODEV;
	switch (c->op) {
	case MMS_OP_DEV_EXCLUSIVE:
		return cmd_dev_exclusive(m, c, res);
	case MMS_OP_DEV_CHECK:
		return (int)dev_ioctl(m, c, HMM_DMIRROR_CHECK_EXCLUSIVE, c->range.first,
				      c->range.end, NULL, &cmd);
	case MMS_OP_DEV_READ:
		return cmd_dev_rw(m, c, res, false);
	case MMS_OP_DEV_WRITE:
		return cmd_dev_rw(m, c, res, true);
	case MMS_OP_DEV_SNAPSHOT:
		return cmd_dev_snapshot(m, c, res);
	case MMS_OP_DEV_CLOSE:
		if (m->dev[c->dev]->closed)
			return -ENODEV;
		dmirror_fops_release(m->dev[c->dev]);
		return 0;
	default:
		return -EINVAL;
	}
}

static const char *dev_tag_name(unsigned long tag)
{
	return tag == DPT_XA_TAG_ATOMIC ? "atomic" : tag == DPT_XA_TAG_WRITE ? "write" : "read";
}

/* show device D [RANGE]: the device page table in address order */
static int show_device(struct model *m, const struct mms_cmd *c)
{
	struct dmirror *d = m->dev[c->dev];
	struct mm_struct *mm;

	if (!d)
		return -ENODEV;
	mm = mmsim_dmirror_mm(d);
	diag(m, "device %u: mm %u%s%s, %zu entries, %lu invalidations, %lu faults", d->id,
	     d->mm_id, mm ? "" : " (exited)", d->closed ? ", closed" : "", d->nr_pt,
	     d->nr_invalidate, d->nr_faults);
	for (size_t i = 0; i < d->nr_pt; i++) {
		unsigned long addr = d->pt[i].vpfn << PAGE_SHIFT;

		if (c->range.region != UINT32_MAX &&
		    (addr < range_addr(m, &c->range, c->range.first) ||
		     addr >= range_addr(m, &c->range, c->range.end)))
			continue;
		diag(m, "%#-14lx pfn %#-10lx %s", addr, d->pt[i].pfn, dev_tag_name(d->pt[i].tag));
	}
	return 0;
}

static int not_modelled(struct model *m, struct mms_result *res, const char *what)
{
	mmsim_log(m->w, "not modelled yet: %s", what);
	set_msg(res, "not modelled yet: %s", what);
	return -ENOSYS;
}

/* ---- views ----------------------------------------------------------------------- */
static void show_pte(struct model *m, struct mm_struct *mm, const struct mms_range *r)
{
	diag(m, "%-14s %-18s %-16s %-10s %s", "address", "raw", "kind", "pfn", "flags");
	for (uint64_t p = r->first; p < r->end; p++) {
		unsigned long addr = range_addr(m, r, p);
		struct leaf l;
		struct page *page;
		char flags[128];

		if (!find_leaf(mm, addr, &l)) {
			diag(m, "%#-14lx %-18s %-16s", addr, "0", "none");
			continue;
		}
		page = leaf_page(m->w, &l, addr);
		format_flags(leaf_flags(m->w, &l, page), flags, sizeof(flags));
		diag(m, "%#-14lx %016llx %-16s %#-10lx %s", addr, (unsigned long long)l.val,
		     mms_pte_state_name(leaf_state(m->w, &l)), page ? page_to_pfn(page) : 0UL,
		     flags);
	}
}

static void show_pte_dot(struct model *m, struct mm_struct *mm, const struct mms_range *r)
{
	diag(m, "digraph pte {");
	diag(m, "  rankdir=LR; node [shape=box, fontname=monospace];");
	for (uint64_t p = r->first; p < r->end; p++) {
		unsigned long addr = range_addr(m, r, p);
		struct leaf l;
		struct page *page;

		if (!find_leaf(mm, addr, &l))
			continue;
		page = leaf_page(m->w, &l, addr);
		diag(m, "  \"%#lx\" [label=\"%#lx\\n%s\"];", addr, addr,
		     mms_pte_state_name(leaf_state(m->w, &l)));
		if (page)
			diag(m, "  \"%#lx\" -> \"pfn %#lx\";", addr, page_to_pfn(page));
	}
	diag(m, "}");
}

struct rmap_show {
	struct model *m;
	bool dot;
	unsigned long pfn;
};

static bool show_rmap_one(struct folio *folio, struct vm_area_struct *vma,
			  unsigned long addr, void *arg)
{
	struct rmap_show *rs = arg;

	if (rs->dot)
		diag(rs->m, "  \"pfn %#lx\" -> \"mm %u %#lx\";", rs->pfn, vma->vm_mm->id, addr);
	else
		diag(rs->m, "mm %u vma %u [%#lx-%#lx) maps it at %#lx", vma->vm_mm->id, vma->id,
		     vma->vm_start, vma->vm_end, addr);
	(void)folio;
	return true;
}

static void show_rmap(struct model *m, struct page *page, bool dot)
{
	struct folio *folio = page_folio(page);
	struct rmap_show rs = { .m = m, .dot = dot, .pfn = folio_pfn(folio) };
	struct rmap_walk_control rwc = {
		.arg = &rs,
		.rmap_one = show_rmap_one,
		.anon_lock = folio_lock_anon_vma_read,
	};

	if (dot)
		diag(m, "digraph rmap {");
	else
		diag(m, "rmap of folio pfn %#lx (mapcount %d):", rs.pfn, folio_mapcount(folio));
	/* rmap walkers hold the folio lock, as the kernel's callers do */
	if (folio_mapped(folio)) {
		if (folio_trylock(folio)) {
			rmap_walk(folio, &rwc);
			folio_unlock(folio);
		} else {
			diag(m, "folio is locked by another task: not walked");
		}
	}
	if (dot)
		diag(m, "}");
}

static void show_folio(struct model *m, struct page *page)
{
	struct folio *folio = page_folio(page);
	unsigned long first = mmsim_log_count(m->w);

	/* dump_page() writes to the world log; copy its lines to the view */
	dump_page(page, "show folio");
	for (unsigned long i = first; i < mmsim_log_count(m->w); i++)
		diag(m, "%s", mmsim_log_line(m->w, i));
	diag(m, "mapcount:%d page_mapcount:%d refcount:%d order:%u", folio_mapcount(folio),
	     page_mapcount(page), folio_ref_count(folio), folio_order(folio));
}

/* smaps_rollup by page-table walk: PFN swap entries count as resident */
static void smaps_walk(struct model *m, struct mm_struct *mm, u64 *rss, u64 *swap)
{
	struct vm_area_struct *vma;

	*rss = *swap = 0;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		for (unsigned long a = vma->vm_start; a < vma->vm_end;) {
			struct leaf l;

			if (!find_leaf(mm, a, &l)) {
				a += PAGE_SIZE;
				continue;
			}
			if (l.pmd) {
				unsigned long next = (a & PMD_MASK) + PMD_SIZE;

				if (pmd_present(__pmd(l.val)))
					*rss += min_t(unsigned long, next, vma->vm_end) - a;
				a = next;
				continue;
			}
			switch (leaf_state(m->w, &l)) {
			case MMS_PTE_PRESENT:
				/* the zero page is not counted: smaps skips it */
				if (!(pte_special(__pte(l.val))))
					*rss += PAGE_SIZE;
				break;
			case MMS_PTE_MIGRATION:
			case MMS_PTE_DEVICE_EXCLUSIVE:
			case MMS_PTE_DEVICE_PRIVATE:
				*rss += PAGE_SIZE;
				break;
			case MMS_PTE_SWAP:
				*swap += PAGE_SIZE;
				break;
			default:
				break;
			}
			a += PAGE_SIZE;
		}
	}
}

static long long stat_value(struct model *m, uint32_t key)
{
	struct mmsim *w = m->w;
	long free = atomic_long_read(&w->vm_stat[NR_FREE_PAGES]);
	unsigned long online = 0;

	for (unsigned long b = 0; b < w->nr_blocks; b++)
		if (w->blocks[b].online)
			online += w->block_pages;
	switch (key) {
	case MMS_STK_ANON:
		return atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]) * (long long)PAGE_SIZE;
	case MMS_STK_FILE:
		return (atomic_long_read(&w->vm_stat[NR_FILE_PAGES]) -
			atomic_long_read(&w->vm_stat[NR_SHMEM]) -
			atomic_long_read(&w->vm_stat[NR_SWAPCACHE])) * (long long)PAGE_SIZE;
	case MMS_STK_SHMEM:
		return atomic_long_read(&w->vm_stat[NR_SHMEM]) * (long long)PAGE_SIZE;
	case MMS_STK_SWAPCACHE:
		return atomic_long_read(&w->vm_stat[NR_SWAPCACHE]) * (long long)PAGE_SIZE;
	case MMS_STK_SWAP:
		return (long long)mmsim_swap_slots_used(w) * (long long)PAGE_SIZE;
	case MMS_STK_FREE:
		return free * (long long)PAGE_SIZE;
	case MMS_STK_ALLOCATED:
		return ((long long)online - free) * (long long)PAGE_SIZE;
	case MMS_STK_BAD_PAGE:
		return (long long)w->nr_bad_page;
	}
	return 0;
}

static const char *const stat_names[] = {
	"anon", "file", "shmem", "swapcache", "swap", "free", "allocated", "bad_page",
};

static int cmd_show(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	bool dot = c->flags & MMS_SHOW_DOT;
	struct mm_struct *mm = NULL;
	int err = 0;

	if (c->proc >= 0) {
		mm = proc_mm(m, c->proc, &err);
		if (!mm)
			return err;
	}
	switch (c->kind) {
	case MMS_SHOW_PTE:
		if (dot)
			show_pte_dot(m, mm, &c->range);
		else
			show_pte(m, mm, &c->range);
		return 0;
	case MMS_SHOW_FOLIO:
	case MMS_SHOW_RMAP: {
		unsigned long addr = range_addr(m, &c->range, c->range.first);
		struct page *page;
		struct leaf l;

		if (!find_leaf(mm, addr, &l) || !(page = leaf_page(m->w, &l, addr)))
			return -ENOENT;
		if (c->kind == MMS_SHOW_FOLIO)
			show_folio(m, page);
		else
			show_rmap(m, page, dot);
		return 0;
	}
	case MMS_SHOW_SMAPS: {
		u64 rss, swap;

		smaps_walk(m, mm, &rss, &swap);
		diag(m, "Rss: %llu kB", (unsigned long long)(rss >> 10));
		diag(m, "Swap: %llu kB", (unsigned long long)(swap >> 10));
		return 0;
	}
	case MMS_SHOW_STATS:
		for (uint32_t k = 0; k < ARRAY_SIZE(stat_names); k++)
			diag(m, "%s: %lld", stat_names[k], stat_value(m, k));
		return 0;
	case MMS_SHOW_LOG:
		for (unsigned long i = 0; i < mmsim_log_count(m->w); i++)
			diag(m, "%s", mmsim_log_line(m->w, i));
		return 0;
	case MMS_SHOW_DEVICE:
		return show_device(m, c);
	}
	return -EINVAL;
}

/* clear-refs P soft-dirty: /proc/PID/clear_refs; the other modes answer -ENOSYS */
static int cmd_clear_refs(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	static const int type[] = {
		[MMS_CLEAR_SOFT_DIRTY] = CLEAR_REFS_SOFT_DIRTY, [MMS_CLEAR_ALL] = CLEAR_REFS_ALL,
		[MMS_CLEAR_ANON] = CLEAR_REFS_ANON, [MMS_CLEAR_MAPPED] = CLEAR_REFS_MAPPED,
	};
	struct mm_struct *mm;
	int err = 0;

	mm = proc_mm(m, c->proc, &err);
	if (!mm)
		return err;
	err = clear_refs_write(mm, type[c->kind]);
	if (err == -ENOSYS)
		set_msg(res, "not modelled yet: clear-refs %s",
			c->kind == MMS_CLEAR_ALL ? "all" : c->kind == MMS_CLEAR_ANON ? "anon" : "mapped");
	return err;
}

/* ---- dispatch ---------------------------------------------------------------------- */
static int exec_cmd(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	struct mmsim *w = m->w;
	struct mm_struct *mm;
	unsigned long start, len;
	int err = 0;

	switch (c->op) {
	case MMS_OP_THP:
		return cmd_thp(m, c);
	case MMS_OP_PROCESS:
		m->mm[c->proc] = mm_alloc(w);
		return m->mm[c->proc] ? 0 : -ENOMEM;
	case MMS_OP_FILE: {
		const struct mms_file *f = &m->s->files[c->file];

		m->file[c->file] = mmsim_file_create(w, f->name, c->size, c->value, c->seq);
		if (!m->file[c->file])
			return -ENOMEM;
		mmsim_shadow_file(shadow(m), m->file[c->file]->id, c->value, c->seq);
		return 0;
	}
	case MMS_OP_MMAP:
		return cmd_mmap(m, c, res);
	case MMS_OP_MUNMAP:
	case MMS_OP_MPROTECT:
	case MMS_OP_MADVISE:
		mm = proc_mm(m, c->proc, &err);
		if (!mm)
			return err;
		start = range_addr(m, &c->range, c->range.first);
		len = (c->range.end - c->range.first) * PAGE_SIZE;
		if (c->op == MMS_OP_MUNMAP) {
			err = do_munmap(mm, start, len);
			if (!err)
				mmsim_shadow_unmap(shadow(m), mm->id, start, len);
			return err;
		}
		if (c->op == MMS_OP_MPROTECT)
			return do_mprotect_pkey(mm, start, len, (unsigned long)prot_of(c->kind));
		err = do_madvise(mm, start, len, madvise_behavior(c->kind));
		if (!err || err == -ENOMEM)
			shadow_madvise(m, mm, c, start, len);
		return err;
	case MMS_OP_WRITE:
		return cmd_access(m, c, res, true);
	case MMS_OP_READ:
		return cmd_access(m, c, res, false);
	case MMS_OP_FORK: {
		struct mm_struct *child;

		mm = proc_mm(m, c->proc, &err);
		if (!mm)
			return err;
		child = dup_mm(mm);
		if (IS_ERR(child))
			return (int)PTR_ERR(child);
		m->mm[c->proc2] = child;
		mmsim_shadow_fork(shadow(m), mm->id, child->id);
		return 0;
	}
	case MMS_OP_EXIT:
		mm = proc_mm(m, c->proc, &err);
		if (!mm)
			return err;
		m->exited[c->proc] = true;
		m->mm[c->proc] = NULL;
		mmsim_shadow_exit(shadow(m), mm->id);
		mmput(mm);
		return 0;
	case MMS_OP_CLEAR_REFS:
		return cmd_clear_refs(m, c, res);
	case MMS_OP_LOCK:
		return cmd_lock(m, c, true);
	case MMS_OP_UNLOCK:
		return cmd_lock(m, c, false);
	case MMS_OP_INJECT:
		return cmd_inject(m, c);
	case MMS_OP_GUP:
		return cmd_gup(m, c, res);
	case MMS_OP_UNPIN:
		return cmd_unpin(m, c, res);
	case MMS_OP_SHOW:
		return cmd_show(m, c, res);
	case MMS_OP_DEVICE:
		return cmd_device(m, c, res);
	case MMS_OP_DEV_EXCLUSIVE:
	case MMS_OP_DEV_CHECK:
	case MMS_OP_DEV_READ:
	case MMS_OP_DEV_WRITE:
	case MMS_OP_DEV_SNAPSHOT:
	case MMS_OP_DEV_CLOSE:
		return cmd_dev(m, c, res);
	case MMS_OP_RECLAIM:
		return not_modelled(m, res, "reclaim");
	case MMS_OP_MIGRATE:
		return not_modelled(m, res, "migrate");
	case MMS_OP_COMPACT:
		return not_modelled(m, res, "compact");
	case MMS_OP_OFFLINE:
	case MMS_OP_ONLINE:
		return not_modelled(m, res, "memory offline/online");
	case MMS_OP_HWPOISON:
		return not_modelled(m, res, "hwpoison (memory_failure)");
	case MMS_OP_SPLIT:
		return not_modelled(m, res, "split (split_folio)");
	case MMS_OP_KSM_SCAN:
		return not_modelled(m, res, "ksm scan");
	default:
		return -EINVAL;
	}
}

static void exec_one(struct model *m, const struct mms_cmd *c, struct mms_result *res)
{
	int ret = exec_cmd(m, c, res);

	if (MMSIM_IS_SIGNAL(ret)) {
		res->kind = MMS_R_SIGNAL;
		res->value = ret - MMSIM_SIGNAL_BASE;
	} else {
		res->kind = MMS_R_RET;
		res->value = ret;
	}
}

static int exec_trampoline(struct mmsim *w, void *arg)
{
	struct exec_ctx *x = arg;

	(void)w;
	exec_one(x->m, x->cmd, x->res);
	return 0;
}

static void model_exec(void *be, const struct mms_cmd *cmd, struct mms_result *res)
{
	struct model *m = be;
	struct exec_ctx x = { .m = m, .cmd = cmd, .res = res };

	if (mmsim_run_command(m->w, exec_trampoline, &x) == MMSIM_DIED)
		res->kind = MMS_R_BUG;
}

/* ---- expectations ------------------------------------------------------------------ */
/* the mm an expectation looks at, or NULL with the reason in got */
static struct mm_struct *expect_mm(struct model *m, const struct mms_cmd *c, char *got,
				   size_t len)
{
	int err = 0;
	struct mm_struct *mm = proc_mm(m, c->proc, &err);

	if (!mm)
		snprintf(got, len, "process has exited");
	return mm;
}

static int expect_pte(struct model *m, const struct mms_cmd *c, char *got, size_t len)
{
	struct mm_struct *mm;

	mm = expect_mm(m, c, got, len);
	if (!mm)
		return 1;
	for (uint64_t p = c->range.first; p < c->range.end; p++) {
		unsigned long addr = range_addr(m, &c->range, p);
		enum mms_pte_state state = MMS_PTE_NONE;
		unsigned int flags = 0;
		struct leaf l;
		char fl[128];

		if (find_leaf(mm, addr, &l)) {
			state = leaf_state(m->w, &l);
			flags = leaf_flags(m->w, &l, leaf_page(m->w, &l, addr));
		}
		if (state != c->kind || (c->flags & ~flags)) {
			format_flags(flags, fl, sizeof(fl));
			snprintf(got, len, "page %llu: %s%s%s", (unsigned long long)p,
				 mms_pte_state_name(state), fl[0] ? " " : "", fl);
			return 1;
		}
	}
	return 0;
}

static long long folio_key(struct folio *folio, struct page *page, uint32_t key, bool *large_only)
{
	*large_only = false;
	switch (key) {
	case MMS_FK_MAPCOUNT: return folio_mapcount(folio);
	case MMS_FK_PAGE_MAPCOUNT: return page_mapcount(page);
	case MMS_FK_REFCOUNT: return folio_ref_count(folio);
	case MMS_FK_ORDER: return folio_order(folio);
	case MMS_FK_ANON: return folio_test_anon(folio);
	case MMS_FK_ANON_EXCLUSIVE: return PageAnonExclusive(page);
	case MMS_FK_HWPOISON: return PageHWPoison(page);
	case MMS_FK_KSM: return folio_test_ksm(folio);
	case MMS_FK_DIRTY: return folio_test_dirty(folio);
	case MMS_FK_LRU: return folio_test_lru(folio);
	case MMS_FK_ACTIVE: return folio_test_active(folio);
	case MMS_FK_LOCKED: return folio_test_locked(folio);
	case MMS_FK_SWAPCACHE: return folio_test_swapcache(folio);
	case MMS_FK_WRITEBACK: return folio_test_writeback(folio);
	default:
		break;
	}
	*large_only = true;
	if (!folio_test_large(folio))
		return 0;
	switch (key) {
	case MMS_FK_ENTIRE_MAPCOUNT: return folio_entire_mapcount(folio);
	case MMS_FK_LARGE_MAPCOUNT: return folio_large_mapcount(folio);
	case MMS_FK_NR_PAGES_MAPPED:
		return atomic_read(&folio->_nr_pages_mapped) & FOLIO_PAGES_MAPPED;
	case MMS_FK_ENTIRELY_MAPPED:
		return atomic_read(&folio->_nr_pages_mapped) >= ENTIRELY_MAPPED;
	case MMS_FK_PINCOUNT: return atomic_read(&folio->_pincount);
	}
	return 0;
}

static int expect_folio(struct model *m, const struct mms_cmd *c, char *got, size_t len)
{
	unsigned long addr = range_addr(m, &c->range, c->range.first);
	struct mm_struct *mm;
	struct folio *folio;
	struct page *page;
	struct leaf l;

	mm = expect_mm(m, c, got, len);
	if (!mm)
		return 1;
	if (!find_leaf(mm, addr, &l) || !(page = leaf_page(m->w, &l, addr))) {
		snprintf(got, len, "no folio");
		return 1;
	}
	folio = page_folio(page);
	for (uint32_t i = 0; i < c->kv_count; i++) {
		const struct mms_kv *kv = &m->s->kvs[c->kv_first + i];
		long long want = kv->negative ? -(long long)kv->value : (long long)kv->value;
		bool large_only;
		long long v = folio_key(folio, page, kv->key, &large_only);

		if (large_only && !folio_test_large(folio)) {
			snprintf(got, len, "%s on a small folio", mms_folio_key_name(kv->key));
			return 1;
		}
		if (v != want) {
			snprintf(got, len, "%s=%lld", mms_folio_key_name(kv->key), v);
			return 1;
		}
	}
	return 0;
}

static const char *const rss_names[] = { "anon", "file", "shmem", "swap" };

static int expect_sizes(struct model *m, const struct mms_cmd *c, char *got, size_t len)
{
	struct mm_struct *mm = NULL;
	u64 rss = 0, swap = 0;

	if (c->op != MMS_OP_EXPECT_STATS) {
		mm = expect_mm(m, c, got, len);
		if (!mm)
			return 1;
	}
	if (c->op == MMS_OP_EXPECT_SMAPS)
		smaps_walk(m, mm, &rss, &swap);
	for (uint32_t i = 0; i < c->kv_count; i++) {
		const struct mms_kv *kv = &m->s->kvs[c->kv_first + i];
		long long v = 0;
		const char *name = "?";

		if (c->op == MMS_OP_EXPECT_RSS) {
			static const int counter[] = {
				[MMS_RK_ANON] = MM_ANONPAGES, [MMS_RK_FILE] = MM_FILEPAGES,
				[MMS_RK_SHMEM] = MM_SHMEMPAGES, [MMS_RK_SWAP] = MM_SWAPENTS,
			};

			v = get_mm_counter(mm, counter[kv->key]) * (long long)PAGE_SIZE;
			name = rss_names[kv->key];
		} else if (c->op == MMS_OP_EXPECT_SMAPS) {
			v = (long long)(kv->key == MMS_SK_RSS ? rss : swap);
			name = kv->key == MMS_SK_RSS ? "rss" : "swap";
		} else {
			v = stat_value(m, kv->key);
			name = stat_names[kv->key];
		}
		if (v != (long long)kv->value) {
			snprintf(got, len, "%s=%lld", name, v);
			return 1;
		}
	}
	return 0;
}

static int expect_data(struct model *m, const struct mms_cmd *c, char *got, size_t len)
{
	struct mm_struct *mm;

	mm = expect_mm(m, c, got, len);
	if (!mm)
		return 1;
	for (uint64_t p = c->range.first; p < c->range.end; p++) {
		unsigned long addr = range_addr(m, &c->range, p);
		u64 want = c->value + (c->seq ? p : 0), v;

		if (!mmsim_peek(mm, addr, &v)) {
			snprintf(got, len, "page %llu: nothing mapped", (unsigned long long)p);
			return 1;
		}
		if (v != want) {
			snprintf(got, len, "page %llu: %#llx", (unsigned long long)p,
				 (unsigned long long)v);
			return 1;
		}
	}
	return 0;
}

/* expect device D RANGE none|read|write|atomic: the device table, page by page */
static int expect_device(struct model *m, const struct mms_cmd *c, char *got, size_t len)
{
	static const char *const names[] = {
		[MMS_DEV_NONE] = "none", [MMS_DEV_READ] = "read",
		[MMS_DEV_WRITE] = "write", [MMS_DEV_ATOMIC] = "atomic",
	};
	struct dmirror *d = m->dev[c->dev];

	for (uint64_t p = c->range.first; p < c->range.end; p++) {
		unsigned long addr = range_addr(m, &c->range, p);
		const struct dmirror_pte *e = d ? mmsim_dmirror_lookup(d, addr) : NULL;
		uint32_t have = MMS_DEV_NONE;

		if (e)
			have = e->tag == DPT_XA_TAG_ATOMIC ? MMS_DEV_ATOMIC :
			       e->tag == DPT_XA_TAG_WRITE ? MMS_DEV_WRITE : MMS_DEV_READ;
		if (have != c->kind) {
			snprintf(got, len, "page %llu: %s", (unsigned long long)p, names[have]);
			return 1;
		}
	}
	return 0;
}

static int model_expect(void *be, const struct mms_cmd *c, char *got, size_t len)
{
	struct model *m = be;

	switch (c->op) {
	case MMS_OP_EXPECT_LOG:
		for (unsigned long i = 0; i < mmsim_log_count(m->w); i++)
			if (strstr(mmsim_log_line(m->w, i), mms_str(m->s, c->str)))
				return 0;
		snprintf(got, len, "no such log line");
		return 1;
	case MMS_OP_EXPECT_PTE:
		return expect_pte(m, c, got, len);
	case MMS_OP_EXPECT_FOLIO:
		return expect_folio(m, c, got, len);
	case MMS_OP_EXPECT_RSS:
	case MMS_OP_EXPECT_SMAPS:
	case MMS_OP_EXPECT_STATS:
		return expect_sizes(m, c, got, len);
	case MMS_OP_EXPECT_DATA:
		return expect_data(m, c, got, len);
	case MMS_OP_EXPECT_DEVICE:
		return expect_device(m, c, got, len);
	default:
		snprintf(got, len, "not an expectation the model evaluates");
		return 1;
	}
}

/* ---- checker and lifecycle ---------------------------------------------------------- */
static int model_checker(void *be, char *name, size_t nlen, char *msg, size_t mlen)
{
	struct model *m = be;
	struct mmsim_check_report rep;
	const struct mmsim_check_violation *v;

	if (mmsim_check_run(m->w, &m->chk, &rep) <= 0)
		return 0;
	v = mmsim_check_first(&rep);
	if (!v)
		return 0;
	m->last = *v;
	snprintf(name, nlen, "%s", v->name);
	mmsim_check_format(v, msg, mlen);
	return 1;
}

static void model_accept_violation(void *be)
{
	struct model *m = be;

	mmsim_check_suspend(&m->chk, m->last.name, m->last.object);
}

static unsigned long model_nr_warn(void *be) { return mmsim_nr_warn(((struct model *)be)->w); }
static unsigned long model_nr_bug(void *be) { return mmsim_nr_bug(((struct model *)be)->w); }
static int model_dead(void *be) { return mmsim_is_dead(((struct model *)be)->w); }

static void trace_to_diag(void *arg, const char *line)
{
	diag(arg, "%s", line);
}

static int model_create(void *be, const struct mms_script *s, const struct mms_config *cfg,
			char *msg, size_t len)
{
	struct model *m = be;
	struct mmsim_config mc;
	const char *why;
	int ret;

	mmsim_config_init(&mc);
	mc.series = cfg->series;
	mc.memory = cfg->memory;
	mc.block = cfg->block;
	mc.swap = cfg->swap;
	mc.hugetlb_pages = (unsigned int)cfg->hugetlb;
	mc.bug_mode = MMSIM_BUG_UNWIND;
	why = mmsim_config_validate(&mc);
	if (why) {
		snprintf(msg, len, "%s", why);
		return 1;
	}
	ret = mmsim_create(&m->w, &mc);
	if (ret) {
		snprintf(msg, len, "cannot create the world: %d", ret);
		return 1;
	}
	m->s = s;
	m->diag = cfg->diag;
	m->mm = calloc(s->nr_procs + 1, sizeof(*m->mm));
	m->exited = calloc(s->nr_procs + 1, sizeof(*m->exited));
	m->region_start = calloc(s->nr_regions + 1, sizeof(*m->region_start));
	m->file = calloc(s->nr_files + 1, sizeof(*m->file));
	m->dev = calloc(s->nr_devs + 1, sizeof(*m->dev));
	if (!m->mm || !m->exited || !m->region_start || !m->file || !m->dev) {
		snprintf(msg, len, "out of host memory");
		return 1;
	}
	if (cfg->trace && m->diag)
		mmsim_set_trace(m->w, trace_to_diag, m);
	return 0;
}

static void model_destroy(void *be)
{
	struct model *m = be;

	mmsim_destroy(m->w);
	mmsim_check_state_release(&m->chk);
	free(m->mm);
	free(m->exited);
	free(m->region_start);
	free(m->file);
	free(m->dev);
	free(m);
}

static void model_version(FILE *out)
{
	char buf[1024];

	mmsim_version_string(NULL, buf, sizeof(buf));
	fputs(buf, out);
}

void *mmsim_model_new(void)
{
	struct model *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	mmsim_check_state_init(&m->chk);
	return m;
}

const struct mms_backend_ops mmsim_model_ops = {
	.create = model_create,
	.exec = model_exec,
	.expect = model_expect,
	.checker = model_checker,
	.accept_violation = model_accept_violation,
	.nr_warn = model_nr_warn,
	.nr_bug = model_nr_bug,
	.dead = model_dead,
	.destroy = model_destroy,
	.version = model_version,
	.inject_points = mmsim_inject_names,
	.subcommand = mmsim_model_subcommand,
};
