// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/rmap.c and sim/mm/interval_tree.c: the rmap counter family with
 * concrete counter values at every transition, the kernel's sanity
 * warnings and BUGs, anon_vma fork chains, rmap walk order and ranges.
 * VMAs are built by hand (mmap.c is not needed); the test stands in for
 * the caller and holds mmap_lock for reading where the kernel requires it.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/rmap.h>
#include <stdio.h>
#include <string.h>

#define BASE 0x7f0000000000UL

/* ---- helpers --------------------------------------------------------------------- */
static struct mm_struct *test_mm(struct mmsim *w)
{
	struct mm_struct *mm = mm_alloc(w);

	assert_non_null(mm);
	mm->mmap_lock = 1;	/* the caller holds mmap_lock for reading */
	return mm;
}

static struct vm_area_struct *mkvma(struct mm_struct *mm, unsigned long start,
				    unsigned long end, pgoff_t pgoff)
{
	struct mmsim *w = mm->w;
	struct vm_area_struct *vma = mmsim_obj_alloc(w, sizeof(*vma));

	vma->vm_mm = mm;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE;
	vma->vm_pgoff = pgoff;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->shared);
	vma->id = w->next_id++;
	return vma;
}

/* an anon VMA of npages at BASE with its anon_vma prepared */
static struct vm_area_struct *anon_vma_area(struct mm_struct *mm, unsigned long npages)
{
	struct vm_area_struct *vma = mkvma(mm, BASE, BASE + npages * PAGE_SIZE, BASE >> PAGE_SHIFT);

	assert_int_equal(anon_vma_prepare(vma), 0);
	return vma;
}

/* the child's copy of pvma, linked as fork's dup_mmap does */
static struct vm_area_struct *fork_vma(struct mm_struct *cmm, struct vm_area_struct *pvma)
{
	struct vm_area_struct *vma = mkvma(cmm, pvma->vm_start, pvma->vm_end, pvma->vm_pgoff);

	vma->vm_flags = pvma->vm_flags;
	vma->anon_vma = pvma->anon_vma;	/* the copied pointer anon_vma_fork drops */
	assert_int_equal(anon_vma_fork(vma, pvma), 0);
	return vma;
}

static struct folio *new_folio(struct mmsim *w, unsigned int order)
{
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, order);

	assert_non_null(folio);
	return folio;
}

static int pmc(struct folio *folio, unsigned long i)
{
	return atomic_read(&folio_page(folio, i)->_mapcount);
}

static int nr_mapped(struct folio *folio)
{
	return atomic_read(&folio->_nr_pages_mapped);
}

static bool on_deferred_list(struct mmsim *w, struct folio *folio)
{
	struct list_head *pos;

	list_for_each(pos, &w->deferred_split)
		if (pos == &folio->_deferred_list)
			return true;
	return false;
}

static struct file *test_file(struct mmsim *w, pgoff_t pages)
{
	struct file *file = mmsim_obj_alloc(w, sizeof(*file));

	file->w = w;
	file->id = w->next_file_id++;
	file->f_mapping = &file->mapping;
	file->mapping.w = w;
	file->mapping.host = file;
	file->mapping.nr_index = pages;
	INIT_LIST_HEAD(&file->mapping.i_mmap);
	return file;
}

static struct vm_area_struct *file_vma(struct mm_struct *mm, struct file *file,
				       unsigned long start, unsigned long npages, pgoff_t pgoff)
{
	struct vm_area_struct *vma = mkvma(mm, start, start + npages * PAGE_SIZE, pgoff);

	vma->vm_file = file;
	vma_interval_tree_insert(vma, file->f_mapping);
	return vma;
}

/* a pagecache folio of file at index */
static struct folio *file_folio(struct mmsim *w, struct file *file, unsigned int order,
				pgoff_t index)
{
	struct folio *folio = new_folio(w, order);

	folio->mapping = file->f_mapping;
	folio->index = index;
	return folio;
}

/* ---- the walk recorder -------------------------------------------------------------- */
struct visit {
	unsigned int n;
	unsigned int ids[8];
	unsigned long addrs[8];
	unsigned int stop_after;	/* rmap_one returns false after this many (0 = never) */
	unsigned int skip_id;		/* invalid_vma skips this VMA (0 = none) */
};

static bool record_one(struct folio *folio, struct vm_area_struct *vma, unsigned long addr,
		       void *arg)
{
	struct visit *v = arg;

	(void)folio;
	if (v->n < 8) {
		v->ids[v->n] = vma->id;
		v->addrs[v->n] = addr;
	}
	v->n++;
	return !(v->stop_after && v->n >= v->stop_after);
}

static bool skip_vma(struct vm_area_struct *vma, void *arg)
{
	struct visit *v = arg;

	return vma->id == v->skip_id;
}

/* ---- vma_address -------------------------------------------------------------------- */
static void test_vma_address(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = mkvma(mm, BASE, BASE + 16 * PAGE_SIZE, 100);

	(void)state;
	assert_int_equal(vma_address(vma, 100, 1), BASE);
	assert_int_equal(vma_address(vma, 115, 1), BASE + 15 * PAGE_SIZE);
	assert_int_equal(vma_address(vma, 116, 1), (unsigned long)-EFAULT);
	/* a folio starting before the VMA but reaching into it: vm_start */
	assert_int_equal(vma_address(vma, 98, 4), BASE);
	assert_int_equal(vma_address(vma, 96, 4), (unsigned long)-EFAULT);
	mmsim_destroy(w);
}

/* ---- folio_add_new_anon_rmap ------------------------------------------------------------ */
static void test_new_anon_small_exclusive(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE + 3 * PAGE_SIZE, RMAP_EXCLUSIVE);
	assert_int_equal(atomic_read(&folio->_mapcount), 0);
	assert_int_equal(folio_mapcount(folio), 1);
	assert_true(PageAnonExclusive(&folio->page));
	assert_true(folio_test_anon(folio));
	assert_true(folio_test_swapbacked(folio));
	assert_ptr_equal(folio_anon_vma(folio), vma->anon_vma);
	assert_int_equal((unsigned long)folio->mapping & PAGE_MAPPING_FLAGS, PAGE_MAPPING_ANON);
	assert_int_equal(folio->index, (BASE >> PAGE_SHIFT) + 3);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 1);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	assert_int_equal(folio_ref_count(folio), 1);	/* rmap never touches _refcount */
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_new_anon_shared_uses_root(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *pvma = anon_vma_area(mm, 16);
	struct vm_area_struct *cvma = fork_vma(cmm, pvma);
	struct folio *a = new_folio(w, 0), *b = new_folio(w, 0);

	(void)state;
	assert_ptr_not_equal(cvma->anon_vma, pvma->anon_vma);
	/* exclusive: the child's own anon_vma; not exclusive: the root */
	folio_add_new_anon_rmap(a, cvma, BASE, RMAP_EXCLUSIVE);
	assert_ptr_equal(folio_anon_vma(a), cvma->anon_vma);
	folio_lock(b);
	folio_add_new_anon_rmap(b, cvma, BASE + PAGE_SIZE, RMAP_NONE);
	folio_unlock(b);
	assert_ptr_equal(folio_anon_vma(b), pvma->anon_vma);
	assert_false(PageAnonExclusive(&b->page));
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_new_anon_unlocked_shared_warns(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_NONE);
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "!exclusive && !folio_test_locked(folio)"));
	assert_int_equal(folio_mapcount(folio), 1);
	mmsim_destroy(w);
}

