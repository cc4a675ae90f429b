/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared scaffolding for the cmocka unit tests: a main() that runs one named
 * test (so ctest registers each test on its own) or all of them, and the
 * helpers the test files share (mt_*: worlds, mappings, page table lookups,
 * CPU accesses, counters, log, GUP records, the checker).
 */
#ifndef MMSIM_TEST_H
#define MMSIM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <mmsim/mmsim.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>

#define MMSIM_TEST_MAIN(group)                                              \
	int main(int argc, char **argv)                                     \
	{                                                                   \
		if (argc > 1)                                               \
			cmocka_set_test_filter(argv[1]);                    \
		return cmocka_run_group_tests_name(#group, group, NULL, NULL); \
	}

/* ---- worlds -------------------------------------------------------------------- */
/* The unit-test defaults: series, 256M of memory in 128M blocks, unwinding BUGs. */
static inline void mt_config(struct mmsim_config *cfg, unsigned int series)
{
	mmsim_config_init(cfg);
	cfg->series = series;
	cfg->memory = 256ULL << 20;
	cfg->bug_mode = MMSIM_BUG_UNWIND;
}

/* Create a world from cfg; the test fails if that does not succeed. */
static inline struct mmsim *mt_create(const struct mmsim_config *cfg)
{
	struct mmsim *w = NULL;

	assert_int_equal(mmsim_create(&w, cfg), 0);
	assert_non_null(w);
	return w;
}

/* A small world: 256M of memory in 128M blocks, unwinding BUGs. */
static inline struct mmsim *mmsim_test_world(unsigned int series)
{
	struct mmsim_config cfg;

	mt_config(&cfg, series);
	return mt_create(&cfg);
}

/* A test world with PMD THPs always on (thp) and a hugetlb pool of that many pages. */
static inline struct mmsim *mt_world(unsigned int series, bool thp, unsigned int hugetlb_pages)
{
	struct mmsim_config cfg;

	mt_config(&cfg, series);
	if (thp)
		cfg.thp_pmd = MMSIM_THP_ALWAYS;
	cfg.hugetlb_pages = hugetlb_pages;
	return mt_create(&cfg);
}

/* ---- mappings ------------------------------------------------------------------- */
/* do_mmap() of len bytes of file (NULL: anonymous) at offset 0; the test fails on error. */
static inline unsigned long mt_mmap(struct mm_struct *mm, struct file *file, unsigned long len,
				    unsigned long prot, unsigned long flags)
{
	long addr = do_mmap(mm, file, 0, len, prot, flags, 0, 0);

	assert_true(addr > 0);
	return (unsigned long)addr;
}

/* len bytes of private anonymous read-write memory. */
static inline unsigned long mt_map_anon(struct mm_struct *mm, unsigned long len)
{
	return mt_mmap(mm, NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
}

/* ---- page table lookups --------------------------------------------------------- */
/* The PMD slot covering addr; the test fails if there is no table. */
static inline pmd_t *mt_pmd_of(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);

	assert_non_null(pmd);
	return pmd;
}

/* The PMD value covering addr. */
static inline pmd_t mt_pmd_at(struct mm_struct *mm, unsigned long addr)
{
	return *mt_pmd_of(mm, addr);
}

/* The PTE slot of addr (NULL where the PMD maps no table). */
static inline pte_t *mt_pte_of(struct mm_struct *mm, unsigned long addr)
{
	return pte_offset_map(mm->w, mt_pmd_of(mm, addr), addr);
}

/* The PTE value at addr. */
static inline pte_t mt_pte_at(struct mm_struct *mm, unsigned long addr)
{
	return ptep_get(mt_pte_of(mm, addr));
}

/* The PTE slot of addr, allocating the PMD and PTE tables as needed. */
static inline pte_t *mt_pte_slot(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mm_find_or_alloc_pmd(mm, addr);

	assert_non_null(pmd);
	if (pmd_none(*pmd))
		assert_int_equal(__pte_alloc(mm, pmd), 0);
	return pte_offset_map(mm->w, pmd, addr);
}

/* The folio a present PTE at addr maps; the test fails if there is none. */
static inline struct folio *mt_folio_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = mt_pte_of(mm, addr);

	assert_non_null(pte);
	assert_true(pte_present(*pte));
	return pfn_folio(mm->w, pte_pfn(*pte));
}

/* A device-exclusive entry at addr by the level's make_device_exclusive(), folio released. */
static inline struct folio *mt_make_excl(struct mm_struct *mm, unsigned long addr)
{
	struct folio *folio = NULL;
	struct page *page;

	mmap_read_lock(mm);
	page = make_device_exclusive(mm, addr, NULL, &folio);
	mmap_read_unlock(mm);
	assert_false(IS_ERR_OR_NULL(page));
	folio_unlock(folio);
	folio_put(folio);
	return folio;
}

/* Is pte a device-exclusive swap entry (either legacy type or patch 6's one)? */
static inline bool mt_pte_devexcl(struct mmsim *w, pte_t pte)
{
	return is_swap_pte(pte) && is_device_exclusive_entry(w, pte_to_swp_entry(pte));
}

/* ---- CPU accesses --------------------------------------------------------------- */
/* A user store of v at addr; the test fails unless it succeeds. */
static inline void mt_wr(struct mm_struct *mm, unsigned long addr, u64 v)
{
	assert_int_equal(mmsim_cpu_access(mm, addr, true, &v), 0);
}

