// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/check against the model's own flows: after each modelled operation
 * (mmap, anonymous/file/THP faults, fork, COW, munmap, exit) the checker
 * must find the world consistent, and a corruption of the result must be
 * named. These tests follow the model as it grows; a failure names either
 * a checker slip or a model bug.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/rmap.h>
#include <stdio.h>
#include <string.h>

static void expect_clean(struct mmsim *w)
{
	struct mmsim_check_report rep;
	char buf[256];
	int n = mmsim_check_world(w, &rep);

	for (unsigned int i = 0; i < rep.nr_kept; i++) {
		mmsim_check_format(&rep.v[i], buf, sizeof(buf));
		print_message("violation: %s\n", buf);
	}
	assert_int_equal(n, 0);
}

static long map(struct mm_struct *mm, struct file *file, unsigned long len, unsigned long prot,
		unsigned long flags)
{
	long addr = do_mmap(mm, file, 0, len, prot, flags, 0, 0);

	assert_true(addr > 0);
	return addr;
}

static void touch(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);

	assert_non_null(vma);
	assert_int_equal(handle_mm_fault(vma, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0),
					 NULL) & VM_FAULT_ERROR, 0);
}

static void test_flow_anon_fault_fork_cow(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	struct mmsim_check_report rep;
	unsigned long a;

	(void)state;
	a = (unsigned long)map(mm, NULL, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS);
	touch(mm, a, true);
	touch(mm, a + PAGE_SIZE, false);	/* the zero page */
	touch(mm, a + 2 * PAGE_SIZE, true);
	expect_clean(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	expect_clean(w);
	touch(child, a, true);			/* COW in the child */
	expect_clean(w);
	touch(mm, a + 2 * PAGE_SIZE, true);	/* COW in the parent */
	expect_clean(w);
	assert_int_equal(do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	expect_clean(w);
	mmput(child);
	expect_clean(w);

	/* corrupt the survivor: named with both values */
	atomic_long_add(3, &mm->rss_stat[MM_ANONPAGES]);
	assert_true(mmsim_check_world(w, &rep) >= 1);
	assert_string_equal(rep.v[0].name, "rss");
	assert_int_equal(rep.v[0].actual, rep.v[0].expected + 3);
	atomic_long_add(-3, &mm->rss_stat[MM_ANONPAGES]);
	mmput(mm);
	expect_clean(w);
	mmsim_destroy(w);
}

static void test_flow_thp(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	struct mmsim_check_report rep;
	unsigned long a;
	pmd_t *pmd;

	(void)state;
	a = (unsigned long)map(mm, NULL, 4 * PMD_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS);
	assert_int_equal(do_madvise(mm, a, 4 * PMD_SIZE, MADV_HUGEPAGE), 0);
	touch(mm, a, true);
	pmd = mm_find_pmd(mm, a);
	assert_non_null(pmd);
	assert_true(pmd_leaf(*pmd));
	expect_clean(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	expect_clean(w);

	/* the THP is now mapped by two PMDs: corrupt the entire mapcount */
	atomic_dec(&pfn_folio(w, pmd_pfn(*pmd))->_entire_mapcount);
	assert_true(mmsim_check_world(w, &rep) >= 1);
	assert_string_equal(rep.v[0].name, "folio.entire_mapcount");
	assert_int_equal(rep.v[0].expected, 2);
	assert_int_equal(rep.v[0].actual, 1);
	atomic_inc(&pfn_folio(w, pmd_pfn(*pmd))->_entire_mapcount);
	mmput(child);
	mmput(mm);
	expect_clean(w);
	mmsim_destroy(w);
}

static void test_flow_file(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", 8 * PAGE_SIZE, 0x100, true);
	unsigned long shared, priv;

	(void)state;
	shared = (unsigned long)map(mm, f, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED);
	priv = (unsigned long)map(mm, f, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	touch(mm, shared, false);
	touch(mm, shared + PAGE_SIZE, true);
	touch(mm, priv, false);
	touch(mm, priv + 2 * PAGE_SIZE, true);	/* an anon COW copy of a file page */
	expect_clean(w);
	mmput(mm);
	expect_clean(w);
	mmsim_destroy(w);
}

static void test_flow_shmem(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a;

	(void)state;
	a = (unsigned long)map(mm, NULL, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS);
	touch(mm, a, true);
	touch(mm, a + PAGE_SIZE, false);
	expect_clean(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	touch(child, a + 2 * PAGE_SIZE, true);
	expect_clean(w);
	mmput(child);
	mmput(mm);
	expect_clean(w);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flow_anon_fault_fork_cow),
		cmocka_unit_test(test_flow_thp),
		cmocka_unit_test(test_flow_file),
		cmocka_unit_test(test_flow_shmem),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("check_flows", tests, NULL, NULL);
}
