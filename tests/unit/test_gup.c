// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/gup.c: get_user_pages_remote() and pin_user_pages_remote() on
 * untouched, present, COW-shared, read-only, THP and hugetlb memory; the
 * references and pins they take and unpin_user_page*() release; FOLL_FORCE,
 * FOLL_SPLIT_PMD (patch 1), FOLL_LONGTERM, fault errors and argument checks.
 * Every test releases what it took and ends with a world the checker passes.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mm.h>
#include <string.h>

#define SZ_2M (2UL << 20)

/* ---- helpers ---------------------------------------------------------------- */
static long gup(struct mm_struct *mm, unsigned long addr, unsigned long nr, unsigned int flags,
		struct page **pages)
{
	long ret;

	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, addr, nr, flags, pages, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static long pup(struct mm_struct *mm, unsigned long addr, unsigned long nr, unsigned int flags,
		struct page **pages)
{
	long ret;

	mmap_read_lock(mm);
	ret = pin_user_pages_remote(mm, addr, nr, flags, pages, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static struct page *pte_page_of(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = mt_pte_of(mm, addr);

	assert_non_null(pte);
	assert_true(pte_present(*pte));
	return pfn_to_page(mm->w, pte_pfn(*pte));
}

static bool has_pinned(const struct mm_struct *mm)
{
	return test_bit_ul(MMF_HAS_PINNED, &mm->flags);
}

/* the world must be consistent at this command boundary (no GUP refs held) */
static void assert_checker_clean(struct mmsim *w)
{
	struct mmsim_check_report rep;
	char buf[256];
	int n = mmsim_check_world(w, &rep);

	if (n && mmsim_check_first(&rep)) {
		mmsim_check_format(mmsim_check_first(&rep), buf, sizeof(buf));
		print_error("checker: %s\n", buf);
	}
	assert_int_equal(n, 0);
}

/* tear down: every reference was released, nothing BUGged or warned */
static void finish(struct mmsim *w, struct mm_struct *mm, unsigned long warns)
{
	assert_checker_clean(w);
	mt_exit_checked(w, mm, warns);	/* and the checker after the exit */
	assert_int_equal(w->nr_bad_rss, 0);
	mmsim_destroy(w);
}

/* ---- untouched memory ----------------------------------------------------------- */
/* a read GUP of never-touched anon memory maps and returns the shared zero page */
static void test_get_untouched_read_gives_zero_page(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 4 * PAGE_SIZE);
	int zref = page_ref_count(w->zero_page);
	struct page *page = NULL;
	pte_t *pte;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, 0, &page), 1);
	assert_ptr_equal(page, w->zero_page);
	assert_int_equal(page_ref_count(w->zero_page), zref + 1);
	pte = mt_pte_of(mm, addr);
	assert_true(pte_present(*pte) && pte_special(*pte) && !pte_write(*pte));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_false(has_pinned(mm));
	put_page(page);
	assert_int_equal(page_ref_count(w->zero_page), zref);
	finish(w, mm, 0);
}

/* the zero page is never pinned: no refcount change, unpin is a no-op */
static void test_pin_untouched_read_zero_page_not_pinned(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	int zref = page_ref_count(w->zero_page);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(pup(mm, addr, 1, 0, &page), 1);
	assert_ptr_equal(page, w->zero_page);
	assert_int_equal(page_ref_count(w->zero_page), zref);
	assert_true(has_pinned(mm));
	unpin_user_page(page);
	assert_int_equal(page_ref_count(w->zero_page), zref);
	finish(w, mm, 0);
}

/* FOLL_WRITE faults in an exclusive anon page: its mapping's ref plus GUP's */
static void test_get_untouched_write_faults_in_anon(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL;
	struct folio *folio;
	pte_t *pte;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE, &page), 1);
	folio = page_folio(page);
	assert_true(folio_test_anon(folio));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(folio_mapcount(folio), 1);
	assert_true(PageAnonExclusive(page));
	assert_int_equal(page_zonenum(page), 1);
	pte = mt_pte_of(mm, addr);
	assert_true(pte_write(*pte) && pte_dirty(*pte));
	assert_int_equal(pte_pfn(*pte), page_to_pfn(page));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_true(folio_test_referenced(folio));	/* FOLL_TOUCH */
	put_page(page);
	assert_int_equal(folio_ref_count(folio), 1);
	finish(w, mm, 0);
}

