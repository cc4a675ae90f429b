// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/fs/proc/task_mmu.c: clear_refs_write() with CLEAR_REFS_SOFT_DIRTY on
 * present PTEs, device-exclusive swap PTEs, PMD-mapped THPs and pinned
 * pages; the notifier range; the types not modelled yet.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <mmsim/kernel/task_mmu.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned long map(struct mm_struct *mm, unsigned long len, unsigned long prot)
{
	return mt_mmap(mm, NULL, len, prot, ANON_PRIV);
}

struct sd_recorder {
	struct mmu_notifier mn;
	unsigned int nr;
	unsigned long start, end;
};

static int sd_start(struct mmu_notifier *sub, const struct mmu_notifier_range *range)
{
	struct sd_recorder *r = container_of(sub, struct sd_recorder, mn);

	if (range->event == MMU_NOTIFY_SOFT_DIRTY) {
		r->nr++;
		r->start = range->start;
		r->end = range->end;
	}
	return 0;
}

static const struct mmu_notifier_ops sd_ops = {
	.invalidate_range_start = sd_start,
};

/* a written page is soft-dirty; clear_refs write-protects and cleans it; a write faults */
static void test_clear_refs_present_pte(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2 * PAGE_SIZE, RW);
	struct sd_recorder r;
	unsigned long faults = 0;
	pte_t pte;

	(void)state;
	mt_wr(mm, a, 1);
	assert_true(vma_lookup(mm, a)->vm_flags & VM_SOFTDIRTY);
	assert_true(pte_soft_dirty(mt_pte_at(mm, a)));
	assert_true(pte_write(mt_pte_at(mm, a)));
	memset(&r, 0, sizeof(r));
	r.mn.ops = &sd_ops;
	assert_int_equal(mmu_notifier_register(&r.mn, mm), 0);

	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_SOFT_DIRTY), 0);
	assert_false(vma_lookup(mm, a)->vm_flags & VM_SOFTDIRTY);
	pte = mt_pte_at(mm, a);
	assert_true(pte_present(pte));
	assert_false(pte_write(pte));
	assert_false(pte_soft_dirty(pte));
	assert_true(pte_val(pte) & _PAGE_DIRTY);	/* the dirty bit stays */
	assert_int_equal(r.nr, 1);
	assert_int_equal(r.start, 0);
	assert_int_equal(r.end, -1UL);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);

	mmsim_set_trace(w, mt_count_faults, &faults);
	mt_wr(mm, a, 2);
	mmsim_set_trace(w, NULL, NULL);
	assert_int_equal(faults, 1);
	pte = mt_pte_at(mm, a);
	assert_true(pte_write(pte));
	assert_true(pte_soft_dirty(pte));
	/* a page faulted in while tracking is on is soft-dirty from the start */
	mt_wr(mm, a + PAGE_SIZE, 3);
	assert_true(pte_soft_dirty(mt_pte_at(mm, a + PAGE_SIZE)));
	mmsim_test_check(w);
	mmu_notifier_unregister(&r.mn, mm);
	mmput(mm);
	mmsim_destroy(w);
}

/* a device-exclusive entry loses its swap soft-dirty bit and stays an entry */
static void devexcl_case(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PAGE_SIZE, RW);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	pmd_t *pmd;
	pte_t *ptep, old, swp;
	struct folio *f;
	swp_entry_t e;

	mt_wr(mm, a, 1);
	pmd = mm_find_pmd(mm, a);
	ptep = pte_offset_map(w, pmd, a);
	f = vm_normal_folio(vma, a, ptep_get(ptep));
	old = ptep_clear_flush(vma, a, ptep);
	folio_mark_dirty(f);
	e = series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) ?
	    make_device_exclusive_entry(w, folio_pfn(f)) :
	    make_writable_device_exclusive_entry(w, folio_pfn(f));
	swp = swp_entry_to_pte(e);
	assert_true(pte_soft_dirty(old));
	swp = pte_swp_mksoft_dirty(swp);
	if (!series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
		folio_remove_rmap_pte(f, &f->page, vma);
	set_pte_at(mm, a, ptep, swp);
	mmsim_test_check(w);

	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_SOFT_DIRTY), 0);
	swp = ptep_get(ptep);
	assert_true(is_swap_pte(swp));
	assert_true(is_device_exclusive_entry(w, pte_to_swp_entry(swp)));
	assert_false(pte_swp_soft_dirty(swp));
	assert_int_equal(pte_val(swp), pte_val(swp_entry_to_pte(e)));
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_SOFT_DIRTY], 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_clear_refs_device_exclusive_level4(void **state)
{
	(void)state;
	devexcl_case(4);
}