static void test_new_anon_mthp(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 2);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE + 4 * PAGE_SIZE, RMAP_EXCLUSIVE);
	for (unsigned long i = 0; i < 4; i++) {
		assert_int_equal(pmc(folio, i), 0);
		assert_true(PageAnonExclusive(folio_page(folio, i)));
	}
	assert_int_equal(atomic_read(&folio->_large_mapcount), 3);
	assert_int_equal(folio_mapcount(folio), 4);
	assert_int_equal(folio_entire_mapcount(folio), 0);
	assert_int_equal(nr_mapped(folio), 4);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 4);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	assert_int_equal(page_mapcount(folio_page(folio, 2)), 1);
	mmsim_destroy(w);
}

static void test_new_anon_pmd(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	assert_int_equal(atomic_read(&folio->_entire_mapcount), 0);
	assert_int_equal(atomic_read(&folio->_large_mapcount), 0);
	assert_int_equal(nr_mapped(folio), ENTIRELY_MAPPED);
	assert_int_equal(ENTIRELY_MAPPED, 0x800000);
	assert_int_equal(pmc(folio, 0), -1);
	assert_int_equal(pmc(folio, 511), -1);
	assert_int_equal(page_mapcount(folio_page(folio, 7)), 1);
	assert_true(PageAnonExclusive(&folio->page));
	assert_false(PageAnonExclusive(folio_page(folio, 1)));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 512);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 512);
	mmsim_destroy(w);
}

/* ---- add/remove at PTE and PMD level ---------------------------------------------------- */
static void test_small_remove_then_readd(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);
	struct address_space *mapping;

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	mapping = folio->mapping;
	folio_remove_rmap_pte(folio, &folio->page, vma);
	assert_int_equal(atomic_read(&folio->_mapcount), -1);
	assert_false(folio_mapped(folio));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	/* remove leaves mapping and AnonExclusive alone */
	assert_ptr_equal(folio->mapping, mapping);
	assert_true(PageAnonExclusive(&folio->page));
	/* swap-in style re-add */
	ClearPageAnonExclusive(&folio->page);
	folio_lock(folio);
	folio_add_anon_rmap_pte(folio, &folio->page, vma, BASE, RMAP_EXCLUSIVE);
	folio_unlock(folio);
	assert_int_equal(atomic_read(&folio->_mapcount), 0);
	assert_true(PageAnonExclusive(&folio->page));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 1);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_mthp_add_ptes_some_pages(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 2);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_ptes(folio, &folio->page, 4, vma);
	assert_int_equal(nr_mapped(folio), 0);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	/* map pages 1 and 2 again, not exclusive */
	folio_add_anon_rmap_ptes(folio, folio_page(folio, 1), 2, vma, BASE + PAGE_SIZE, RMAP_NONE);
	assert_int_equal(pmc(folio, 0), -1);
	assert_int_equal(pmc(folio, 1), 0);
	assert_int_equal(pmc(folio, 2), 0);
	assert_int_equal(pmc(folio, 3), -1);
	assert_int_equal(nr_mapped(folio), 2);
	assert_int_equal(folio_mapcount(folio), 2);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 2);
	/* a second PTE of page 1 (another VMA mapping it) is not a newly mapped page */
	folio_add_anon_rmap_pte(folio, folio_page(folio, 1), vma, BASE + PAGE_SIZE, RMAP_NONE);
	assert_int_equal(pmc(folio, 1), 1);
	assert_int_equal(nr_mapped(folio), 2);
	assert_int_equal(folio_mapcount(folio), 3);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 2);
	mmsim_destroy(w);
}

static void test_mthp_partial_unmap_deferred_split(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 2);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_pte(folio, folio_page(folio, 3), vma);
	assert_int_equal(pmc(folio, 3), -1);
	assert_int_equal(nr_mapped(folio), 3);
	assert_int_equal(folio_mapcount(folio), 3);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 3);
	assert_true(folio_test_partially_mapped(folio));
	assert_true(on_deferred_list(w, folio));
	/* the rest goes: no longer partially mapped, stays queued */
	folio_remove_rmap_ptes(folio, &folio->page, 3, vma);
	assert_int_equal(nr_mapped(folio), 0);
	assert_false(folio_mapped(folio));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	mmsim_destroy(w);
}

static void test_mthp_full_unmap_not_queued(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 2);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_ptes(folio, &folio->page, 4, vma);
	assert_int_equal(atomic_read(&folio->_large_mapcount), -1);
	assert_false(folio_test_partially_mapped(folio));
	assert_false(on_deferred_list(w, folio));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	mmsim_destroy(w);
}

static void test_file_mthp_partial_not_queued(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 16);
	struct vm_area_struct *vma = file_vma(mm, file, BASE, 16, 0);
	struct folio *folio = file_folio(w, file, 2, 0);

	(void)state;
	folio_add_file_rmap_ptes(folio, &folio->page, 4, vma);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 4);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	/* only anon folios are queued for deferred split */
	assert_false(on_deferred_list(w, folio));
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 3);
	mmsim_destroy(w);
}

static void test_pmd_folio_pte_mapped_too(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	/* PTE-map 10 pages while still PMD-mapped (as __split_huge_pmd does) */
	folio_add_anon_rmap_ptes(folio, folio_page(folio, 0), 10, vma, BASE, RMAP_NONE);
	assert_int_equal(nr_mapped(folio), ENTIRELY_MAPPED + 10);
	assert_int_equal(folio_mapcount(folio), 11);
	assert_int_equal(page_mapcount(folio_page(folio, 0)), 2);
	assert_int_equal(page_mapcount(folio_page(folio, 10)), 1);
	/* already counted by the PMD mapping */
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 512);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 512);
	/* PMD goes: the 502 pages only the PMD mapped are unmapped now */
	folio_remove_rmap_pmd(folio, &folio->page, vma);
	assert_int_equal(nr_mapped(folio), 10);
	assert_int_equal(atomic_read(&folio->_entire_mapcount), -1);
	assert_int_equal(folio_mapcount(folio), 10);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 10);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	assert_true(folio_test_partially_mapped(folio));
	assert_true(on_deferred_list(w, folio));
	mmsim_destroy(w);
}

static void test_pmd_add_after_ptes(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_pmd(folio, &folio->page, vma);
	assert_int_equal(nr_mapped(folio), 0);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	assert_false(on_deferred_list(w, folio));
	/* remapped shared from here on: a second PMD must not meet an exclusive head */
	ClearPageAnonExclusive(&folio->page);
	/* 3 pages PTE-mapped, then a PMD: only 509 newly mapped pages */
	folio_add_anon_rmap_ptes(folio, folio_page(folio, 5), 3, vma, BASE + 5 * PAGE_SIZE,
				 RMAP_NONE);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 3);
	folio_add_anon_rmap_pmd(folio, &folio->page, vma, BASE, RMAP_NONE);
	assert_int_equal(nr_mapped(folio), ENTIRELY_MAPPED + 3);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 512);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 512);
	/* a second PMD mapping changes no statistic */
	folio_add_anon_rmap_pmd(folio, &folio->page, vma, BASE, RMAP_NONE);
	assert_int_equal(folio_entire_mapcount(folio), 2);
	assert_int_equal(folio_mapcount(folio), 5);
	assert_int_equal(nr_mapped(folio), ENTIRELY_MAPPED + 3);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 512);
	folio_remove_rmap_pmd(folio, &folio->page, vma);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 512);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_pmd_remove_to_zero(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_pmd(folio, &folio->page, vma);
	assert_int_equal(atomic_read(&folio->_entire_mapcount), -1);
	assert_int_equal(atomic_read(&folio->_large_mapcount), -1);
	assert_int_equal(nr_mapped(folio), 0);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	assert_false(folio_test_partially_mapped(folio));
	assert_true(PageAnonExclusive(&folio->page));
	mmsim_destroy(w);
}