/* several pages at once; the count stops at the end of the VMA */
static void test_get_range_stops_at_vma_end(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 3 * PAGE_SIZE);
	struct page *pages[5] = { NULL };

	(void)state;
	/* the pages above the mapping are unmapped (top-down placement) */
	assert_int_equal(gup(mm, addr, 5, FOLL_WRITE, pages), 3);
	assert_null(pages[3]);
	for (int i = 0; i < 3; i++) {
		assert_non_null(pages[i]);
		assert_int_equal(page_ref_count(pages[i]), 2);
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(pages[i], pages[j]);
	}
	for (int i = 0; i < 3; i++)
		put_page(pages[i]);
	finish(w, mm, 0);
}

/* a present page is returned as it is, without a fault */
static void test_get_present_page_no_fault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL, *mapped;

	(void)state;
	mt_wr_locked(mm, addr, 42);
	mapped = pte_page_of(mm, addr);
	assert_int_equal(gup(mm, addr, 1, 0, &page), 1);
	assert_ptr_equal(page, mapped);
	assert_int_equal(page->content, 42);
	assert_int_equal(page_ref_count(page), 2);
	put_page(page);
	finish(w, mm, 0);
}

/* ---- errors ---------------------------------------------------------------------- */
static void test_get_unmapped_efault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr + PAGE_SIZE, 1, 0, &page), -EFAULT);
	assert_int_equal(gup(mm, 0x1000, 1, FOLL_WRITE, &page), -EFAULT);
	assert_null(page);
	finish(w, mm, 0);
}

static void test_get_prot_none_efault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, 0, &page), -EFAULT);
	assert_int_equal(pup(mm, addr, 1, FOLL_WRITE, &page), -EFAULT);
	assert_null(page);
	assert_null(mm_find_pmd(mm, addr));	/* nothing was faulted */
	finish(w, mm, 0);
}

/*
 * A forced write is a COW write (ptrace's poke): a private PROT_NONE
 * mapping is VM_MAYWRITE, so it gets an exclusive anon page mapped PROT_NONE.
 */
static void test_force_write_prot_none_private(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS);
	struct page *page = NULL;
	pte_t *pte;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE | FOLL_FORCE, &page), 1);
	assert_true(PageAnon(page) && PageAnonExclusive(page));
	pte = mt_pte_of(mm, addr);
	assert_true(pte_protnone(*pte));
	assert_int_equal(pte_pfn(*pte), page_to_pfn(page));
	assert_int_equal(page_ref_count(page), 2);
	put_page(page);
	finish(w, mm, 0);
}

/* FOLL_FORCE reads need only VM_MAYREAD: a PROT_NONE mapping gives the zero page */
static void test_force_read_prot_none(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_FORCE, &page), 1);
	assert_ptr_equal(page, w->zero_page);
	assert_true(pte_protnone(*mt_pte_of(mm, addr)));
	put_page(page);
	finish(w, mm, 0);
}

static void test_write_readonly_without_force_efault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE, &page), -EFAULT);
	assert_null(page);
	finish(w, mm, 0);
}

/* FOLL_NOFAULT never faults: a missing page is -EFAULT */
static void test_nofault_efault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 2 * PAGE_SIZE);
	struct page *page = NULL;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	assert_int_equal(gup(mm, addr + PAGE_SIZE, 1, FOLL_NOFAULT, &page), -EFAULT);
	assert_true(pte_none(*mt_pte_of(mm, addr + PAGE_SIZE)));
	/* a present page needs no fault */
	assert_int_equal(gup(mm, addr, 1, FOLL_NOFAULT, &page), 1);
	put_page(page);
	finish(w, mm, 0);
}

