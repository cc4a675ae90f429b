/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared scaffolding for the cmocka unit tests: a main() that runs one named
 * test (so ctest registers each test on its own) or all of them, and small
 * world helpers.
 */
#ifndef MMSIM_TEST_H
#define MMSIM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <mmsim/mmsim.h>

#define MMSIM_TEST_MAIN(group)                                              \
	int main(int argc, char **argv)                                     \
	{                                                                   \
		if (argc > 1)                                               \
			cmocka_set_test_filter(argv[1]);                    \
		return cmocka_run_group_tests_name(#group, group, NULL, NULL); \
	}

/* A small world: 256M of memory in 128M blocks, unwinding BUGs. */
static inline struct mmsim *mmsim_test_world(unsigned int series)
{
	struct mmsim_config cfg;
	struct mmsim *w = NULL;

	mmsim_config_init(&cfg);
	cfg.series = series;
	cfg.memory = 256ULL << 20;
	cfg.bug_mode = MMSIM_BUG_UNWIND;
	assert_int_equal(mmsim_create(&w, &cfg), 0);
	assert_non_null(w);
	return w;
}

/*
 * Run the independent checker (DESIGN.md section 7) and fail the test with
 * its first report if the world is inconsistent. Unit tests call it after
 * every step that ends at a command boundary.
 */
#include <mmsim/check.h>
#include <stdio.h>

#define mmsim_test_check(w)                                                     \
	do {                                                                    \
		struct mmsim_check_report __rep;                                \
		if (mmsim_check_world((w), &__rep)) {                           \
			char __buf[256];                                        \
			mmsim_check_format(mmsim_check_first(&__rep), __buf,    \
					   sizeof(__buf));                      \
			fail_msg("checker: %s", __buf);                         \
		}                                                               \
	} while (0)

#endif /* MMSIM_TEST_H */