static void test_pmd_exclusive_twice_warns(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_add_anon_rmap_pmd(folio, &folio->page, vma, BASE, RMAP_EXCLUSIVE);
	/* one warning per page of the range whose check sees the second PMD: the head */
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "folio_entire_mapcount(folio) > 1"));
	mmsim_destroy(w);
}

static void test_pte_exclusive_on_mapped_page_warns(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_add_anon_rmap_pte(folio, &folio->page, vma, BASE, RMAP_EXCLUSIVE);
	assert_int_equal(atomic_read(&folio->_mapcount), 1);
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "PageAnonExclusive(cur_page)"));
	mmsim_destroy(w);
}

/* ---- fork: dup ---------------------------------------------------------------------- */
static void test_dup_small_clears_exclusive(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *cvma = fork_vma(cmm, vma);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	assert_int_equal(folio_try_dup_anon_rmap_pte(folio, &folio->page, cvma, vma), 0);
	assert_int_equal(atomic_read(&folio->_mapcount), 1);
	assert_false(PageAnonExclusive(&folio->page));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 1);
	mmsim_destroy(w);
}

static void test_dup_small_maybe_pinned_ebusy(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *cvma = fork_vma(cmm, vma);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_ref_add(folio, GUP_PIN_COUNTING_BIAS);	/* refcount 1025 */
	/* maybe pinned: the mm has pinned (MMF_HAS_PINNED) and refcount >= 1024 */
	set_bit_ul(MMF_HAS_PINNED, &mm->flags);
	assert_int_equal(folio_try_dup_anon_rmap_pte(folio, &folio->page, cvma, vma), -EBUSY);
	assert_int_equal(atomic_read(&folio->_mapcount), 0);
	assert_true(PageAnonExclusive(&folio->page));
	/* a shared (not exclusive) page may be dup'ed even when pinned */
	ClearPageAnonExclusive(&folio->page);
	assert_int_equal(folio_try_dup_anon_rmap_pte(folio, &folio->page, cvma, vma), 0);
	assert_int_equal(atomic_read(&folio->_mapcount), 1);
	mmsim_destroy(w);
}

static void test_dup_small_refcount_below_bias(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *cvma = fork_vma(cmm, vma);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	set_bit_ul(MMF_HAS_PINNED, &mm->flags);
	folio_ref_add(folio, 1022);	/* 1023 */
	assert_int_equal(folio_try_dup_anon_rmap_pte(folio, &folio->page, cvma, vma), 0);
	assert_false(PageAnonExclusive(&folio->page));
	mmsim_destroy(w);
}

static void test_dup_mthp_ptes_and_pincount(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *cvma = fork_vma(cmm, vma);
	struct folio *folio = new_folio(w, 2);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	set_bit_ul(MMF_HAS_PINNED, &mm->flags);
	atomic_set(&folio->_pincount, 1);
	folio_ref_add(folio, 1);
	assert_int_equal(folio_try_dup_anon_rmap_ptes(folio, &folio->page, 4, cvma, vma), -EBUSY);
	assert_int_equal(folio_mapcount(folio), 4);
	assert_true(PageAnonExclusive(folio_page(folio, 3)));
	atomic_set(&folio->_pincount, 0);
	assert_int_equal(folio_try_dup_anon_rmap_ptes(folio, &folio->page, 4, cvma, vma), 0);
	for (unsigned long i = 0; i < 4; i++) {
		assert_int_equal(pmc(folio, i), 1);
		assert_false(PageAnonExclusive(folio_page(folio, i)));
	}
	assert_int_equal(atomic_read(&folio->_large_mapcount), 7);
	assert_int_equal(folio_mapcount(folio), 8);
	assert_int_equal(nr_mapped(folio), 4);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 4);
	mmsim_destroy(w);
}

static void test_dup_pmd(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct vm_area_struct *cvma = fork_vma(cmm, vma);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	set_bit_ul(MMF_HAS_PINNED, &mm->flags);
	atomic_set(&folio->_pincount, 1);
	assert_int_equal(folio_try_dup_anon_rmap_pmd(folio, &folio->page, cvma, vma), -EBUSY);
	assert_int_equal(folio_entire_mapcount(folio), 1);
	atomic_set(&folio->_pincount, 0);
	assert_int_equal(folio_try_dup_anon_rmap_pmd(folio, &folio->page, cvma, vma), 0);
	assert_int_equal(folio_entire_mapcount(folio), 2);
	assert_int_equal(folio_mapcount(folio), 2);
	assert_false(PageAnonExclusive(&folio->page));
	assert_int_equal(nr_mapped(folio), ENTIRELY_MAPPED);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 512);
	mmsim_destroy(w);
}

/* ---- share ------------------------------------------------------------------------------ */
static void test_share_pte(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_ref_add(folio, GUP_PIN_COUNTING_BIAS);
	/* share looks at the pin itself, not at MMF_HAS_PINNED */
	assert_int_equal(folio_try_share_anon_rmap_pte(folio, &folio->page), -EBUSY);
	assert_true(PageAnonExclusive(&folio->page));
	folio_ref_sub(folio, GUP_PIN_COUNTING_BIAS);
	assert_int_equal(folio_try_share_anon_rmap_pte(folio, &folio->page), 0);
	assert_false(PageAnonExclusive(&folio->page));
	assert_int_equal(atomic_read(&folio->_mapcount), 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	/* precondition: the page is AnonExclusive */
	assert_int_equal(folio_try_share_anon_rmap_pte(folio, &folio->page), 0);
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "!PageAnonExclusive(page)"));
	mmsim_destroy(w);
}

static void test_share_pmd(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = new_folio(w, 9);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	atomic_set(&folio->_pincount, 1);
	assert_int_equal(folio_try_share_anon_rmap_pmd(folio, &folio->page), -EBUSY);
	atomic_set(&folio->_pincount, 0);
	assert_int_equal(folio_try_share_anon_rmap_pmd(folio, &folio->page), 0);
	assert_false(PageAnonExclusive(&folio->page));
	assert_int_equal(folio_entire_mapcount(folio), 1);
	mmsim_destroy(w);
}

/* ---- file rmap ----------------------------------------------------------------------------- */
static void test_file_rmap_small(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 16);
	struct vm_area_struct *vma = file_vma(mm, file, BASE, 16, 0);
	struct folio *folio = file_folio(w, file, 0, 3);

	(void)state;
	folio_add_file_rmap_pte(folio, &folio->page, vma);
	assert_int_equal(folio_mapcount(folio), 1);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 1);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	folio_dup_file_rmap_pte(folio, &folio->page, vma);
	assert_int_equal(folio_mapcount(folio), 2);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 1);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 1);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 0);
	assert_ptr_equal(folio->mapping, file->f_mapping);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_file_rmap_pmd_stats(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 1024);
	struct vm_area_struct *vma = file_vma(mm, file, BASE, 1024, 0);
	struct folio *folio = file_folio(w, file, 9, 0);
	struct folio *shm = file_folio(w, file, 9, 512);

	(void)state;
	folio_add_file_rmap_pmd(folio, &folio->page, vma);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 512);
	assert_int_equal(mt_stat(w, NR_FILE_PMDMAPPED), 512);
	assert_int_equal(mt_stat(w, NR_ANON_THPS), 0);
	__folio_set_swapbacked(shm);	/* shmem */
	folio_add_file_rmap_pmd(shm, &shm->page, vma);
	assert_int_equal(mt_stat(w, NR_SHMEM_PMDMAPPED), 512);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 1024);
	folio_remove_rmap_pmd(folio, &folio->page, vma);
	folio_remove_rmap_pmd(shm, &shm->page, vma);
	assert_int_equal(mt_stat(w, NR_FILE_MAPPED), 0);
	assert_int_equal(mt_stat(w, NR_FILE_PMDMAPPED), 0);
	assert_int_equal(mt_stat(w, NR_SHMEM_PMDMAPPED), 0);
	mmsim_destroy(w);
}

