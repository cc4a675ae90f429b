// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/shmem.c: shmem objects, shmem_fault() (new zeroed swapbacked
 * folios in the cache, NR_SHMEM, the anon LRU, EOF, OOM), sharing through
 * the cache, and the truncation when the last mapping goes.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_SHARED (MAP_SHARED | MAP_ANONYMOUS)

static vm_fault_t do_shmem_fault(struct vm_area_struct *vma, pgoff_t pgoff, struct vm_fault *vmf)
{
	*vmf = (struct vm_fault){
		.vma = vma,
		.pgoff = pgoff,
		.address = vma->vm_start + (pgoff << PAGE_SHIFT),
	};
	return shmem_fault(vmf);
}

static void test_shmem_file_setup(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct file *f = shmem_file_setup(w, "obj", 5 * PAGE_SIZE);

	(void)state;
	assert_true(f->mapping.shmem);
	assert_false(f->mapping.hugetlb);
	assert_int_equal(f->mapping.nr_index, 5);
	assert_int_equal(f->f_count, 1);
	assert_string_equal(f->name, "obj");
	assert_ptr_equal(list_last_entry(&w->file_list, struct file, list), f);
	fput(f);
	assert_true(list_empty(&w->file_list));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_shmem_fault_new_folio(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long a = do_mmap(mm, NULL, 0, 2 * PAGE_SIZE, RW, ANON_SHARED, 0, 0);
	struct vm_area_struct *vma = vma_lookup(mm, (unsigned long)a);
	long shmem = mt_stat(w, NR_SHMEM), file = mt_stat(w, NR_FILE_PAGES);
	long inactive_anon = mt_stat(w, NR_INACTIVE_ANON);
	struct vm_fault vmf;
	struct folio *folio;

	(void)state;
	assert_int_equal(do_shmem_fault(vma, 1, &vmf), VM_FAULT_LOCKED);
	folio = page_folio(vmf.page);
	assert_true(folio_test_locked(folio));
	assert_true(folio_test_swapbacked(folio));
	assert_true(folio_test_uptodate(folio));
	assert_false(folio_test_anon(folio));
	assert_int_equal(vmf.page->content, 0);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(folio->index, 1);
	assert_int_equal(mt_stat(w, NR_SHMEM), shmem + 1);
	assert_int_equal(mt_stat(w, NR_FILE_PAGES), file + 1);
	/* swapbacked: the anon LRU */
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), inactive_anon + 1);
	folio_unlock(folio);
	folio_put(folio);
	/* the cached folio again */
	vmf.page = NULL;
	assert_int_equal(do_shmem_fault(vma, 1, &vmf), VM_FAULT_LOCKED);
	assert_ptr_equal(page_folio(vmf.page), folio);
	assert_int_equal(mt_stat(w, NR_SHMEM), shmem + 1);
	folio_unlock(folio);
	folio_put(folio);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_shmem_fault_sigbus_oom(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long a = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_SHARED, 0, 0);
	struct vm_area_struct *vma = vma_lookup(mm, (unsigned long)a);
	struct vm_fault vmf;

	(void)state;
	assert_int_equal(do_shmem_fault(vma, 1, &vmf), VM_FAULT_SIGBUS);
	assert_int_equal(mmsim_inject_arm(w, "alloc:fail", 1, true, NULL, NULL), 0);
	assert_int_equal(do_shmem_fault(vma, 0, &vmf), VM_FAULT_OOM);
	assert_int_equal(vma->vm_file->mapping.nrpages, 0);
	assert_int_equal(mt_stat(w, NR_SHMEM), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* write through one mapping, the folio is shared through the cache; munmap frees it */
static void test_shmem_shared_and_truncated(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long a = do_mmap(mm, NULL, 0, 2 * PAGE_SIZE, RW, ANON_SHARED, 0, 0);
	struct vm_area_struct *vma = vma_lookup(mm, (unsigned long)a);
	long freepages = mt_stat(w, NR_FREE_PAGES);
	struct folio *folio;
	pte_t pte;

	(void)state;
	mmap_read_lock(mm);
	assert_int_equal(handle_mm_fault(vma, (unsigned long)a, FAULT_FLAG_WRITE, NULL) &
			 VM_FAULT_ERROR, 0);
	mmap_read_unlock(mm);
	folio = vma->vm_file->mapping.pages[0];
	assert_non_null(folio);
	pte = *pte_offset_map(w, mm_find_pmd(mm, (unsigned long)a), (unsigned long)a);
	/* shmem wants no write-notify: the write maps it writable at once */
	assert_true(pte_write(pte));
	assert_int_equal(pte_pfn(pte), folio_pfn(folio));
	assert_true(folio_test_dirty(folio));
	assert_int_equal(get_mm_counter(mm, MM_SHMEMPAGES), 1);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(mt_stat(w, NR_SHMEM), 1);
	/* the last VMA goes: the object is truncated and freed */
	assert_int_equal(do_munmap(mm, (unsigned long)a, 2 * PAGE_SIZE), 0);
	assert_int_equal(get_mm_counter(mm, MM_SHMEMPAGES), 0);
	assert_int_equal(mt_stat(w, NR_SHMEM), 0);
	assert_int_equal(mt_stat(w, NR_FILE_PAGES), 0);
	assert_int_equal(mt_stat(w, NR_FREE_PAGES), freepages);
	assert_true(list_empty(&w->file_list));
	assert_int_equal(mmsim_nr_bad_page(w), 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_vma_is_shmem(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", PAGE_SIZE, 0, false);
	long s = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_SHARED, 0, 0);
	long p = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0, 0);
	long fs = do_mmap(mm, f, 0, PAGE_SIZE, RW, MAP_SHARED, 0, 0);

	(void)state;
	assert_true(vma_is_shmem(vma_lookup(mm, (unsigned long)s)));
	assert_false(vma_is_shmem(vma_lookup(mm, (unsigned long)p)));
	assert_false(vma_is_shmem(vma_lookup(mm, (unsigned long)fs)));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static const struct CMUnitTest shmem_tests[] = {
	cmocka_unit_test(test_shmem_file_setup),
	cmocka_unit_test(test_shmem_fault_new_folio),
	cmocka_unit_test(test_shmem_fault_sigbus_oom),
	cmocka_unit_test(test_shmem_shared_and_truncated),
	cmocka_unit_test(test_vma_is_shmem),
};

MMSIM_TEST_MAIN(shmem_tests)
