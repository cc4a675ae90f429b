// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/huge_memory.c: thp_vma_allowable_orders() per policy, VMA flags
 * and suitability; PMD THP faults and their fallback; do_huge_pmd_wp_page()
 * reuse versus split; __split_huge_pmd() counters and carried bits;
 * zap_huge_pmd(); copy_huge_pmd() including the pinned split path;
 * change_huge_pmd() through mprotect; the deferred split queue. The checker
 * runs after every step that ends at a command boundary.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)
#define PFN0 0x8000UL

static struct mmsim *thp_world(enum mmsim_thp_mode pmd)
{
	struct mmsim_config cfg;

	mt_config(&cfg, 17);
	cfg.thp_pmd = pmd;
	return mt_create(&cfg);
}

static unsigned long map(struct mm_struct *mm, unsigned long len, unsigned long prot)
{
	return mt_mmap(mm, NULL, len, prot, ANON_PRIV);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mt_pmd_of(mm, addr);

	assert_false(pmd_leaf(*pmd));
	return ptep_get(pte_offset_map(mm->w, pmd, addr));
}

static struct folio *thp_at(struct mm_struct *mm, unsigned long addr)
{
	pmd_t pmd = mt_pmd_at(mm, addr);

	assert_true(pmd_trans_huge(pmd));
	return pfn_folio(mm->w, pmd_pfn(pmd));
}

/* ---- thp_vma_allowable_orders() ------------------------------------------------------- */
static void test_allowable_orders_policy(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_MADVISE);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	unsigned long all = BIT(HPAGE_PMD_ORDER) | BIT(4);

	(void)state;
	/* madvise: only VM_HUGEPAGE VMAs */
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, a, all), 0);
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags | VM_HUGEPAGE, a, all),
			 BIT(HPAGE_PMD_ORDER));
	w->cfg.thp_pmd = MMSIM_THP_ALWAYS;
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, a, all),
			 BIT(HPAGE_PMD_ORDER));
	/* VM_NOHUGEPAGE and VM_HUGETLB veto every policy */
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags | VM_NOHUGEPAGE, a, all), 0);
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags | VM_HUGETLB, a, all), 0);
	w->cfg.thp_pmd = MMSIM_THP_NEVER;
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags | VM_HUGEPAGE, a, all), 0);
	/* mTHP "inherit" follows the PMD setting */
	w->cfg.thp_mthp[4] = MMSIM_THP_INHERIT;
	w->cfg.thp_pmd = MMSIM_THP_ALWAYS;
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, a, all), all);
	/* only the orders asked for */
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, a, BIT(4)), BIT(4));
	assert_true(thp_pmd_enabled_for_vma(vma));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_allowable_orders_suitability(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long small = map(mm, PMD_SIZE / 2, RW);
	struct file *f = mmsim_file_create(w, "f", PMD_SIZE, 0, false);
	long file = do_mmap(mm, f, 0, PMD_SIZE, RW, MAP_PRIVATE, 0, PMD_SIZE);
	long shm = do_mmap(mm, NULL, 0, PMD_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, 0, PMD_SIZE);
	struct vm_area_struct *vma = vma_lookup(mm, small);
	unsigned long all = BIT(HPAGE_PMD_ORDER) | BIT(4) | BIT(2);

	(void)state;
	w->cfg.thp_mthp[4] = MMSIM_THP_ALWAYS;
	w->cfg.thp_mthp[2] = MMSIM_THP_ALWAYS;
	/* a 1M VMA holds no 2M range, but 64K and 16K ones */
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, small, all), BIT(4) | BIT(2));
	assert_false(thp_pmd_enabled_for_vma(vma));
	/* the last 16K of the VMA: a 64K range there would start inside it too */
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, vma->vm_end - PAGE_SIZE, all),
			 BIT(4) | BIT(2));
	/* file and shmem THP are not modelled: none */
	assert_true(file > 0 && shm > 0);
	vma = vma_lookup(mm, (unsigned long)file);
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, (unsigned long)file, all), 0);
	vma = vma_lookup(mm, (unsigned long)shm);
	assert_int_equal(thp_vma_allowable_orders(vma, vma->vm_flags, (unsigned long)shm, all), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- faults ----------------------------------------------------------------------------- */
static void test_pmd_fault_write(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	long free0 = mt_free_pages(w);
	struct folio *f;
	pmd_t pmd;

	(void)state;
	assert_int_equal(a & ~PMD_MASK, 0);
	mt_wr(mm, a + 7 * PAGE_SIZE, 0x77);
	pmd = mt_pmd_at(mm, a);
	assert_true(pmd_trans_huge(pmd));
	assert_true(pmd_write(pmd));
	assert_true(pmd_dirty(pmd));
	assert_true(pmd_young(pmd));
	assert_int_equal(pmd_pfn(pmd), PFN0);
	f = thp_at(mm, a);
	assert_int_equal(folio_order(f), HPAGE_PMD_ORDER);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(folio_entire_mapcount(f), 1);
	assert_int_equal(folio_large_mapcount(f), 1);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), ENTIRELY_MAPPED);
	assert_true(PageAnonExclusive(&f->page));
	assert_int_equal(page_mapcount(folio_page(f, 7)), 1);
	assert_int_equal(folio_page(f, 7)->content, 0x77);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), HPAGE_PMD_NR);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), HPAGE_PMD_NR);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), HPAGE_PMD_NR);
	assert_int_equal(mt_free_pages(w), free0 - HPAGE_PMD_NR);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(mt_free_pages(w), free0);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_pmd_fault_read_allocates_too(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_MADVISE);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);

	(void)state;
	assert_int_equal(do_madvise(mm, a, PMD_SIZE, MADV_HUGEPAGE), 0);
	/* the huge zero page is off: a read maps a real THP */
	assert_int_equal(mt_rd(mm, a + PAGE_SIZE), 0);
	assert_true(pmd_trans_huge(mt_pmd_at(mm, a)));
	assert_true(pmd_write(mt_pmd_at(mm, a)));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), HPAGE_PMD_NR);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* map_anon_folio_pmd(): the PMD is dirty even where the VMA is not writable */