static void test_dup_file_rmap_pmd_counts_ptes(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 512);
	struct vm_area_struct *vma = file_vma(mm, file, BASE, 512, 0);
	struct folio *folio = file_folio(w, file, 9, 0);

	(void)state;
	folio_add_file_rmap_pmd(folio, &folio->page, vma);
	/* v6.14 passes RMAP_LEVEL_PTE: 512 PTE mappings, not an entire one */
	folio_dup_file_rmap_pmd(folio, &folio->page, vma);
	assert_int_equal(folio_entire_mapcount(folio), 1);
	assert_int_equal(pmc(folio, 0), 0);
	assert_int_equal(pmc(folio, 511), 0);
	assert_int_equal(folio_mapcount(folio), 513);
	assert_int_equal(nr_mapped(folio), ENTIRELY_MAPPED);
	mmsim_destroy(w);
}

/* ---- sanity checks -------------------------------------------------------------------------- */
static void test_wild_page_small_folio(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *a = new_folio(w, 0), *b = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(a, vma, BASE, RMAP_EXCLUSIVE);
	folio_add_new_anon_rmap(b, vma, BASE + PAGE_SIZE, RMAP_EXCLUSIVE);
	/* a legacy walker's subpage from another folio: both page_folio checks fire */
	folio_remove_rmap_pte(a, &b->page, vma);
	assert_int_equal(mmsim_nr_warn(w), 2);
	assert_true(mt_log_has(w, "page_folio(page) != folio"));
	assert_true(mt_log_has(w, "page_folio(page + nr_pages - 1) != folio"));
	/* small folio: the kernel decrements folio->_mapcount, not the page's */
	assert_int_equal(atomic_read(&a->_mapcount), -1);
	assert_int_equal(atomic_read(&b->_mapcount), 0);
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 1);
	mmsim_destroy(w);
}

static void test_wild_page_large_folio(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *a = new_folio(w, 2), *victim = new_folio(w, 0);

	(void)state;
	folio_add_new_anon_rmap(a, vma, BASE, RMAP_EXCLUSIVE);
	folio_add_new_anon_rmap(victim, vma, BASE + 8 * PAGE_SIZE, RMAP_EXCLUSIVE);
	folio_remove_rmap_pte(a, &victim->page, vma);
	assert_int_equal(mmsim_nr_warn(w), 2);
	/* the per-page effect lands on the victim, the folio effects on a */
	assert_int_equal(atomic_read(&victim->_mapcount), -1);
	assert_int_equal(atomic_read(&a->_large_mapcount), 2);
	assert_int_equal(nr_mapped(a), 3);
	for (unsigned long i = 0; i < 4; i++)
		assert_int_equal(pmc(a, i), 0);
	/* a looks partially mapped now */
	assert_true(on_deferred_list(w, a));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 4);
	mmsim_destroy(w);
}

static void test_sanity_hugetlb_folio_warns(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 512);
	struct vm_area_struct *vma = file_vma(mm, file, BASE, 512, 0);
	struct folio *folio = file_folio(w, file, 9, 0);

	(void)state;
	folio_set_hugetlb(folio);
	folio_add_file_rmap_pte(folio, &folio->page, vma);
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "folio_test_hugetlb(folio)"));
	mmsim_destroy(w);
}

static void test_sanity_pmd_small_folio_warns(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 512);
	struct vm_area_struct *vma = file_vma(mm, file, BASE, 512, 0);
	struct folio *folio = file_folio(w, file, 2, 0);

	(void)state;
	folio_add_file_rmap_pmd(folio, &folio->page, vma);
	/* folio size != HPAGE_PMD_NR and page + 511 outside the folio */
	/* (the report shows each condition as written in the kernel source) */
	assert_true(mt_log_has(w, "folio_nr_pages(folio) != HPAGE_PMD_NR"));
	assert_true(mt_log_has(w, "page_folio(page + nr_pages - 1) != folio"));
	assert_int_equal(mmsim_nr_warn(w), 2);
	mmsim_destroy(w);
}

static void test_sanity_zero_folio_warns(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *zero = page_folio(w->zero_page);

	(void)state;
	folio_add_file_rmap_pte(zero, &zero->page, vma);
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "is_zero_folio(folio)"));
	folio_remove_rmap_pte(zero, &zero->page, vma);
	assert_int_equal(atomic_read(&zero->_mapcount), -1);
	mmsim_destroy(w);
}

/* ---- BUGs (unwind mode) -------------------------------------------------------------------- */
struct bug_arg {
	struct folio *folio;
	struct vm_area_struct *vma;
	unsigned long addr;
};

static int add_pte_cmd(struct mmsim *w, void *p)
{
	struct bug_arg *a = p;

	(void)w;
	folio_add_anon_rmap_pte(a->folio, &a->folio->page, a->vma, a->addr, RMAP_NONE);
	return 0;
}

static int add_new_cmd(struct mmsim *w, void *p)
{
	struct bug_arg *a = p;

	(void)w;
	folio_add_new_anon_rmap(a->folio, a->vma, a->addr, RMAP_EXCLUSIVE);
	return 0;
}

static void test_page_check_anon_rmap_index_bug(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);
	struct bug_arg a = { folio, vma, BASE + 5 * PAGE_SIZE };

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE + 4 * PAGE_SIZE, RMAP_EXCLUSIVE);
	/* the folio's index says page 4, the caller maps it at page 5 */
	assert_int_equal(mmsim_run_command(w, add_pte_cmd, &a), MMSIM_DIED);
	assert_true(mmsim_is_dead(w));
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "kernel BUG at mm/rmap.c:"));
	assert_true(mt_log_has(w, "page_pgoff(folio, page) != linear_page_index(vma, address)"));
	mmsim_destroy(w);
}

static void test_page_check_anon_rmap_foreign_anon_vma_bug(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *other = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *ovma = anon_vma_area(other, 16);
	struct folio *folio = new_folio(w, 0);
	struct bug_arg a = { folio, ovma, BASE };

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	assert_int_equal(mmsim_run_command(w, add_pte_cmd, &a), MMSIM_DIED);
	assert_true(mt_log_has(w, "folio_av->root != vma->anon_vma->root"));
	mmsim_destroy(w);
}

static void test_add_new_anon_outside_vma_bug(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);
	struct bug_arg a = { folio, vma, BASE + 16 * PAGE_SIZE };

	(void)state;
	assert_int_equal(mmsim_run_command(w, add_new_cmd, &a), MMSIM_DIED);
	assert_int_equal(mmsim_nr_bug(w), 1);
	assert_true(mt_log_has(w, "address < vma->vm_start || address + ((unsigned long)nr << PAGE_SHIFT) > vma->vm_end"));
	/* nothing was set up before the check */
	assert_int_equal(atomic_read(&folio->_mapcount), -1);
	mmsim_destroy(w);
}

/* ---- hugetlb -------------------------------------------------------------------------------- */
static struct mmsim *hugetlb_world(void)
{
	return mt_world(MMSIM_SERIES_MAX, false, 2);
}

