// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/check/shadow.c: the content shadow and the "contents" invariant.
 * Each test builds a world with the model's API, feeds the shadow the same
 * events a harness would, asserts a clean check, then corrupts one page's
 * content and asserts that "contents" names the page and both values.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/pgtable.h>
#include <stdio.h>
#include <string.h>

struct fx {
	struct mmsim *w;
	struct mmsim_check_state st;
	struct mmsim_shadow *sh;
};

static void fx_init(struct fx *f)
{
	f->w = mmsim_test_world(17);
	mmsim_check_state_init(&f->st);
	f->sh = mmsim_check_shadow(&f->st);
	assert_non_null(f->sh);
	assert_ptr_equal(f->st.shadow, f->sh);
}

static void fx_fini(struct fx *f)
{
	mmsim_destroy(f->w);
	mmsim_check_state_release(&f->st);
	assert_null(f->st.shadow);
}

static int run(struct fx *f, struct mmsim_check_report *rep)
{
	char buf[256];
	int n = mmsim_check_run(f->w, &f->st, rep);

	for (unsigned int i = 0; i < rep->nr_kept; i++) {
		mmsim_check_format(&rep->v[i], buf, sizeof(buf));
		print_message("violation: %s\n", buf);
	}
	return n;
}

static void expect_clean(struct fx *f)
{
	struct mmsim_check_report rep;

	assert_int_equal(run(f, &rep), 0);
}

/* the first violation is "contents" for (mm, addr) with these values */
static void expect_contents(struct fx *f, unsigned int mm, unsigned long addr, uint64_t want,
			    uint64_t got, int nr)
{
	struct mmsim_check_report rep;
	char obj[MMSIM_CHECK_OBJECT_LEN];
	int n = mmsim_check_run(f->w, &f->st, &rep);

	assert_int_equal(n, nr);
	assert_int_equal(rep.nr_violations, (unsigned long)nr);
	assert_string_equal(rep.v[0].name, "contents");
	snprintf(obj, sizeof(obj), "mm %u addr %#lx", mm, addr);
	assert_string_equal(rep.v[0].object, obj);
	assert_int_equal((uint64_t)rep.v[0].expected, want);
	assert_int_equal((uint64_t)rep.v[0].actual, got);
	assert_int_equal(rep.v[0].explained_by, 0);
}

static unsigned long map(struct fx *f, struct mm_struct *mm, struct file *file, unsigned long addr,
			 unsigned long len, unsigned long flags, enum mmsim_shadow_kind kind,
			 unsigned long pgoff)
{
	long a = do_mmap(mm, file, addr, len, PROT_READ | PROT_WRITE,
			 flags | (addr ? MAP_FIXED_NOREPLACE : 0), pgoff, 0);

	assert_true(a > 0);
	assert_int_equal(mmsim_shadow_map(f->sh, mm->id, (unsigned long)a, len, kind,
					  file ? file->id : 0, pgoff), 0);
	return (unsigned long)a;
}

static void wr(struct fx *f, struct mm_struct *mm, unsigned long addr, uint64_t v)
{
	u64 val = v;

	assert_int_equal(mmsim_cpu_access(mm, addr, true, &val), 0);
	assert_int_equal(mmsim_shadow_write(f->sh, mm->id, addr, v), 0);
}

static uint64_t rd(struct mm_struct *mm, unsigned long addr)
{
	u64 val = 0;

	assert_int_equal(mmsim_cpu_access(mm, addr, false, &val), 0);
	return val;
}

static uint64_t shadow_value(struct fx *f, unsigned int mm, unsigned long addr, unsigned int *flags)
{
	uint64_t v = ~0ULL;

	assert_int_equal(mmsim_shadow_expect(f->sh, mm, addr, &v, flags), 0);
	return v;
}

/* the page mapped at addr by a present PTE */
static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);
	pte_t *pte;

	assert_non_null(pmd);
	assert_false(pmd_none(*pmd));
	if (pmd_leaf(*pmd))
		return pfn_to_page(mm->w, pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	pte = pte_offset_map(mm->w, pmd, addr);
	assert_non_null(pte);
	assert_true(pte_present(*pte));
	return pfn_to_page(mm->w, pte_pfn(*pte));
}

