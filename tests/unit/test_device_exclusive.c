// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device-exclusive conversion of sim/mm/rmap.c at the levels where it
 * differs: make_device_exclusive_range() (levels 0..2), make_device_exclusive()
 * through the rmap walk (level 3) and through folio_walk (4..), the entry
 * types (patch 6), the mapcount (patch 16), the killable lock and retry
 * (patch 17), hugetlb (patches 1, 2 and the forcing injection), THPs, the
 * MMU notifier event and its owner, and the injection points.
 *
 * Entries are asserted right after the conversion; the tests never touch a
 * converted page from the CPU (the fault path is another file's), they
 * unlock and put the folio and let munmap/exit zap the entries.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <string.h>

#define SZ_2M (2UL << 20)

/* ---- helpers ---------------------------------------------------------------- */
/* make_device_exclusive() under the mmap_lock, as dmirror calls it */
static struct page *excl(struct mm_struct *mm, unsigned long addr, void *owner,
			 struct folio **foliop)
{
	struct page *page;

	*foliop = NULL;
	mmap_read_lock(mm);
	page = make_device_exclusive(mm, addr, owner, foliop);
	mmap_read_unlock(mm);
	return page;
}

static int excl_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		      struct page **pages, void *owner)
{
	int ret;

	mmap_read_lock(mm);
	ret = make_device_exclusive_range(mm, start, end, pages, owner);
	mmap_read_unlock(mm);
	return ret;
}

/* what the device driver does after programming its page table */
static void release(struct folio *folio)
{
	folio_unlock(folio);
	folio_put(folio);
}

static unsigned long nr_excl_ptes(struct mm_struct *mm, unsigned long addr, unsigned long nr)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < nr; i++)
		n += mt_pte_devexcl(mm->w, *mt_pte_of(mm, addr + i * PAGE_SIZE));
	return n;
}

static long anon_pages(struct mmsim *w)
{
	return mt_stat(w, NR_ANON_MAPPED);
}

/*
 * The checker at a command boundary: clean from patch 16; below it, a
 * device-exclusive entry's missing mapcount is explained by P16 and every
 * reported violation must be such an explained one.
 */
static void check_level(struct mmsim *w)
{
	struct mmsim_check_report rep;

	if (!mt_check_level_rep(w, &rep))
		return;
	for (unsigned int i = 0; i < rep.nr_kept; i++)
		assert_int_equal(rep.v[i].explained_by, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE);
}

/* tear down through exit (zap handles the entries); nothing BUGged */
static void finish(struct mmsim *w, struct mm_struct *mm, unsigned long warns)
{
	mt_exit_checked(w, mm, warns);
	assert_int_equal(w->nr_bad_rss, 0);
	mmsim_destroy(w);
}

/* a full MMU notifier subscriber recording the EXCLUSIVE events it sees */
struct rec {
	struct mmu_notifier mn;
	int excl_starts, excl_ends;
	void *owner;
	unsigned long start, end;
};

static int rec_start(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct rec *r = container_of(mn, struct rec, mn);

	if (range->event == MMU_NOTIFY_EXCLUSIVE) {
		r->excl_starts++;
		r->owner = range->owner;
		r->start = range->start;
		r->end = range->end;
	}
	return 0;
}

static void rec_end(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct rec *r = container_of(mn, struct rec, mn);

	if (range->event == MMU_NOTIFY_EXCLUSIVE)
		r->excl_ends++;
}

static const struct mmu_notifier_ops rec_ops = {
	.invalidate_range_start = rec_start,
	.invalidate_range_end = rec_end,
};

static void rec_register(struct rec *r, struct mm_struct *mm)
{
	memset(r, 0, sizeof(*r));
	r->mn.ops = &rec_ops;
	assert_int_equal(mmu_notifier_register(&r->mn, mm), 0);
}

static int cookie;	/* const data would do, but owners are void * */

/* ---- a small anon page at every form -------------------------------------------- */
/*
 * One written small anon page converted at level `series`. The entry, the
 * folio's counters and the notifier event are what the level defines.
 */