static void test_hugetlb_rmap(void **state)
{
	struct mmsim *w = hugetlb_world();
	struct mm_struct *mm = test_mm(w), *cmm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct vm_area_struct *cvma;
	struct folio *folio = w->hugetlb_free[--w->nr_hugetlb_free];

	(void)state;
	vma->vm_flags |= VM_HUGETLB;
	cvma = fork_vma(cmm, vma);
	folio_ref_unfreeze(folio, 1);
	assert_true(folio_test_hugetlb(folio));
	hugetlb_add_new_anon_rmap(folio, vma, BASE);
	assert_int_equal(folio_entire_mapcount(folio), 1);
	assert_int_equal(folio_mapcount(folio), 1);
	assert_int_equal(nr_mapped(folio), 0);
	assert_true(PageAnonExclusive(&folio->page));
	assert_ptr_equal(folio_anon_vma(folio), vma->anon_vma);
	/* no statistics for hugetlb */
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 0);
	assert_int_equal(hugetlb_try_dup_anon_rmap(folio, vma), 0);
	assert_false(PageAnonExclusive(&folio->page));
	assert_int_equal(folio_mapcount(folio), 2);
	hugetlb_remove_rmap(folio);
	assert_int_equal(folio_mapcount(folio), 1);
	hugetlb_add_anon_rmap(folio, cvma, BASE, RMAP_NONE);
	assert_int_equal(folio_entire_mapcount(folio), 2);
	/* the generic family warns on hugetlb folios */
	assert_int_equal(mmsim_nr_warn(w), 0);
	folio_remove_rmap_pmd(folio, &folio->page, vma);
	assert_true(mmsim_nr_warn(w) >= 1);
	mmsim_destroy(w);
}

static void test_hugetlb_share_and_file(void **state)
{
	struct mmsim *w = hugetlb_world();
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 512);
	struct folio *folio = w->hugetlb_free[--w->nr_hugetlb_free];
	struct folio *ffolio = w->hugetlb_free[--w->nr_hugetlb_free];

	(void)state;
	folio_ref_unfreeze(folio, 1);
	hugetlb_add_new_anon_rmap(folio, vma, BASE);
	set_bit_ul(MMF_HAS_PINNED, &mm->flags);
	atomic_set(&folio->_pincount, 1);
	assert_int_equal(hugetlb_try_dup_anon_rmap(folio, vma), -EBUSY);
	assert_int_equal(hugetlb_try_share_anon_rmap(folio), -EBUSY);
	atomic_set(&folio->_pincount, 0);
	assert_int_equal(hugetlb_try_share_anon_rmap(folio), 0);
	assert_false(PageAnonExclusive(&folio->page));
	hugetlb_add_file_rmap(ffolio);
	assert_int_equal(folio_entire_mapcount(ffolio), 1);
	assert_int_equal(folio_mapcount(ffolio), 1);
	hugetlb_remove_rmap(ffolio);
	assert_false(folio_mapped(ffolio));
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

/* ---- anon_vma management ----------------------------------------------------------------- */
static unsigned int nr_avcs(struct vm_area_struct *vma)
{
	unsigned int n = 0;
	struct list_head *pos;

	list_for_each(pos, &vma->anon_vma_chain)
		n++;
	return n;
}

static unsigned int nr_anon_vmas(struct mmsim *w)
{
	unsigned int n = 0;
	struct list_head *pos;

	list_for_each(pos, &w->anon_vma_list)
		n++;
	return n;
}

static void test_anon_vma_prepare_new_root(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct anon_vma *av = vma->anon_vma;

	(void)state;
	assert_non_null(av);
	assert_ptr_equal(av->root, av);
	assert_ptr_equal(av->parent, av);
	assert_int_equal(atomic_read(&av->refcount), 1);
	assert_int_equal(av->num_children, 1);
	assert_int_equal(av->num_active_vmas, 1);
	assert_int_equal(av->lock, 0);
	assert_int_equal(nr_avcs(vma), 1);
	assert_int_equal(nr_anon_vmas(w), 1);
	assert_int_equal(mm->page_table_lock.held, 0);
	/* prepared already: nothing changes */
	assert_int_equal(anon_vma_prepare(vma), 0);
	assert_int_equal(nr_avcs(vma), 1);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_anon_vma_prepare_needs_mmap_lock(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = mkvma(mm, BASE, BASE + PAGE_SIZE, 0);

	(void)state;
	mm->mmap_lock = 0;
	assert_int_equal(anon_vma_prepare(vma), 0);
	assert_int_equal(mmsim_nr_warn(w), 1);
	assert_true(mt_log_has(w, "mm->mmap_lock == 0"));
	mmsim_destroy(w);
}

static void test_anon_vma_prepare_reuses_neighbour(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *a = mkvma(mm, BASE, BASE + 4 * PAGE_SIZE, 0x100);
	struct vm_area_struct *b = mkvma(mm, BASE + 4 * PAGE_SIZE, BASE + 8 * PAGE_SIZE, 0x104);
	struct vm_area_struct *c = mkvma(mm, BASE + 9 * PAGE_SIZE, BASE + 10 * PAGE_SIZE, 0x109);

	(void)state;
	b->vm_flags &= ~VM_WRITE;	/* differs only in access flags: mergeable later */
	list_add_tail(&a->vm_list, &mm->mmap);
	list_add_tail(&b->vm_list, &mm->mmap);
	list_add_tail(&c->vm_list, &mm->mmap);
	assert_int_equal(anon_vma_prepare(a), 0);
	assert_int_equal(anon_vma_prepare(b), 0);
	assert_ptr_equal(b->anon_vma, a->anon_vma);
	assert_int_equal(a->anon_vma->num_active_vmas, 2);
	assert_int_equal(a->anon_vma->num_children, 1);
	/* c is not adjacent: a new root */
	assert_int_equal(anon_vma_prepare(c), 0);
	assert_ptr_not_equal(c->anon_vma, a->anon_vma);
	assert_int_equal(nr_anon_vmas(w), 2);
	mmsim_destroy(w);
}

static void test_anon_vma_fork_chain(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w), *gm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct vm_area_struct *g = fork_vma(gm, c);
	struct anon_vma *pav = p->anon_vma, *cav = c->anon_vma, *gav = g->anon_vma;

	(void)state;
	assert_ptr_equal(cav->root, pav);
	assert_ptr_equal(cav->parent, pav);
	assert_ptr_equal(gav->root, pav);
	assert_ptr_equal(gav->parent, cav);
	/* root: itself + child; child: grandchild; grandchild: none */
	assert_int_equal(pav->num_children, 2);
	assert_int_equal(cav->num_children, 1);
	assert_int_equal(gav->num_children, 0);
	assert_int_equal(pav->num_active_vmas, 1);
	assert_int_equal(cav->num_active_vmas, 1);
	assert_int_equal(gav->num_active_vmas, 1);
	/* the root is pinned by each descendant */
	assert_int_equal(atomic_read(&pav->refcount), 3);
	assert_int_equal(atomic_read(&cav->refcount), 1);
	assert_int_equal(nr_avcs(p), 1);
	assert_int_equal(nr_avcs(c), 2);
	assert_int_equal(nr_avcs(g), 3);
	/* the VMA's chain list is newest first */
	assert_ptr_equal(list_first_entry(&g->anon_vma_chain, struct anon_vma_chain,
					  same_vma)->anon_vma, gav);
	assert_ptr_equal(list_last_entry(&g->anon_vma_chain, struct anon_vma_chain,
					 same_vma)->anon_vma, pav);
	assert_int_equal(pav->lock, 0);
	mmsim_destroy(w);
}

static void test_anon_vma_fork_reuses_orphan(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w), *gm = test_mm(w), *hm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct vm_area_struct *g = fork_vma(gm, c);
	struct anon_vma *cav = c->anon_vma;
	struct vm_area_struct *h;

	(void)state;
	/* the child exits: its anon_vma lives on (g still links to it) without a VMA */
	unlink_anon_vmas(c);
	assert_null(c->anon_vma);
	assert_int_equal(nr_avcs(c), 0);
	assert_int_equal(cav->num_active_vmas, 0);
	assert_int_equal(cav->num_children, 1);
	assert_int_equal(nr_anon_vmas(w), 3);
	/* g forks: the orphaned anon_vma with one child is reused */
	h = fork_vma(hm, g);
	assert_ptr_equal(h->anon_vma, cav);
	assert_int_equal(cav->num_active_vmas, 1);
	assert_int_equal(nr_avcs(h), 3);
	assert_int_equal(nr_anon_vmas(w), 3);
	mmsim_destroy(w);
}