static void test_pmd_fault_readonly_vma_pmd_dirty(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, PROT_READ);
	pmd_t pmd;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);
	pmd = mt_pmd_at(mm, a);
	assert_true(pmd_trans_huge(pmd));
	assert_false(pmd_write(pmd));
	assert_true(pmd_dirty(pmd));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* deferred_split_folio(): a folio in the swap cache is neither marked nor queued */
static void test_deferred_split_skips_swapcache(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	/* the fault queued it unmarked (split_underused_thp); take it off */
	assert_false(list_empty(&f->_deferred_list));
	list_del_init(&f->_deferred_list);
	folio_set_swapcache(f);
	deferred_split_folio(f, true);
	assert_false(folio_test_partially_mapped(f));
	assert_true(list_empty(&w->deferred_split));
	folio_clear_swapcache(f);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/*
 * do_huge_pmd_wp_page() with the folio lock held by another task: it
 * sleeps on the lock without the page-table lock, rechecks, then (shared
 * after fork) splits and lets the PTE fault copy.
 */
static void test_pmd_wp_waits_for_folio_lock(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	folio_set_locked(f);
	set_bit_ul(PG_mmsim_locked_elsewhere, &f->flags);
	set_bit_ul(PG_mmsim_wait_releases, &f->flags);
	mt_wr(child, a, 2);
	assert_false(folio_test_locked(f));
	assert_false(pmd_leaf(mt_pmd_at(child, a)));	/* split, then COW by PTE */
	assert_true(pmd_trans_huge(mt_pmd_at(mm, a)));
	assert_int_equal(mt_rd(mm, a), 1);
	assert_int_equal(mt_rd(child, a), 2);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_pmd_fault_alloc_fail_falls_back(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	unsigned long b = map(mm, PAGE_SIZE, RW);

	(void)state;
	mt_wr(mm, b, 1);	/* builds the PUD and PMD tables */
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, true, NULL, NULL), 0);
	mt_wr(mm, a, 2);
	/* THP_FAULT_FALLBACK: the fault maps a small page by PTE */
	assert_int_equal(mmsim_inject_fired(w, "alloc:fail"), 1);
	assert_false(pmd_leaf(mt_pmd_at(mm, a)));
	assert_int_equal(folio_order(pfn_folio(w, pte_pfn(pte_at(mm, a)))), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 2);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- do_huge_pmd_wp_page() --------------------------------------------------------------- */
static void test_pmd_wp_reuse(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	mmput(child);
	assert_false(PageAnonExclusive(&f->page));
	assert_false(pmd_write(mt_pmd_at(mm, a)));
	assert_int_equal(folio_ref_count(f), 1);
	mmsim_test_check(w);
	mt_wr(mm, a + PAGE_SIZE, 2);
	/* sole user: the PMD is reused, writable, exclusive again */
	assert_ptr_equal(thp_at(mm, a), f);
	assert_true(pmd_write(mt_pmd_at(mm, a)));
	assert_true(PageAnonExclusive(&f->page));
	assert_int_equal(folio_page(f, 1)->content, 2);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_pmd_wp_shared_splits_and_copies(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f, *copy;

	(void)state;
	mt_wr(mm, a, 0x1);
	mt_wr(mm, a + PAGE_SIZE, 0x2);
	f = thp_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	mmsim_test_check(w);
	mt_wr(mm, a, 0x10);
	/* do_huge_pmd_wp_page(): split the parent's PMD, then COW one PTE */
	assert_false(pmd_leaf(mt_pmd_at(mm, a)));
	copy = pfn_folio(w, pte_pfn(pte_at(mm, a)));
	assert_ptr_not_equal(copy, f);
	assert_int_equal(folio_order(copy), 0);
	assert_int_equal(copy->page.content, 0x10);
	assert_int_equal(pte_pfn(pte_at(mm, a + PAGE_SIZE)), PFN0 + 1);
	assert_false(pte_write(pte_at(mm, a + PAGE_SIZE)));
	/* the THP: the child's PMD plus 511 parent PTEs */
	assert_int_equal(folio_entire_mapcount(f), 1);
	assert_int_equal(folio_large_mapcount(f), 1 + 511);
	assert_int_equal(folio_ref_count(f), 1 + 511);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), ENTIRELY_MAPPED + 511);
	assert_int_equal(page_mapcount(folio_page(f, 0)), 1);
	assert_int_equal(page_mapcount(folio_page(f, 1)), 2);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), HPAGE_PMD_NR);
	assert_int_equal(mt_rd(child, a), 0x1);
	mmsim_test_check(w);
	mmput(child);
	/* now only partially mapped: queued for deferred split */
	assert_true(folio_test_partially_mapped(f));
	assert_false(list_empty(&f->_deferred_list));
	mmsim_test_check(w);
	mmput(mm);
	assert_true(list_empty(&w->deferred_split));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* ---- __split_huge_pmd() ------------------------------------------------------------------ */