static void small_anon(unsigned int series)
{
	struct mmsim *w = mt_world(series, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 16 * PAGE_SIZE) + 3 * PAGE_SIZE;
	bool keep_mapcount = series >= PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE;
	unsigned long excl_events;
	struct folio *folio, *got = NULL;
	struct page *page = NULL;
	long anon_before;
	struct rec r;
	swp_entry_t e;
	pte_t pte;
	int ret;

	mt_wr_locked(mm, addr, 42);
	rec_register(&r, mm);
	folio = mt_folio_at(mm, addr);
	assert_int_equal(folio_ref_count(folio), 1);
	anon_before = anon_pages(w);
	excl_events = w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE];

	if (series < PATCH_MAKE_DEVICE_EXCLUSIVE_API) {
		ret = excl_range(mm, addr, addr + PAGE_SIZE, &page, &cookie);
		assert_int_equal(ret, 1);
		got = page ? page_folio(page) : NULL;
	} else {
		page = excl(mm, addr, &cookie, &got);
	}
	assert_false(IS_ERR_OR_NULL(page));
	assert_ptr_equal(page, &folio->page);
	assert_ptr_equal(got, folio);

	/* the entry */
	pte = *mt_pte_of(mm, addr);
	assert_true(mt_pte_devexcl(w, pte));
	e = pte_to_swp_entry(pte);
	assert_int_equal(swp_offset_pfn(w, e), folio_pfn(folio));
	if (series >= PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) {
		assert_int_equal(swp_type(e), SWP_DEVICE_EXCLUSIVE(w));
	} else {
		assert_true(is_writable_device_exclusive_entry(w, e));
		assert_int_equal(swp_type(e), SWP_DEVICE_EXCLUSIVE_WRITE(w));
	}
	/* the first-write fault made the PTE dirty and soft-dirty */
	assert_true(pte_swp_soft_dirty(pte));
	assert_false(pte_swp_uffd_wp(pte));
	assert_true(folio_test_dirty(folio));

	/* the folio: locked, the entry's and the caller's references */
	assert_true(folio_test_locked(folio));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(folio_mapcount(folio), keep_mapcount ? 1 : 0);
	assert_int_equal(anon_pages(w), keep_mapcount ? anon_before : anon_before - 1);
	assert_true(PageAnonExclusive(&folio->page));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);

	/* one EXCLUSIVE event over this page, with the caller's owner */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], excl_events + 1);
	assert_int_equal(r.excl_starts, 1);
	assert_int_equal(r.excl_ends, 1);
	assert_ptr_equal(r.owner, &cookie);
	assert_int_equal(r.start, addr);
	assert_int_equal(r.end, addr + PAGE_SIZE);

	release(folio);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_false(folio_test_locked(folio));
	check_level(w);
	mmu_notifier_unregister(&r.mn, mm);
	finish(w, mm, 0);
}

static void test_small_anon_level0_range(void **state) { (void)state; small_anon(0); }
static void test_small_anon_level2_range(void **state) { (void)state; small_anon(2); }
static void test_small_anon_level3_rmap_walk(void **state) { (void)state; small_anon(3); }
static void test_small_anon_level4_folio_walk(void **state) { (void)state; small_anon(4); }
static void test_small_anon_level6_single_type(void **state) { (void)state; small_anon(6); }
static void test_small_anon_level15(void **state) { (void)state; small_anon(15); }
static void test_small_anon_level16_keeps_mapcount(void **state) { (void)state; small_anon(16); }
static void test_small_anon_level17(void **state) { (void)state; small_anon(17); }

/* a NULL owner (as dmirror passes) reaches the notifier as NULL */
static void test_owner_null_passed_through(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	struct rec r;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	rec_register(&r, mm);
	r.owner = &r;
	assert_false(IS_ERR(excl(mm, addr, NULL, &folio)));
	assert_null(r.owner);
	release(folio);
	mmu_notifier_unregister(&r.mn, mm);
	finish(w, mm, 0);
}

/* patch 4 aligns the address down: any address within the page works */
static void test_unaligned_addr_level17(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	struct page *page;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	page = excl(mm, addr + 0x123, NULL, &folio);
	assert_false(IS_ERR(page));
	assert_true(mt_pte_devexcl(w, *mt_pte_of(mm, addr)));
	release(folio);
	mmsim_test_check(w);
	finish(w, mm, 0);
}

/*
 * Level 3: the rmap walk compares the unaligned address with the page's,
 * never finds the target, yet converts the PTE: -EBUSY with the entry left
 * behind (patch 4 fixed this by aligning).
 */