static void madv(struct fx *f, struct mm_struct *mm, unsigned long start, unsigned long len,
		 int behavior, enum mmsim_shadow_advice adv)
{
	assert_int_equal(do_madvise(mm, start, len, behavior), 0);
	assert_int_equal(mmsim_shadow_madvise(f->sh, mm->id, start, len, adv), 0);
}

static struct mm_struct *fork_mm(struct fx *f, struct mm_struct *mm)
{
	struct mm_struct *child = dup_mm(mm);

	assert_false(IS_ERR(child));
	assert_int_equal(mmsim_shadow_fork(f->sh, mm->id, child->id), 0);
	return child;
}

static void exit_mm(struct fx *f, struct mm_struct *mm)
{
	unsigned int id = mm->id;

	mmput(mm);
	assert_int_equal(mmsim_shadow_exit(f->sh, id), 0);
}

/* ---- tests ----------------------------------------------------------------------- */
static void test_shadow_anon_write_then_corrupt(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;
	struct page *p;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 8 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 0x11);
	wr(&f, mm, a + 3 * PAGE_SIZE, 0x33);
	expect_clean(&f);
	assert_int_equal(shadow_value(&f, mm->id, a + 3 * PAGE_SIZE, NULL), 0x33);
	assert_int_equal(shadow_value(&f, mm->id, a + PAGE_SIZE, NULL), 0);

	p = page_at(mm, a + 3 * PAGE_SIZE);
	p->content = 0x34;
	expect_contents(&f, mm->id, a + 3 * PAGE_SIZE, 0x33, 0x34, 1);
	p->content = 0x33;
	expect_clean(&f);
	exit_mm(&f, mm);
	expect_clean(&f);
	fx_fini(&f);
}

static void test_shadow_zero_page_reads_zero(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;
	struct page *zero;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 4 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	assert_int_equal(rd(mm, a + PAGE_SIZE), 0);
	zero = page_at(mm, a + PAGE_SIZE);
	assert_ptr_equal(zero, f.w->zero_page);
	expect_clean(&f);
	/* a corrupted zero page is wrong wherever it is mapped */
	zero->content = 5;
	expect_contents(&f, mm->id, a + PAGE_SIZE, 0, 5, 1);
	zero->content = 0;
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_fork_cow_keeps_both_values(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long a;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 4 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 1);
	wr(&f, mm, a + PAGE_SIZE, 2);
	child = fork_mm(&f, mm);
	expect_clean(&f);
	assert_int_equal(shadow_value(&f, child->id, a + PAGE_SIZE, NULL), 2);

	wr(&f, child, a, 10);		/* COW in the child */
	wr(&f, mm, a + PAGE_SIZE, 20);	/* COW in the parent */
	expect_clean(&f);
	assert_int_equal(rd(mm, a), 1);
	assert_int_equal(rd(child, a), 10);
	assert_int_equal(rd(mm, a + PAGE_SIZE), 20);
	assert_int_equal(rd(child, a + PAGE_SIZE), 2);
	assert_int_equal(shadow_value(&f, mm->id, a, NULL), 1);
	assert_int_equal(shadow_value(&f, child->id, a, NULL), 10);

	page_at(child, a + PAGE_SIZE)->content = 3;
	expect_contents(&f, child->id, a + PAGE_SIZE, 2, 3, 1);
	page_at(child, a + PAGE_SIZE)->content = 2;
	exit_mm(&f, child);
	exit_mm(&f, mm);
	expect_clean(&f);
	fx_fini(&f);
}

static void test_shadow_cow_shared_page_named_in_each_mm(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long a;
	struct page *p;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 0x77);
	child = fork_mm(&f, mm);
	/* not yet COWed: one page, mapped by both, expected by both */
	p = page_at(mm, a);
	assert_ptr_equal(p, page_at(child, a));
	p->content = 0x78;
	expect_contents(&f, mm->id, a, 0x77, 0x78, 2);
	p->content = 0x77;
	expect_clean(&f);
	exit_mm(&f, mm);
	exit_mm(&f, child);
	fx_fini(&f);
}