/* FOLL_DUMP leaves holes for untouched anon memory and for the zero page */
static void test_dump_holes_efault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 2 * PAGE_SIZE);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_DUMP, &page), -EFAULT);
	assert_null(mm_find_pmd(mm, addr));
	assert_int_equal(mt_rd_locked(mm, addr + PAGE_SIZE), 0);	/* maps the zero page */
	assert_int_equal(gup(mm, addr + PAGE_SIZE, 1, FOLL_DUMP, &page), -EFAULT);
	assert_null(page);
	finish(w, mm, 0);
}

/* alloc:fail during the fault: VM_FAULT_OOM becomes -ENOMEM */
static void test_alloc_fail_enomem(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 2 * PAGE_SIZE);
	struct page *page = NULL;

	(void)state;
	mt_wr_locked(mm, addr, 1);		/* page tables and anon_vma exist already */
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, true, NULL, NULL), 0);
	assert_int_equal(gup(mm, addr + PAGE_SIZE, 1, FOLL_WRITE, &page), -ENOMEM);
	assert_int_equal(mmsim_inject_fired(w, "alloc:fail"), 1);
	assert_null(page);
	assert_true(pte_none(*mt_pte_of(mm, addr + PAGE_SIZE)));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	finish(w, mm, 0);
}

/* is_valid_gup_args(): internal flags and FOLL_LONGTERM without a pin are refused */
static void test_invalid_args(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL;
	int locked = 0;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_PIN, &page), -EINVAL);	/* internal */
	assert_int_equal(gup(mm, addr, 1, FOLL_LONGTERM, &page), -EINVAL);
	assert_int_equal(gup(mm, addr, 1, FOLL_GET, NULL), -EINVAL);	/* no pages[] */
	/* pin_user_pages_remote() reports invalid arguments as 0 pages */
	assert_int_equal(pup(mm, addr, 1, FOLL_GET, &page), 0);
	mmap_read_lock(mm);
	assert_int_equal(get_user_pages_remote(mm, addr, 1, 0, &page, &locked), -EINVAL);
	mmap_read_unlock(mm);
	assert_null(page);
	assert_null(mm_find_pmd(mm, addr));
	/* WARN_ON_ONCE per call site: one per distinct check */
	assert_int_equal(mmsim_nr_warn(w), 5);
	finish(w, mm, 5);
}

/* *locked == 1 at the interface: the lock is kept and *locked stays 1 */
static void test_locked_argument_kept(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL;
	int locked = 1;

	(void)state;
	mmap_read_lock(mm);
	assert_int_equal(get_user_pages_remote(mm, addr, 1, FOLL_WRITE, &page, &locked), 1);
	assert_int_equal(locked, 1);
	assert_int_equal(mm->mmap_lock, 1);
	mmap_read_unlock(mm);
	put_page(page);
	finish(w, mm, 0);
}

/* ---- COW, FOLL_FORCE and unsharing ---------------------------------------------- */
/* a write GUP after fork breaks COW in the parent; the child keeps the old page */
static void test_write_gup_breaks_cow_after_fork(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL, *old;
	u64 v = 0;

	(void)state;
	mt_wr_locked(mm, addr, 7);
	old = pte_page_of(mm, addr);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(folio_mapcount(page_folio(old)), 2);
	assert_false(PageAnonExclusive(old));

	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE, &page), 1);
	assert_ptr_not_equal(page, old);
	assert_ptr_equal(pte_page_of(mm, addr), page);
	assert_true(pte_write(*mt_pte_of(mm, addr)));
	assert_true(PageAnonExclusive(page));
	assert_int_equal(page->content, 7);
	assert_int_equal(page_ref_count(page), 2);
	assert_int_equal(folio_mapcount(page_folio(old)), 1);
	assert_int_equal(page_ref_count(old), 1);
	assert_true(mmsim_peek(child, addr, &v));
	assert_int_equal(v, 7);
	assert_ptr_equal(pte_page_of(child, addr), old);
	put_page(page);
	mmput(child);
	finish(w, mm, 0);
}

