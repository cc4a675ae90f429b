// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmap BUGs in Check's fork mode: in the library's default abort mode a
 * simulated BUG ends the process with SIGABRT after its report. The same
 * calls with consistent arguments do not BUG.
 */
#include <check.h>
#include <mmsim/kernel/rmap.h>
#include <signal.h>
#include <stdlib.h>

#define BASE 0x7f0000000000UL

static struct mmsim *abort_world(void)
{
	struct mmsim_config cfg;
	struct mmsim *w;

	mmsim_config_init(&cfg);
	cfg.memory = 256ULL << 20;
	ck_assert_int_eq(mmsim_create(&w, &cfg), 0);
	return w;
}

/* an anon VMA of 16 pages at BASE with its anon_vma, built by hand */
static struct vm_area_struct *anon_area(struct mmsim *w)
{
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma = mmsim_obj_alloc(w, sizeof(*vma));

	mm->mmap_lock = 1;
	vma->vm_mm = mm;
	vma->vm_start = BASE;
	vma->vm_end = BASE + 16 * PAGE_SIZE;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE;
	vma->vm_pgoff = BASE >> PAGE_SHIFT;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->shared);
	vma->id = w->next_id++;
	ck_assert_int_eq(anon_vma_prepare(vma), 0);
	return vma;
}

/* folio_add_new_anon_rmap() of an address past the VMA's end */
START_TEST(test_add_new_anon_outside_vma_bugs)
{
	struct mmsim *w = abort_world();
	struct vm_area_struct *vma = anon_area(w);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	folio_add_new_anon_rmap(folio, vma, vma->vm_end, RMAP_EXCLUSIVE);
}
END_TEST

/* __page_check_anon_rmap(): the folio's index does not match the address */
START_TEST(test_add_anon_pte_index_mismatch_bugs)
{
	struct mmsim *w = abort_world();
	struct vm_area_struct *vma = anon_area(w);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_add_anon_rmap_pte(folio, &folio->page, vma, BASE + PAGE_SIZE, RMAP_NONE);
}
END_TEST

/* hugetlb_add_new_anon_rmap() of an address outside the VMA */
START_TEST(test_hugetlb_add_new_outside_vma_bugs)
{
	struct mmsim *w = abort_world();
	struct vm_area_struct *vma = anon_area(w);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 9);

	folio_set_hugetlb(folio);
	hugetlb_add_new_anon_rmap(folio, vma, BASE - PAGE_SIZE);
}
END_TEST

/* rmap_walk_locked() refuses KSM folios */
START_TEST(test_rmap_walk_locked_ksm_bugs)
{
	struct mmsim *w = abort_world();
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	struct rmap_walk_control rwc = { 0 };

	folio->mapping = (struct address_space *)(0x1000UL | PAGE_MAPPING_KSM);
	rmap_walk_locked(folio, &rwc);
}
END_TEST

/* the consistent calls pass and leave the counters as expected */
START_TEST(test_consistent_add_ok)
{
	struct mmsim *w = abort_world();
	struct vm_area_struct *vma = anon_area(w);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	folio_add_new_anon_rmap(folio, vma, vma->vm_end - PAGE_SIZE, RMAP_EXCLUSIVE);
	folio_add_anon_rmap_pte(folio, &folio->page, vma, vma->vm_end - PAGE_SIZE, RMAP_NONE);
	ck_assert_int_eq(folio_mapcount(folio), 2);
	ck_assert_uint_eq(mmsim_nr_bug(w), 0);
	ck_assert(!mmsim_is_dead(w));
	mmsim_destroy(w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rmap");
	TCase *core = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(core, test_consistent_add_ok);
	suite_add_tcase(s, core);
	sr = srunner_create(s);
	/* death tests need fork mode: in-process they would end the runner */
	if (srunner_fork_status(sr) == CK_FORK) {
		TCase *death = tcase_create("death");

		tcase_add_test_raise_signal(death, test_add_new_anon_outside_vma_bugs, SIGABRT);
		tcase_add_test_raise_signal(death, test_add_anon_pte_index_mismatch_bugs, SIGABRT);
		tcase_add_test_raise_signal(death, test_hugetlb_add_new_outside_vma_bugs, SIGABRT);
		tcase_add_test_raise_signal(death, test_rmap_walk_locked_ksm_bugs, SIGABRT);
		suite_add_tcase(s, death);
	}
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