static void test_unaligned_addr_level3_ebusy_but_converted(void **state)
{
	struct mmsim *w = mt_world(3, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio, *got;
	struct page *page;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	folio = mt_folio_at(mm, addr);
	page = excl(mm, addr + 0x123, NULL, &got);
	assert_int_equal(PTR_ERR(page), -EBUSY);
	assert_true(mt_pte_devexcl(w, *mt_pte_of(mm, addr)));
	assert_int_equal(folio_mapcount(folio), 0);
	assert_int_equal(folio_ref_count(folio), 1);	/* the entry's */
	assert_false(folio_test_locked(folio));
	check_level(w);
	finish(w, mm, 0);
}

/*
 * A clean PTE that is not soft-dirty: the entry has no soft-dirty bit. The
 * folio is dirty anyway: GUP's FOLL_WRITE|FOLL_TOUCH dirtied it, as
 * follow_page_pte() does for a clean PTE.
 */
static void test_clean_pte_no_dirty_transfer(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio;
	pte_t *ptep;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	ptep = mt_pte_of(mm, addr);
	*ptep = pte_clear_soft_dirty(pte_mkclean(*ptep));
	folio = mt_folio_at(mm, addr);
	folio_clear_dirty(folio);
	assert_false(IS_ERR(excl(mm, addr, NULL, &folio)));
	assert_true(mt_pte_devexcl(w, *ptep));
	assert_false(pte_swp_soft_dirty(*ptep));
	assert_true(folio_test_dirty(folio));
	release(folio);
	finish(w, mm, 0);
}

/* ---- what is refused ------------------------------------------------------------- */
/* GUP with FOLL_WRITE refuses a read-only VMA */
static void readonly_efault(unsigned int series)
{
	struct mmsim *w = mt_world(series, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	struct page *page = NULL;
	struct folio *folio;

	if (series < PATCH_MAKE_DEVICE_EXCLUSIVE_API) {
		assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), -EFAULT);
	} else {
		page = excl(mm, addr, NULL, &folio);
		assert_int_equal(PTR_ERR(page), -EFAULT);
		assert_null(folio);
	}
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	finish(w, mm, 0);
}

static void test_readonly_efault_level0(void **state) { (void)state; readonly_efault(0); }
static void test_readonly_efault_level3(void **state) { (void)state; readonly_efault(3); }
static void test_readonly_efault_level17(void **state) { (void)state; readonly_efault(17); }

/* shared anon is shmem: -EOPNOTSUPP from patch 3, a refused page before */
static void shared_anon(unsigned int series)
{
	struct mmsim *w = mt_world(series, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS);
	struct page *page = NULL;
	struct folio *folio;

	mt_wr_locked(mm, addr, 7);
	folio = mt_folio_at(mm, addr);
	if (series < PATCH_MAKE_DEVICE_EXCLUSIVE_API) {
		assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), 1);
		assert_null(page);
	} else {
		struct folio *got;

		page = excl(mm, addr, NULL, &got);
		assert_int_equal(PTR_ERR(page), -EOPNOTSUPP);
	}
	assert_true(pte_present(*mt_pte_of(mm, addr)));
	assert_false(folio_test_locked(folio));
	assert_int_equal(folio_mapcount(folio), 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	mmsim_test_check(w);
	finish(w, mm, 0);
}

static void test_shared_anon_level0_refused(void **state) { (void)state; shared_anon(0); }
static void test_shared_anon_level3_eopnotsupp(void **state) { (void)state; shared_anon(3); }
static void test_shared_anon_level17_eopnotsupp(void **state) { (void)state; shared_anon(17); }

/* ---- hugetlb ------------------------------------------------------------------- */
static unsigned long map_hugetlb(struct mm_struct *mm)
{
	return mt_mmap(mm, NULL, SZ_2M, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB);
}

