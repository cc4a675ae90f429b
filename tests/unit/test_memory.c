// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/memory.c: anonymous faults (zero page, small and mTHP folios),
 * file and shmem faults (read, COW, shared), write-protect faults (reuse
 * and copy), do_swap_page()'s dispatch of every non-present entry type,
 * fork's copy_page_range() for present, pinned, swap, migration,
 * device-exclusive and marker entries, and zap (present, swap,
 * device-exclusive by level, notifier events). The checker runs after
 * every step that ends at a command boundary.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swap.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED (MAP_SHARED | MAP_ANONYMOUS)
#define PFN0 0x8000UL	/* the first user pfn: block 1 of a 128M-block world */

static struct mmsim *cfg_world(unsigned int series, uint64_t swap, unsigned int mthp_order)
{
	struct mmsim_config cfg;

	mt_config(&cfg, series);
	cfg.swap = swap;
	if (mthp_order)
		cfg.thp_mthp[mthp_order] = MMSIM_THP_ALWAYS;
	return mt_create(&cfg);
}

static unsigned long map(struct mm_struct *mm, struct file *f, unsigned long pages,
			 unsigned long prot, unsigned long flags)
{
	return mt_mmap(mm, f, pages * PAGE_SIZE, prot, flags);
}

static pte_t *pte_of(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mt_pmd_of(mm, addr);

	assert_false(pmd_none(*pmd));
	assert_false(pmd_leaf(*pmd));
	return pte_offset_map(mm->w, pmd, addr);
}

static struct folio *folio_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = ptep_get(pte_of(mm, addr));

	assert_true(pte_present(pte));
	return pfn_folio(mm->w, pte_pfn(pte));
}

/* nothing maps addr: no table, or a none PTE */
static bool unmapped(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);

	return !pmd || pmd_none(*pmd) || pte_none(ptep_get(pte_offset_map(mm->w, pmd, addr)));
}

static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, bool write)
{
	return handle_mm_fault(vma_lookup(mm, addr), addr,
			       FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0), NULL);
}

/*
 * Swap the anon page at addr out the way reclaim does: add_to_swap()
 * (slot + swap cache), try_to_unmap_one() (a swap PTE holding one count,
 * exclusive if the page was), pageout() and __remove_mapping().
 */
static swp_entry_t swap_out(struct mm_struct *mm, unsigned long addr)
{
	struct mmsim *w = mm->w;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	pte_t *pte = pte_of(mm, addr);
	struct folio *f = vm_normal_folio(vma, addr, ptep_get(pte));
	bool excl = PageAnonExclusive(&f->page);
	swp_entry_t e = folio_alloc_swap(f);
	pte_t swp;

	assert_int_not_equal(e.val, 0);
	folio_set_swapcache(f);
	f->swap = e;
	folio_ref_add(f, 1);
	w->swap->cache[swp_offset(e)] = f;
	mod_node_page_state(w, NR_SWAPCACHE, 1);
	mod_node_page_state(w, NR_FILE_PAGES, 1);
	assert_int_equal(swap_duplicate(w, e), 0);
	ptep_get_and_clear(mm, addr, pte);
	swp = swp_entry_to_pte(e);
	if (excl)
		swp = pte_swp_mkexclusive(swp);
	set_pte_at(mm, addr, pte, swp);
	folio_remove_rmap_pte(f, &f->page, vma);
	dec_mm_counter(mm, MM_ANONPAGES);
	inc_mm_counter(mm, MM_SWAPENTS);
	folio_put(f);
	w->swap->data[swp_offset(e)] = f->page.content;
	folio_get(f);
	folio_lock(f);
	delete_from_swap_cache(f);
	folio_unlock(f);
	folio_put(f);
	return e;
}

/*
 * Make the anon page at addr device-exclusive as the level's
 * make_device_exclusive() would: the PTE is replaced, the reference kept;
 * before patch 16 the mapcount is dropped (page_make_device_exclusive_one()).
 */
static struct folio *make_devexcl(struct mm_struct *mm, unsigned long addr)
{
	struct mmsim *w = mm->w;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	pte_t *pte = pte_of(mm, addr);
	struct folio *f = vm_normal_folio(vma, addr, ptep_get(pte));
	swp_entry_t e;

