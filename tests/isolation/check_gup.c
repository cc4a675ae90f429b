// SPDX-License-Identifier: GPL-2.0-only
/*
 * Patch 1 ("mm/gup: reject FOLL_SPLIT_PMD with hugetlb VMAs"), in Check's
 * fork mode: before it, FOLL_SPLIT_PMD on a hugetlb VMA splits the hugetlb
 * PMD like a THP and page_table_check's counters underflow, a BUG that
 * aborts in the library's default mode; from it, GUP returns -EOPNOTSUPP.
 */
#include <check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mm.h>
#include <signal.h>
#include <stdlib.h>

#define SZ_2M (2UL << 20)

/* abort mode (the default), with two free hugetlb pages */
static struct mmsim *hugetlb_world(unsigned int series)
{
	struct mmsim_config cfg;
	struct mmsim *w;

	mmsim_config_init(&cfg);
	cfg.series = series;
	cfg.memory = 256ULL << 20;
	cfg.hugetlb_pages = 2;
	ck_assert_int_eq(mmsim_create(&w, &cfg), 0);
	return w;
}

/* a private hugetlb mapping with its 2 MiB page faulted in */
static unsigned long hugetlb_faulted(struct mm_struct *mm)
{
	long addr = do_mmap(mm, NULL, 0, SZ_2M, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, 0, 0);
	u64 v = 5;

	ck_assert_int_gt(addr, 0);
	mmap_read_lock(mm);
	ck_assert_int_eq(mmsim_cpu_access(mm, (unsigned long)addr, true, &v), 0);
	mmap_read_unlock(mm);
	return (unsigned long)addr;
}

static long split_pmd_gup(struct mm_struct *mm, unsigned long addr, struct page **page)
{
	long ret;

	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, addr, 1, FOLL_SPLIT_PMD, page, NULL);
	mmap_read_unlock(mm);
	return ret;
}

/* level 0: the split reaches pmdp_huge_clear_flush() and page_table_check BUGs */
START_TEST(test_split_pmd_hugetlb_bugs_at_level0)
{
	struct mmsim *w = hugetlb_world(0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = hugetlb_faulted(mm);
	struct page *page = NULL;

	split_pmd_gup(mm, addr, &page);
}
END_TEST

/* level 1: check_vma_flags() refuses before anything is touched */
START_TEST(test_split_pmd_hugetlb_rejected_at_level1)
{
	struct mmsim *w = hugetlb_world(1);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = hugetlb_faulted(mm);
	struct page *page = NULL;
	pmd_t *pmd = mm_find_pmd(mm, addr);
	pmd_t before = *pmd;

	ck_assert_int_eq(split_pmd_gup(mm, addr, &page), -EOPNOTSUPP);
	ck_assert_ptr_null(page);
	ck_assert_uint_eq(pmd_val(*pmd), pmd_val(before));
	ck_assert_uint_eq(mmsim_nr_bug(w), 0);
	mmput(mm);
	mmsim_destroy(w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gup");
	TCase *core = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(core, test_split_pmd_hugetlb_rejected_at_level1);
	suite_add_tcase(s, core);
	sr = srunner_create(s);
	/* death tests need fork mode: in-process they would end the runner */
	if (srunner_fork_status(sr) == CK_FORK) {
		TCase *death = tcase_create("death");

		tcase_add_test_raise_signal(death, test_split_pmd_hugetlb_bugs_at_level0, SIGABRT);
		suite_add_tcase(s, death);
	}
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
