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

#endif /* MMSIM_TEST_H */
