// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/filemap.c (page cache part), sim/mm/truncate.c and
 * sim/fs/file_table.c: files and their fill rule, filemap_fault() (major
 * and minor, EOF, OOM, a contended folio lock), page-cache references and
 * statistics, filemap_remove_folio(), and file references.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)

struct fsetup {
	struct mmsim *w;
	struct mm_struct *mm;
	struct file *f;
	struct vm_area_struct *vma;
};

static void fsetup(struct fsetup *s, unsigned long pages, unsigned long pgoff)
{
	long a;

	s->w = mmsim_test_world(17);
	s->mm = mm_alloc(s->w);
	s->f = mmsim_file_create(s->w, "data", pages * PAGE_SIZE, 0x1000, true);
	a = do_mmap(s->mm, s->f, 0, pages * PAGE_SIZE, RW, MAP_SHARED, pgoff, 0);
	assert_true(a > 0);
	s->vma = vma_lookup(s->mm, (unsigned long)a);
}

static vm_fault_t do_filemap_fault(struct fsetup *s, pgoff_t pgoff, unsigned int flags,
				   struct vm_fault *vmf)
{
	*vmf = (struct vm_fault){
		.vma = s->vma,
		.pgoff = pgoff,
		.address = s->vma->vm_start + ((pgoff - s->vma->vm_pgoff) << PAGE_SHIFT),
		.flags = flags,
	};
	return filemap_fault(vmf);
}