/* from patch 1 GUP refuses FOLL_SPLIT_PMD on hugetlb: -EOPNOTSUPP, nothing changes */
static void test_hugetlb_level17_eopnotsupp(void **state)
{
	struct mmsim *w = mt_world(17, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct folio *folio;
	pmd_t before;

	(void)state;
	mt_wr_locked(mm, addr, 5);
	before = *mm_find_pmd(mm, addr);
	assert_int_equal(PTR_ERR(excl(mm, addr, NULL, &folio)), -EOPNOTSUPP);
	assert_int_equal(pmd_val(*mm_find_pmd(mm, addr)), pmd_val(before));
	assert_int_equal(folio_ref_count(pfn_folio(w, pmd_pfn(before))), 1);
	finish(w, mm, 0);
}

/* with the forcing injection GUP returns the hugetlb page; patch 3's folio check refuses it */
static void test_hugetlb_level3_forced_folio_check(void **state)
{
	struct mmsim *w = mt_world(3, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct folio *hfolio, *folio;
	pmd_t before;

	(void)state;
	mt_wr_locked(mm, addr, 5);
	before = *mm_find_pmd(mm, addr);
	hfolio = pfn_folio(w, pmd_pfn(before));
	assert_int_equal(mmsim_inject_arm(w, "gup:skip-check-vma-flags", 1, true, NULL, NULL), 0);
	assert_int_equal(PTR_ERR(excl(mm, addr, NULL, &folio)), -EOPNOTSUPP);
	assert_int_equal(mmsim_inject_fired(w, "gup:skip-check-vma-flags"), 1);
	assert_int_equal(pmd_val(*mm_find_pmd(mm, addr)), pmd_val(before));
	assert_int_equal(folio_ref_count(hfolio), 1);
	assert_false(folio_test_locked(hfolio));
	finish(w, mm, 0);
}

/* patch 2: folio_make_device_exclusive() refuses the forced hugetlb folio */
static void test_hugetlb_level2_forced_rejected(void **state)
{
	struct mmsim *w = mt_world(2, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;
	struct folio *hfolio;
	pmd_t before;

	(void)state;
	mt_wr_locked(mm, addr, 5);
	before = *mm_find_pmd(mm, addr);
	hfolio = pfn_folio(w, pmd_pfn(before));
	assert_int_equal(mmsim_inject_arm(w, "gup:skip-check-vma-flags", 1, true, NULL, NULL), 0);
	assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), 1);
	assert_null(page);
	assert_int_equal(pmd_val(*mm_find_pmd(mm, addr)), pmd_val(before));
	assert_int_equal(folio_ref_count(hfolio), 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	finish(w, mm, 0);
}

/*
 * Patch 2's bug (forced; not reachable in the real kernel at level 1): the
 * hugetlb folio reaches page_make_device_exclusive_one(), which treats the
 * huge PMD as a PTE, installs a device-exclusive entry in the PMD slot and
 * removes a PTE-level mapcount from the hugetlb folio (the rmap sanity
 * check warns). The folio now reads as unmapped, so the conversion counts
 * as a success.
 */
static void test_hugetlb_level1_forced_reaches_rmap_walk(void **state)
{
	struct mmsim *w = mt_world(1, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;
	struct folio *hfolio;
	pmd_t *pmdp;

	(void)state;
	mt_wr_locked(mm, addr, 5);
	pmdp = mm_find_pmd(mm, addr);
	hfolio = pfn_folio(w, pmd_pfn(*pmdp));
	assert_int_equal(folio_mapcount(hfolio), 1);
	assert_int_equal(mmsim_inject_arm(w, "gup:skip-check-vma-flags", 1, true, NULL, NULL), 0);
	assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), 1);
	assert_ptr_equal(page, &hfolio->page);
	assert_true(mt_pte_devexcl(w, __pte(pmd_val(*pmdp))));
	assert_true(mmsim_nr_warn(w) >= 1);
	assert_true(mt_log_has(w, "folio_test_hugetlb(folio)"));
	assert_int_equal(folio_mapcount(hfolio), 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 1);
	assert_int_equal(mmsim_nr_bug(w), 0);
	/* the world is damaged beyond a clean teardown: destroy it wholesale */
	mmsim_destroy(w);
}

struct range_arg {
	struct mm_struct *mm;
	unsigned long addr;
	struct page *page;
	int ret;
};

static int range_cmd(struct mmsim *w, void *p)
{
	struct range_arg *a = p;

	(void)w;
	a->ret = excl_range(a->mm, a->addr, a->addr + PAGE_SIZE, &a->page, NULL);
	return a->ret;
}

/* level 0: GUP's FOLL_SPLIT_PMD "splits" the hugetlb PMD and page_table_check BUGs */
static void test_hugetlb_level0_bugs(void **state)
{
	struct mmsim *w = mt_world(0, false, 2);
	struct range_arg a = { .mm = mm_alloc(w) };

	(void)state;
	a.addr = map_hugetlb(a.mm);
	mt_wr_locked(a.mm, a.addr, 5);
	assert_int_equal(mmsim_run_command(w, range_cmd, &a), MMSIM_DIED);
	assert_true(mmsim_is_dead(w));
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "kernel BUG at mm/page_table_check.c"));
	assert_null(a.page);
	mmsim_destroy(w);
}

/* ---- PMD THPs ------------------------------------------------------------------- */
static unsigned long thp(struct mm_struct *mm, struct folio **foliop)
{
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	pmd_t *pmd;

	mt_wr_locked(mm, addr, 9);
	pmd = mm_find_pmd(mm, addr);
	assert_true(pmd_trans_huge(*pmd));
	*foliop = pfn_folio(mm->w, pmd_pfn(*pmd));
	return addr;
}