static void test_split_pmd_counters_and_bits(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	unsigned long clear0;
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	assert_false(PageAnonExclusive(folio_page(f, 1)));
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	split_huge_pmd_address(vma_lookup(mm, a), a, false, NULL);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0 + 1);
	assert_false(pmd_leaf(mt_pmd_at(mm, a)));
	for (unsigned long i = 0; i < HPAGE_PMD_NR; i += 73) {
		pte_t pte = pte_at(mm, a + i * PAGE_SIZE);

		assert_int_equal(pte_pfn(pte), PFN0 + i);
		assert_true(pte_write(pte));
		assert_true(pte_dirty(pte));
		assert_true(pte_young(pte));
		assert_true(pte_soft_dirty(pte));
		assert_int_equal(page_mapcount(folio_page(f, i)), 1);
		/* the head's exclusivity went to every page */
		assert_true(PageAnonExclusive(folio_page(f, i)));
	}
	assert_int_equal(folio_ref_count(f), HPAGE_PMD_NR);
	assert_int_equal(folio_large_mapcount(f), HPAGE_PMD_NR);
	assert_int_equal(folio_entire_mapcount(f), 0);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), HPAGE_PMD_NR);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), HPAGE_PMD_NR);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), HPAGE_PMD_NR);
	/* fully mapped by PTEs: not partially mapped; still queued unmarked, as
	 * every PMD THP is at fault time (split_underused_thp) */
	assert_false(folio_test_partially_mapped(f));
	assert_false(list_empty(&f->_deferred_list));
	assert_int_equal(mt_rd(mm, a), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_split_carries_clean_old_readonly(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	pmd_t *pmd;
	pte_t pte;

	(void)state;
	mt_wr(mm, a, 1);
	pmd = mm_find_pmd(mm, a);
	/* a read-only, clean, old PMD (as writeback and aging would leave it) */
	*pmd = pmd_mkold(pmd_mkclean(pmd_wrprotect(*pmd)));
	split_huge_pmd_address(vma_lookup(mm, a), a, false, NULL);
	pte = pte_at(mm, a + 5 * PAGE_SIZE);
	assert_false(pte_write(pte));
	assert_false(pte_dirty(pte));
	assert_false(pte_young(pte));
	/* pmd_mkclean() keeps soft-dirty, and the split carries it */
	assert_true(pte_soft_dirty(pte));
	/* a clean PMD has no dirty bit to move to the folio */
	assert_false(folio_test_dirty(pfn_folio(w, PFN0)));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_partial_zap_splits_and_queues(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	unsigned long clear0;
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	assert_int_equal(do_madvise(mm, a + 5 * PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	/* unmap_page_range(): the split's CLEAR inside MADV_DONTNEED's CLEAR */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0 + 2);
	assert_false(pmd_leaf(mt_pmd_at(mm, a)));
	assert_true(pte_none(pte_at(mm, a + 5 * PAGE_SIZE)));
	assert_int_equal(page_mapcount(folio_page(f, 5)), 0);
	assert_int_equal(page_mapcount(folio_page(f, 6)), 1);
	assert_int_equal(folio_ref_count(f), HPAGE_PMD_NR - 1);
	assert_int_equal(folio_large_mapcount(f), HPAGE_PMD_NR - 1);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), HPAGE_PMD_NR - 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), HPAGE_PMD_NR - 1);
	assert_true(folio_test_partially_mapped(f));
	assert_false(list_empty(&f->_deferred_list));
	assert_ptr_equal(w->deferred_split.next, &f->_deferred_list);
	assert_int_equal(mt_rd(mm, a + 5 * PAGE_SIZE), 0);	/* a fresh zero page */
	mmsim_test_check(w);
	/* munmap of the rest frees the folio and takes it off the queue */
	assert_int_equal(do_munmap(mm, a, PMD_SIZE), 0);
	assert_true(list_empty(&w->deferred_split));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- zap_huge_pmd(), copy_huge_pmd(), change_huge_pmd() ----------------------------------- */
static void test_zap_huge_pmd(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	long free0 = mt_free_pages(w);
	unsigned long unmap0, tables;

	(void)state;
	mt_wr(mm, a, 1);
	tables = mm->pgtables_bytes;
	unmap0 = w->nr_mmu_notify[MMU_NOTIFY_UNMAP];
	assert_int_equal(do_munmap(mm, a, PMD_SIZE), 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_UNMAP], unmap0 + 1);
	assert_true(mm_find_pmd(mm, a) == NULL || pmd_none(mt_pmd_at(mm, a)));
	assert_int_equal(mt_free_pages(w), free0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	/* the deposited table went with the PMD */
	assert_true(mm->pgtables_bytes <= tables - PAGE_SIZE);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_copy_huge_pmd_shares(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f;
	pmd_t p, c;

	(void)state;
	mt_wr(mm, a, 0x5);
	f = thp_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	p = mt_pmd_at(mm, a);
	c = mt_pmd_at(child, a);
	assert_true(pmd_trans_huge(c));
	assert_int_equal(pmd_pfn(c), PFN0);
	assert_false(pmd_write(p));
	assert_false(pmd_write(c));
	assert_true(pmd_young(p));
	assert_false(pmd_young(c));
	assert_int_equal(folio_entire_mapcount(f), 2);
	assert_int_equal(folio_large_mapcount(f), 2);
	assert_int_equal(folio_ref_count(f), 2);
	assert_false(PageAnonExclusive(&f->page));
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), HPAGE_PMD_NR);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), HPAGE_PMD_NR);
	assert_int_equal(mt_rd(child, a), 0x5);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(folio_entire_mapcount(f), 1);
	mmsim_test_check(w);
	mmput(child);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_copy_huge_pmd_pinned_splits_and_copies(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct page *page;
	struct folio *f, *cf;

	(void)state;
	mt_wr(mm, a + 3 * PAGE_SIZE, 0x33);
	f = thp_at(mm, a);
	assert_int_equal(pin_user_pages_remote(mm, a + 3 * PAGE_SIZE, 1, FOLL_WRITE, &page, NULL),
			 1);
	mt_record_pin(mm, a + 3 * PAGE_SIZE, page);
	assert_int_equal(atomic_read(&f->_pincount), 1);
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* copy_huge_pmd(): maybe pinned: split, -EAGAIN, the PTE copy copies */
	assert_false(pmd_leaf(mt_pmd_at(mm, a)));
	assert_true(pte_write(pte_at(mm, a)));
	assert_true(PageAnonExclusive(folio_page(f, 3)));
	assert_int_equal(folio_ref_count(f), HPAGE_PMD_NR + 1);
	assert_int_equal(folio_large_mapcount(f), HPAGE_PMD_NR);
	cf = pfn_folio(w, pte_pfn(pte_at(child, a + 3 * PAGE_SIZE)));
	assert_ptr_not_equal(cf, f);
	assert_int_equal(folio_order(cf), 0);
	assert_int_equal(cf->page.content, 0x33);
	assert_true(pte_write(pte_at(child, a + 3 * PAGE_SIZE)));
	/* every page of the pinned folio is copied, not just the pinned one */
	assert_ptr_not_equal(pfn_folio(w, pte_pfn(pte_at(child, a))), f);
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), HPAGE_PMD_NR);
	mmsim_test_check(w);
	mmput(child);
	mt_drop_pin(w);
	unpin_user_page(page);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_change_huge_pmd_mprotect(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f;
	u64 v = 1;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	assert_int_equal(do_mprotect_pkey(mm, a, PMD_SIZE, PROT_READ), 0);
	/* the whole PMD changed in place: still a leaf, now read-only */
	assert_ptr_equal(thp_at(mm, a), f);
	assert_false(pmd_write(mt_pmd_at(mm, a)));
	assert_true(pmd_dirty(mt_pmd_at(mm, a)));
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), MMSIM_SIGSEGV);
	mmsim_test_check(w);
	assert_int_equal(do_mprotect_pkey(mm, a, PMD_SIZE, RW), 0);
	/* exclusive anon, soft-dirty tracking off: writable at once */
	assert_true(pmd_write(mt_pmd_at(mm, a)));
	assert_int_equal(folio_entire_mapcount(f), 1);
	mmsim_test_check(w);
	assert_int_equal(do_mprotect_pkey(mm, a, PMD_SIZE, PROT_NONE), 0);
	assert_true(pmd_protnone(mt_pmd_at(mm, a)));
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), MMSIM_SIGSEGV);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_deferred_split_queue_once(void **state)
{
	struct mmsim *w = thp_world(MMSIM_THP_ALWAYS);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PMD_SIZE, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = thp_at(mm, a);
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(do_munmap(mm, a + 9 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	/* queued once, however many partial unmaps */
	assert_ptr_equal(w->deferred_split.next, &f->_deferred_list);
	assert_ptr_equal(w->deferred_split.prev, &f->_deferred_list);
	assert_int_equal(folio_large_mapcount(f), HPAGE_PMD_NR - 3);
	/* deferred_split_folio() ignores small and not-rmappable folios */
	deferred_split_folio(pfn_folio(w, page_to_pfn(w->zero_page)), true);
	assert_ptr_equal(w->deferred_split.prev, &f->_deferred_list);
	mmsim_test_check(w);
	mmput(mm);
	assert_true(list_empty(&w->deferred_split));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowable_orders_policy),
		cmocka_unit_test(test_allowable_orders_suitability),
		cmocka_unit_test(test_pmd_fault_write),
		cmocka_unit_test(test_pmd_fault_read_allocates_too),
		cmocka_unit_test(test_pmd_fault_readonly_vma_pmd_dirty),
		cmocka_unit_test(test_deferred_split_skips_swapcache),
		cmocka_unit_test(test_pmd_fault_alloc_fail_falls_back),
		cmocka_unit_test(test_pmd_wp_reuse),
		cmocka_unit_test(test_pmd_wp_shared_splits_and_copies),
		cmocka_unit_test(test_split_pmd_counters_and_bits),
		cmocka_unit_test(test_pmd_wp_waits_for_folio_lock),
		cmocka_unit_test(test_split_carries_clean_old_readonly),
		cmocka_unit_test(test_partial_zap_splits_and_queues),
		cmocka_unit_test(test_zap_huge_pmd),
		cmocka_unit_test(test_copy_huge_pmd_shares),
		cmocka_unit_test(test_copy_huge_pmd_pinned_splits_and_copies),
		cmocka_unit_test(test_change_huge_pmd_mprotect),
		cmocka_unit_test(test_deferred_split_queue_once),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("huge_memory", tests, NULL, NULL);
}
