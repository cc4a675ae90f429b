// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_table_check BUGs in the default (abort) BUG mode, in Check's fork
 * mode: anon/file type mixing, counter underflow, a second writable mapping
 * of an anon page, freeing a page that is still counted as mapped.
 */
#include <check.h>
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/page_table_check.h>
#include <signal.h>
#include <stdlib.h>

#define ADDR 0x7f0000000000UL

struct table {
	struct mmsim *w;
	struct mm_struct *mm;
	pte_t *pte;
};

static struct table abort_table(void)
{
	struct mmsim_config cfg;
	struct table t;
	pmd_t *pmd;

	mmsim_config_init(&cfg);	/* bug_mode: MMSIM_BUG_ABORT */
	cfg.memory = 256ULL << 20;
	ck_assert_int_eq(mmsim_create(&t.w, &cfg), 0);
	t.mm = mm_alloc(t.w);
	pmd = mm_find_or_alloc_pmd(t.mm, ADDR);
	ck_assert_int_eq(__pte_alloc(t.mm, pmd), 0);
	t.pte = pte_offset_map(t.w, pmd, ADDR);
	ck_assert_ptr_nonnull(t.pte);
	return t;
}

static struct folio *anon_folio(struct mmsim *w)
{
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	f->mapping = (struct address_space *)(0x1000UL | PAGE_MAPPING_ANON);
	return f;
}

/* control: a balanced set/clear and free never BUGs */
START_TEST(test_balanced_no_bug)
{
	struct table t = abort_table();
	struct folio *f = anon_folio(t.w);

	set_pte_at(t.mm, ADDR, t.pte, pfn_pte(folio_pfn(f), PAGE_SHARED));
	ptep_get_and_clear(t.mm, ADDR, t.pte);
	folio_put(f);
	ck_assert_uint_eq(mmsim_nr_bug(t.w), 0);
	ck_assert_uint_eq(mmsim_nr_bad_page(t.w), 0);
	mmsim_destroy(t.w);
}
END_TEST

START_TEST(test_anon_file_mix_bugs)
{
	struct table t = abort_table();
	struct folio *f = folio_alloc(t.w, GFP_HIGHUSER_MOVABLE, 0);

	set_pte_at(t.mm, ADDR, t.pte, pfn_pte(folio_pfn(f), PAGE_COPY));
	/* the page turns anon while still counted as a file mapping */
	f->mapping = (struct address_space *)(0x1000UL | PAGE_MAPPING_ANON);
	set_pte_at(t.mm, ADDR + PAGE_SIZE, t.pte + 1, pfn_pte(folio_pfn(f), PAGE_COPY));
}
END_TEST

START_TEST(test_underflow_bugs)
{
	struct table t = abort_table();
	struct folio *f = anon_folio(t.w);

	/* an entry written behind page_table_check's back, then cleared */
	*t.pte = pfn_pte(folio_pfn(f), PAGE_COPY);
	ptep_get_and_clear(t.mm, ADDR, t.pte);
}
END_TEST

START_TEST(test_second_writable_anon_mapping_bugs)
{
	struct table t = abort_table();
	struct folio *f = anon_folio(t.w);

	set_pte_at(t.mm, ADDR, t.pte, pfn_pte(folio_pfn(f), PAGE_COPY));
	set_pte_at(t.mm, ADDR + PAGE_SIZE, t.pte + 1, pfn_pte(folio_pfn(f), PAGE_SHARED));
}
END_TEST

START_TEST(test_free_still_counted_bugs)
{
	struct table t = abort_table();
	struct folio *f = anon_folio(t.w);

	set_pte_at(t.mm, ADDR, t.pte, pfn_pte(folio_pfn(f), PAGE_SHARED));
	folio_put(f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("page_table_check");
	TCase *core = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(core, test_balanced_no_bug);
	suite_add_tcase(s, core);
	sr = srunner_create(s);
	/* death tests need fork mode: in-process they would end the runner */
	if (srunner_fork_status(sr) == CK_FORK) {
		TCase *death = tcase_create("death");

		tcase_add_test_raise_signal(death, test_anon_file_mix_bugs, SIGABRT);
		tcase_add_test_raise_signal(death, test_underflow_bugs, SIGABRT);
		tcase_add_test_raise_signal(death, test_second_writable_anon_mapping_bugs, SIGABRT);
		tcase_add_test_raise_signal(death, test_free_still_counted_bugs, SIGABRT);
		suite_add_tcase(s, death);
	}
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
