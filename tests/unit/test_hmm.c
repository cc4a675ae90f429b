// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/hmm.c: hmm_range_fault() snapshots (no fault flags) and faults
 * (REQ_FAULT, REQ_WRITE) over present, none, zero-page, read-only and
 * device-exclusive entries, holes, PROT_NONE VMAs and THPs, and the
 * notifier-sequence -EBUSY.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/hmm.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned long map(struct mm_struct *mm, unsigned long pages, unsigned long prot)
{
	return mt_mmap(mm, NULL, pages * PAGE_SIZE, prot, ANON_PRIV);
}

/* a mirror: an interval notifier whose invalidations bump the sequence */
struct mirror {
	struct mmu_interval_notifier mni;
	unsigned int nr_invalidate;
	enum mmu_notifier_event last_event;
};

static bool mirror_invalidate(struct mmu_interval_notifier *mni,
			      const struct mmu_notifier_range *range, unsigned long cur_seq)
{
	struct mirror *m = container_of(mni, struct mirror, mni);

	m->nr_invalidate++;
	m->last_event = range->event;
	mmu_interval_set_seq(mni, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops mirror_ops = {
	.invalidate = mirror_invalidate,
};

static void mirror_add(struct mm_struct *mm, struct mirror *m)
{
	memset(m, 0, sizeof(*m));
	assert_int_equal(mmu_interval_notifier_insert(&m->mni, mm, 0, 1UL << 47, &mirror_ops), 0);
}

/* one hmm_range_fault() call over [start, start + npages) with a default request */
static int hmm(struct mirror *m, unsigned long start, unsigned long npages,
	       unsigned long default_flags, unsigned long *pfns)
{
	struct mm_struct *mm = m->mni.mm;
	struct hmm_range range = {
		.notifier = &m->mni,
		.start = start,
		.end = start + npages * PAGE_SIZE,
		.hmm_pfns = pfns,
		.default_flags = default_flags,
		.pfn_flags_mask = 0,
	};
	int ret;

	range.notifier_seq = mmu_interval_read_begin(&m->mni);
	mmap_read_lock(mm);
	ret = hmm_range_fault(&range);
	mmap_read_unlock(mm);
	return ret;
}

/* the dmirror loop: start over while an invalidation moved the sequence */
static int hmm_retry(struct mirror *m, unsigned long start, unsigned long npages,
		     unsigned long default_flags, unsigned long *pfns, unsigned int *tries)
{
	int ret;

	*tries = 0;
	do {
		(*tries)++;
		ret = hmm(m, start, npages, default_flags, pfns);
	} while (ret == -EBUSY && *tries < 4);
	return ret;
}

/* device-exclusive as the level's conversion leaves it (see test_restore_exclusive.c) */
static struct folio *make_devexcl(struct mm_struct *mm, unsigned long addr)
{
	struct mmsim *w = mm->w;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	pte_t *ptep = pte_offset_map(w, mm_find_pmd(mm, addr), addr);
	struct folio *f = vm_normal_folio(vma, addr, ptep_get(ptep));
	pte_t old = ptep_clear_flush(vma, addr, ptep), swp;

	if (pte_dirty(old))
		folio_mark_dirty(f);
	swp = swp_entry_to_pte(series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) ?
			       make_device_exclusive_entry(w, folio_pfn(f)) :
			       make_writable_device_exclusive_entry(w, folio_pfn(f)));
	if (pte_soft_dirty(old))
		swp = pte_swp_mksoft_dirty(swp);
	if (!series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
		folio_remove_rmap_pte(f, &f->page, vma);
	set_pte_at(mm, addr, ptep, swp);
	return f;
}

static bool is_devexcl(struct mm_struct *mm, unsigned long addr)
{
	return mt_pte_devexcl(mm->w, mt_pte_at(mm, addr));
}

/*
 * A snapshot (no fault flags): present writable, zero page, none and
 * device-exclusive entries are reported as they are; nothing is faulted
 * and the entry stays device-exclusive.
 */
static void test_hmm_snapshot(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 4, RW), pfns[4];
	struct mirror m;
	struct folio *f0, *f3;

	(void)state;
	mt_wr(mm, a, 1);
	assert_int_equal(mt_rd(mm, a + PAGE_SIZE), 0);	/* the zero page */
	mt_wr(mm, a + 3 * PAGE_SIZE, 3);
	f0 = vm_normal_folio(vma_lookup(mm, a), a, mt_pte_at(mm, a));
	f3 = make_devexcl(mm, a + 3 * PAGE_SIZE);
	mirror_add(mm, &m);
	memset(pfns, 0xff, sizeof(pfns));
	assert_int_equal(hmm(&m, a, 4, 0, pfns), 0);
	assert_int_equal(pfns[0], folio_pfn(f0) | HMM_PFN_VALID | HMM_PFN_WRITE);
	assert_int_equal(pfns[1], page_to_pfn(w->zero_page) | HMM_PFN_VALID);
	assert_int_equal(pfns[2], 0);
	assert_int_equal(pfns[3], 0);
	assert_true(is_devexcl(mm, a + 3 * PAGE_SIZE));
	assert_true(pte_none(mt_pte_at(mm, a + 2 * PAGE_SIZE)));
	assert_int_equal(m.nr_invalidate, 0);
	assert_int_equal(folio_ref_count(f3), 1);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

/* REQ_FAULT on a none PTE: a read fault maps the zero page, reported read-only */
static void test_hmm_fault_read_none(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW), pfns[2];
	struct mirror m;

	(void)state;
	mirror_add(mm, &m);
	assert_int_equal(hmm(&m, a, 2, HMM_PFN_REQ_FAULT, pfns), 0);
	assert_int_equal(pfns[0], page_to_pfn(w->zero_page) | HMM_PFN_VALID);
	assert_int_equal(pfns[1], page_to_pfn(w->zero_page) | HMM_PFN_VALID);
	assert_true(pte_present(mt_pte_at(mm, a)));
	assert_int_equal(m.nr_invalidate, 0);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

/* REQ_FAULT|REQ_WRITE: write faults allocate pages (and copy the zero page away) */
static void test_hmm_fault_write(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW), pfns[2];
	struct mirror m;
	unsigned int tries;
	pte_t pte;

	(void)state;
	assert_int_equal(mt_rd(mm, a + PAGE_SIZE), 0);
	mirror_add(mm, &m);
	assert_int_equal(hmm_retry(&m, a, 2, HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, pfns, &tries), 0);
	for (int i = 0; i < 2; i++) {
		pte = mt_pte_at(mm, a + (unsigned long)i * PAGE_SIZE);
		assert_true(pte_write(pte));
		assert_int_not_equal(pte_pfn(pte), page_to_pfn(w->zero_page));
		assert_int_equal(pfns[i], pte_pfn(pte) | HMM_PFN_VALID | HMM_PFN_WRITE);
	}
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 2);
	/* breaking COW on the zero page invalidated the mirror once: one restart */
	assert_int_equal(m.nr_invalidate, 1);
	assert_int_equal(tries, 2);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

/*
 * A device-exclusive entry under REQ_FAULT: the fault revokes it
 * (MMU_NOTIFY_EXCLUSIVE, owner NULL), which moves the mirror's sequence,
 * so the call returns -EBUSY; the caller's next call reports the page.
 */
static void devexcl_fault_case(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW), pfns[1];
	struct mirror m;
	struct folio *f;

	mt_wr(mm, a, 5);
	f = make_devexcl(mm, a);
	mirror_add(mm, &m);
	assert_int_equal(hmm(&m, a, 1, HMM_PFN_REQ_FAULT, pfns), -EBUSY);
	assert_int_equal(m.nr_invalidate, 1);
	assert_int_equal(m.last_event, MMU_NOTIFY_EXCLUSIVE);
	assert_true(pte_present(mt_pte_at(mm, a)));
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_ref_count(f), 1);
	mmsim_test_check(w);
	assert_int_equal(hmm(&m, a, 1, HMM_PFN_REQ_FAULT, pfns), 0);
	assert_int_equal(pfns[0], folio_pfn(f) | HMM_PFN_VALID | HMM_PFN_WRITE);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_hmm_fault_device_exclusive_level15(void **state)
{
	(void)state;
	devexcl_fault_case(15);
}