static void test_shadow_dontneed_anon_reads_zero(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 4 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 9);
	wr(&f, mm, a + PAGE_SIZE, 8);
	madv(&f, mm, a, PAGE_SIZE, MADV_DONTNEED, MMSIM_SHADOW_DONTNEED);
	assert_int_equal(shadow_value(&f, mm->id, a, NULL), 0);
	assert_int_equal(shadow_value(&f, mm->id, a + PAGE_SIZE, NULL), 8);
	expect_clean(&f);
	wr(&f, mm, a, 7);		/* a fresh page */
	expect_clean(&f);
	page_at(mm, a)->content = 9;	/* the old value is no longer right */
	expect_contents(&f, mm->id, a, 7, 9, 1);
	page_at(mm, a)->content = 7;
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_dontneed_private_file_reads_file(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	struct file *file;
	unsigned long a;

	(void)state;
	fx_init(&f);
	file = mmsim_file_create(f.w, "F", 8 * PAGE_SIZE, 0x700, true);
	assert_non_null(file);
	assert_int_equal(mmsim_shadow_file(f.sh, file->id, 0x700, true), 0);
	mm = mm_alloc(f.w);
	/* file pages 2.. at the start of the mapping */
	a = map(&f, mm, file, 0, 4 * PAGE_SIZE, MAP_PRIVATE, MMSIM_SHADOW_PRIVATE_FILE, 2);
	assert_int_equal(rd(mm, a), 0x702);
	wr(&f, mm, a + PAGE_SIZE, 0x1);	/* COW */
	expect_clean(&f);
	assert_int_equal(shadow_value(&f, mm->id, a + PAGE_SIZE, NULL), 1);
	madv(&f, mm, a, 4 * PAGE_SIZE, MADV_DONTNEED, MMSIM_SHADOW_DONTNEED);
	assert_int_equal(shadow_value(&f, mm->id, a + PAGE_SIZE, NULL), 0x703);
	assert_int_equal(rd(mm, a + PAGE_SIZE), 0x703);
	expect_clean(&f);
	page_at(mm, a + PAGE_SIZE)->content = 1;
	expect_contents(&f, mm->id, a + PAGE_SIZE, 0x703, 1, 1);
	page_at(mm, a + PAGE_SIZE)->content = 0x703;
	exit_mm(&f, mm);
	expect_clean(&f);
	fx_fini(&f);
}

