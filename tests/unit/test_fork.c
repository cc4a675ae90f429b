// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/kernel/fork.c: dup_mm() with VM_DONTCOPY and VM_WIPEONFORK VMAs, the
 * anon_vma hierarchy, file references, failure paths (the child is torn
 * down without a leak, the parent intact), mmput() and check_mm()'s
 * "Bad rss-counter state". The checker runs after every step that ends at
 * a command boundary.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/rmap.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned long map(struct mm_struct *mm, struct file *f, unsigned long pages,
			 unsigned long flags)
{
	return mt_mmap(mm, f, pages * PAGE_SIZE, RW, flags);
}

static unsigned long nr_mms(struct mmsim *w)
{
	unsigned long n = 0;
	struct list_head *pos;

	list_for_each(pos, &w->mm_list)
		n++;
	return n;
}

static void test_dup_mm_copies_vmas(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 4, ANON_PRIV);
	unsigned long b = map(mm, NULL, 2, ANON_PRIV);
	struct vm_area_struct *pv, *cv;

	(void)state;
	mt_wr(mm, a, 1);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(child->id, mm->id + 1);
	assert_int_equal(child->map_count, 2);
	assert_int_equal(atomic_read(&child->mm_users), 1);
	pv = vma_lookup(mm, a);
	cv = vma_lookup(child, a);
	assert_non_null(cv);
	assert_ptr_not_equal(cv, pv);
	assert_int_not_equal(cv->id, pv->id);
	assert_int_equal(cv->vm_start, pv->vm_start);
	assert_int_equal(cv->vm_end, pv->vm_end);
	assert_int_equal(cv->vm_flags, pv->vm_flags);
	assert_int_equal(cv->vm_pgoff, pv->vm_pgoff);
	assert_non_null(vma_lookup(child, b));
	assert_int_equal(mt_rd(child, a), 1);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_dontcopy_and_wipeonfork(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, ANON_PRIV);
	unsigned long b = map(mm, NULL, 2, ANON_PRIV);
	unsigned long c = map(mm, NULL, 2, ANON_PRIV);
	struct vm_area_struct *cv;

	(void)state;
	mt_wr(mm, a, 0xa);
	mt_wr(mm, b, 0xb);
	mt_wr(mm, c, 0xc);
	assert_int_equal(do_madvise(mm, a, 2 * PAGE_SIZE, MADV_DONTFORK), 0);
	assert_int_equal(do_madvise(mm, b, 2 * PAGE_SIZE, MADV_WIPEONFORK), 0);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* VM_DONTCOPY: no VMA at all */
	assert_null(vma_lookup(child, a));
	assert_int_equal(child->map_count, 2);
	/* VM_WIPEONFORK: the VMA, empty and without an anon_vma */
	cv = vma_lookup(child, b);
	assert_non_null(cv);
	assert_true(cv->vm_flags & VM_WIPEONFORK);
	assert_null(cv->anon_vma);
	assert_int_equal(mt_rd(child, b), 0);
	assert_int_equal(mt_rd(child, c), 0xc);
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	assert_int_equal(mt_rd(mm, b), 0xb);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_anon_vma_hierarchy(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child, *grandchild;
	unsigned long a = map(mm, NULL, 2, ANON_PRIV);
	struct anon_vma *pav, *cav, *gav;

	(void)state;
	mt_wr(mm, a, 1);
	pav = vma_lookup(mm, a)->anon_vma;
	assert_non_null(pav);
	assert_ptr_equal(pav->root, pav);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	cav = vma_lookup(child, a)->anon_vma;
	/* anon_vma_fork(): a new anon_vma, child of the parent's, same root */
	assert_non_null(cav);
	assert_ptr_not_equal(cav, pav);
	assert_ptr_equal(cav->parent, pav);
	assert_ptr_equal(cav->root, pav);
	assert_int_equal(pav->num_children, 2);	/* itself and the child's */
	grandchild = dup_mm(child);
	assert_false(IS_ERR(grandchild));
	gav = vma_lookup(grandchild, a)->anon_vma;
	assert_ptr_equal(gav->parent, cav);
	assert_ptr_equal(gav->root, pav);
	/* the page is found through the whole chain */
	assert_int_equal(folio_mapcount(pfn_folio(w, 0x8000)), 3);
	mmsim_test_check(w);
	mmput(child);
	mmsim_test_check(w);
	assert_int_equal(mt_rd(grandchild, a), 1);
	mmput(grandchild);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_file_references(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	struct file *f = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	long count0 = f->f_count;
	unsigned long a = map(mm, f, 4, MAP_SHARED);
	unsigned int n = 0;
	struct list_head *pos;

	(void)state;
	assert_int_equal(f->f_count, count0 + 1);
	assert_int_equal(mt_rd(mm, a), 0x100);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(f->f_count, count0 + 2);
	list_for_each(pos, &f->f_mapping->i_mmap)
		n++;
	assert_int_equal(n, 2);
	/* a shared file VMA without anon_vma is not copied: faults refill it */
	assert_int_equal(get_mm_counter(child, MM_FILEPAGES), 0);
	assert_int_equal(mt_rd(child, a + PAGE_SIZE), 0x101);
	mmsim_test_check(w);
	mmput(child);
	assert_int_equal(f->f_count, count0 + 1);
	mmput(mm);
	assert_int_equal(f->f_count, count0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* fail the nth allocation of the fork: the child goes, the parent stays */
static void fork_fails_at(unsigned long nth)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 4, ANON_PRIV);
	/* far below: its own PUD, PMD and PTE tables */
	unsigned long b = (unsigned long)do_mmap(mm, NULL, 0x100000000UL, PAGE_SIZE, RW,
						 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0);
	unsigned long nr = nr_mms(w);
	long free0;

	mt_wr(mm, a, 1);
	mt_wr(mm, a + PAGE_SIZE, 2);
	mt_wr(mm, b, 3);
	assert_int_equal(b, 0x100000000UL);
	free0 = mt_free_pages(w);
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", nth, true, NULL, NULL), 0);
	child = dup_mm(mm);
	assert_int_equal(mmsim_inject_fired(w, "alloc:fail"), 1);
	assert_true(IS_ERR(child));
	assert_int_equal(PTR_ERR(child), -ENOMEM);
	assert_int_equal(nr_mms(w), nr);
	assert_int_equal(mt_free_pages(w), free0);
	assert_int_equal(w->nr_bad_rss, 0);
	assert_int_equal(folio_mapcount(pfn_folio(w, 0x8000)), 1);
	assert_int_equal(folio_ref_count(pfn_folio(w, 0x8000)), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 3);
	assert_int_equal(mt_rd(mm, a + PAGE_SIZE), 2);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_fails_at_pgd(void **state)
{
	(void)state;
	fork_fails_at(1);
}

static void test_fork_fails_in_page_tables(void **state)
{
	(void)state;
	fork_fails_at(3);
}

static void test_fork_fails_at_first_pte_table(void **state)
{
	(void)state;
	/* pgd, then b's pud, pmd and pte table */
	fork_fails_at(4);
}

static void test_fork_fails_at_second_vma(void **state)
{
	(void)state;
	/* b is copied already (its page shared): the teardown must undo it */
	fork_fails_at(6);
}

static void test_mmput_users_and_bad_rss(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, ANON_PRIV);
	char want[128];

	(void)state;
	mt_wr(mm, a, 1);
	atomic_inc(&mm->mm_users);
	mmput(mm);
	/* not the last user: nothing torn down */
	assert_int_equal(atomic_read(&mm->mm_users), 1);
	assert_int_equal(mt_rd(mm, a), 1);
	mmsim_test_check(w);
	add_mm_counter(mm, MM_ANONPAGES, 3);
	snprintf(want, sizeof(want), "BUG: Bad rss-counter state mm:%016lx type:MM_ANONPAGES val:3",
		 mmsim_synthetic_addr("mm", mm->id));
	mmput(mm);
	assert_true(mt_log_has(w, want));
	assert_false(mt_log_has(w, "type:MM_FILEPAGES"));
	assert_int_equal(w->nr_bad_rss, 1);
	/* a log line, not a BUG */
	assert_false(mmsim_is_dead(w));
	assert_int_equal(mmsim_nr_bug(w), 0);
	assert_int_equal(nr_mms(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dup_mm_copies_vmas),
		cmocka_unit_test(test_dontcopy_and_wipeonfork),
		cmocka_unit_test(test_anon_vma_hierarchy),
		cmocka_unit_test(test_file_references),
		cmocka_unit_test(test_fork_fails_at_pgd),
		cmocka_unit_test(test_fork_fails_in_page_tables),
		cmocka_unit_test(test_fork_fails_at_first_pte_table),
		cmocka_unit_test(test_fork_fails_at_second_vma),
		cmocka_unit_test(test_mmput_users_and_bad_rss),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("fork", tests, NULL, NULL);
}
