// SPDX-License-Identifier: GPL-2.0-only
/*
 * What must BUG or abort, in Check's fork mode: a simulated BUG in the
 * library's default abort mode ends the process with SIGABRT after writing
 * its report; "Bad page state" is a counted log line, never an abort.
 */
#include <check.h>
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/swapops.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static struct mmsim *abort_world(unsigned int series)
{
	struct mmsim_config cfg;
	struct mmsim *w;

	mmsim_config_init(&cfg);
	cfg.series = series;
	cfg.memory = 256ULL << 20;
	ck_assert_int_eq(mmsim_create(&w, &cfg), 0);
	return w;
}

static bool log_has(struct mmsim *w, const char *needle)
{
	for (unsigned long i = 0; i < mmsim_log_count(w); i++)
		if (strstr(mmsim_log_line(w, i), needle))
			return true;
	return false;
}

START_TEST(test_bug_aborts_in_abort_mode)
{
	struct mmsim *w = abort_world(17);

	BUG_ON(w, w != NULL);
}
END_TEST

/* pfn_swap_entry_to_page() on a migration entry whose folio is unlocked */
START_TEST(test_migration_entry_unlocked_bugs)
{
	struct mmsim *w = abort_world(17);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	swp_entry_t e = make_readable_migration_entry(w, folio_pfn(folio));

	pfn_swap_entry_to_page(w, e);
}
END_TEST

START_TEST(test_migration_entry_locked_ok)
{
	struct mmsim *w = abort_world(17);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	swp_entry_t e = make_readable_migration_entry(w, folio_pfn(folio));

	folio_lock(folio);
	ck_assert_ptr_eq(pfn_swap_entry_to_page(w, e), &folio->page);
	folio_unlock(folio);
	folio_put(folio);
	mmsim_destroy(w);
}
END_TEST

/* "Bad page state" is reported and counted; the process goes on */
START_TEST(test_bad_page_state_is_counted)
{
	struct mmsim *w = abort_world(17);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	atomic_set(&folio->_mapcount, 0);	/* freed while still "mapped" */
	folio_put(folio);
	ck_assert_uint_eq(mmsim_nr_bad_page(w), 1);
	ck_assert(log_has(w, "BUG: Bad page state in process mmsim"));
	ck_assert(log_has(w, "page dumped because: nonzero mapcount"));
	ck_assert(!mmsim_is_dead(w));
	mmsim_destroy(w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bug");
	TCase *core = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(core, test_migration_entry_locked_ok);
	tcase_add_test(core, test_bad_page_state_is_counted);
	suite_add_tcase(s, core);
	sr = srunner_create(s);
	/* death tests need fork mode: in-process they would end the runner */
	if (srunner_fork_status(sr) == CK_FORK) {
		TCase *death = tcase_create("death");

		tcase_add_test_raise_signal(death, test_bug_aborts_in_abort_mode, SIGABRT);
		tcase_add_test_raise_signal(death, test_migration_entry_unlocked_bugs, SIGABRT);
		suite_add_tcase(s, death);
	}
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
