/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * main() for the cmocka binaries of tests/lang: with no argument run every
 * test; with a test name run only that one, so that ctest registers each
 * test on its own. An unknown name fails, so a stale registration is seen.
 */
#ifndef MMS_TEST_MAIN_H
#define MMS_TEST_MAIN_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define MMS_TEST_MAIN(tests)							\
int main(int argc, char **argv)							\
{										\
	struct CMUnitTest one[1];						\
	size_t i;								\
										\
	if (argc < 2)								\
		return cmocka_run_group_tests(tests, NULL, NULL);		\
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {		\
		if (strcmp(tests[i].name, argv[1]))				\
			continue;						\
		one[0] = tests[i];						\
		return cmocka_run_group_tests_name(argv[1], one, NULL, NULL);	\
	}									\
	fprintf(stderr, "%s: no test named '%s'\n", argv[0], argv[1]);	\
	return 1;								\
}

#endif /* MMS_TEST_MAIN_H */