/* a read FOLL_GET of a COW-shared page takes it as it is */
static void test_read_get_after_fork_keeps_shared_page(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL, *old;

	(void)state;
	mt_wr_locked(mm, addr, 3);
	old = pte_page_of(mm, addr);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(gup(mm, addr, 1, 0, &page), 1);
	assert_ptr_equal(page, old);
	assert_int_equal(page_ref_count(old), 3);
	assert_false(PageAnonExclusive(old));
	put_page(page);
	mmput(child);
	finish(w, mm, 0);
}

/*
 * A read-only pin of a page that is not AnonExclusive (after fork) takes an
 * unshare fault first (gup_must_unshare): the parent gets its own copy.
 */
static void test_pin_after_fork_unshares(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL, *old;

	(void)state;
	mt_wr_locked(mm, addr, 9);
	old = pte_page_of(mm, addr);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(pup(mm, addr, 1, 0, &page), 1);
	assert_ptr_not_equal(page, old);
	assert_ptr_equal(pte_page_of(mm, addr), page);
	assert_true(PageAnonExclusive(page));
	assert_int_equal(page->content, 9);
	assert_int_equal(page_ref_count(page), 1 + (int)GUP_PIN_COUNTING_BIAS);
	assert_true(folio_maybe_dma_pinned(page_folio(page)));
	assert_int_equal(folio_mapcount(page_folio(old)), 1);
	assert_int_equal(page_ref_count(old), 1);
	assert_false(folio_maybe_dma_pinned(page_folio(old)));
	unpin_user_page(page);
	assert_int_equal(page_ref_count(page), 1);
	mmput(child);
	finish(w, mm, 0);
}

/* FOLL_FORCE writes a read-only private mapping through a COW copy */
static void test_force_write_readonly_private(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	struct page *page = NULL;
	struct vm_area_struct *vma;
	pte_t *pte;

	(void)state;
	assert_int_equal(mt_rd_locked(mm, addr), 0);	/* the zero page */
	assert_true(is_zero_pfn(w, pte_pfn(*mt_pte_of(mm, addr))));
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE | FOLL_FORCE, &page), 1);
	assert_ptr_not_equal(page, w->zero_page);
	assert_true(PageAnon(page) && PageAnonExclusive(page));
	pte = mt_pte_of(mm, addr);
	assert_int_equal(pte_pfn(*pte), page_to_pfn(page));
	assert_false(pte_write(*pte));		/* the VMA stays read-only */
	vma = vma_lookup(mm, addr);
	assert_false(vma->vm_flags & VM_WRITE);
	assert_int_equal(page_ref_count(page), 2);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	page->content = 0x55;			/* what ptrace's poke would do */
	put_page(page);
	assert_int_equal(mt_rd_locked(mm, addr), 0x55);
	finish(w, mm, 0);
}

/* FOLL_FORCE cannot write a shared mapping: there is no COW to break */
static void test_force_write_shared_readonly_efault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_mmap(mm, NULL, PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE | FOLL_FORCE, &page), -EFAULT);
	assert_null(page);
	finish(w, mm, 0);
}

/* ---- pins ------------------------------------------------------------------------ */
static void test_pin_small_bias_and_unpin(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *pages[2] = { NULL };
	struct folio *folio;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	assert_false(has_pinned(mm));
	assert_int_equal(pup(mm, addr, 1, FOLL_WRITE, &pages[0]), 1);
	folio = page_folio(pages[0]);
	assert_int_equal(folio_ref_count(folio), 1 + (int)GUP_PIN_COUNTING_BIAS);
	assert_true(folio_maybe_dma_pinned(folio));
	assert_true(has_pinned(mm));
	assert_int_equal(pup(mm, addr, 1, 0, &pages[1]), 1);
	assert_ptr_equal(pages[1], pages[0]);
	assert_int_equal(folio_ref_count(folio), 1 + 2 * (int)GUP_PIN_COUNTING_BIAS);
	unpin_user_pages(pages, 2);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_false(folio_maybe_dma_pinned(folio));
	assert_true(has_pinned(mm));		/* kept for the mm's lifetime */
	finish(w, mm, 0);
}