static void test_shadow_wipeonfork_child_reads_zero(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long keep, wipe;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	keep = map(&f, mm, NULL, 0, PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		   MMSIM_SHADOW_PRIVATE_ANON, 0);
	wipe = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		   MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, keep, 1);
	wr(&f, mm, wipe, 3);
	wr(&f, mm, wipe + PAGE_SIZE, 4);
	madv(&f, mm, wipe, 2 * PAGE_SIZE, MADV_WIPEONFORK, MMSIM_SHADOW_WIPEONFORK);
	child = fork_mm(&f, mm);
	assert_int_equal(shadow_value(&f, child->id, keep, NULL), 1);
	assert_int_equal(shadow_value(&f, child->id, wipe, NULL), 0);
	assert_int_equal(rd(child, wipe), 0);
	assert_int_equal(rd(mm, wipe), 3);
	expect_clean(&f);
	wr(&f, child, wipe + PAGE_SIZE, 5);
	expect_clean(&f);
	page_at(child, wipe + PAGE_SIZE)->content = 4;
	expect_contents(&f, child->id, wipe + PAGE_SIZE, 5, 4, 1);
	page_at(child, wipe + PAGE_SIZE)->content = 5;

	/* keeponfork: the grandchild copies again */
	madv(&f, child, wipe, 2 * PAGE_SIZE, MADV_KEEPONFORK, MMSIM_SHADOW_KEEPONFORK);
	exit_mm(&f, fork_mm(&f, child));
	expect_clean(&f);
	exit_mm(&f, child);
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_dontfork_not_copied(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long a;
	uint64_t v;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 3 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 1);
	wr(&f, mm, a + PAGE_SIZE, 2);
	wr(&f, mm, a + 2 * PAGE_SIZE, 3);
	/* the middle page only: the shadow splits its record as the model splits the VMA */
	madv(&f, mm, a + PAGE_SIZE, PAGE_SIZE, MADV_DONTFORK, MMSIM_SHADOW_DONTFORK);
	child = fork_mm(&f, mm);
	assert_int_equal(mmsim_shadow_expect(f.sh, child->id, a + PAGE_SIZE, &v, NULL), -ENOENT);
	assert_int_equal(shadow_value(&f, child->id, a + 2 * PAGE_SIZE, NULL), 3);
	assert_int_equal(rd(child, a + 2 * PAGE_SIZE), 3);
	expect_clean(&f);
	/* dofork: copied by the next fork */
	madv(&f, mm, a + PAGE_SIZE, PAGE_SIZE, MADV_DOFORK, MMSIM_SHADOW_DOFORK);
	exit_mm(&f, child);
	child = fork_mm(&f, mm);
	assert_int_equal(shadow_value(&f, child->id, a + PAGE_SIZE, NULL), 2);
	assert_int_equal(rd(child, a + PAGE_SIZE), 2);
	expect_clean(&f);
	exit_mm(&f, child);
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_shared_file_seen_by_every_mapping(void **state)
{
	struct fx f;
	struct mm_struct *a, *b;
	struct file *file;
	unsigned long pa, pb;
	struct page *p;

	(void)state;
	fx_init(&f);
	file = mmsim_file_create(f.w, "F", 4 * PAGE_SIZE, 0x100, false);
	assert_int_equal(mmsim_shadow_file(f.sh, file->id, 0x100, false), 0);
	a = mm_alloc(f.w);
	b = mm_alloc(f.w);
	pa = map(&f, a, file, 0, 4 * PAGE_SIZE, MAP_SHARED, MMSIM_SHADOW_SHARED_FILE, 0);
	/* b maps file pages 1..3 */
	pb = map(&f, b, file, 0, 3 * PAGE_SIZE, MAP_SHARED, MMSIM_SHADOW_SHARED_FILE, 1);
	assert_int_equal(rd(b, pb), 0x100);
	wr(&f, a, pa + 2 * PAGE_SIZE, 0xabc);
	assert_int_equal(shadow_value(&f, b->id, pb + PAGE_SIZE, NULL), 0xabc);
	assert_int_equal(rd(b, pb + PAGE_SIZE), 0xabc);
	wr(&f, b, pb + 2 * PAGE_SIZE, 0xdef);
	assert_int_equal(rd(a, pa + 3 * PAGE_SIZE), 0xdef);
	expect_clean(&f);

	/* one page cache page, mapped twice: both mappings see the damage */
	p = page_at(a, pa + 2 * PAGE_SIZE);
	assert_ptr_equal(p, page_at(b, pb + PAGE_SIZE));
	p->content = 0;
	expect_contents(&f, a->id, pa + 2 * PAGE_SIZE, 0xabc, 0, 2);
	p->content = 0xabc;
	exit_mm(&f, a);
	exit_mm(&f, b);
	expect_clean(&f);
	fx_fini(&f);
}

static void test_shadow_private_file_cow(void **state)
{
	struct fx f;
	struct mm_struct *a, *b;
	struct file *file;
	unsigned long pa, pb;

	(void)state;
	fx_init(&f);
	file = mmsim_file_create(f.w, "F", 2 * PAGE_SIZE, 0x700, false);
	assert_int_equal(mmsim_shadow_file(f.sh, file->id, 0x700, false), 0);
	a = mm_alloc(f.w);
	b = mm_alloc(f.w);
	pa = map(&f, a, file, 0, 2 * PAGE_SIZE, MAP_PRIVATE, MMSIM_SHADOW_PRIVATE_FILE, 0);
	pb = map(&f, b, file, 0, 2 * PAGE_SIZE, MAP_SHARED, MMSIM_SHADOW_SHARED_FILE, 0);
	assert_int_equal(rd(a, pa), 0x700);
	assert_int_equal(rd(a, pa + PAGE_SIZE), 0x700);
	wr(&f, a, pa, 1);			/* COW: the file keeps its data */
	assert_int_equal(rd(b, pb), 0x700);
	wr(&f, b, pb + PAGE_SIZE, 0x900);	/* a shared write shows through a's private page */
	assert_int_equal(shadow_value(&f, a->id, pa + PAGE_SIZE, NULL), 0x900);
	assert_int_equal(rd(a, pa + PAGE_SIZE), 0x900);
	expect_clean(&f);

	/* a's COWed copy is its own */
	assert_ptr_not_equal(page_at(a, pa), page_at(b, pb));
	page_at(a, pa)->content = 0x700;
	expect_contents(&f, a->id, pa, 1, 0x700, 1);
	page_at(a, pa)->content = 1;
	page_at(b, pb)->content = 2;
	expect_contents(&f, b->id, pb, 0x700, 2, 1);
	page_at(b, pb)->content = 0x700;
	exit_mm(&f, a);
	exit_mm(&f, b);
	fx_fini(&f);
}