static void test_clear_refs_device_exclusive_level17(void **state)
{
	(void)state;
	devexcl_case(17);
}

/* a PMD-mapped THP: clear_soft_dirty_pmd() write-protects and cleans the leaf */
static void test_clear_refs_pmd_thp(void **state)
{
	struct mmsim_config cfg;
	struct mmsim *w = NULL;
	struct mm_struct *mm;
	unsigned long a;
	pmd_t pmd;

	(void)state;
	mmsim_config_init(&cfg);
	cfg.memory = 256ULL << 20;
	cfg.bug_mode = MMSIM_BUG_UNWIND;
	cfg.thp_pmd = MMSIM_THP_ALWAYS;
	assert_int_equal(mmsim_create(&w, &cfg), 0);
	mm = mm_alloc(w);
	a = map(mm, PMD_SIZE, RW);
	mt_wr(mm, a, 1);
	pmd = *mm_find_pmd(mm, a);
	assert_true(pmd_trans_huge(pmd));
	assert_true(pmd_write(pmd));
	assert_true(pmd_soft_dirty(pmd));
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_SOFT_DIRTY), 0);
	pmd = *mm_find_pmd(mm, a);
	assert_true(pmd_trans_huge(pmd));
	assert_true(pmd_present(pmd));
	assert_false(pmd_write(pmd));
	assert_false(pmd_soft_dirty(pmd));
	assert_true(pmd_val(pmd) & _PAGE_DIRTY);
	mmsim_test_check(w);
	mt_wr(mm, a + PAGE_SIZE, 2);
	assert_true(pmd_soft_dirty(*mm_find_pmd(mm, a)));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* pte_is_pinned(): a maybe-pinned page in a COW mapping keeps its writable PTE */
static void test_clear_refs_pinned_page_untouched(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2 * PAGE_SIZE, RW);
	struct page *page;
	pte_t pte;
	long ret;

	(void)state;
	mt_wr(mm, a, 1);
	mt_wr(mm, a + PAGE_SIZE, 1);
	mmap_read_lock(mm);
	ret = pin_user_pages_remote(mm, a, 1, FOLL_WRITE, &page, NULL);
	mmap_read_unlock(mm);
	assert_int_equal(ret, 1);
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_SOFT_DIRTY), 0);
	pte = mt_pte_at(mm, a);
	assert_true(pte_write(pte));
	assert_true(pte_soft_dirty(pte));
	/* its unpinned neighbour is tracked as usual */
	assert_false(pte_write(mt_pte_at(mm, a + PAGE_SIZE)));
	unpin_user_page(page);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_clear_refs_other_types(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, PAGE_SIZE, RW);

	(void)state;
	mt_wr(mm, a, 1);
	assert_int_equal(clear_refs_write(mm, 0), -EINVAL);
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_LAST), -EINVAL);
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_ALL), -ENOSYS);
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_ANON), -ENOSYS);
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_MAPPED), -ENOSYS);
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_MM_HIWATER_RSS), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: clear_refs type 1"));
	/* nothing changed */
	assert_true(pte_write(mt_pte_at(mm, a)));
	assert_true(vma_lookup(mm, a)->vm_flags & VM_SOFTDIRTY);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_SOFT_DIRTY], 0);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static const struct CMUnitTest task_mmu[] = {
	cmocka_unit_test(test_clear_refs_present_pte),
	cmocka_unit_test(test_clear_refs_device_exclusive_level4),
	cmocka_unit_test(test_clear_refs_device_exclusive_level17),
	cmocka_unit_test(test_clear_refs_pmd_thp),
	cmocka_unit_test(test_clear_refs_pinned_page_untouched),
	cmocka_unit_test(test_clear_refs_other_types),
};

MMSIM_TEST_MAIN(task_mmu)
