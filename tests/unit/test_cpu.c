// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/core/cpu.c: the MMU's accessed and dirty bits, access_error()'s
 * SIGSEGV rules (PROT_NONE, read-only, no VMA), SIGBUS from a hwpoison
 * entry and from an empty hugetlb pool, -ENOMEM from OOM, -ENOSYS passed
 * through, and mmsim_peek(). The checker runs after every step.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/swapops.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned long map(struct mm_struct *mm, unsigned long pages, unsigned long prot)
{
	return mt_mmap(mm, NULL, pages * PAGE_SIZE, prot, ANON_PRIV);
}

static void test_hw_sets_accessed_and_dirty(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	unsigned long faults = 0;
	pte_t *pte;
	u64 v = 5;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	pte = mt_pte_of(mm, a);
	/* age and clean the PTE as reclaim and writeback would */
	*pte = pte_mkold(pte_mkclean(*pte));
	mmsim_set_trace(w, mt_count_faults, &faults);
	v = 0;
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), 0);
	assert_int_equal(v, 5);
	assert_true(pte_young(*pte));
	assert_false(pte_dirty(*pte));
	v = 6;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	assert_true(pte_dirty(*pte));
	/* both accesses hit in the MMU: no fault */
	assert_int_equal(faults, 0);
	mmsim_set_trace(w, NULL, NULL);
	assert_int_equal(pfn_to_page(w, pte_pfn(*pte))->content, 6);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_first_access_faults_once(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	unsigned long faults = 0;
	u64 v = 0;

	(void)state;
	mmsim_set_trace(w, mt_count_faults, &faults);
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), 0);
	assert_int_equal(faults, 1);
	v = 1;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);	/* COW of the zero page */
	assert_int_equal(faults, 2);
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	assert_int_equal(faults, 2);
	mmsim_set_trace(w, NULL, NULL);
	/* the fault path leaves the mmap_lock free */
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_access_error_rules(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long none = map(mm, 1, PROT_NONE);
	unsigned long ro = map(mm, 1, PROT_READ);
	unsigned long xo = map(mm, 1, PROT_EXEC);
	u64 v = 1;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, none, false, &v), MMSIM_SIGSEGV);
	assert_int_equal(mmsim_cpu_access(mm, none, true, &v), MMSIM_SIGSEGV);
	assert_int_equal(mmsim_cpu_access(mm, ro, true, &v), MMSIM_SIGSEGV);
	assert_int_equal(mmsim_cpu_access(mm, ro, false, &v), 0);
	assert_int_equal(v, 0);
	/* x86: an exec-only VMA is readable */
	assert_int_equal(mmsim_cpu_access(mm, xo, false, &v), 0);
	assert_int_equal(mmsim_cpu_access(mm, xo, true, &v), MMSIM_SIGSEGV);
	/* no VMA */
	assert_int_equal(mmsim_cpu_access(mm, 0x1000, false, &v), MMSIM_SIGSEGV);
	assert_int_equal(mmsim_cpu_access(mm, ro + PAGE_SIZE * 64, false, &v), MMSIM_SIGSEGV);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_prot_none_after_mapping(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	u64 v = 7;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, PROT_NONE), 0);
	/* the PTE stays (protnone), the MMU refuses, the VMA check says SIGSEGV */
	assert_true(pte_protnone(*mt_pte_of(mm, a)));
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), MMSIM_SIGSEGV);
	assert_true(mmsim_peek(mm, a, &v) == false);
	mmsim_test_check(w);
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, PROT_READ), 0);
	v = 0;
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), 0);
	assert_int_equal(v, 7);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_sigbus_from_hwpoison_entry(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	pte_t *pte;
	u64 v = 1;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	pte = mt_pte_of(mm, a + PAGE_SIZE);
	set_pte_at(mm, a + PAGE_SIZE, pte, swp_entry_to_pte(make_hwpoison_entry(w, 0x9000)));
	assert_int_equal(mmsim_cpu_access(mm, a + PAGE_SIZE, false, &v), MMSIM_SIGBUS);
	assert_int_equal(mmsim_cpu_access(mm, a + PAGE_SIZE, true, &v), MMSIM_SIGBUS);
	assert_false(mmsim_peek(mm, a + PAGE_SIZE, &v));
	/* a poison marker is SIGBUS too (VM_FAULT_HWPOISON) */
	set_pte_at(mm, a + PAGE_SIZE, pte, swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_POISONED)));
	assert_int_equal(mmsim_cpu_access(mm, a + PAGE_SIZE, false, &v), MMSIM_SIGBUS);
	/* a guard marker is SIGSEGV */
	set_pte_at(mm, a + PAGE_SIZE, pte, swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_GUARD)));
	assert_int_equal(mmsim_cpu_access(mm, a + PAGE_SIZE, false, &v), MMSIM_SIGSEGV);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_sigbus_from_empty_hugetlb_pool(void **state)
{
	struct mmsim_config cfg;
	struct mmsim *w;
	struct mm_struct *mm;
	long a;
	u64 v = 1;

	(void)state;
	mmsim_config_init(&cfg);
	cfg.memory = 256ULL << 20;
	cfg.bug_mode = MMSIM_BUG_UNWIND;
	assert_int_equal(mmsim_create(&w, &cfg), 0);
	mm = mm_alloc(w);
	a = do_mmap(mm, NULL, 0, PMD_SIZE, RW, ANON_PRIV | MAP_HUGETLB, 0, 0);
	assert_true(a > 0);
	assert_int_equal(w->nr_hugetlb_free, 0);
	assert_int_equal(mmsim_cpu_access(mm, (unsigned long)a, false, &v), MMSIM_SIGBUS);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_oom_is_enomem(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	u64 v = 1;

	(void)state;
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, false, NULL, NULL), 0);
	/* the page-table allocation fails first */
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), -ENOMEM);
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), -ENOMEM);
	assert_int_equal(mm->mmap_lock, 0);
	assert_false(mmsim_peek(mm, a, &v));
	mmsim_test_check(w);
	assert_int_equal(mmsim_inject_disarm(w, "alloc:fail"), 0);
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_enosys_passthrough(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	pte_t *pte;
	u64 v = 1;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	pte = mt_pte_of(mm, a + PAGE_SIZE);
	set_pte_at(mm, a + PAGE_SIZE, pte,
		   swp_entry_to_pte(make_writable_device_private_entry(w, folio_pfn(f))));
	assert_int_equal(mmsim_cpu_access(mm, a + PAGE_SIZE, false, &v), -ENOSYS);
	assert_int_equal(mm->mmap_lock, 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	pte_clear(mm, a + PAGE_SIZE, pte);
	folio_put(f);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_peek(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	pte_t *pte;
	u64 v = 0x1234;

	(void)state;
	assert_false(mmsim_peek(mm, a, &v));
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), 0);
	pte = mt_pte_of(mm, a);
	*pte = pte_mkold(*pte);
	v = 0;
	assert_true(mmsim_peek(mm, a, &v));
	assert_int_equal(v, 0x1234);
	/* peeking is not an access: the accessed bit stays clear */
	assert_false(pte_young(*pte));
	/* the zero page reads 0 */
	assert_int_equal(mmsim_cpu_access(mm, a + PAGE_SIZE, false, &v), 0);
	v = 9;
	assert_true(mmsim_peek(mm, a + PAGE_SIZE, &v));
	assert_int_equal(v, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hw_sets_accessed_and_dirty),
		cmocka_unit_test(test_first_access_faults_once),
		cmocka_unit_test(test_access_error_rules),
		cmocka_unit_test(test_prot_none_after_mapping),
		cmocka_unit_test(test_sigbus_from_hwpoison_entry),
		cmocka_unit_test(test_sigbus_from_empty_hugetlb_pool),
		cmocka_unit_test(test_oom_is_enomem),
		cmocka_unit_test(test_enosys_passthrough),
		cmocka_unit_test(test_peek),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("cpu", tests, NULL, NULL);
}