/* legacy: a tail page is always refused (after GUP split the PMD) */
static void test_thp_tail_level2_refused(void **state)
{
	struct mmsim *w = mt_world(2, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	struct page *page = NULL;
	struct folio *folio;
	unsigned long addr = thp(mm, &folio);

	(void)state;
	assert_int_equal(excl_range(mm, addr + 5 * PAGE_SIZE, addr + 6 * PAGE_SIZE, &page, NULL), 1);
	assert_null(page);
	assert_false(pmd_leaf(*mm_find_pmd(mm, addr)));
	assert_int_equal(nr_excl_ptes(mm, addr, HPAGE_PMD_NR), 0);
	assert_int_equal(folio_mapcount(folio), HPAGE_PMD_NR);
	assert_int_equal(folio_ref_count(folio), HPAGE_PMD_NR);
	mmsim_test_check(w);
	finish(w, mm, 0);
}

/* legacy: the head page converts every PTE of the folio; the device maps one page */
static void test_thp_head_level2_converts_whole_folio(void **state)
{
	struct mmsim *w = mt_world(2, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	struct page *page = NULL;
	struct folio *folio;
	unsigned long addr = thp(mm, &folio);
	long anon_before = anon_pages(w);

	(void)state;
	assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), 1);
	assert_ptr_equal(page, &folio->page);
	assert_int_equal(nr_excl_ptes(mm, addr, HPAGE_PMD_NR), HPAGE_PMD_NR);
	assert_int_equal(folio_mapcount(folio), 0);
	assert_int_equal(atomic_read(&folio->_nr_pages_mapped), 0);
	assert_int_equal(anon_pages(w), anon_before - HPAGE_PMD_NR);
	/* 512 entries' references and the GUP reference */
	assert_int_equal(folio_ref_count(folio), HPAGE_PMD_NR + 1);
	/* one EXCLUSIVE event over the whole folio */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 1);
	release(folio);
	check_level(w);
	finish(w, mm, 0);
}

/* level 3: no PageTail check any more, the rmap walk converts the whole folio */
static void test_thp_tail_level3_converts_whole_folio(void **state)
{
	struct mmsim *w = mt_world(3, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	struct folio *folio, *got;
	unsigned long addr = thp(mm, &folio);
	struct page *page;

	(void)state;
	page = excl(mm, addr + 5 * PAGE_SIZE, NULL, &got);
	assert_ptr_equal(page, folio_page(folio, 5));
	assert_ptr_equal(got, folio);
	assert_int_equal(nr_excl_ptes(mm, addr, HPAGE_PMD_NR), HPAGE_PMD_NR);
	assert_int_equal(folio_mapcount(folio), 0);
	release(folio);
	check_level(w);
	finish(w, mm, 0);
}

/* from patch 4: one PTE; the mapcount drops by one before patch 16, not from it */
static void thp_tail_one_pte(unsigned int series)
{
	struct mmsim *w = mt_world(series, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	bool keep = series >= PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE;
	struct folio *folio, *got;
	unsigned long addr = thp(mm, &folio);
	long anon_before = anon_pages(w);
	struct page *page;
	pte_t pte;

	page = excl(mm, addr + 5 * PAGE_SIZE, NULL, &got);
	assert_ptr_equal(page, folio_page(folio, 5));
	assert_false(pmd_leaf(*mm_find_pmd(mm, addr)));
	assert_int_equal(nr_excl_ptes(mm, addr, HPAGE_PMD_NR), 1);
	pte = *mt_pte_of(mm, addr + 5 * PAGE_SIZE);
	assert_true(mt_pte_devexcl(w, pte));
	assert_int_equal(swp_offset_pfn(w, pte_to_swp_entry(pte)), page_to_pfn(page));
	assert_int_equal(folio_mapcount(folio), keep ? HPAGE_PMD_NR : HPAGE_PMD_NR - 1);
	assert_int_equal(atomic_read(&folio_page(folio, 5)->_mapcount), keep ? 0 : -1);
	assert_int_equal(atomic_read(&folio->_nr_pages_mapped),
			 keep ? HPAGE_PMD_NR : HPAGE_PMD_NR - 1);
	assert_int_equal(anon_pages(w), keep ? anon_before : anon_before - 1);
	/* a partially mapped anon THP is queued for deferred split */
	assert_int_equal(folio_test_partially_mapped(folio), !keep);
	if (!keep)
		assert_false(list_empty(&folio->_deferred_list));
	assert_int_equal(folio_ref_count(folio), HPAGE_PMD_NR + 1);
	release(folio);
	check_level(w);
	finish(w, mm, 0);
}

static void test_thp_tail_level4_one_pte(void **state) { (void)state; thp_tail_one_pte(4); }
static void test_thp_tail_level17_one_pte(void **state) { (void)state; thp_tail_one_pte(17); }

/*
 * Legacy: the rmap walk also converts PTEs of the folio that are mapped
 * read-only (here by an mprotect of the THP's second half) into READ
 * entries; the request is for the head page, mapped writable.
 */
static void test_thp_head_level0_readonly_half_read_entries(void **state)
{
	struct mmsim *w = mt_world(0, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	struct page *page = NULL;
	struct folio *folio;
	unsigned long addr = thp(mm, &folio);
	unsigned long half = addr + SZ_2M / 2;
	unsigned long nwrite = 0, nread = 0;

	(void)state;
	assert_int_equal(do_mprotect_pkey(mm, half, SZ_2M / 2, PROT_READ), 0);
	assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), 1);
	assert_ptr_equal(page, &folio->page);
	for (unsigned long i = 0; i < HPAGE_PMD_NR; i++) {
		pte_t pte = *mt_pte_of(mm, addr + i * PAGE_SIZE);
		swp_entry_t e = pte_to_swp_entry(pte);

		assert_true(mt_pte_devexcl(w, pte));
		if (is_writable_device_exclusive_entry(w, e))
			nwrite++;
		else
			nread++;
		assert_int_equal(swp_offset_pfn(w, e), folio_pfn(folio) + i);
	}
	assert_int_equal(nwrite, HPAGE_PMD_NR / 2);
	assert_int_equal(nread, HPAGE_PMD_NR / 2);
	assert_int_equal(folio_mapcount(folio), 0);
	/* one EXCLUSIVE event per VMA, each over the folio's part in it */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 2);
	release(folio);
	check_level(w);
	finish(w, mm, 0);
}