	ptep_get_and_clear(mm, addr, pte);
	if (series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		e = make_device_exclusive_entry(w, folio_pfn(f));
	else
		e = make_writable_device_exclusive_entry(w, folio_pfn(f));
	if (!series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
		folio_remove_rmap_pte(f, &f->page, vma);
	set_pte_at(mm, addr, pte, swp_entry_to_pte(e));
	return f;
}

/* ---- anonymous faults ------------------------------------------------------------ */
static void test_anon_read_maps_zero_page(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);
	pte = ptep_get(pte_of(mm, a));
	assert_true(pte_present(pte));
	assert_true(pte_special(pte));
	assert_false(pte_write(pte));
	assert_false(pte_dirty(pte));
	assert_int_equal(pte_pfn(pte), page_to_pfn(w->zero_page));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	/* a read fault needs no anon_vma */
	assert_null(vma_lookup(mm, a)->anon_vma);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_anon_write_new_folio(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);
	long free0 = mt_free_pages(w);
	struct folio *f;
	pte_t pte;

	(void)state;
	mt_wr(mm, a + PAGE_SIZE, 0x1234);
	pte = ptep_get(pte_of(mm, a + PAGE_SIZE));
	assert_int_equal(pte_pfn(pte), PFN0);
	assert_true(pte_write(pte));
	assert_true(pte_dirty(pte));
	assert_true(pte_young(pte));
	assert_false(pte_special(pte));
	f = pfn_folio(w, PFN0);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(folio_mapcount(f), 1);
	assert_true(folio_test_anon(f));
	assert_true(PageAnonExclusive(&f->page));
	assert_true(folio_test_lru(f));
	assert_false(folio_test_active(f));
	assert_true(folio_test_swapbacked(f));
	assert_true(folio_test_uptodate(f));
	assert_int_equal(f->page.content, 0x1234);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 1);
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 1);
	assert_int_equal(mt_free_pages(w), free0 - 1);
	assert_int_equal(get_page_table_check(&f->page)->anon_map_count.counter, 1);
	/* anon index: the page's virtual page number */
	assert_int_equal(f->index, (a + PAGE_SIZE) >> PAGE_SHIFT);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(mt_free_pages(w), free0);
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_anon_zero_page_then_write_copies(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);
	unsigned long clear0;
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);
	mmsim_test_check(w);
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	mt_wr(mm, a, 7);
	/* wp_page_copy() from the zero page: a zeroed new folio, CLEAR sent */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0 + 1);
	pte = ptep_get(pte_of(mm, a));
	assert_int_equal(pte_pfn(pte), PFN0);
	assert_false(pte_special(pte));
	assert_true(pte_write(pte));
	assert_true(PageAnonExclusive(pfn_to_page(w, PFN0)));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(mt_rd(mm, a), 7);
	assert_int_equal(w->zero_page->content, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_anon_read_fault_on_none_vma_prot_is_sigsegv(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, PROT_READ, ANON_PRIV);
	u64 v = 1;

	(void)state;
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), MMSIM_SIGSEGV);
	/* nothing was mapped */
	assert_null(mm_find_pmd(mm, a));
	assert_int_equal(mt_rd(mm, a), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_anon_mthp_order4(void **state)
{
	struct mmsim *w = cfg_world(17, 0, 4);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 16, RW, ANON_PRIV);
	struct folio *f;

	(void)state;
	assert_int_equal(a & (16 * PAGE_SIZE - 1), 0);
	mt_wr(mm, a + 3 * PAGE_SIZE, 0x33);
	f = pfn_folio(w, PFN0);
	assert_int_equal(folio_order(f), 4);
	assert_int_equal(folio_ref_count(f), 16);
	assert_int_equal(folio_large_mapcount(f), 16);
	assert_int_equal(folio_entire_mapcount(f), 0);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), 16);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 16);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 16);
	for (unsigned long i = 0; i < 16; i++) {
		pte_t pte = ptep_get(pte_of(mm, a + i * PAGE_SIZE));

		assert_int_equal(pte_pfn(pte), PFN0 + i);
		assert_true(pte_write(pte));
		assert_int_equal(page_mapcount(folio_page(f, i)), 1);
		assert_true(PageAnonExclusive(folio_page(f, i)));
	}
	assert_int_equal(folio_page(f, 3)->content, 0x33);
	assert_int_equal(folio_page(f, 0)->content, 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_anon_mthp_range_not_none_falls_back(void **state)
{
	struct mmsim *w = cfg_world(17, 0, 4);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 16, RW, ANON_PRIV);

	(void)state;
	assert_int_equal(mt_rd(mm, a + 5 * PAGE_SIZE), 0);	/* the zero page */
	mt_wr(mm, a, 1);
	/* alloc_anon_folio(): the 64K range maps something: order 0 */
	assert_int_equal(folio_order(folio_at(mm, a)), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_anon_mthp_vma_too_small_falls_back(void **state)
{
	struct mmsim *w = cfg_world(17, 0, 4);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 8, RW, ANON_PRIV);

	(void)state;
	mt_wr(mm, a, 1);
	assert_int_equal(folio_order(folio_at(mm, a)), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_anon_mthp_alloc_fail_falls_back(void **state)
{
	struct mmsim *w = cfg_world(17, 0, 4);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 16, RW, ANON_PRIV);

	(void)state;
	/* build the tables first so the next allocation is the folio's */
	assert_int_equal(mt_rd(mm, a + 8 * PAGE_SIZE), 0);
	assert_int_equal(do_madvise(mm, a + 8 * PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	assert_true(pte_none(ptep_get(pte_of(mm, a + 8 * PAGE_SIZE))));
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, true, NULL, NULL), 0);
	mt_wr(mm, a, 5);
	assert_int_equal(mmsim_inject_fired(w, "alloc:fail"), 1);
	assert_int_equal(folio_order(folio_at(mm, a)), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_anon_oom(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	u64 v = 3;

	(void)state;
	assert_int_equal(mt_rd(mm, a + PAGE_SIZE), 0);
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, false, NULL, NULL), 0);
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), -ENOMEM);
	assert_true(pte_none(ptep_get(pte_of(mm, a))));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	mmsim_test_check(w);
	assert_int_equal(mmsim_inject_disarm(w, "alloc:fail"), 0);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- file and shmem faults ------------------------------------------------------ */
static void test_file_read_fault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	unsigned long a = map(mm, file, 4, RW, MAP_PRIVATE);
	struct folio *f;
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a + 2 * PAGE_SIZE), 0x102);
	pte = ptep_get(pte_of(mm, a + 2 * PAGE_SIZE));
	assert_false(pte_write(pte));
	f = pfn_folio(w, pte_pfn(pte));
	assert_false(folio_test_anon(f));
	assert_int_equal(f->index, 2);
	assert_int_equal(folio_mapcount(f), 1);
	/* the page cache's reference and the mapping's */
	assert_int_equal(folio_ref_count(f), 2);
	assert_false(folio_test_locked(f));
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 1);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(folio_mapcount(f), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_file_private_write_cow_fault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	unsigned long a = map(mm, file, 4, RW, MAP_PRIVATE);
	struct folio *anon, *cache;
	pte_t pte;

	(void)state;
	mt_wr(mm, a + PAGE_SIZE, 0x999);
	pte = ptep_get(pte_of(mm, a + PAGE_SIZE));
	assert_true(pte_write(pte));
	assert_true(pte_dirty(pte));
	anon = pfn_folio(w, pte_pfn(pte));
	assert_true(folio_test_anon(anon));
	assert_true(PageAnonExclusive(&anon->page));
	cache = filemap_get_folio(file->f_mapping, 1);
	assert_non_null(cache);
	assert_ptr_not_equal(cache, anon);
	/* do_cow_fault() copied the file page, the store went to the copy */
	assert_int_equal(cache->page.content, 0x101);
	assert_int_equal(anon->page.content, 0x999);
	assert_int_equal(folio_mapcount(cache), 0);
	assert_int_equal(folio_ref_count(cache), 2);	/* cache + our lookup */
	folio_put(cache);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_file_private_read_then_write_copies(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	unsigned long a = map(mm, file, 4, RW, MAP_PRIVATE);
	unsigned long clear0;
	struct folio *cache;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0x100);
	cache = folio_at(mm, a);
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 1);
	mmsim_test_check(w);
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	mt_wr(mm, a, 0x5);
	/* wp_page_copy() from a file page: rss moves from file to anon */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0 + 1);
	assert_ptr_not_equal(folio_at(mm, a), cache);
	assert_true(folio_test_anon(folio_at(mm, a)));
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(folio_mapcount(cache), 0);
	assert_int_equal(folio_ref_count(cache), 1);
	assert_int_equal(cache->page.content, 0x100);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_file_shared_writenotify(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	unsigned long a = map(mm, file, 4, RW, MAP_SHARED);
	struct folio *f;
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a + 3 * PAGE_SIZE), 0x103);
	pte = ptep_get(pte_of(mm, a + 3 * PAGE_SIZE));
	/* vma_wants_writenotify(): shared file pages start read-only and clean */
	assert_false(pte_write(pte));
	f = pfn_folio(w, pte_pfn(pte));
	assert_false(folio_test_dirty(f));
	mmsim_test_check(w);
	mt_wr(mm, a + 3 * PAGE_SIZE, 0x77);
	pte = ptep_get(pte_of(mm, a + 3 * PAGE_SIZE));
	/* wp_page_shared(): the same page, writable, dirty; the folio dirtied */
	assert_int_equal(pfn_folio(w, pte_pfn(pte)), f);
	assert_true(pte_write(pte));
	assert_true(pte_dirty(pte));
	assert_true(folio_test_dirty(f));
	assert_int_equal(f->page.content, 0x77);
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_file_shared_write_fault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, false);
	unsigned long a = map(mm, file, 4, RW, MAP_SHARED);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 0xabc);
	f = folio_at(mm, a);
	assert_false(folio_test_anon(f));
	assert_true(folio_test_dirty(f));
	assert_false(folio_test_locked(f));
	assert_true(pte_write(ptep_get(pte_of(mm, a))));
	assert_int_equal(f->page.content, 0xabc);
	assert_int_equal(get_mm_counter(mm, MM_FILEPAGES), 1);
	mmsim_test_check(w);
	mmput(mm);
	/* the page cache keeps the written value */
	f = filemap_get_folio(file->f_mapping, 0);
	assert_non_null(f);
	assert_int_equal(f->page.content, 0xabc);
	folio_put(f);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_shmem_read_then_write(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_SHARED);
	unsigned long faults;
	struct folio *f;
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);
	pte = ptep_get(pte_of(mm, a));
	/* shmem wants no writenotify: a read maps the page writable, clean */
	assert_true(pte_write(pte));
	assert_false(pte_dirty(pte));
	f = pfn_folio(w, pte_pfn(pte));
	assert_false(folio_test_anon(f));
	assert_true(folio_test_swapbacked(f));
	assert_int_equal(get_mm_counter(mm, MM_SHMEMPAGES), 1);
	assert_int_equal(mt_stat(w, NR_SHMEM), 1);
	mmsim_test_check(w);
	faults = 0;
	mmsim_set_trace(w, mt_count_faults, &faults);
	mt_wr(mm, a, 0x42);
	mmsim_set_trace(w, NULL, NULL);
	/* no fault: the hardware sets the dirty bit */
	assert_true(pte_dirty(ptep_get(pte_of(mm, a))));
	assert_int_equal(faults, 0);
	assert_int_equal(f->page.content, 0x42);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_shmem_write_fault(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_SHARED);
	struct folio *f;

	(void)state;
	/* do_shared_fault() passes __do_fault()'s VM_FAULT_LOCKED through */
	assert_int_equal(fault(mm, a + PAGE_SIZE, true), VM_FAULT_LOCKED);
	f = folio_at(mm, a + PAGE_SIZE);
	assert_true(folio_test_dirty(f));
	assert_int_equal(f->index, 1);
	assert_int_equal(folio_ref_count(f), 2);
	assert_int_equal(folio_mapcount(f), 1);
	assert_true(pte_dirty(ptep_get(pte_of(mm, a + PAGE_SIZE))));
	assert_int_equal(get_mm_counter(mm, MM_SHMEMPAGES), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* ---- write-protect faults ---------------------------------------------------------- */
static void test_wp_reuse_anon_exclusive(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	unsigned long clear0;
	pte_t pte;

	(void)state;
	mt_wr(mm, a, 1);
	/* write-protect the PTE, as a soft-dirty or writeback clean would */
	ptep_set_wrprotect(mm, a, pte_of(mm, a));
	assert_false(pte_write(ptep_get(pte_of(mm, a))));
	mmsim_test_check(w);
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	mt_wr(mm, a, 2);
	pte = ptep_get(pte_of(mm, a));
	/* PageAnonExclusive: reuse in place, no copy, no notifier */
	assert_int_equal(pte_pfn(pte), PFN0);
	assert_true(pte_write(pte));
	assert_true(pte_dirty(pte));
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0);
	assert_int_equal(pfn_to_page(w, PFN0)->content, 2);
	/* v6.14 wp_page_reuse() leaves PG_referenced alone */
	assert_false(folio_test_referenced(pfn_folio(w, PFN0)));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_wp_reuse_after_child_exit(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = folio_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	mmput(child);
	/* fork cleared exclusivity; the child's exit dropped its mapping */
	assert_false(PageAnonExclusive(&f->page));
	assert_int_equal(folio_ref_count(f), 1);
	assert_false(pte_write(ptep_get(pte_of(mm, a))));
	mmsim_test_check(w);
	mt_wr(mm, a, 2);
	/* wp_can_reuse_anon_folio(): sole reference, reused and exclusive again */
	assert_ptr_equal(folio_at(mm, a), f);
	assert_true(PageAnonExclusive(&f->page));
	assert_true(pte_write(ptep_get(pte_of(mm, a))));
	assert_int_equal(f->page.content, 2);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_wp_copy_after_fork(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct folio *old, *new;
	unsigned long clear0;

	(void)state;
	mt_wr(mm, a, 0x10);
	old = folio_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	mmsim_test_check(w);
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	mt_wr(mm, a, 0x20);
	new = folio_at(mm, a);
	assert_ptr_not_equal(new, old);
	assert_int_equal(folio_pfn(new), PFN0 + 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0 + 1);
	assert_true(PageAnonExclusive(&new->page));
	assert_int_equal(folio_ref_count(new), 1);
	assert_int_equal(folio_mapcount(old), 1);
	assert_int_equal(folio_ref_count(old), 1);
	/* the child's page still holds the old value and stays read-only */
	assert_ptr_equal(folio_at(child, a), old);
	assert_false(pte_write(ptep_get(pte_of(child, a))));
	assert_int_equal(mt_rd(child, a), 0x10);
	assert_int_equal(mt_rd(mm, a), 0x20);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	/* the child is now the only user: its write reuses */
	mt_wr(child, a, 0x30);
	assert_ptr_equal(folio_at(child, a), old);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_wp_copy_oom_keeps_state(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct folio *f;
	long free0;
	u64 v = 9;

	(void)state;
	mt_wr(mm, a, 1);
	f = folio_at(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	free0 = mt_free_pages(w);
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, true, NULL, NULL), 0);
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), -ENOMEM);
	/* nothing leaked, nothing changed */
	assert_int_equal(mt_free_pages(w), free0);
	assert_int_equal(folio_ref_count(f), 2);
	assert_int_equal(folio_mapcount(f), 2);
	assert_ptr_equal(folio_at(mm, a), f);
	assert_false(pte_write(ptep_get(pte_of(mm, a))));
	mmsim_test_check(w);
	mt_wr(mm, a, 9);	/* the retry succeeds */
	assert_ptr_not_equal(folio_at(mm, a), f);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_destroy(w);
}