/* A user load at addr; the test fails unless it succeeds. */
static inline u64 mt_rd(struct mm_struct *mm, unsigned long addr)
{
	u64 v = ~0ULL;

	assert_int_equal(mmsim_cpu_access(mm, addr, false, &v), 0);
	return v;
}

/* A user access made while holding the mmap_lock for read; returns the value after it. */
static inline u64 mt_access_locked(struct mm_struct *mm, unsigned long addr, bool write, u64 v)
{
	mmap_read_lock(mm);
	assert_int_equal(mmsim_cpu_access(mm, addr, write, &v), 0);
	mmap_read_unlock(mm);
	return v;
}

/* mt_access_locked() storing v. */
static inline void mt_wr_locked(struct mm_struct *mm, unsigned long addr, u64 v)
{
	mt_access_locked(mm, addr, true, v);
}

/* mt_access_locked() loading (~0 if the access left the value alone). */
static inline u64 mt_rd_locked(struct mm_struct *mm, unsigned long addr)
{
	return mt_access_locked(mm, addr, false, ~0ULL);
}

/* handle_mm_fault() with flags under the mmap_lock; the test fails on a VM_FAULT_ERROR. */
static inline void mt_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	mmap_read_lock(mm);
	assert_int_equal(handle_mm_fault(vma_lookup(mm, addr), addr, flags, NULL) &
			 VM_FAULT_ERROR, 0);
	mmap_read_unlock(mm);
}

/* ---- counters, log and trace ---------------------------------------------------- */
/* A node vmstat counter. */
static inline long mt_stat(struct mmsim *w, enum node_stat_item item)
{
	return atomic_long_read(&w->vm_stat[item]);
}

/* Free pages in the world. */
static inline long mt_free_pages(struct mmsim *w)
{
	return mt_stat(w, NR_FREE_PAGES);
}

/* Does any log line contain needle? */
static inline bool mt_log_has(struct mmsim *w, const char *needle)
{
	for (unsigned long i = 0; i < mmsim_log_count(w); i++)
		if (strstr(mmsim_log_line(w, i), needle))
			return true;
	return false;
}

/* Print the whole log, for a failing test's diagnosis. */
static inline void mt_dump_log(struct mmsim *w)
{
	for (unsigned long i = 0; i < mmsim_log_count(w); i++)
		print_error("log: %s\n", mmsim_log_line(w, i));
}

/* Trace hook counting handle_mm_fault() entries (faults taken) in *(unsigned long *)arg. */
static inline void mt_count_faults(void *arg, const char *line)
{
	if (strstr(line, "handle_mm_fault("))
		(*(unsigned long *)arg)++;
}

/* ---- GUP references ------------------------------------------------------------- */
/* What the harness records for a pin, so the checker knows the reference. */
static inline void mt_record_pin(struct mm_struct *mm, unsigned long addr, struct page *page)
{
	struct mmsim_gup_ref *g = mmsim_obj_alloc(mm->w, sizeof(*g));

	g->folio = page_folio(page);
	g->page = page;
	g->mm_id = mm->id;
	g->addr = addr;
	g->pin = true;
	list_add_tail(&g->list, &mm->w->gup_refs);
}

/* Forget the last recorded pin (after the test unpinned it). */
static inline void mt_drop_pin(struct mmsim *w)
{
	struct list_head *last = w->gup_refs.prev;

	list_del(last);
	mmsim_obj_free(w, list_entry(last, struct mmsim_gup_ref, list));
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

/*
 * The checker at a level of the series: clean from patch 16; below it only
 * violations explained (by P16's missing mapcount) are allowed. Returns true
 * when rep holds such a below-16 report for further assertions.
 */
static inline bool mt_check_level_rep(struct mmsim *w, struct mmsim_check_report *rep)
{
	char buf[256];

	if (series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE)) {
		mmsim_test_check(w);
		return false;
	}
	assert_true(mmsim_check_world(w, rep) >= 0);
	if (rep->nr_violations != rep->nr_explained && mmsim_check_first_unexplained(rep)) {
		mmsim_check_format(mmsim_check_first_unexplained(rep), buf, sizeof(buf));
		print_error("checker: %s\n", buf);
	}
	assert_int_equal(rep->nr_violations, rep->nr_explained);
	return true;
}

/* mt_check_level_rep() without a report to look at. */
static inline void mt_check_level(struct mmsim *w)
{
	struct mmsim_check_report rep;

	mt_check_level_rep(w, &rep);
}

/* Exit mm (if any), run the checker; no BUG, exactly warns WARNs, no bad page. */
static inline void mt_exit_checked(struct mmsim *w, struct mm_struct *mm, unsigned long warns)
{
	if (mm)
		mmput(mm);
	mmsim_test_check(w);
	if (mmsim_nr_warn(w) != warns || mmsim_nr_bug(w) || mmsim_nr_bad_page(w) ||
	    w->nr_bad_rss)
		mt_dump_log(w);
	assert_int_equal(mmsim_nr_bug(w), 0);
	assert_int_equal(mmsim_nr_warn(w), warns);
	assert_int_equal(mmsim_nr_bad_page(w), 0);
}

/* mt_exit_checked(), then destroy the world. */
static inline void mt_finish(struct mmsim *w, struct mm_struct *mm, unsigned long warns)
{
	mt_exit_checked(w, mm, warns);
	mmsim_destroy(w);
}

#endif /* MMSIM_TEST_H */