static void test_unlink_anon_vmas_frees_all(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct anon_vma *pav = p->anon_vma;

	(void)state;
	assert_int_equal(nr_anon_vmas(w), 2);
	/* the parent goes first: the root stays, pinned by the child's anon_vma */
	unlink_anon_vmas(p);
	assert_int_equal(nr_anon_vmas(w), 2);
	assert_int_equal(pav->num_active_vmas, 0);
	assert_int_equal(atomic_read(&pav->refcount), 2);
	unlink_anon_vmas(c);
	assert_int_equal(nr_anon_vmas(w), 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_destroy(w);
}

static void test_get_put_anon_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct anon_vma *av = vma->anon_vma;

	(void)state;
	get_anon_vma(av);
	unlink_anon_vmas(vma);
	/* the extra reference keeps it */
	assert_int_equal(nr_anon_vmas(w), 1);
	assert_int_equal(atomic_read(&av->refcount), 1);
	put_anon_vma(av);
	assert_int_equal(nr_anon_vmas(w), 0);
	mmsim_destroy(w);
}

static void test_anon_vma_clone_split(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *tail;

	(void)state;
	/* __split_vma(): the new VMA is a copy of the old, anon_vma included */
	tail = mkvma(mm, BASE + 8 * PAGE_SIZE, BASE + 16 * PAGE_SIZE, vma->vm_pgoff + 8);
	tail->anon_vma = vma->anon_vma;
	assert_int_equal(anon_vma_clone(tail, vma), 0);
	vma->vm_end = BASE + 8 * PAGE_SIZE;
	anon_vma_interval_tree_update(vma);
	assert_int_equal(vma->anon_vma->num_active_vmas, 2);
	assert_int_equal(nr_avcs(tail), 1);
	assert_int_equal(nr_anon_vmas(w), 1);
	mmsim_destroy(w);
}

/* ---- walks ------------------------------------------------------------------------------ */
static void test_rmap_walk_anon_fork_order(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w), *gm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct vm_area_struct *g = fork_vma(gm, c);
	struct folio *shared = new_folio(w, 0), *cow = new_folio(w, 0);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = { .arg = &v, .rmap_one = record_one };

	(void)state;
	folio_add_new_anon_rmap(shared, p, BASE + 2 * PAGE_SIZE, RMAP_EXCLUSIVE);
	assert_int_equal(folio_try_dup_anon_rmap_pte(shared, &shared->page, c, p), 0);
	assert_int_equal(folio_try_dup_anon_rmap_pte(shared, &shared->page, g, c), 0);
	rmap_walk(shared, &rwc);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.ids[0], p->id);
	assert_int_equal(v.ids[1], c->id);
	assert_int_equal(v.ids[2], g->id);
	for (int i = 0; i < 3; i++)
		assert_int_equal(v.addrs[i], BASE + 2 * PAGE_SIZE);
	assert_int_equal(p->anon_vma->lock, 0);	/* unlocked after the walk */

	/* a COWed page of the child lives in the child's anon_vma: c and g only */
	folio_add_new_anon_rmap(cow, c, BASE + 5 * PAGE_SIZE, RMAP_EXCLUSIVE);
	memset(&v, 0, sizeof(v));
	rmap_walk(cow, &rwc);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.ids[0], c->id);
	assert_int_equal(v.ids[1], g->id);
	assert_int_equal(v.addrs[0], BASE + 5 * PAGE_SIZE);
	mmsim_destroy(w);
}

static void test_rmap_walk_anon_pgoff_range(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *lo = anon_vma_area(mm, 16);
	struct vm_area_struct *hi;
	struct folio *folio = new_folio(w, 2);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = { .arg = &v, .rmap_one = record_one };

	(void)state;
	/* split: lo keeps pgoffs [B, B+8), hi gets [B+8, B+16) */
	hi = mkvma(mm, BASE + 8 * PAGE_SIZE, BASE + 16 * PAGE_SIZE, lo->vm_pgoff + 8);
	hi->anon_vma = lo->anon_vma;
	assert_int_equal(anon_vma_clone(hi, lo), 0);
	lo->vm_end = BASE + 8 * PAGE_SIZE;
	anon_vma_interval_tree_update(lo);
	folio_add_new_anon_rmap(folio, hi, BASE + 12 * PAGE_SIZE, RMAP_EXCLUSIVE);
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.ids[0], hi->id);
	assert_int_equal(v.addrs[0], BASE + 12 * PAGE_SIZE);
	/* a folio straddling the split point is visited in both */
	folio->index = lo->vm_pgoff + 6;
	memset(&v, 0, sizeof(v));
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.ids[0], lo->id);
	assert_int_equal(v.addrs[0], BASE + 6 * PAGE_SIZE);
	assert_int_equal(v.ids[1], hi->id);
	assert_int_equal(v.addrs[1], BASE + 8 * PAGE_SIZE);	/* vm_start */
	mmsim_destroy(w);
}

static void test_rmap_walk_controls(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w), *gm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct vm_area_struct *g = fork_vma(gm, c);
	struct folio *folio = new_folio(w, 0);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = {
		.arg = &v, .rmap_one = record_one, .invalid_vma = skip_vma,
	};

	(void)state;
	folio_add_new_anon_rmap(folio, p, BASE, RMAP_EXCLUSIVE);
	v.skip_id = c->id;
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.ids[0], p->id);
	assert_int_equal(v.ids[1], g->id);
	/* rmap_one returning false stops the walk */
	memset(&v, 0, sizeof(v));
	v.stop_after = 1;
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 1);
	assert_int_equal(p->anon_vma->lock, 0);
	mmsim_destroy(w);
}

static int done_after_unmap(struct folio *folio)
{
	return !folio_mapped(folio);
}

static bool unmap_one(struct folio *folio, struct vm_area_struct *vma, unsigned long addr,
		      void *arg)
{
	(void)addr;
	record_one(folio, vma, addr, arg);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	return true;
}

static void test_rmap_walk_done_stops(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct folio *folio = new_folio(w, 0);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = { .arg = &v, .rmap_one = unmap_one, .done = done_after_unmap };

	(void)state;
	(void)c;
	/* mapped only in p, but c's VMA is in the tree too: done() ends the walk at once */
	folio_add_new_anon_rmap(folio, p, BASE, RMAP_EXCLUSIVE);
	rmap_walk_locked(folio, &rwc);
	assert_int_equal(v.n, 1);
	assert_false(folio_mapped(folio));
	mmsim_destroy(w);
}