static void test_get_does_not_set_has_pinned(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE, &page), 1);
	assert_false(has_pinned(mm));
	assert_false(folio_maybe_dma_pinned(page_folio(page)));
	put_page(page);
	finish(w, mm, 0);
}

/* a PMD-mapped THP: the pin counts in _pincount, one reference per pinned page */
static void test_pin_thp_pincount(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct page *page = NULL;
	struct folio *folio;
	pmd_t *pmd;

	(void)state;
	assert_true(IS_ALIGNED(addr, SZ_2M));
	mt_wr_locked(mm, addr, 1);
	pmd = mm_find_pmd(mm, addr);
	assert_true(pmd_trans_huge(*pmd));
	assert_int_equal(pup(mm, addr + 5 * PAGE_SIZE, 1, FOLL_WRITE, &page), 1);
	folio = page_folio(page);
	assert_int_equal(folio_order(folio), HPAGE_PMD_ORDER);
	assert_ptr_equal(page, folio_page(folio, 5));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(atomic_read(&folio->_pincount), 1);
	assert_true(folio_maybe_dma_pinned(folio));
	assert_true(pmd_trans_huge(*pmd));	/* still PMD-mapped */
	assert_int_equal(folio_entire_mapcount(folio), 1);
	unpin_user_page(page);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(atomic_read(&folio->_pincount), 0);
	finish(w, mm, 0);
}

/* the whole THP in one call: the folio is grabbed once per page in range */
static void test_pin_thp_range_grabs_every_subpage(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct page **pages = mmsim_obj_alloc(w, HPAGE_PMD_NR * sizeof(*pages));
	struct folio *folio;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	assert_int_equal(pup(mm, addr + PAGE_SIZE, HPAGE_PMD_NR - 1, 0, pages), HPAGE_PMD_NR - 1);
	folio = page_folio(pages[0]);
	for (int i = 0; i < HPAGE_PMD_NR - 1; i++)
		assert_ptr_equal(pages[i], folio_page(folio, (unsigned long)i + 1));
	assert_int_equal(folio_ref_count(folio), HPAGE_PMD_NR);
	assert_int_equal(atomic_read(&folio->_pincount), HPAGE_PMD_NR - 1);
	unpin_user_pages(pages, HPAGE_PMD_NR - 1);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(atomic_read(&folio->_pincount), 0);
	mmsim_obj_free(w, pages);
	finish(w, mm, 0);
}

/* FOLL_GET on a THP takes one reference per page and leaves the PMD alone */
static void test_get_thp_no_split(void **state)
{
	struct mmsim *w = mt_world(17, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct page *pages[4] = { NULL };
	struct folio *folio;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	assert_int_equal(gup(mm, addr + 10 * PAGE_SIZE, 4, 0, pages), 4);
	folio = page_folio(pages[0]);
	assert_ptr_equal(pages[3], folio_page(folio, 13));
	assert_int_equal(folio_ref_count(folio), 5);
	assert_int_equal(atomic_read(&folio->_pincount), 0);
	assert_true(pmd_trans_huge(*mm_find_pmd(mm, addr)));
	for (int i = 0; i < 4; i++)
		put_page(pages[i]);
	finish(w, mm, 0);
}

/* FOLL_SPLIT_PMD splits the THP's PMD into 512 PTEs before following */
static void test_split_pmd_thp(void **state)
{
	struct mmsim *w = mt_world(0, true, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, SZ_2M);
	struct page *page = NULL;
	struct folio *folio;
	pmd_t *pmd;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	pmd = mm_find_pmd(mm, addr);
	assert_true(pmd_trans_huge(*pmd));
	folio = pfn_folio(w, pmd_pfn(*pmd));
	assert_int_equal(folio_entire_mapcount(folio), 1);

	assert_int_equal(gup(mm, addr + 3 * PAGE_SIZE, 1, FOLL_SPLIT_PMD, &page), 1);
	assert_false(pmd_leaf(*pmd));
	assert_ptr_equal(page, folio_page(folio, 3));
	assert_int_equal(atomic_read(&folio->_entire_mapcount), -1);
	assert_int_equal(atomic_read(&folio->_large_mapcount), HPAGE_PMD_NR - 1);
	assert_int_equal(atomic_read(&folio->_nr_pages_mapped), HPAGE_PMD_NR);
	for (unsigned long i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = folio_page(folio, i);
		pte_t *pte = mt_pte_of(mm, addr + i * PAGE_SIZE);

		assert_int_equal(atomic_read(&p->_mapcount), 0);
		assert_true(PageAnonExclusive(p));
		assert_int_equal(pte_pfn(*pte), page_to_pfn(p));
		assert_true(pte_write(*pte));
	}
	assert_int_equal(folio_ref_count(folio), HPAGE_PMD_NR + 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), HPAGE_PMD_NR);
	put_page(page);
	assert_int_equal(folio_ref_count(folio), HPAGE_PMD_NR);
	finish(w, mm, 0);
}