/* ---- the folio lock held elsewhere (the `lock` command's state) ------------------- */
static void lock_elsewhere(struct folio *folio, bool wait_releases)
{
	folio_set_locked(folio);
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	if (wait_releases)
		set_bit_ul(PG_mmsim_wait_releases, &folio->flags);
}

static void unlock_elsewhere(struct folio *folio)
{
	clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	clear_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	folio_unlock(folio);
}

/* before patch 17 a contended lock is -EBUSY (trylock) and nothing changes */
static void test_lock_contended_level16_ebusy(void **state)
{
	struct mmsim *w = mt_world(16, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio, *got;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	folio = mt_folio_at(mm, addr);
	lock_elsewhere(folio, true);
	assert_int_equal(PTR_ERR(excl(mm, addr, NULL, &got)), -EBUSY);
	assert_true(pte_present(*mt_pte_of(mm, addr)));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	mmsim_test_check(w);
	unlock_elsewhere(folio);
	finish(w, mm, 0);
}

/* patch 17: a killable sleep; a holder that never lets go ends it with -EINTR */
static void test_lock_contended_level17_eintr(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio, *got;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	folio = mt_folio_at(mm, addr);
	lock_elsewhere(folio, false);
	assert_int_equal(PTR_ERR(excl(mm, addr, NULL, &got)), -EINTR);
	assert_true(pte_present(*mt_pte_of(mm, addr)));
	assert_int_equal(folio_ref_count(folio), 1);
	mmsim_test_check(w);
	unlock_elsewhere(folio);
	finish(w, mm, 0);
}

/* patch 17: a holder that finishes hands the lock over; the conversion happens */
static void test_lock_contended_level17_waits(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct folio *folio, *got;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	folio = mt_folio_at(mm, addr);
	lock_elsewhere(folio, true);
	assert_false(IS_ERR(excl(mm, addr, NULL, &got)));
	assert_ptr_equal(got, folio);
	assert_true(mt_pte_devexcl(w, *mt_pte_of(mm, addr)));
	assert_false(test_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags));
	assert_true(folio_test_locked(folio));
	release(folio);
	mmsim_test_check(w);
	finish(w, mm, 0);
}