static void test_file_create(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct file *f = mmsim_file_create(w, "a-rather-long-file-name-of-more-than-31-chars",
					   3 * PAGE_SIZE + 1, 7, false);
	struct file *g = mmsim_file_create(w, "g", PAGE_SIZE, 100, true);

	(void)state;
	assert_int_equal(f->mapping.nr_index, 4);
	assert_int_equal(f->mapping.nrpages, 0);
	assert_ptr_equal(f->f_mapping, &f->mapping);
	assert_ptr_equal(f->mapping.host, f);
	assert_int_equal(f->f_count, 1);
	assert_false(f->mapping.shmem);
	assert_int_equal(strlen(f->name), sizeof(f->name) - 1);
	assert_int_equal(g->id, f->id + 1);
	assert_ptr_equal(list_last_entry(&w->file_list, struct file, list), g);
	assert_int_equal(mmsim_file_disk_value(f, 0), 7);
	assert_int_equal(mmsim_file_disk_value(f, 3), 7);
	assert_int_equal(mmsim_file_disk_value(g, 0), 100);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_filemap_fault_major_then_minor(void **state)
{
	struct fsetup s;
	struct vm_fault vmf;
	struct folio *folio;
	long file_pages, inactive_file;

	(void)state;
	fsetup(&s, 4, 0);
	file_pages = mt_stat(s.w, NR_FILE_PAGES);
	inactive_file = mt_stat(s.w, NR_INACTIVE_FILE);
	assert_int_equal(do_filemap_fault(&s, 2, FAULT_FLAG_KILLABLE, &vmf),
			 VM_FAULT_MAJOR | VM_FAULT_LOCKED);
	folio = page_folio(vmf.page);
	assert_true(folio_test_locked(folio));
	assert_true(folio_test_uptodate(folio));
	assert_false(folio_test_swapbacked(folio));
	assert_true(folio_test_lru(folio));
	/* the cache's reference and the fault's */
	assert_int_equal(folio_ref_count(folio), 2);
	assert_ptr_equal(folio->mapping, &s.f->mapping);
	assert_int_equal(folio->index, 2);
	assert_int_equal(vmf.page->content, 0x1002);
	assert_int_equal(s.f->mapping.nrpages, 1);
	assert_ptr_equal(s.f->mapping.pages[2], folio);
	assert_int_equal(mt_stat(s.w, NR_FILE_PAGES), file_pages + 1);
	assert_int_equal(mt_stat(s.w, NR_SHMEM), 0);
	assert_int_equal(mt_stat(s.w, NR_INACTIVE_FILE), inactive_file + 1);
	folio_unlock(folio);
	folio_put(folio);
	assert_int_equal(folio_ref_count(folio), 1);
	/* cached now: a minor fault, same folio */
	assert_int_equal(do_filemap_fault(&s, 2, FAULT_FLAG_KILLABLE, &vmf), VM_FAULT_LOCKED);
	assert_ptr_equal(page_folio(vmf.page), folio);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(s.f->mapping.nrpages, 1);
	folio_unlock(folio);
	folio_put(folio);
	mmsim_test_check(s.w);
	mmsim_destroy(s.w);
}

static void test_filemap_fault_sigbus_and_oom(void **state)
{
	struct fsetup s;
	struct vm_fault vmf;

	(void)state;
	fsetup(&s, 2, 0);
	assert_int_equal(do_filemap_fault(&s, 2, 0, &vmf), VM_FAULT_SIGBUS);
	assert_int_equal(mmsim_inject_arm(s.w, "alloc:fail", 1, true, NULL, NULL), 0);
	assert_int_equal(do_filemap_fault(&s, 0, 0, &vmf), VM_FAULT_OOM);
	assert_int_equal(s.f->mapping.nrpages, 0);
	/* the injection fired once; the next fault succeeds */
	assert_int_equal(do_filemap_fault(&s, 0, 0, &vmf), VM_FAULT_MAJOR | VM_FAULT_LOCKED);
	folio_unlock(page_folio(vmf.page));
	folio_put(page_folio(vmf.page));
	mmsim_test_check(s.w);
	mmsim_destroy(s.w);
}

static void test_filemap_fault_contended_lock(void **state)
{
	struct fsetup s;
	struct vm_fault vmf;
	struct folio *folio;

	(void)state;
	fsetup(&s, 1, 0);
	assert_int_equal(do_filemap_fault(&s, 0, 0, &vmf), VM_FAULT_MAJOR | VM_FAULT_LOCKED);
	folio = page_folio(vmf.page);
	folio_put(folio);
	/* still locked: another task holds it and never lets go */
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	assert_int_equal(do_filemap_fault(&s, 0, FAULT_FLAG_KILLABLE, &vmf), VM_FAULT_RETRY);
	assert_int_equal(do_filemap_fault(&s, 0, FAULT_FLAG_RETRY_NOWAIT, &vmf), VM_FAULT_RETRY);
	assert_int_equal(folio_ref_count(folio), 1);
	/* the holder finishes when we wait */
	set_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	assert_int_equal(do_filemap_fault(&s, 0, FAULT_FLAG_KILLABLE, &vmf), VM_FAULT_LOCKED);
	assert_int_equal(folio_ref_count(folio), 2);
	folio_unlock(folio);
	folio_put(folio);
	mmsim_test_check(s.w);
	mmsim_destroy(s.w);
}

/*
 * A first try that may retry sleeps on a contended folio lock without the
 * mmap_lock (maybe_unlock_mmap_for_io()), so it answers VM_FAULT_RETRY even
 * after getting the lock; the FAULT_FLAG_TRIED retry keeps the lock.
 */
static void test_filemap_fault_contended_lock_allow_retry(void **state)
{
	const unsigned int first = FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE;
	struct fsetup s;
	struct vm_fault vmf;
	struct folio *folio;

	(void)state;
	fsetup(&s, 1, 0);
	assert_int_equal(do_filemap_fault(&s, 0, 0, &vmf), VM_FAULT_MAJOR | VM_FAULT_LOCKED);
	folio = page_folio(vmf.page);
	folio_put(folio);
	/* the holder finishes when we wait: we sleep, then retry from scratch */
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	set_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	assert_int_equal(do_filemap_fault(&s, 0, first, &vmf), VM_FAULT_RETRY);
	assert_false(folio_test_locked(folio));
	assert_false(test_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_false(s.w->fatal_signal_pending);
	/* the retry finds it unlocked */
	assert_int_equal(do_filemap_fault(&s, 0, first | FAULT_FLAG_TRIED, &vmf),
			 VM_FAULT_LOCKED);
	assert_int_equal(folio_ref_count(folio), 2);
	folio_unlock(folio);
	folio_put(folio);
	/* a retry that waits for a holder that lets go keeps the lock */
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	set_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	folio_set_locked(folio);
	assert_int_equal(do_filemap_fault(&s, 0, first | FAULT_FLAG_TRIED, &vmf),
			 VM_FAULT_LOCKED);
	folio_unlock(folio);
	folio_put(folio);
	/* a holder that never lets go: the killable sleep ends with a signal */
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	folio_set_locked(folio);
	assert_int_equal(do_filemap_fault(&s, 0, first, &vmf), VM_FAULT_RETRY);
	assert_true(s.w->fatal_signal_pending);
	assert_int_equal(folio_ref_count(folio), 1);
	clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	folio_unlock(folio);
	mmsim_test_check(s.w);
	mmsim_destroy(s.w);
}

static void test_filemap_fault_via_handle_mm_fault(void **state)
{
	struct fsetup s;
	struct folio *folio;
	pte_t pte;

	(void)state;
	fsetup(&s, 4, 1);
	mmap_read_lock(s.mm);
	assert_int_equal(handle_mm_fault(s.vma, s.vma->vm_start + PAGE_SIZE, 0, NULL) &
			 VM_FAULT_ERROR, 0);
	mmap_read_unlock(s.mm);
	/* VMA page 1 is file page 2 (vm_pgoff 1) */
	folio = s.f->mapping.pages[2];
	assert_non_null(folio);
	assert_int_equal(folio->page.content, 0x1002);
	pte = *pte_offset_map(s.w, mm_find_pmd(s.mm, s.vma->vm_start), s.vma->vm_start + PAGE_SIZE);
	assert_int_equal(pte_pfn(pte), folio_pfn(folio));
	assert_false(pte_write(pte));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(folio_mapcount(folio), 1);
	assert_false(folio_test_locked(folio));
	assert_int_equal(get_mm_counter(s.mm, MM_FILEPAGES), 1);
	/* munmap drops the mapping's reference; the cache keeps the folio */
	assert_int_equal(do_munmap(s.mm, s.vma->vm_start, 4 * PAGE_SIZE), 0);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(folio_mapcount(folio), 0);
	assert_int_equal(s.f->mapping.nrpages, 1);
	assert_int_equal(mmsim_nr_warn(s.w), 0);
	assert_int_equal(mmsim_nr_bug(s.w), 0);
	mmsim_test_check(s.w);
	mmsim_destroy(s.w);
}

static void test_filemap_add_get_remove(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct file *f = mmsim_file_create(w, "f", 2 * PAGE_SIZE, 0, false);
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	struct folio *other = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	long file_pages = mt_stat(w, NR_FILE_PAGES);
	long freepages;

	(void)state;
	assert_null(filemap_get_folio(&f->mapping, 1));
	assert_int_equal(filemap_add_folio(&f->mapping, folio, 1, GFP_HIGHUSER_MOVABLE), 0);
	assert_true(folio_test_locked(folio));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(mt_stat(w, NR_FILE_PAGES), file_pages + 1);
	assert_int_equal(filemap_add_folio(&f->mapping, other, 1, GFP_HIGHUSER_MOVABLE), -EEXIST);
	assert_false(folio_test_locked(other));
	assert_int_equal(folio_ref_count(other), 1);
	assert_int_equal(filemap_add_folio(&f->mapping, other, 2, GFP_HIGHUSER_MOVABLE), -EINVAL);
	folio_put(other);
	assert_ptr_equal(filemap_get_folio(&f->mapping, 1), folio);
	assert_int_equal(folio_ref_count(folio), 3);
	folio_put(folio);
	/* remove: the cache's reference goes, ours stays */
	filemap_remove_folio(folio);
	assert_null(folio->mapping);
	assert_null(f->mapping.pages[1]);
	assert_int_equal(f->mapping.nrpages, 0);
	assert_int_equal(mt_stat(w, NR_FILE_PAGES), file_pages);
	assert_int_equal(folio_ref_count(folio), 1);
	folio_unlock(folio);
	freepages = mt_stat(w, NR_FREE_PAGES);
	folio_put(folio);
	assert_int_equal(mt_stat(w, NR_FREE_PAGES), freepages + 1);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fput_keeps_named_files(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct file *f = mmsim_file_create(w, "f", PAGE_SIZE, 0, false);

	(void)state;
	assert_ptr_equal(get_file(f), f);
	assert_int_equal(f->f_count, 2);
	fput(f);
	assert_int_equal(f->f_count, 1);
	assert_ptr_equal(list_first_entry(&w->file_list, struct file, list), f);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static const struct CMUnitTest filemap_tests[] = {
	cmocka_unit_test(test_file_create),
	cmocka_unit_test(test_filemap_fault_major_then_minor),
	cmocka_unit_test(test_filemap_fault_sigbus_and_oom),
	cmocka_unit_test(test_filemap_fault_contended_lock_allow_retry),
	cmocka_unit_test(test_filemap_fault_contended_lock),
	cmocka_unit_test(test_filemap_fault_via_handle_mm_fault),
	cmocka_unit_test(test_filemap_add_get_remove),
	cmocka_unit_test(test_fput_keeps_named_files),
};

MMSIM_TEST_MAIN(filemap_tests)