/* ---- hugetlb and patch 1 ------------------------------------------------------------ */
static unsigned long map_hugetlb(struct mm_struct *mm)
{
	return mt_mmap(mm, NULL, SZ_2M, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB);
}

/* without FOLL_SPLIT_PMD a hugetlb PMD is followed like a THP leaf, at every level */
static void hugetlb_get(unsigned int series)
{
	struct mmsim *w = mt_world(series, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;
	struct folio *folio;
	pmd_t *pmd;

	mt_wr_locked(mm, addr, 5);
	pmd = mm_find_pmd(mm, addr);
	assert_true(pmd_leaf(*pmd));
	assert_int_equal(gup(mm, addr + 7 * PAGE_SIZE, 1, FOLL_WRITE, &page), 1);
	folio = page_folio(page);
	assert_true(folio_test_hugetlb(folio));
	assert_ptr_equal(page, folio_page(folio, 7));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_true(pmd_leaf(*pmd));
	put_page(page);
	assert_int_equal(folio_ref_count(folio), 1);
	finish(w, mm, 0);
}

static void test_hugetlb_get_series0(void **state)
{
	(void)state;
	hugetlb_get(0);
}

static void test_hugetlb_get_series17(void **state)
{
	(void)state;
	hugetlb_get(17);
}

/* hugetlb folios are large: a pin counts in _pincount */
static void test_hugetlb_pin(void **state)
{
	struct mmsim *w = mt_world(17, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;
	struct folio *folio;

	(void)state;
	mt_wr_locked(mm, addr, 5);
	assert_int_equal(pup(mm, addr, 1, 0, &page), 1);
	folio = page_folio(page);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(atomic_read(&folio->_pincount), 1);
	assert_true(folio_maybe_dma_pinned(folio));
	unpin_user_page(page);
	assert_int_equal(atomic_read(&folio->_pincount), 0);
	assert_int_equal(folio_ref_count(folio), 1);
	finish(w, mm, 0);
}

/* patch 1: FOLL_SPLIT_PMD on a hugetlb VMA is -EOPNOTSUPP, nothing changes */
static void hugetlb_split_rejected(unsigned int series)
{
	struct mmsim *w = mt_world(series, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;
	pmd_t *pmd, before;

	mt_wr_locked(mm, addr, 5);
	pmd = mm_find_pmd(mm, addr);
	before = *pmd;
	assert_int_equal(gup(mm, addr, 1, FOLL_SPLIT_PMD, &page), -EOPNOTSUPP);
	assert_null(page);
	assert_int_equal(pmd_val(*pmd), pmd_val(before));
	assert_int_equal(folio_ref_count(pfn_folio(w, pmd_pfn(before))), 1);
	finish(w, mm, 0);
}

static void test_hugetlb_split_pmd_rejected_series1(void **state)
{
	(void)state;
	hugetlb_split_rejected(1);
}

static void test_hugetlb_split_pmd_rejected_series17(void **state)
{
	(void)state;
	hugetlb_split_rejected(17);
}

/* also before anything is faulted in: check_vma_flags() comes first */
static void test_hugetlb_split_pmd_rejected_untouched(void **state)
{
	struct mmsim *w = mt_world(1, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_SPLIT_PMD | FOLL_WRITE, &page), -EOPNOTSUPP);
	assert_null(mm_find_pmd(mm, addr));
	assert_int_equal(w->nr_hugetlb_free, 2);
	finish(w, mm, 0);
}

struct split_arg {
	struct mm_struct *mm;
	unsigned long addr;
	struct page *page;
};

static int split_cmd(struct mmsim *w, void *p)
{
	struct split_arg *a = p;

	(void)w;
	return (int)gup(a->mm, a->addr, 1, FOLL_SPLIT_PMD, &a->page);
}

/* before patch 1: the hugetlb PMD is "split", page_table_check underflows: BUG */
static void test_hugetlb_split_pmd_bugs_series0(void **state)
{
	struct mmsim *w = mt_world(0, false, 2);
	struct split_arg a = { .mm = mm_alloc(w) };

	(void)state;
	a.addr = map_hugetlb(a.mm);
	mt_wr_locked(a.mm, a.addr, 5);
	assert_int_equal(mmsim_run_command(w, split_cmd, &a), MMSIM_DIED);
	assert_true(mmsim_is_dead(w));
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "kernel BUG at mm/page_table_check.c"));
	assert_null(a.page);
	mmsim_destroy(w);
}