static void test_shadow_shared_anon_across_fork(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long a, b;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_SHARED | MAP_ANONYMOUS,
		MMSIM_SHADOW_SHARED_ANON, 0);
	/* a second shmem object: a different shadow object, same offsets */
	b = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_SHARED | MAP_ANONYMOUS,
		MMSIM_SHADOW_SHARED_ANON, 0);
	wr(&f, mm, a, 0x10);
	child = fork_mm(&f, mm);
	wr(&f, child, a + PAGE_SIZE, 0x20);
	assert_int_equal(rd(mm, a + PAGE_SIZE), 0x20);
	assert_int_equal(rd(child, a), 0x10);
	assert_int_equal(shadow_value(&f, mm->id, b + PAGE_SIZE, NULL), 0);
	assert_int_equal(rd(mm, b + PAGE_SIZE), 0);
	expect_clean(&f);
	page_at(child, a + PAGE_SIZE)->content = 0x21;
	expect_contents(&f, mm->id, a + PAGE_SIZE, 0x20, 0x21, 2);
	page_at(child, a + PAGE_SIZE)->content = 0x20;
	exit_mm(&f, mm);
	/* the object outlives the parent */
	assert_int_equal(shadow_value(&f, child->id, a, NULL), 0x10);
	expect_clean(&f);
	exit_mm(&f, child);
	fx_fini(&f);
}