static void test_rmap_walk_file_order_and_range(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *m1 = test_mm(w), *m2 = test_mm(w);
	struct file *file = test_file(w, 64);
	/* inserted out of order; pgoff ranges [8,24) [0,16) [32,48) [8,12) */
	struct vm_area_struct *a = file_vma(m1, file, BASE, 16, 8);
	struct vm_area_struct *b = file_vma(m2, file, BASE + 0x100000, 16, 0);
	struct vm_area_struct *c = file_vma(m1, file, BASE + 0x200000, 16, 32);
	struct vm_area_struct *d = file_vma(m2, file, BASE + 0x300000, 4, 8);
	struct folio *folio = file_folio(w, file, 2, 12);	/* pgoffs 12..15 */
	struct visit v = { 0 };
	struct rmap_walk_control rwc = { .arg = &v, .rmap_one = record_one };

	(void)state;
	(void)c;
	(void)d;
	folio_lock(folio);
	rmap_walk(folio, &rwc);
	folio_unlock(folio);
	/* by (pgoff, id): b (0), a (8); d (8..11) and c (32..) do not overlap */
	assert_int_equal(v.n, 2);
	assert_int_equal(v.ids[0], b->id);
	assert_int_equal(v.addrs[0], BASE + 0x100000 + 12 * PAGE_SIZE);
	assert_int_equal(v.ids[1], a->id);
	assert_int_equal(v.addrs[1], BASE + 4 * PAGE_SIZE);
	assert_int_equal(file->mapping.i_mmap_lock, 0);
	/* pgoff 8..11: b, then a and d by id */
	folio->index = 8;
	memset(&v, 0, sizeof(v));
	folio_lock(folio);
	rmap_walk(folio, &rwc);
	folio_unlock(folio);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.ids[0], b->id);
	assert_int_equal(v.ids[1], a->id);
	assert_int_equal(v.ids[2], d->id);
	/* removal */
	vma_interval_tree_remove(a, file->f_mapping);
	memset(&v, 0, sizeof(v));
	folio_lock(folio);
	rmap_walk(folio, &rwc);
	folio_unlock(folio);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.ids[1], d->id);
	mmsim_destroy(w);
}

static void test_vma_interval_tree_iter(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct file *file = test_file(w, 64);
	struct vm_area_struct *x = file_vma(mm, file, BASE, 4, 20);
	struct vm_area_struct *y = file_vma(mm, file, BASE + 0x10000, 4, 10);
	struct vm_area_struct *z = file_vma(mm, file, BASE + 0x20000, 4, 10);
	struct vm_area_struct *it;
	unsigned int ids[4], n = 0;

	(void)state;
	vma_interval_tree_foreach(it, file->f_mapping, 0, 63)
		ids[n++] = it->id;
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], y->id);
	assert_int_equal(ids[1], z->id);
	assert_int_equal(ids[2], x->id);
	assert_null(vma_interval_tree_iter_first(file->f_mapping, 14, 19));
	assert_ptr_equal(vma_interval_tree_iter_first(file->f_mapping, 13, 13), y);
	assert_ptr_equal(vma_interval_tree_iter_first(file->f_mapping, 23, 40), x);
	mmsim_destroy(w);
}

static int walk_file_cmd(struct mmsim *w, void *p)
{
	struct rmap_walk_control *rwc = p;
	struct folio *folio = rwc->arg;

	(void)w;
	rmap_walk(folio, rwc);
	return 0;
}

static bool never_one(struct folio *folio, struct vm_area_struct *vma, unsigned long addr,
		      void *arg)
{
	(void)folio; (void)vma; (void)addr; (void)arg;
	return true;
}

static void test_rmap_walk_file_unlocked_folio_bugs(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct file *file = test_file(w, 16);
	struct folio *folio = file_folio(w, file, 0, 0);
	struct rmap_walk_control rwc = { .arg = folio, .rmap_one = never_one };

	(void)state;
	assert_int_equal(mmsim_run_command(w, walk_file_cmd, &rwc), MMSIM_DIED);
	assert_true(mt_log_has(w, "!folio_test_locked(folio)"));
	mmsim_destroy(w);
}

static void test_rmap_walk_try_lock_contended(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct file *file = test_file(w, 16);
	struct folio *folio = new_folio(w, 0), *ff = file_folio(w, file, 0, 0);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = { .arg = &v, .rmap_one = record_one, .try_lock = true };

	(void)state;
	(void)file_vma(mm, file, BASE + 0x100000, 16, 0);
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	anon_vma_lock_write(vma->anon_vma);
	rmap_walk(folio, &rwc);
	assert_true(rwc.contended);
	assert_int_equal(v.n, 0);
	anon_vma_unlock_write(vma->anon_vma);

	rwc.contended = false;
	i_mmap_lock_write(file->f_mapping);
	folio_lock(ff);
	rmap_walk(ff, &rwc);
	assert_true(rwc.contended);
	assert_int_equal(v.n, 0);
	/* rmap_walk_locked: the caller holds it */
	rwc.contended = false;
	rmap_walk_locked(ff, &rwc);
	assert_false(rwc.contended);
	assert_int_equal(v.n, 1);
	folio_unlock(ff);
	i_mmap_unlock_write(file->f_mapping);
	assert_int_equal(file->mapping.i_mmap_lock, 0);
	mmsim_destroy(w);
}

static void test_rmap_walk_ksm_not_modelled(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *folio = new_folio(w, 0);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = { .arg = &v, .rmap_one = record_one };

	(void)state;
	folio->mapping = (struct address_space *)(0x1000UL | PAGE_MAPPING_KSM);
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 0);
	assert_true(mt_log_has(w, "not modelled yet: rmap_walk_ksm"));
	folio->mapping = NULL;
	mmsim_destroy(w);
}

/* ---- folio_lock_anon_vma_read / folio_get_anon_vma ------------------------------------------ */
static void test_folio_lock_anon_vma_read(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);
	struct rmap_walk_control rwc = { .try_lock = true };
	struct anon_vma *av;

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	av = folio_lock_anon_vma_read(folio, NULL);
	assert_ptr_equal(av, vma->anon_vma);
	assert_int_equal(av->root->lock, 1);
	anon_vma_unlock_read(av);
	/* contended with try_lock */
	anon_vma_lock_write(vma->anon_vma);
	assert_null(folio_lock_anon_vma_read(folio, &rwc));
	assert_true(rwc.contended);
	anon_vma_unlock_write(vma->anon_vma);
	/* unmapped: NULL even though folio->mapping still names the anon_vma */
	folio_remove_rmap_pte(folio, &folio->page, vma);
	assert_true(folio_test_anon(folio));
	assert_null(folio_lock_anon_vma_read(folio, NULL));
	assert_int_equal(vma->anon_vma->lock, 0);
	mmsim_destroy(w);
}

static void test_lock_anon_vma_read_as_anon_lock(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);
	struct visit v = { 0 };
	struct rmap_walk_control rwc = {
		.arg = &v, .rmap_one = record_one, .anon_lock = folio_lock_anon_vma_read,
	};

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	/* folio_referenced()-style walk of an unmapped folio visits nothing */
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 0);
	/* without anon_lock (remove_migration_ptes) the walk does not need a mapping */
	rwc.anon_lock = NULL;
	rmap_walk(folio, &rwc);
	assert_int_equal(v.n, 1);
	assert_int_equal(vma->anon_vma->lock, 0);
	mmsim_destroy(w);
}

static void test_folio_get_anon_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct folio *folio = new_folio(w, 0);
	struct anon_vma *av;

	(void)state;
	assert_null(folio_get_anon_vma(folio));	/* not anon */
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	av = folio_get_anon_vma(folio);
	assert_ptr_equal(av, vma->anon_vma);
	assert_int_equal(atomic_read(&av->refcount), 2);
	put_anon_vma(av);
	assert_int_equal(atomic_read(&av->refcount), 1);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	assert_null(folio_get_anon_vma(folio));
	mmsim_destroy(w);
}

/* ---- misc ---------------------------------------------------------------------------------- */
static void test_page_address_in_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w), *other = test_mm(w);
	struct vm_area_struct *vma = anon_vma_area(mm, 16);
	struct vm_area_struct *ovma = anon_vma_area(other, 16);
	struct file *file = test_file(w, 16);
	struct vm_area_struct *fvma = file_vma(mm, file, BASE + 0x100000, 16, 0);
	struct folio *folio = new_folio(w, 2), *ff = file_folio(w, file, 0, 7);

	(void)state;
	folio_add_new_anon_rmap(folio, vma, BASE + 4 * PAGE_SIZE, RMAP_EXCLUSIVE);
	assert_int_equal(page_address_in_vma(folio, folio_page(folio, 3), vma),
			 BASE + 7 * PAGE_SIZE);
	assert_int_equal(page_address_in_vma(folio, &folio->page, ovma), (unsigned long)-EFAULT);
	assert_int_equal(page_address_in_vma(folio, &folio->page, fvma), (unsigned long)-EFAULT);
	assert_int_equal(page_address_in_vma(ff, &ff->page, fvma), BASE + 0x100000 + 7 * PAGE_SIZE);
	assert_int_equal(page_address_in_vma(ff, &ff->page, vma), (unsigned long)-EFAULT);
	mmsim_destroy(w);
}