/* ---- FOLL_LONGTERM ------------------------------------------------------------------- */
/* a ZONE_MOVABLE page would have to migrate first: not modelled, unpinned, -ENOSYS */
static void test_longterm_movable_enosys(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	struct page *page = NULL, *mapped;

	(void)state;
	mt_wr_locked(mm, addr, 1);
	mapped = pte_page_of(mm, addr);
	assert_int_equal(pup(mm, addr, 1, FOLL_LONGTERM | FOLL_WRITE, &page), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: FOLL_LONGTERM migration out of ZONE_MOVABLE"));
	assert_int_equal(page_ref_count(mapped), 1);
	assert_false(folio_maybe_dma_pinned(page_folio(mapped)));
	finish(w, mm, 0);
}

/* the hugetlb pool lives in ZONE_NORMAL: a long-term pin needs no migration */
static void test_longterm_hugetlb_pins(void **state)
{
	struct mmsim *w = mt_world(17, false, 2);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;
	struct folio *folio;

	(void)state;
	assert_int_equal(pup(mm, addr, 1, FOLL_LONGTERM | FOLL_WRITE, &page), 1);
	folio = page_folio(page);
	assert_int_equal(page_zonenum(page), 0);
	assert_int_equal(atomic_read(&folio->_pincount), 1);
	assert_false(mt_log_has(w, "FOLL_LONGTERM"));
	unpin_user_page(page);
	finish(w, mm, 0);
}

/* ---- get_user_page_vma_remote ------------------------------------------------------- */
static void test_get_user_page_vma_remote(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, 2 * PAGE_SIZE);
	struct vm_area_struct *vma = NULL;
	struct page *page;

	(void)state;
	mmap_read_lock(mm);
	page = get_user_page_vma_remote(mm, addr + PAGE_SIZE, FOLL_WRITE, &vma);
	mmap_read_unlock(mm);
	assert_false(IS_ERR_OR_NULL(page));
	assert_non_null(vma);
	assert_int_equal(vma->vm_start, addr);
	assert_int_equal(page_ref_count(page), 2);
	put_page(page);

	vma = NULL;
	mmap_read_lock(mm);
	page = get_user_page_vma_remote(mm, addr + 2 * PAGE_SIZE, 0, &vma);
	mmap_read_unlock(mm);
	assert_int_equal(PTR_ERR(page), -EFAULT);
	assert_null(vma);
	finish(w, mm, 0);
}