static void test_shadow_munmap_then_remap_reads_zero(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;
	uint64_t v;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 4 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	for (unsigned long i = 0; i < 4; i++)
		wr(&f, mm, a + i * PAGE_SIZE, 0x50 + i);
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_int_equal(mmsim_shadow_unmap(f.sh, mm->id, a + PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_int_equal(mmsim_shadow_expect(f.sh, mm->id, a + PAGE_SIZE, &v, NULL), -ENOENT);
	assert_int_equal(shadow_value(&f, mm->id, a + 3 * PAGE_SIZE, NULL), 0x53);
	expect_clean(&f);
	/* a new mapping in the hole starts from zero */
	assert_int_equal(map(&f, mm, NULL, a + PAGE_SIZE, PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
			     MMSIM_SHADOW_PRIVATE_ANON, 0),
			 a + PAGE_SIZE);
	assert_int_equal(rd(mm, a + PAGE_SIZE), 0);
	expect_clean(&f);
	page_at(mm, a + 3 * PAGE_SIZE)->content = 0x51;
	expect_contents(&f, mm->id, a + 3 * PAGE_SIZE, 0x53, 0x51, 1);
	page_at(mm, a + 3 * PAGE_SIZE)->content = 0x53;
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_exit_forgets_mm(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long a;
	unsigned int cid;
	uint64_t v;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 0x42);
	child = fork_mm(&f, mm);
	cid = child->id;
	exit_mm(&f, child);
	assert_int_equal(mmsim_shadow_expect(f.sh, cid, a, &v, NULL), -ENOENT);
	assert_int_equal(mmsim_shadow_exit(f.sh, cid), -ENOENT);
	assert_int_equal(shadow_value(&f, mm->id, a, NULL), 0x42);
	expect_clean(&f);
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_madv_free_zero_or_old(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;
	unsigned int flags;
	struct page *p;
	struct mmsim_check_report rep;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 0x66);
	madv(&f, mm, a, 2 * PAGE_SIZE, MADV_FREE, MMSIM_SHADOW_FREE);
	assert_int_equal(shadow_value(&f, mm->id, a, &flags), 0x66);
	assert_int_equal(flags, MMSIM_SHADOW_MAYBE_ZERO);
	expect_clean(&f);
	p = page_at(mm, a);
	p->content = 0;		/* as if reclaim had discarded it */
	expect_clean(&f);
	p->content = 0x67;
	expect_contents(&f, mm->id, a, 0x66, 0x67, 1);
	assert_int_equal(mmsim_check_run(f.w, &f.st, &rep), 1);
	assert_string_equal(rep.v[0].detail, "MADV_FREE page: 0 or the old value");
	p->content = 0x66;
	/* a store makes it an ordinary page again */
	wr(&f, mm, a, 0x68);
	assert_int_equal(shadow_value(&f, mm->id, a, &flags), 0x68);
	assert_int_equal(flags, 0);
	page_at(mm, a)->content = 0;
	expect_contents(&f, mm->id, a, 0x68, 0, 1);
	page_at(mm, a)->content = 0x68;
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_unknown_mapping_reported(void **state)
{
	struct fx f;
	struct mm_struct *mm, *other;
	long a, b;
	struct mmsim_check_report rep;
	char obj[MMSIM_CHECK_OBJECT_LEN];
	u64 v = 5;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	other = mm_alloc(f.w);
	a = (long)map(&f, mm, NULL, 0, PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		      MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, (unsigned long)a, 1);
	/* a mapping the shadow was not told about, in an mm it knows */
	b = do_mmap(mm, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    0, 0);
	assert_true(b > 0);
	assert_int_equal(rd(mm, (unsigned long)b), 0);
	assert_int_equal(run(&f, &rep), 1);
	assert_string_equal(rep.v[0].name, "contents");
	snprintf(obj, sizeof(obj), "mm %u addr %#lx", mm->id, (unsigned long)b);
	assert_string_equal(rep.v[0].object, obj);
	assert_string_equal(rep.v[0].detail, "page mapped where the shadow has no mapping");
	assert_int_equal(mmsim_shadow_map(f.sh, mm->id, (unsigned long)b, PAGE_SIZE,
					  MMSIM_SHADOW_PRIVATE_ANON, 0, 0), 0);
	expect_clean(&f);

	/* an mm the shadow never heard of: every page it maps is unexplained */
	b = do_mmap(other, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, 0, 0);
	assert_true(b > 0);
	assert_int_equal(mmsim_cpu_access(other, (unsigned long)b, true, &v), 0);
	assert_int_equal(run(&f, &rep), 1);
	snprintf(obj, sizeof(obj), "mm %u addr %#lx", other->id, (unsigned long)b);
	assert_string_equal(rep.v[0].object, obj);
	assert_int_equal(rep.v[0].expected, 0);
	assert_int_equal(rep.v[0].actual, 5);
	mmput(other);
	expect_clean(&f);
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_suspension_and_invariant_list(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;
	struct mmsim_check_report rep;
	char obj[MMSIM_CHECK_OBJECT_LEN];
	const char *const *names;
	size_t nr;
	bool listed = false;

	(void)state;
	names = mmsim_check_invariants(&nr);
	for (size_t i = 0; i < nr; i++)
		listed |= !strcmp(names[i], "contents");
	assert_true(listed);
	assert_string_equal(names[nr - 1], "contents");

	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 1);
	wr(&f, mm, a + PAGE_SIZE, 2);
	page_at(mm, a)->content = 100;
	page_at(mm, a + PAGE_SIZE)->content = 200;
	assert_int_equal(mmsim_check_run(f.w, &f.st, &rep), 2);
	snprintf(obj, sizeof(obj), "mm %u addr %#lx", mm->id, a);
	assert_int_equal(mmsim_check_suspend(&f.st, "contents", obj), 0);
	expect_contents(&f, mm->id, a + PAGE_SIZE, 2, 200, 1);
	assert_int_equal(mmsim_check_run(f.w, &f.st, &rep), 1);
	assert_int_equal(rep.nr_suspended, 1);
	/* the plain checker knows no shadow */
	assert_int_equal(mmsim_check_world(f.w, &rep), 0);
	page_at(mm, a)->content = 1;
	page_at(mm, a + PAGE_SIZE)->content = 2;
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_poison_and_bad_arguments(void **state)
{
	struct fx f;
	struct mm_struct *mm;
	unsigned long a;
	unsigned int flags;

	(void)state;
	fx_init(&f);
	mm = mm_alloc(f.w);
	a = map(&f, mm, NULL, 0, 2 * PAGE_SIZE, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	wr(&f, mm, a, 5);
	assert_int_equal(mmsim_shadow_poison(f.sh, mm->id, a), 0);
	assert_int_equal(shadow_value(&f, mm->id, a, &flags), 5);
	assert_int_equal(flags, MMSIM_SHADOW_NO_VALUE);
	page_at(mm, a)->content = 0xdead;	/* a page without a value is not checked */
	expect_clean(&f);
	page_at(mm, a)->content = 5;

	assert_int_equal(mmsim_shadow_map(f.sh, mm->id, a + 1, PAGE_SIZE,
					  MMSIM_SHADOW_PRIVATE_ANON, 0, 0), -EINVAL);
	assert_int_equal(mmsim_shadow_map(f.sh, mm->id, a, 0, MMSIM_SHADOW_PRIVATE_ANON, 0, 0),
			 -EINVAL);
	assert_int_equal(mmsim_shadow_write(f.sh, mm->id + 100, a, 1), -ENOENT);
	assert_int_equal(mmsim_shadow_write(f.sh, mm->id, 0x1000, 1), -ENOENT);
	assert_int_equal(mmsim_shadow_madvise(f.sh, mm->id + 100, a, PAGE_SIZE,
					      MMSIM_SHADOW_DONTNEED), -ENOENT);
	assert_int_equal(mmsim_shadow_fork(f.sh, mm->id + 100, mm->id + 101), -ENOENT);
	exit_mm(&f, mm);
	fx_fini(&f);
}

static void test_shadow_many_pages_and_thp(void **state)
{
	struct fx f;
	struct mm_struct *mm, *child;
	unsigned long a;
	struct page *p;

	(void)state;
	fx_init(&f);
	f.w->cfg.thp_pmd = MMSIM_THP_ALWAYS;
	mm = mm_alloc(f.w);
	/* 2M and 2M-aligned: one PMD-mapped folio, 512 pages checked through the PMD */
	a = map(&f, mm, NULL, 0, 2UL << 20, MAP_PRIVATE | MAP_ANONYMOUS,
		MMSIM_SHADOW_PRIVATE_ANON, 0);
	for (unsigned long i = 0; i < 512; i++)
		wr(&f, mm, a + i * PAGE_SIZE, 0x1000 + i);
	assert_true(pmd_leaf(*mm_find_pmd(mm, a)));
	expect_clean(&f);
	child = fork_mm(&f, mm);
	expect_clean(&f);
	p = page_at(mm, a + 300 * PAGE_SIZE);
	p->content = 1;
	/* still shared by parent and child after fork */
	expect_contents(&f, mm->id, a + 300 * PAGE_SIZE, 0x1000 + 300, 1, 2);
	p->content = 0x1000 + 300;
	madv(&f, child, a, 2UL << 20, MADV_DONTNEED, MMSIM_SHADOW_DONTNEED);
	assert_int_equal(shadow_value(&f, child->id, a + 5 * PAGE_SIZE, NULL), 0);
	assert_int_equal(shadow_value(&f, mm->id, a + 5 * PAGE_SIZE, NULL), 0x1005);
	expect_clean(&f);
	exit_mm(&f, child);
	exit_mm(&f, mm);
	expect_clean(&f);
	fx_fini(&f);
}

static const struct CMUnitTest check_shadow[] = {
	cmocka_unit_test(test_shadow_anon_write_then_corrupt),
	cmocka_unit_test(test_shadow_zero_page_reads_zero),
	cmocka_unit_test(test_shadow_fork_cow_keeps_both_values),
	cmocka_unit_test(test_shadow_cow_shared_page_named_in_each_mm),
	cmocka_unit_test(test_shadow_dontneed_anon_reads_zero),
	cmocka_unit_test(test_shadow_dontneed_private_file_reads_file),
	cmocka_unit_test(test_shadow_wipeonfork_child_reads_zero),
	cmocka_unit_test(test_shadow_dontfork_not_copied),
	cmocka_unit_test(test_shadow_shared_file_seen_by_every_mapping),
	cmocka_unit_test(test_shadow_private_file_cow),
	cmocka_unit_test(test_shadow_shared_anon_across_fork),
	cmocka_unit_test(test_shadow_munmap_then_remap_reads_zero),
	cmocka_unit_test(test_shadow_exit_forgets_mm),
	cmocka_unit_test(test_shadow_madv_free_zero_or_old),
	cmocka_unit_test(test_shadow_unknown_mapping_reported),
	cmocka_unit_test(test_shadow_suspension_and_invariant_list),
	cmocka_unit_test(test_shadow_poison_and_bad_arguments),
	cmocka_unit_test(test_shadow_many_pages_and_thp),
};

MMSIM_TEST_MAIN(check_shadow)
