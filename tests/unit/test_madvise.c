// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/madvise.c: the VM-flag advices and their VMA splits, validation
 * and -ENOMEM for holes, advices not modelled yet, MADV_DONTNEED and
 * MADV_FREE (clean, old, lazyfree on the inactive file LRU).
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <string.h>

#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static unsigned long map_anon(struct mm_struct *mm, unsigned long pages)
{
	return mt_map_anon(mm, pages * PAGE_SIZE);
}

static void test_madvise_hugepage_splits(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 4);
	unsigned int id = vma_lookup(mm, a)->id;
	struct vm_area_struct *mid;

	(void)state;
	assert_int_equal(do_madvise(mm, a + PAGE_SIZE, 2 * PAGE_SIZE, MADV_HUGEPAGE), 0);
	assert_int_equal(mm->map_count, 3);
	mid = vma_lookup(mm, a + PAGE_SIZE);
	assert_int_equal(mid->id, id);
	assert_int_equal(mid->vm_start, a + PAGE_SIZE);
	assert_int_equal(mid->vm_end, a + 3 * PAGE_SIZE);
	assert_true(mid->vm_flags & VM_HUGEPAGE);
	assert_false(vma_lookup(mm, a)->vm_flags & VM_HUGEPAGE);
	assert_false(vma_lookup(mm, a + 3 * PAGE_SIZE)->vm_flags & VM_HUGEPAGE);
	/* again: nothing changes, nothing splits */
	assert_int_equal(do_madvise(mm, a + PAGE_SIZE, PAGE_SIZE, MADV_HUGEPAGE), 0);
	assert_int_equal(mm->map_count, 3);
	/* NOHUGEPAGE replaces HUGEPAGE */
	assert_int_equal(do_madvise(mm, a + PAGE_SIZE, 2 * PAGE_SIZE, MADV_NOHUGEPAGE), 0);
	assert_int_equal(mid->vm_flags & (VM_HUGEPAGE | VM_NOHUGEPAGE), VM_NOHUGEPAGE);
	assert_int_equal(mm->mmap_lock, 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_dontfork_dofork(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 2);
	struct vm_area_struct *vma = vma_lookup(mm, a);

	(void)state;
	assert_int_equal(do_madvise(mm, a, 2 * PAGE_SIZE, MADV_DONTFORK), 0);
	assert_true(vma->vm_flags & VM_DONTCOPY);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_DOFORK), 0);
	assert_false(vma->vm_flags & VM_DONTCOPY);
	assert_int_equal(vma->vm_end, a + PAGE_SIZE);
	assert_true(vma_lookup(mm, a + PAGE_SIZE)->vm_flags & VM_DONTCOPY);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_wipeonfork(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", PAGE_SIZE, 0, false);
	unsigned long a = map_anon(mm, 1);
	long s = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, 0, 0);
	long p = do_mmap(mm, f, 0, PAGE_SIZE, RW, MAP_PRIVATE, 0, 0);

	(void)state;
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_WIPEONFORK), 0);
	assert_true(vma_lookup(mm, a)->vm_flags & VM_WIPEONFORK);
	assert_int_equal(do_madvise(mm, (unsigned long)s, PAGE_SIZE, MADV_WIPEONFORK), -EINVAL);
	assert_int_equal(do_madvise(mm, (unsigned long)p, PAGE_SIZE, MADV_WIPEONFORK), -EINVAL);
	assert_false(vma_lookup(mm, (unsigned long)s)->vm_flags & VM_WIPEONFORK);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_KEEPONFORK), 0);
	assert_false(vma_lookup(mm, a)->vm_flags & VM_WIPEONFORK);
	/* KEEPONFORK refuses only VM_DROPPABLE in the kernel: fine on a file */
	assert_int_equal(do_madvise(mm, (unsigned long)p, PAGE_SIZE, MADV_KEEPONFORK), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_mergeable(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 2);
	long s = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, 0, 0);

	(void)state;
	assert_false(test_bit_ul(MMF_VM_MERGEABLE, &mm->flags));
	/* shared VMAs ignore the advice */
	assert_int_equal(do_madvise(mm, (unsigned long)s, PAGE_SIZE, MADV_MERGEABLE), 0);
	assert_false(vma_lookup(mm, (unsigned long)s)->vm_flags & VM_MERGEABLE);
	assert_false(test_bit_ul(MMF_VM_MERGEABLE, &mm->flags));
	assert_int_equal(do_madvise(mm, a, 2 * PAGE_SIZE, MADV_MERGEABLE), 0);
	assert_true(vma_lookup(mm, a)->vm_flags & VM_MERGEABLE);
	assert_true(test_bit_ul(MMF_VM_MERGEABLE, &mm->flags));
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_UNMERGEABLE), 0);
	assert_false(vma_lookup(mm, a)->vm_flags & VM_MERGEABLE);
	assert_true(vma_lookup(mm, a + PAGE_SIZE)->vm_flags & VM_MERGEABLE);
	/* the mm stays registered */
	assert_true(test_bit_ul(MMF_VM_MERGEABLE, &mm->flags));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_validation(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 2);

	(void)state;
	assert_int_equal(do_madvise(mm, a + 1, PAGE_SIZE, MADV_DONTFORK), -EINVAL);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, 77), -EINVAL);
	assert_int_equal(do_madvise(mm, a, (size_t)-1, MADV_DONTFORK), -EINVAL);
	assert_int_equal(do_madvise(mm, a, 0, MADV_DONTFORK), 0);
	/* nothing mapped */
	assert_int_equal(do_madvise(mm, 0x10000000UL, PAGE_SIZE, MADV_DONTFORK), -ENOMEM);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_hole_enomem_after_applying(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 1);
	unsigned long b = map_anon(mm, 1);
	long c = do_mmap(mm, NULL, b - 3 * PAGE_SIZE, PAGE_SIZE, RW,
			 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0);

	(void)state;
	assert_int_equal(b, a - PAGE_SIZE);
	/* [c, a + 1 page): c, a hole of two pages, b and a */
	assert_int_equal(do_madvise(mm, (unsigned long)c, 4 * PAGE_SIZE + PAGE_SIZE,
				    MADV_DONTFORK), -ENOMEM);
	assert_true(vma_lookup(mm, (unsigned long)c)->vm_flags & VM_DONTCOPY);
	assert_true(vma_lookup(mm, b)->vm_flags & VM_DONTCOPY);
	assert_true(vma_lookup(mm, a)->vm_flags & VM_DONTCOPY);
	/* a range ending in a hole after the last VMA */
	assert_int_equal(do_madvise(mm, a, 2 * PAGE_SIZE, MADV_DOFORK), -ENOMEM);
	assert_false(vma_lookup(mm, a)->vm_flags & VM_DONTCOPY);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_not_modelled(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 1);

	(void)state;
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_COLD), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: MADV_COLD"));
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_PAGEOUT), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: MADV_PAGEOUT"));
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_COLLAPSE), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: MADV_COLLAPSE"));
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_HWPOISON), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: MADV_HWPOISON"));
	/* MADV_WILLNEED (3): valid for the kernel, not modelled */
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, 3), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: this madvise advice"));
	/* validation comes first */
	assert_int_equal(do_madvise(mm, a + 1, PAGE_SIZE, MADV_COLD), -EINVAL);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_dontneed_zaps(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 3);
	long freepages = mt_stat(w, NR_FREE_PAGES);
	unsigned long clears = w->nr_mmu_notify[MMU_NOTIFY_CLEAR];

	(void)state;
	for (int i = 0; i < 3; i++)
		mt_fault(mm, a + i * PAGE_SIZE, FAULT_FLAG_WRITE);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 3);
	assert_int_equal(do_madvise(mm, a + PAGE_SIZE, 2 * PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_true(pte_present(*mt_pte_of(mm, a)));
	assert_true(pte_none(*mt_pte_of(mm, a + PAGE_SIZE)));
	assert_true(pte_none(*mt_pte_of(mm, a + 2 * PAGE_SIZE)));
	assert_int_equal(mt_stat(w, NR_ANON_MAPPED), 1);
	assert_int_equal(mt_stat(w, NR_FREE_PAGES), freepages - 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_CLEAR], clears + 1);
	/* no VMA change */
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(mm->mmap_lock, 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_dontneed_hugetlb_alignment(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long a = do_mmap(mm, NULL, 0, 2UL << 20, RW, ANON_PRIV | MAP_HUGETLB, 0, 0);

	(void)state;
	assert_int_equal(do_madvise(mm, (unsigned long)a + PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED),
			 -EINVAL);
	/* end rounded down to 2 MiB: nothing left to do */
	assert_int_equal(do_madvise(mm, (unsigned long)a, PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(do_madvise(mm, (unsigned long)a, 2UL << 20, MADV_FREE), -EINVAL);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_free_lazyfree(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 2);
	struct folio *folio;
	pte_t *ptep;
	long inactive_anon, inactive_file;

	(void)state;
	mt_fault(mm, a, FAULT_FLAG_WRITE);
	ptep = mt_pte_of(mm, a);
	folio = pfn_folio(w, pte_pfn(*ptep));
	assert_true(pte_dirty(*ptep));
	assert_true(pte_young(*ptep));
	assert_true(folio_test_swapbacked(folio));
	assert_true(folio_test_lru(folio));
	folio_set_dirty(folio);
	inactive_anon = mt_stat(w, NR_INACTIVE_ANON);
	inactive_file = mt_stat(w, NR_INACTIVE_FILE);
	assert_int_equal(do_madvise(mm, a, 2 * PAGE_SIZE, MADV_FREE), 0);
	assert_true(pte_present(*ptep));
	assert_false(pte_dirty(*ptep));
	assert_false(pte_young(*ptep));
	/* soft-dirty is not a dirty bit here */
	assert_true(pte_soft_dirty(*ptep));
	assert_false(folio_test_dirty(folio));
	assert_false(folio_test_swapbacked(folio));
	assert_false(folio_test_active(folio));
	assert_true(folio_test_lru(folio));
	assert_int_equal(mt_stat(w, NR_INACTIVE_ANON), inactive_anon - 1);
	assert_int_equal(mt_stat(w, NR_INACTIVE_FILE), inactive_file + 1);
	/* still mapped and counted as anon */
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_free_shared_folio_keeps_dirty(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 1);
	struct folio *folio;

	(void)state;
	mt_fault(mm, a, FAULT_FLAG_WRITE);
	folio = pfn_folio(w, pte_pfn(*mt_pte_of(mm, a)));
	folio_set_dirty(folio);
	/* as if another process mapped it too (after fork) */
	atomic_inc(&folio->_mapcount);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_FREE), 0);
	assert_true(folio_test_dirty(folio));
	assert_true(folio_test_swapbacked(folio));
	atomic_dec(&folio->_mapcount);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_madvise_free_file_einval(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", PAGE_SIZE, 0, false);
	long p = do_mmap(mm, f, 0, PAGE_SIZE, RW, MAP_PRIVATE, 0, 0);
	long s = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, 0, 0);

	(void)state;
	assert_int_equal(do_madvise(mm, (unsigned long)p, PAGE_SIZE, MADV_FREE), -EINVAL);
	assert_int_equal(do_madvise(mm, (unsigned long)s, PAGE_SIZE, MADV_FREE), -EINVAL);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static const struct CMUnitTest madvise_tests[] = {
	cmocka_unit_test(test_madvise_hugepage_splits),
	cmocka_unit_test(test_madvise_dontfork_dofork),
	cmocka_unit_test(test_madvise_wipeonfork),
	cmocka_unit_test(test_madvise_mergeable),
	cmocka_unit_test(test_madvise_validation),
	cmocka_unit_test(test_madvise_hole_enomem_after_applying),
	cmocka_unit_test(test_madvise_not_modelled),
	cmocka_unit_test(test_madvise_dontneed_zaps),
	cmocka_unit_test(test_madvise_dontneed_hugetlb_alignment),
	cmocka_unit_test(test_madvise_free_lazyfree),
	cmocka_unit_test(test_madvise_free_shared_folio_keeps_dirty),
	cmocka_unit_test(test_madvise_free_file_einval),
};

MMSIM_TEST_MAIN(madvise_tests)