static void test_folio_move_anon_rmap(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct folio *folio = new_folio(w, 0);

	(void)state;
	folio_lock(folio);
	folio_add_new_anon_rmap(folio, c, BASE, RMAP_NONE);
	assert_ptr_equal(folio_anon_vma(folio), p->anon_vma);
	folio_move_anon_rmap(folio, c);
	folio_unlock(folio);
	assert_ptr_equal(folio_anon_vma(folio), c->anon_vma);
	assert_true(folio_test_anon(folio));
	mmsim_destroy(w);
}

static void test_anon_vma_interval_tree_update_resorts(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *pm = test_mm(w), *cm = test_mm(w);
	struct vm_area_struct *p = anon_vma_area(pm, 16);
	struct vm_area_struct *c = fork_vma(cm, p);
	struct anon_vma_chain *first;

	(void)state;
	first = list_first_entry(&p->anon_vma->rb_root, struct anon_vma_chain, rb);
	assert_ptr_equal(first->vma, p);	/* equal pgoff: lower id first */
	/* mremap-style move of the parent's pgoff above the child's */
	p->vm_pgoff += 100;
	anon_vma_interval_tree_update(p);
	first = list_first_entry(&p->anon_vma->rb_root, struct anon_vma_chain, rb);
	assert_ptr_equal(first->vma, c);
	assert_ptr_equal(list_last_entry(&p->anon_vma->rb_root, struct anon_vma_chain, rb)->vma, p);
	mmsim_destroy(w);
}

struct trace_buf {
	unsigned int n;
	char lines[8][160];
};

static void trace_collect(void *arg, const char *line)
{
	struct trace_buf *t = arg;

	if (t->n < 8)
		snprintf(t->lines[t->n], sizeof(t->lines[0]), "%s", line);
	t->n++;
}

static void test_trace_names_kernel_functions(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = test_mm(w);
	struct folio *folio = new_folio(w, 0);
	struct trace_buf t = { 0 };
	struct vm_area_struct *vma;
	char want[160];

	(void)state;
	mmsim_set_trace(w, trace_collect, &t);
	vma = anon_vma_area(mm, 16);
	folio_add_new_anon_rmap(folio, vma, BASE, RMAP_EXCLUSIVE);
	folio_remove_rmap_pte(folio, &folio->page, vma);
	mmsim_set_trace(w, NULL, NULL);
	assert_int_equal(t.n, 3);
	snprintf(want, sizeof(want), "__anon_vma_prepare(vma=%u start=%#lx)", vma->id, BASE);
	assert_string_equal(t.lines[0], want);
	snprintf(want, sizeof(want), "folio_add_new_anon_rmap(pfn=%#lx order=0 addr=%#lx flags=1)",
		 folio_pfn(folio), BASE);
	assert_string_equal(t.lines[1], want);
	assert_non_null(strstr(t.lines[2], "folio_remove_rmap_ptes("));
	mmsim_destroy(w);
}

static const struct CMUnitTest rmap_tests[] = {
	cmocka_unit_test(test_vma_address),
	cmocka_unit_test(test_new_anon_small_exclusive),
	cmocka_unit_test(test_new_anon_shared_uses_root),
	cmocka_unit_test(test_new_anon_unlocked_shared_warns),
	cmocka_unit_test(test_new_anon_mthp),
	cmocka_unit_test(test_new_anon_pmd),
	cmocka_unit_test(test_small_remove_then_readd),
	cmocka_unit_test(test_mthp_add_ptes_some_pages),
	cmocka_unit_test(test_mthp_partial_unmap_deferred_split),
	cmocka_unit_test(test_mthp_full_unmap_not_queued),
	cmocka_unit_test(test_file_mthp_partial_not_queued),
	cmocka_unit_test(test_pmd_folio_pte_mapped_too),
	cmocka_unit_test(test_pmd_add_after_ptes),
	cmocka_unit_test(test_pmd_remove_to_zero),
	cmocka_unit_test(test_pmd_exclusive_twice_warns),
	cmocka_unit_test(test_pte_exclusive_on_mapped_page_warns),
	cmocka_unit_test(test_dup_small_clears_exclusive),
	cmocka_unit_test(test_dup_small_maybe_pinned_ebusy),
	cmocka_unit_test(test_dup_small_refcount_below_bias),
	cmocka_unit_test(test_dup_mthp_ptes_and_pincount),
	cmocka_unit_test(test_dup_pmd),
	cmocka_unit_test(test_share_pte),
	cmocka_unit_test(test_share_pmd),
	cmocka_unit_test(test_file_rmap_small),
	cmocka_unit_test(test_file_rmap_pmd_stats),
	cmocka_unit_test(test_dup_file_rmap_pmd_counts_ptes),
	cmocka_unit_test(test_wild_page_small_folio),
	cmocka_unit_test(test_wild_page_large_folio),
	cmocka_unit_test(test_sanity_hugetlb_folio_warns),
	cmocka_unit_test(test_sanity_pmd_small_folio_warns),
	cmocka_unit_test(test_sanity_zero_folio_warns),
	cmocka_unit_test(test_page_check_anon_rmap_index_bug),
	cmocka_unit_test(test_page_check_anon_rmap_foreign_anon_vma_bug),
	cmocka_unit_test(test_add_new_anon_outside_vma_bug),
	cmocka_unit_test(test_hugetlb_rmap),
	cmocka_unit_test(test_hugetlb_share_and_file),
	cmocka_unit_test(test_anon_vma_prepare_new_root),
	cmocka_unit_test(test_anon_vma_prepare_needs_mmap_lock),
	cmocka_unit_test(test_anon_vma_prepare_reuses_neighbour),
	cmocka_unit_test(test_anon_vma_fork_chain),
	cmocka_unit_test(test_anon_vma_fork_reuses_orphan),
	cmocka_unit_test(test_unlink_anon_vmas_frees_all),
	cmocka_unit_test(test_get_put_anon_vma),
	cmocka_unit_test(test_anon_vma_clone_split),
	cmocka_unit_test(test_rmap_walk_anon_fork_order),
	cmocka_unit_test(test_rmap_walk_anon_pgoff_range),
	cmocka_unit_test(test_rmap_walk_controls),
	cmocka_unit_test(test_rmap_walk_done_stops),
	cmocka_unit_test(test_rmap_walk_file_order_and_range),
	cmocka_unit_test(test_vma_interval_tree_iter),
	cmocka_unit_test(test_rmap_walk_file_unlocked_folio_bugs),
	cmocka_unit_test(test_rmap_walk_try_lock_contended),
	cmocka_unit_test(test_rmap_walk_ksm_not_modelled),
	cmocka_unit_test(test_folio_lock_anon_vma_read),
	cmocka_unit_test(test_lock_anon_vma_read_as_anon_lock),
	cmocka_unit_test(test_folio_get_anon_vma),
	cmocka_unit_test(test_page_address_in_vma),
	cmocka_unit_test(test_folio_move_anon_rmap),
	cmocka_unit_test(test_anon_vma_interval_tree_update_resorts),
	cmocka_unit_test(test_trace_names_kernel_functions),
};

MMSIM_TEST_MAIN(rmap_tests)