/* sanitize_fault_flags(): impossible combinations WARN and give SIGSEGV */
static void test_fault_flags_sanitized(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 1, RW, ANON_PRIV);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	unsigned long warns = mmsim_nr_warn(w);

	(void)state;
	assert_int_equal(handle_mm_fault(vma, a, FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE, NULL),
			 VM_FAULT_SIGSEGV);
	assert_int_equal(mmsim_nr_warn(w), warns + 1);
	assert_true(unmapped(mm, a));
	/* a write the VMA can never take (no VM_MAYWRITE) */
	vma->vm_flags &= ~(VM_WRITE | VM_MAYWRITE);
	assert_int_equal(handle_mm_fault(vma, a, FAULT_FLAG_WRITE, NULL), VM_FAULT_SIGSEGV);
	assert_int_equal(mmsim_nr_warn(w), warns + 2);
	assert_true(unmapped(mm, a));
	vma->vm_flags |= VM_WRITE | VM_MAYWRITE;
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* UNSHARE on a shared mapping is a plain read: the PTE stays as the read left it */
static void test_unshare_on_shared_is_read(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 1, RW, ANON_SHARED);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	u64 v = 0;
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);
	pte = ptep_get(pte_of(mm, a));
	assert_int_equal(handle_mm_fault(vma, a, FAULT_FLAG_UNSHARE, NULL), 0);
	assert_int_equal(pte_val(ptep_get(pte_of(mm, a))), pte_val(pte));
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- do_swap_page(): the dispatch of non-present entries ---------------------------- */
/* put entry e at the unused page a + PAGE_SIZE and fault on it */
static vm_fault_t fault_on_entry(struct mm_struct *mm, unsigned long a, swp_entry_t e)
{
	pte_t *pte = pte_of(mm, a + PAGE_SIZE);
	vm_fault_t ret;

	assert_true(pte_none(ptep_get(pte)));
	set_pte_at(mm, a + PAGE_SIZE, pte, swp_entry_to_pte(e));
	ret = fault(mm, a + PAGE_SIZE, false);
	assert_int_equal(pte_val(ptep_get(pte)), pte_val(swp_entry_to_pte(e)));
	pte_clear(mm, a + PAGE_SIZE, pte);
	return ret;
}