/* legacy range: the contended page is refused, the others of the batch convert */
static void test_range_level0_batch_with_contended_page(void **state)
{
	struct mmsim *w = mt_world(0, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 4 * PAGE_SIZE);
	struct page *pages[4] = { NULL };
	struct folio *locked;

	(void)state;
	for (int i = 0; i < 4; i++)
		mt_wr_locked(mm, addr + (unsigned long)i * PAGE_SIZE, (u64)i);
	locked = mt_folio_at(mm, addr + 2 * PAGE_SIZE);
	lock_elsewhere(locked, true);
	assert_int_equal(excl_range(mm, addr, addr + 4 * PAGE_SIZE, pages, &cookie), 4);
	for (int i = 0; i < 4; i++) {
		pte_t pte = *mt_pte_of(mm, addr + (unsigned long)i * PAGE_SIZE);

		if (i == 2) {
			assert_null(pages[i]);
			assert_true(pte_present(pte));
			continue;
		}
		assert_non_null(pages[i]);
		assert_true(mt_pte_devexcl(w, pte));
		assert_true(folio_test_locked(page_folio(pages[i])));
	}
	/* the trylock failed without waiting: the holder still has it */
	assert_true(test_bit_ul(PG_mmsim_locked_elsewhere, &locked->flags));
	assert_int_equal(folio_ref_count(locked), 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 3);
	for (int i = 0; i < 4; i++)
		if (pages[i])
			release(page_folio(pages[i]));
	unlock_elsewhere(locked);
	check_level(w);
	finish(w, mm, 0);
}