static void test_hmm_fault_device_exclusive_level17(void **state)
{
	(void)state;
	devexcl_fault_case(17);
}

/* a write request on a read-only VMA: -EPERM; a read request is fine */
static void test_hmm_read_only_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, PROT_READ), pfns[1];
	struct mirror m;

	(void)state;
	mirror_add(mm, &m);
	assert_int_equal(hmm(&m, a, 1, HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, pfns), -EPERM);
	assert_int_equal(hmm(&m, a, 1, HMM_PFN_REQ_FAULT, pfns), 0);
	assert_int_equal(pfns[0], page_to_pfn(w->zero_page) | HMM_PFN_VALID);
	assert_int_equal(hmm(&m, a, 1, HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, pfns), -EPERM);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

/* outside any VMA and in a PROT_NONE VMA: HMM_PFN_ERROR, or -EFAULT if a fault is needed */
static void test_hmm_hole_and_prot_none(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 3, RW), pfns[3];
	struct mirror m;

	(void)state;
	mt_wr(mm, a, 1);
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(do_mprotect_pkey(mm, a + 2 * PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	mirror_add(mm, &m);
	assert_int_equal(hmm(&m, a, 3, 0, pfns), 0);
	assert_true(pfns[0] & HMM_PFN_VALID);
	assert_int_equal(pfns[1], HMM_PFN_ERROR);
	assert_int_equal(pfns[2], HMM_PFN_ERROR);
	assert_int_equal(hmm(&m, a, 2, HMM_PFN_REQ_FAULT, pfns), -EFAULT);
	assert_int_equal(hmm(&m, a + 2 * PAGE_SIZE, 1, HMM_PFN_REQ_FAULT, pfns), -EFAULT);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

/* an invalidation after read_begin: -EBUSY before anything is walked */
static void test_hmm_stale_sequence_ebusy(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW), pfns[1] = { 0x55 };
	struct mirror m;
	struct hmm_range range;

	(void)state;
	mt_wr(mm, a, 1);
	mirror_add(mm, &m);
	memset(&range, 0, sizeof(range));
	range.notifier = &m.mni;
	range.start = a;
	range.end = a + PAGE_SIZE;
	range.hmm_pfns = pfns;
	range.notifier_seq = mmu_interval_read_begin(&m.mni);
	assert_int_equal(do_madvise(mm, a, PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(m.nr_invalidate, 1);
	mmap_read_lock(mm);
	assert_int_equal(hmm_range_fault(&range), -EBUSY);
	mmap_read_unlock(mm);
	assert_int_equal(pfns[0], 0x55);
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

/* a PMD-mapped THP: every page reported with the PMD order */
static void test_hmm_pmd_thp(void **state)
{
	struct mmsim_config cfg;
	struct mmsim *w = NULL;
	struct mm_struct *mm;
	unsigned long a, pfns[4], pfn;
	struct mirror m;
	long addr;

	(void)state;
	mmsim_config_init(&cfg);
	cfg.memory = 256ULL << 20;
	cfg.bug_mode = MMSIM_BUG_UNWIND;
	cfg.thp_pmd = MMSIM_THP_ALWAYS;
	assert_int_equal(mmsim_create(&w, &cfg), 0);
	mm = mm_alloc(w);
	addr = do_mmap(mm, NULL, 0, PMD_SIZE, RW, ANON_PRIV, 0, 0);
	assert_true(addr > 0);
	a = (unsigned long)addr;
	mt_wr(mm, a, 1);
	assert_true(pmd_trans_huge(*mm_find_pmd(mm, a)));
	pfn = pmd_pfn(*mm_find_pmd(mm, a));
	mirror_add(mm, &m);
	assert_int_equal(hmm(&m, a + 2 * PAGE_SIZE, 4, HMM_PFN_REQ_FAULT, pfns), 0);
	for (unsigned long i = 0; i < 4; i++)
		assert_int_equal(pfns[i], (pfn + 2 + i) | HMM_PFN_VALID | HMM_PFN_WRITE |
					  (9UL << HMM_PFN_ORDER_SHIFT));
	mmsim_test_check(w);
	mmu_interval_notifier_remove(&m.mni);
	mmput(mm);
	mmsim_destroy(w);
}

static const struct CMUnitTest hmm_tests[] = {
	cmocka_unit_test(test_hmm_snapshot),
	cmocka_unit_test(test_hmm_fault_read_none),
	cmocka_unit_test(test_hmm_fault_write),
	cmocka_unit_test(test_hmm_fault_device_exclusive_level15),
	cmocka_unit_test(test_hmm_fault_device_exclusive_level17),
	cmocka_unit_test(test_hmm_read_only_vma),
	cmocka_unit_test(test_hmm_hole_and_prot_none),
	cmocka_unit_test(test_hmm_stale_sequence_ebusy),
	cmocka_unit_test(test_hmm_pmd_thp),
};

MMSIM_TEST_MAIN(hmm_tests)