static void test_swap_page_dispatch_enosys(void **state)
{
	static const struct {
		bool migration;
		const char *log;
	} t[] = {
		{ true, "not modelled yet: migration_entry_wait" },
		{ false, "not modelled yet: device-private migrate_to_ram" },
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		struct mmsim *w = mmsim_test_world(17);
		struct mm_struct *mm = mm_alloc(w);
		unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
		struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
		swp_entry_t e;

		mt_wr(mm, a, 1);
		e = t[i].migration ? make_writable_migration_entry(w, folio_pfn(f)) :
				     make_writable_device_private_entry(w, folio_pfn(f));
		/* the migration wait needs the folio locked, as migration holds it */
		folio_lock(f);
		assert_int_equal(fault_on_entry(mm, a, e), VM_FAULT_MMSIM_ENOSYS);
		folio_unlock(f);
		assert_true(mt_log_has(w, t[i].log));
		folio_put(f);
		mmsim_test_check(w);
		mmput(mm);
		mmsim_destroy(w);
	}
}

/* a CPU access to a device-exclusive entry restores the PTE (per level) */
static void devexcl_fault(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct folio *f;
	pte_t pte;

	mt_wr(mm, a, 0x31);
	f = make_devexcl(mm, a);
	mmsim_test_check(w);
	assert_int_equal(mt_rd(mm, a), 0x31);
	pte = ptep_get(pte_of(mm, a));
	assert_true(pte_present(pte));
	assert_int_equal(pte_pfn(pte), folio_pfn(f));
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	mt_wr(mm, a, 0x32);
	assert_int_equal(f->page.content, 0x32);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_swap_page_device_exclusive_series15(void **state)
{
	(void)state;
	devexcl_fault(15);
}

static void test_swap_page_device_exclusive_series17(void **state)
{
	(void)state;
	devexcl_fault(17);
}

static void test_swap_page_hwpoison(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);

	(void)state;
	mt_wr(mm, a, 1);
	assert_int_equal(fault_on_entry(mm, a, make_hwpoison_entry(w, PFN0 + 100)),
			 VM_FAULT_HWPOISON);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_swap_page_markers(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);

	(void)state;
	mt_wr(mm, a, 1);
	/* handle_pte_marker(): poison before guard before uffd-wp */
	assert_int_equal(fault_on_entry(mm, a, make_pte_marker_entry(PTE_MARKER_POISONED |
								      PTE_MARKER_GUARD)),
			 VM_FAULT_HWPOISON);
	assert_int_equal(fault_on_entry(mm, a, make_pte_marker_entry(PTE_MARKER_GUARD |
								      PTE_MARKER_UFFD_WP)),
			 VM_FAULT_SIGSEGV);
	assert_int_equal(fault_on_entry(mm, a, make_pte_marker_entry(PTE_MARKER_UFFD_WP)),
			 VM_FAULT_MMSIM_ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: userfaultfd-wp PTE marker fault"));
	assert_int_equal(mmsim_nr_warn(w), 0);
	/* an empty marker: WARN_ON_ONCE, then SIGBUS */
	assert_int_equal(fault_on_entry(mm, a, make_pte_marker_entry(0)), VM_FAULT_SIGBUS);
	assert_int_equal(mmsim_nr_warn(w), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_swap_page_swap_entry_enosys(void **state)
{
	struct mmsim *w = cfg_world(17, 1ULL << 20, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	swp_entry_t e;
	u64 v = 0;

	(void)state;
	mt_wr(mm, a, 0x55);
	e = swap_out(mm, a);
	assert_int_equal(swp_offset(e), 1);
	assert_int_equal(__swap_count(w, e), 1);
	assert_int_equal(w->swap->swap_map[1], 1);
	assert_true(pte_swp_exclusive(ptep_get(pte_of(mm, a))));
	assert_int_equal(get_mm_counter(mm, MM_SWAPENTS), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	mmsim_test_check(w);
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: swap-in"));
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(mmsim_swap_slots_used(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* ---- fork: copy_page_range() ----------------------------------------------------------- */
static void test_fork_shares_anon_read_only(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);
	unsigned long prot0;
	struct folio *f;
	pte_t p, c;

	(void)state;
	mt_wr(mm, a, 0x11);
	f = folio_at(mm, a);
	prot0 = w->nr_mmu_notify[MMU_NOTIFY_PROTECTION_PAGE];
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_PROTECTION_PAGE], prot0 + 1);
	p = ptep_get(pte_of(mm, a));
	c = ptep_get(pte_of(child, a));
	assert_int_equal(pte_pfn(p), PFN0);
	assert_int_equal(pte_pfn(c), PFN0);
	assert_false(pte_write(p));
	assert_false(pte_write(c));
	/* the parent keeps young and dirty; the child's copy is old */
	assert_true(pte_young(p));
	assert_false(pte_young(c));
	assert_true(pte_dirty(c));
	assert_int_equal(folio_mapcount(f), 2);
	assert_int_equal(folio_ref_count(f), 2);
	assert_false(PageAnonExclusive(&f->page));
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	assert_int_equal(get_page_table_check(&f->page)->anon_map_count.counter, 2);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(mt_rd(child, a), 0x11);
	mmsim_test_check(w);
	mmput(child);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_zero_page_and_no_anon_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);
	unsigned long b = map(mm, NULL, 4, RW, ANON_PRIV);

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);	/* no anon_vma: vma_needs_copy() is false */
	mt_wr(mm, b, 1);
	assert_int_equal(mt_rd(mm, b + PAGE_SIZE), 0);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* a's zero page is refilled by faults; b's is copied, still special */
	assert_true(pte_none(ptep_get(pte_of(child, a))));
	assert_true(pte_special(ptep_get(pte_of(child, b + PAGE_SIZE))));
	assert_int_equal(pte_pfn(ptep_get(pte_of(child, b + PAGE_SIZE))),
			 page_to_pfn(w->zero_page));
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_fork_pinned_page_is_copied(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct page *page;
	struct folio *f, *cf;

	(void)state;
	mt_wr(mm, a, 0x77);
	assert_int_equal(pin_user_pages_remote(mm, a, 1, FOLL_WRITE, &page, NULL), 1);
	f = page_folio(page);
	assert_int_equal(folio_ref_count(f), 1 + GUP_PIN_COUNTING_BIAS);
	mt_record_pin(mm, a, page);
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* copy_present_page(): the child gets its own exclusive copy at once */
	cf = folio_at(child, a);
	assert_ptr_not_equal(cf, f);
	assert_int_equal(cf->page.content, 0x77);
	assert_true(PageAnonExclusive(&cf->page));
	assert_true(pte_write(ptep_get(pte_of(child, a))));
	assert_true(pte_dirty(ptep_get(pte_of(child, a))));
	/* the parent's page stays exclusive and writable */
	assert_true(PageAnonExclusive(&f->page));
	assert_true(pte_write(ptep_get(pte_of(mm, a))));
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	mt_drop_pin(w);
	unpin_user_page(page);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_swap_entry_duplicated(void **state)
{
	struct mmsim *w = cfg_world(17, 1ULL << 20, 0);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	swp_entry_t e;
	pte_t p, c;

	(void)state;
	mt_wr(mm, a, 1);
	e = swap_out(mm, a);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_int_equal(__swap_count(w, e), 2);
	p = ptep_get(pte_of(mm, a));
	c = ptep_get(pte_of(child, a));
	/* the slot is shared: the exclusive marker is gone on both sides */
	assert_false(pte_swp_exclusive(p));
	assert_false(pte_swp_exclusive(c));
	assert_int_equal(pte_to_swp_entry(c).val, e.val);
	assert_int_equal(get_mm_counter(child, MM_SWAPENTS), 1);
	assert_int_equal(get_mm_counter(mm, MM_SWAPENTS), 1);
	mmsim_test_check(w);
	mmput(child);
	assert_int_equal(__swap_count(w, e), 1);
	mmsim_test_check(w);
	assert_int_equal(do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	assert_int_equal(mmsim_swap_slots_used(w), 0);
	assert_int_equal(get_mm_counter(mm, MM_SWAPENTS), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_fork_migration_entry_made_readable(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct vm_area_struct *vma;
	struct folio *f;
	pte_t *pte, p, c;

	(void)state;
	mt_wr(mm, a, 1);
	vma = vma_lookup(mm, a);
	pte = pte_of(mm, a);
	f = folio_at(mm, a);
	/* try_to_migrate_one(): a writable migration entry, soft-dirty kept */
	folio_lock(f);
	ptep_get_and_clear(mm, a, pte);
	folio_remove_rmap_pte(f, &f->page, vma);
	set_pte_at(mm, a, pte, pte_swp_mksoft_dirty(
		swp_entry_to_pte(make_writable_migration_entry(w, folio_pfn(f)))));
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	p = ptep_get(pte_of(mm, a));
	c = ptep_get(pte_of(child, a));
	assert_true(is_readable_migration_entry(w, pte_to_swp_entry(p)));
	assert_true(pte_swp_soft_dirty(p));
	assert_int_equal(pte_val(p), pte_val(c));
	assert_int_equal(swp_offset_pfn(w, pte_to_swp_entry(c)), folio_pfn(f));
	/* the migration entry still counts in rss */
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	assert_int_equal(folio_ref_count(f), 1);
	mmput(child);
	assert_int_equal(folio_ref_count(f), 1);
	/* remove_migration_pte() stand-in: drop it and the reference */
	pte_clear(mm, a, pte);
	dec_mm_counter(mm, MM_ANONPAGES);
	folio_unlock(f);
	folio_put(f);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_fork_device_exclusive_restored(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	struct folio *f;
	pte_t p, c;

	(void)state;
	mt_wr(mm, a, 0x41);
	f = make_devexcl(mm, a);
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* try_restore_exclusive_pte(): the parent's PTE is present again, then shared */
	p = ptep_get(pte_of(mm, a));
	c = ptep_get(pte_of(child, a));
	assert_true(pte_present(p));
	assert_true(pte_present(c));
	assert_int_equal(pte_pfn(p), folio_pfn(f));
	assert_int_equal(pte_pfn(c), folio_pfn(f));
	assert_false(pte_write(p));
	assert_false(pte_write(c));
	assert_int_equal(folio_mapcount(f), 2);
	assert_int_equal(folio_ref_count(f), 2);
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	assert_int_equal(mt_rd(child, a), 0x41);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_pte_markers(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);

	(void)state;
	mt_wr(mm, a, 1);
	set_pte_at(mm, a + PAGE_SIZE, pte_of(mm, a + PAGE_SIZE),
		   swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_POISONED)));
	set_pte_at(mm, a + 2 * PAGE_SIZE, pte_of(mm, a + 2 * PAGE_SIZE),
		   swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_GUARD)));
	set_pte_at(mm, a + 3 * PAGE_SIZE, pte_of(mm, a + 3 * PAGE_SIZE),
		   swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_UFFD_WP)));
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* copy_pte_marker(): error markers always, uffd-wp only into uffd-wp VMAs */
	assert_int_equal(pte_val(ptep_get(pte_of(child, a + PAGE_SIZE))),
			 pte_val(swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_POISONED))));
	assert_int_equal(pte_val(ptep_get(pte_of(child, a + 2 * PAGE_SIZE))),
			 pte_val(swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_GUARD))));
	assert_true(pte_none(ptep_get(pte_of(child, a + 3 * PAGE_SIZE))));
	assert_int_equal(fault(child, a + 2 * PAGE_SIZE, false), VM_FAULT_SIGSEGV);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_file_and_shared(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	unsigned long priv = map(mm, file, 4, RW, MAP_PRIVATE);
	unsigned long shm = map(mm, NULL, 4, RW, ANON_SHARED);
	struct folio *cache, *anon;

	(void)state;
	assert_int_equal(mt_rd(mm, priv), 0x100);
	mt_wr(mm, priv + PAGE_SIZE, 0x5);
	mt_wr(mm, shm, 0x6);
	cache = folio_at(mm, priv);
	anon = folio_at(mm, priv + PAGE_SIZE);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	/* the private file VMA has an anon_vma: all of it is copied */
	assert_ptr_equal(folio_at(child, priv), cache);
	assert_ptr_equal(folio_at(child, priv + PAGE_SIZE), anon);
	assert_int_equal(folio_mapcount(cache), 2);
	assert_int_equal(folio_ref_count(cache), 3);
	assert_int_equal(get_mm_counter(child, MM_FILEPAGES), 1);
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	/* shmem has no anon_vma: faults refill the child */
	assert_true(unmapped(child, shm));
	assert_int_equal(get_mm_counter(child, MM_SHMEMPAGES), 0);
	assert_int_equal(mt_rd(child, shm), 0x6);
	assert_int_equal(get_mm_counter(child, MM_SHMEMPAGES), 1);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* ---- zap ----------------------------------------------------------------------------- */
static void test_munmap_frees_and_notifies_unmap(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 8, RW, ANON_PRIV);
	long free0 = mt_free_pages(w);
	unsigned long unmap0;

	(void)state;
	for (int i = 0; i < 4; i++)
		mt_wr(mm, a + (unsigned long)i * PAGE_SIZE, (u64)i);
	assert_int_equal(mt_free_pages(w), free0 - 4);
	unmap0 = w->nr_mmu_notify[MMU_NOTIFY_UNMAP];
	assert_int_equal(do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_UNMAP], unmap0 + 1);
	assert_int_equal(mt_free_pages(w), free0 - 2);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 2);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 2);
	mmsim_test_check(w);
	mmput(mm);
	assert_int_equal(mt_free_pages(w), free0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_dontneed_notifies_clear(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);
	unsigned long clear0, unmap0;

	(void)state;
	mt_wr(mm, a, 1);
	mt_wr(mm, a + PAGE_SIZE, 2);
	clear0 = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];
	unmap0 = w->nr_mmu_notify[MMU_NOTIFY_UNMAP];
	assert_int_equal(do_madvise(mm, a, 4 * PAGE_SIZE, MADV_DONTNEED), 0);
	/* zap_page_range_single(): CLEAR, never UNMAP */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clear0 + 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_UNMAP], unmap0);
	assert_true(pte_none(ptep_get(pte_of(mm, a))));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(mt_rd(mm, a), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/*
 * zap_present_ptes(): the 16 PTEs of a wholly mapped mTHP go in one batch,
 * so the folio is never seen partially mapped and is not queued for
 * deferred split; another reference keeps it alive to look at.
 */
static void test_zap_whole_mthp_is_one_batch(void **state)
{
	struct mmsim *w = cfg_world(17, 0, 4);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 16, RW, ANON_PRIV);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = pfn_folio(w, PFN0);
	assert_int_equal(folio_order(f), 4);
	folio_get(f);
	assert_int_equal(do_madvise(mm, a, 16 * PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(folio_large_mapcount(f), 0);
	assert_int_equal(atomic_read(&f->_nr_pages_mapped), 0);
	assert_false(folio_test_partially_mapped(f));
	assert_true(list_empty(&w->deferred_split));
	assert_true(list_empty(&f->_deferred_list));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(folio_ref_count(f), 1);
	folio_put(f);
	/* half of another one: the batch stops at the range end, partially mapped */
	mt_wr(mm, a, 2);
	f = folio_at(mm, a);
	assert_int_equal(folio_order(f), 4);
	assert_int_equal(do_madvise(mm, a, 8 * PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(folio_large_mapcount(f), 8);
	assert_true(folio_test_partially_mapped(f));
	assert_ptr_equal(w->deferred_split.next, &f->_deferred_list);
	mmsim_test_check(w);
	mmput(mm);
	assert_true(list_empty(&w->deferred_split));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_zap_file_page_marks_accessed(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0x100, true);
	unsigned long a = map(mm, file, 4, PROT_READ, MAP_PRIVATE);
	struct folio *f;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0x100);
	f = folio_at(mm, a);
	assert_false(folio_test_referenced(f));
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_DONTNEED), 0);
	/* zap_present_pte(): a young file PTE marks the folio accessed */
	assert_true(folio_test_referenced(f));
	assert_false(folio_test_active(f));
	assert_false(folio_test_dirty(f));
	assert_int_equal(folio_mapcount(f), 0);
	mmsim_test_check(w);
	assert_int_equal(mt_rd(mm, a), 0x100);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_DONTNEED), 0);
	/* the second access activates it */
	assert_true(folio_test_active(f));
	assert_false(folio_test_referenced(f));
	assert_int_equal(mt_stat(w, NR_ACTIVE_FILE), 1);
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_zap_shmem_dirty_pte(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_SHARED);
	struct folio *f;

	(void)state;
	assert_int_equal(mt_rd(mm, a), 0);
	f = folio_at(mm, a);
	folio_get(f);
	mt_wr(mm, a, 3);	/* the hardware dirties the PTE only */
	assert_int_equal(do_madvise(mm, a, 2 * PAGE_SIZE, MADV_DONTNEED), 0);
	/* zap_present_pte() carried the dirty bit to the folio */
	assert_true(folio_test_dirty(f));
	assert_int_equal(folio_mapcount(f), 0);
	assert_int_equal(get_mm_counter(mm, MM_SHMEMPAGES), 0);
	folio_put(f);
	assert_int_equal(mt_rd(mm, a), 3);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_zap_swap_entry_frees_slot(void **state)
{
	struct mmsim *w = cfg_world(17, 1ULL << 20, 0);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);

	(void)state;
	mt_wr(mm, a, 1);
	mt_wr(mm, a + PAGE_SIZE, 2);
	swap_out(mm, a);
	swap_out(mm, a + PAGE_SIZE);
	assert_int_equal(mmsim_swap_slots_used(w), 2);
	assert_int_equal(w->swap->data[2], 2);
	mmsim_test_check(w);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(mmsim_swap_slots_used(w), 1);
	assert_int_equal(w->swap->swap_map[1], 0);
	assert_int_equal(get_mm_counter(mm, MM_SWAPENTS), 1);
	mmsim_test_check(w);
	assert_int_equal(do_munmap(mm, a, 4 * PAGE_SIZE), 0);
	assert_int_equal(mmsim_swap_slots_used(w), 0);
	assert_int_equal(get_mm_counter(mm, MM_SWAPENTS), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* zap of a device-exclusive entry at a level: the mapcounts before and after */
static void devexcl_zap(unsigned int series, int mapcount_before, long anon_mapped_before)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 2, RW, ANON_PRIV);
	long free0 = mt_free_pages(w);
	struct folio *f;

	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	assert_int_equal(folio_mapcount(f), mapcount_before);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), anon_mapped_before);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	mmsim_test_check(w);
	folio_get(f);
	assert_int_equal(do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	/* patch 16: zap_nonpresent_ptes() removes the rmap of the entry too */
	assert_int_equal(folio_mapcount(f), 0);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	folio_put(f);
	assert_int_equal(mt_free_pages(w), free0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_zap_device_exclusive_series15(void **state)
{
	(void)state;
	devexcl_zap(15, 0, 0);
}

static void test_zap_device_exclusive_series16(void **state)
{
	(void)state;
	devexcl_zap(16, 1, 1);
}

static void test_zap_device_exclusive_legacy_type(void **state)
{
	(void)state;
	devexcl_zap(5, 0, 0);
}

static void test_zap_device_exclusive_warns_in_file_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *file = mmsim_file_create(w, "f", 2 * PAGE_SIZE, 0x100, false);
	unsigned long a = map(mm, file, 2, RW, MAP_PRIVATE);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);	/* an anon COW page in a file VMA */
	f = make_devexcl(mm, a);
	assert_true(folio_test_anon(f));
	mmsim_test_check(w);
	assert_int_equal(do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	/* WARN_ON_ONCE(!vma_is_anonymous(vma)), then the entry is zapped anyway */
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "WARNING:"));
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_zap_markers_and_hwpoison(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, NULL, 4, RW, ANON_PRIV);

	(void)state;
	mt_wr(mm, a, 1);
	set_pte_at(mm, a + PAGE_SIZE, pte_of(mm, a + PAGE_SIZE),
		   swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_POISONED)));
	set_pte_at(mm, a + 2 * PAGE_SIZE, pte_of(mm, a + 2 * PAGE_SIZE),
		   swp_entry_to_pte(make_hwpoison_entry(w, PFN0 + 50)));
	mmsim_test_check(w);
	assert_int_equal(do_munmap(mm, a, 4 * PAGE_SIZE), 0);
	/* munmap drops markers and hwpoison entries: nothing left, no complaint */
	assert_null(find_vma_intersection(mm, a, a + 4 * PAGE_SIZE));
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_false(mt_log_has(w, "Bad page map"));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anon_read_maps_zero_page),
		cmocka_unit_test(test_anon_write_new_folio),
		cmocka_unit_test(test_anon_zero_page_then_write_copies),
		cmocka_unit_test(test_anon_read_fault_on_none_vma_prot_is_sigsegv),
		cmocka_unit_test(test_anon_mthp_order4),
		cmocka_unit_test(test_zap_whole_mthp_is_one_batch),
		cmocka_unit_test(test_anon_mthp_range_not_none_falls_back),
		cmocka_unit_test(test_anon_mthp_vma_too_small_falls_back),
		cmocka_unit_test(test_anon_mthp_alloc_fail_falls_back),
		cmocka_unit_test(test_anon_oom),
		cmocka_unit_test(test_file_read_fault),
		cmocka_unit_test(test_file_private_write_cow_fault),
		cmocka_unit_test(test_file_private_read_then_write_copies),
		cmocka_unit_test(test_file_shared_writenotify),
		cmocka_unit_test(test_file_shared_write_fault),
		cmocka_unit_test(test_shmem_read_then_write),
		cmocka_unit_test(test_shmem_write_fault),
		cmocka_unit_test(test_wp_reuse_anon_exclusive),
		cmocka_unit_test(test_wp_reuse_after_child_exit),
		cmocka_unit_test(test_wp_copy_after_fork),
		cmocka_unit_test(test_wp_copy_oom_keeps_state),
		cmocka_unit_test(test_fault_flags_sanitized),
		cmocka_unit_test(test_unshare_on_shared_is_read),
		cmocka_unit_test(test_swap_page_dispatch_enosys),
		cmocka_unit_test(test_swap_page_device_exclusive_series15),
		cmocka_unit_test(test_swap_page_device_exclusive_series17),
		cmocka_unit_test(test_swap_page_hwpoison),
		cmocka_unit_test(test_swap_page_markers),
		cmocka_unit_test(test_swap_page_swap_entry_enosys),
		cmocka_unit_test(test_fork_shares_anon_read_only),
		cmocka_unit_test(test_fork_zero_page_and_no_anon_vma),
		cmocka_unit_test(test_fork_pinned_page_is_copied),
		cmocka_unit_test(test_fork_swap_entry_duplicated),
		cmocka_unit_test(test_fork_migration_entry_made_readable),
		cmocka_unit_test(test_fork_device_exclusive_restored),
		cmocka_unit_test(test_fork_pte_markers),
		cmocka_unit_test(test_fork_file_and_shared),
		cmocka_unit_test(test_munmap_frees_and_notifies_unmap),
		cmocka_unit_test(test_dontneed_notifies_clear),
		cmocka_unit_test(test_zap_file_page_marks_accessed),
		cmocka_unit_test(test_zap_shmem_dirty_pte),
		cmocka_unit_test(test_zap_swap_entry_frees_slot),
		cmocka_unit_test(test_zap_device_exclusive_series15),
		cmocka_unit_test(test_zap_device_exclusive_series16),
		cmocka_unit_test(test_zap_device_exclusive_legacy_type),
		cmocka_unit_test(test_zap_device_exclusive_warns_in_file_vma),
		cmocka_unit_test(test_zap_markers_and_hwpoison),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("memory", tests, NULL, NULL);
}