/* legacy range: GUP stops at a hole and returns what it got */
static void test_range_level0_stops_at_hole(void **state)
{
	struct mmsim *w = mt_world(0, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 4 * PAGE_SIZE);
	struct page *pages[4] = { NULL };

	(void)state;
	assert_int_equal(do_munmap(mm, addr + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(excl_range(mm, addr, addr + 4 * PAGE_SIZE, pages, NULL), 2);
	assert_non_null(pages[0]);
	assert_non_null(pages[1]);
	assert_null(pages[2]);
	assert_int_equal(nr_excl_ptes(mm, addr, 2), 2);
	release(page_folio(pages[0]));
	release(page_folio(pages[1]));
	check_level(w);
	finish(w, mm, 0);
}

/* the legacy API does not exist from patch 3, the new one not before it */
static void test_api_per_level(void **state)
{
	struct mmsim *w = mt_world(3, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL;
	struct folio *folio;

	(void)state;
	assert_int_equal(excl_range(mm, addr, addr + PAGE_SIZE, &page, NULL), -ENOSYS);
	assert_true(mt_log_has(w, "make_device_exclusive_range() does not exist"));
	mmput(mm);
	mmsim_destroy(w);

	w = mt_world(2, false, 0);
	mm = mm_alloc(w);
	addr = mt_map_anon(mm, PAGE_SIZE);
	assert_int_equal(PTR_ERR(excl(mm, addr, NULL, &folio)), -ENOSYS);
	assert_true(mt_log_has(w, "make_device_exclusive() does not exist"));
	finish(w, mm, 0);
}

/* ---- injection points ------------------------------------------------------------- */
struct wrprotect_arg {
	struct mm_struct *mm;
	unsigned long addr;
	int calls;
};

/* the world changes behind the converter's back: the PTE loses its write bit */
static bool wrprotect_fn(struct mmsim *w, void *p, const char *point)
{
	struct wrprotect_arg *a = p;

	(void)w;
	(void)point;
	a->calls++;
	ptep_set_wrprotect(a->mm, a->addr, mt_pte_of(a->mm, a->addr));
	return false;
}

/*
 * exclusive:after-gup: the folio_walk re-check sees a read-only PTE. Before
 * patch 17 that is -EBUSY; from it GUP runs again (breaking the write
 * protection by a write fault) and the conversion succeeds.
 */
static void after_gup_wrprotect(unsigned int series, const char *point)
{
	struct mmsim *w = mt_world(series, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct wrprotect_arg a = { .mm = mm, .addr = addr };
	struct folio *folio, *got;
	struct page *page;
	struct rec r;

	mt_wr_locked(mm, addr, 1);
	folio = mt_folio_at(mm, addr);
	rec_register(&r, mm);
	assert_int_equal(mmsim_inject_arm(w, point, 1, true, wrprotect_fn, &a), 0);
	page = excl(mm, addr, NULL, &got);
	assert_int_equal(a.calls, 1);
	if (series < PATCH_AVOID_EBUSY_MAKE_DEVICE_EXCLUSIVE) {
		assert_int_equal(PTR_ERR(page), -EBUSY);
		assert_true(pte_present(*mt_pte_of(mm, addr)));
		assert_false(pte_write(*mt_pte_of(mm, addr)));
		assert_int_equal(folio_ref_count(folio), 1);
		assert_false(folio_test_locked(folio));
		/* the notifier range started before the re-check was ended */
		assert_int_equal(r.excl_starts, 1);
	} else {
		assert_ptr_equal(page, &folio->page);
		assert_true(mt_pte_devexcl(w, *mt_pte_of(mm, addr)));
		assert_int_equal(r.excl_starts, 2);
		release(folio);
	}
	assert_int_equal(r.excl_ends, r.excl_starts);
	mmu_notifier_unregister(&r.mn, mm);
	check_level(w);
	finish(w, mm, 0);
}

static void test_after_gup_wrprotect_level16_ebusy(void **state)
{
	(void)state;
	after_gup_wrprotect(16, "exclusive:after-gup");
}

static void test_after_gup_wrprotect_level17_retries(void **state)
{
	(void)state;
	after_gup_wrprotect(17, "exclusive:after-gup");
}

static void test_before_walk_wrprotect_level4_ebusy(void **state)
{
	(void)state;
	after_gup_wrprotect(4, "exclusive:before-walk");
}

static void test_before_walk_wrprotect_level17_retries(void **state)
{
	(void)state;
	after_gup_wrprotect(17, "exclusive:before-walk");
}

/* the trace narrates the conversion with kernel names */
static void trace_line(void *arg, const char *line)
{
	unsigned int *seen = arg;

	if (strstr(line, "make_device_exclusive"))
		seen[0]++;
	if (strstr(line, "folio_walk_start"))
		seen[1]++;
	if (strstr(line, "folio_walk_end"))
		seen[2]++;
}

static void test_trace_names_functions(void **state)
{
	struct mmsim *w = mt_world(17, false, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	unsigned int seen[3] = { 0 };
	struct folio *folio;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	mmsim_set_trace(w, trace_line, seen);
	assert_false(IS_ERR(excl(mm, addr, NULL, &folio)));
	mmsim_set_trace(w, NULL, NULL);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 1);
	assert_int_equal(seen[2], 1);
	release(folio);
	finish(w, mm, 0);
}

static const struct CMUnitTest device_exclusive_tests[] = {
	cmocka_unit_test(test_small_anon_level0_range),
	cmocka_unit_test(test_small_anon_level2_range),
	cmocka_unit_test(test_small_anon_level3_rmap_walk),
	cmocka_unit_test(test_small_anon_level4_folio_walk),
	cmocka_unit_test(test_small_anon_level6_single_type),
	cmocka_unit_test(test_small_anon_level15),
	cmocka_unit_test(test_small_anon_level16_keeps_mapcount),
	cmocka_unit_test(test_small_anon_level17),
	cmocka_unit_test(test_owner_null_passed_through),
	cmocka_unit_test(test_unaligned_addr_level17),
	cmocka_unit_test(test_unaligned_addr_level3_ebusy_but_converted),
	cmocka_unit_test(test_clean_pte_no_dirty_transfer),
	cmocka_unit_test(test_readonly_efault_level0),
	cmocka_unit_test(test_readonly_efault_level3),
	cmocka_unit_test(test_readonly_efault_level17),
	cmocka_unit_test(test_shared_anon_level0_refused),
	cmocka_unit_test(test_shared_anon_level3_eopnotsupp),
	cmocka_unit_test(test_shared_anon_level17_eopnotsupp),
	cmocka_unit_test(test_hugetlb_level17_eopnotsupp),
	cmocka_unit_test(test_hugetlb_level3_forced_folio_check),
	cmocka_unit_test(test_hugetlb_level2_forced_rejected),
	cmocka_unit_test(test_hugetlb_level1_forced_reaches_rmap_walk),
	cmocka_unit_test(test_hugetlb_level0_bugs),
	cmocka_unit_test(test_thp_tail_level2_refused),
	cmocka_unit_test(test_thp_head_level2_converts_whole_folio),
	cmocka_unit_test(test_thp_tail_level3_converts_whole_folio),
	cmocka_unit_test(test_thp_tail_level4_one_pte),
	cmocka_unit_test(test_thp_tail_level17_one_pte),
	cmocka_unit_test(test_thp_head_level0_readonly_half_read_entries),
	cmocka_unit_test(test_lock_contended_level16_ebusy),
	cmocka_unit_test(test_lock_contended_level17_eintr),
	cmocka_unit_test(test_lock_contended_level17_waits),
	cmocka_unit_test(test_range_level0_batch_with_contended_page),
	cmocka_unit_test(test_range_level0_stops_at_hole),
	cmocka_unit_test(test_api_per_level),
	cmocka_unit_test(test_after_gup_wrprotect_level16_ebusy),
	cmocka_unit_test(test_after_gup_wrprotect_level17_retries),
	cmocka_unit_test(test_before_walk_wrprotect_level4_ebusy),
	cmocka_unit_test(test_before_walk_wrprotect_level17_retries),
	cmocka_unit_test(test_trace_names_functions),
};

MMSIM_TEST_MAIN(device_exclusive_tests)