/* FOLL_ANON refuses file-backed VMAs (here: the hugetlbfs object behind MAP_HUGETLB) */
static void test_foll_anon_on_file_vma_efault(void **state)
{
	struct mmsim *w = mt_world(17, false, 1);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = map_hugetlb(mm);
	struct page *page = NULL;

	(void)state;
	assert_int_equal(gup(mm, addr, 1, FOLL_ANON, &page), -EFAULT);
	assert_null(page);
	finish(w, mm, 0);
}

/* the trace narrates the GUP entry points and the fault they take */
static void trace_line(void *arg, const char *line)
{
	unsigned int *seen = arg;

	if (strstr(line, "get_user_pages_remote("))
		seen[0]++;
	if (strstr(line, "faultin_page("))
		seen[1]++;
	if (strstr(line, "handle_mm_fault("))
		seen[2]++;
}

static void test_trace(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long addr = mt_map_anon(mm, PAGE_SIZE);
	unsigned int seen[3] = { 0 };
	struct page *page = NULL;

	(void)state;
	mmsim_set_trace(w, trace_line, seen);
	assert_int_equal(gup(mm, addr, 1, FOLL_WRITE, &page), 1);
	mmsim_set_trace(w, NULL, NULL);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 1);
	assert_int_equal(seen[2], 1);
	put_page(page);
	finish(w, mm, 0);
}

static const struct CMUnitTest gup_tests[] = {
	cmocka_unit_test(test_get_untouched_read_gives_zero_page),
	cmocka_unit_test(test_pin_untouched_read_zero_page_not_pinned),
	cmocka_unit_test(test_get_untouched_write_faults_in_anon),
	cmocka_unit_test(test_get_range_stops_at_vma_end),
	cmocka_unit_test(test_get_present_page_no_fault),
	cmocka_unit_test(test_get_unmapped_efault),
	cmocka_unit_test(test_get_prot_none_efault),
	cmocka_unit_test(test_force_read_prot_none),
	cmocka_unit_test(test_force_write_prot_none_private),
	cmocka_unit_test(test_write_readonly_without_force_efault),
	cmocka_unit_test(test_nofault_efault),
	cmocka_unit_test(test_dump_holes_efault),
	cmocka_unit_test(test_alloc_fail_enomem),
	cmocka_unit_test(test_invalid_args),
	cmocka_unit_test(test_locked_argument_kept),
	cmocka_unit_test(test_write_gup_breaks_cow_after_fork),
	cmocka_unit_test(test_read_get_after_fork_keeps_shared_page),
	cmocka_unit_test(test_pin_after_fork_unshares),
	cmocka_unit_test(test_force_write_readonly_private),
	cmocka_unit_test(test_force_write_shared_readonly_efault),
	cmocka_unit_test(test_pin_small_bias_and_unpin),
	cmocka_unit_test(test_get_does_not_set_has_pinned),
	cmocka_unit_test(test_pin_thp_pincount),
	cmocka_unit_test(test_pin_thp_range_grabs_every_subpage),
	cmocka_unit_test(test_get_thp_no_split),
	cmocka_unit_test(test_split_pmd_thp),
	cmocka_unit_test(test_hugetlb_get_series0),
	cmocka_unit_test(test_hugetlb_get_series17),
	cmocka_unit_test(test_hugetlb_pin),
	cmocka_unit_test(test_hugetlb_split_pmd_rejected_series1),
	cmocka_unit_test(test_hugetlb_split_pmd_rejected_series17),
	cmocka_unit_test(test_hugetlb_split_pmd_rejected_untouched),
	cmocka_unit_test(test_hugetlb_split_pmd_bugs_series0),
	cmocka_unit_test(test_longterm_movable_enosys),
	cmocka_unit_test(test_longterm_hugetlb_pins),
	cmocka_unit_test(test_get_user_page_vma_remote),
	cmocka_unit_test(test_foll_anon_on_file_vma_efault),
	cmocka_unit_test(test_trace),
};

MMSIM_TEST_MAIN(gup_tests)
