// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CPU side of device-exclusive entries (sim/mm/memory.c):
 * do_swap_page() -> remove_device_exclusive_entry() -> restore_exclusive_pte()
 * at the levels where it changes (4, 5, 6, 15, 16, 17), the folio lock
 * (retry, until=wait, a holder that never lets go), soft-dirty tracking
 * and uffd-wp on the entry, mprotect r then rw at 5 vs 6, fork through
 * try_restore_exclusive_pte() (restore, COW sharing, -ENOMEM on a busy
 * lock), and zap. The checker runs at every command boundary.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <mmsim/kernel/task_mmu.h>
#include <mmsim/kernel/userfaultfd_k.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned long map(struct mm_struct *mm, unsigned long pages, unsigned long prot)
{
	return mt_mmap(mm, NULL, pages * PAGE_SIZE, prot, ANON_PRIV);
}

static pte_t *pte_of(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mt_pmd_of(mm, addr);

	assert_false(pmd_none(*pmd));
	return pte_offset_map(mm->w, pmd, addr);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	return ptep_get(pte_of(mm, addr));
}

/* a user read fault as the x86 handler issues it, under the mmap_lock */
static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, unsigned int extra)
{
	vm_fault_t ret;

	mmap_read_lock(mm);
	ret = handle_mm_fault(vma_lookup(mm, addr), addr,
			      FAULT_FLAG_USER | FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE | extra,
			      NULL);
	mmap_read_unlock(mm);
	return ret;
}

static bool is_devexcl(struct mm_struct *mm, unsigned long addr)
{
	return mt_pte_devexcl(mm->w, pte_at(mm, addr));
}

/*
 * The conversion as the level's make_device_exclusive() leaves it:
 * ptep_clear_flush() of the present PTE (its dirty bit goes to the folio),
 * legacy WRITE/READ types before patch 6 with soft-dirty and uffd-wp
 * copied, one type with soft-dirty copied from 6; the mapcount dropped
 * before patch 16; the reference stays with the entry at every level.
 */
static struct folio *make_devexcl(struct mm_struct *mm, unsigned long addr)
{
	struct mmsim *w = mm->w;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	pte_t *ptep = pte_of(mm, addr);
	struct folio *f = vm_normal_folio(vma, addr, ptep_get(ptep));
	pte_t old, swp;
	swp_entry_t e;

	assert_non_null(f);
	old = ptep_clear_flush(vma, addr, ptep);
	if (pte_dirty(old))
		folio_mark_dirty(f);
	if (series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		e = make_device_exclusive_entry(w, folio_pfn(f));
	else if (pte_write(old))
		e = make_writable_device_exclusive_entry(w, folio_pfn(f));
	else
		e = make_readable_device_exclusive_entry(w, folio_pfn(f));
	swp = swp_entry_to_pte(e);
	if (pte_soft_dirty(old))
		swp = pte_swp_mksoft_dirty(swp);
	if (!series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) && pte_uffd_wp(old))
		swp = pte_swp_mkuffd_wp(swp);
	if (!series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
		folio_remove_rmap_pte(f, &f->page, vma);
	set_pte_at(mm, addr, ptep, swp);
	return f;
}

/* ---- a notifier that records what the fault path sends -------------------------------- */
struct recorder {
	struct mmu_notifier mn;
	unsigned int nr_exclusive, nr_other;
	void *owner;
	unsigned long start, end;
};

static int rec_start(struct mmu_notifier *sub, const struct mmu_notifier_range *range)
{
	struct recorder *r = container_of(sub, struct recorder, mn);

	if (range->event != MMU_NOTIFY_EXCLUSIVE) {
		r->nr_other++;
		return 0;
	}
	r->nr_exclusive++;
	r->owner = range->owner;
	r->start = range->start;
	r->end = range->end;
	return 0;
}

static const struct mmu_notifier_ops rec_ops = {
	.invalidate_range_start = rec_start,
};

static void rec_register(struct mm_struct *mm, struct recorder *r)
{
	memset(r, 0, sizeof(*r));
	r->owner = (void *)r;	/* anything but NULL, so a NULL owner shows */
	r->mn.ops = &rec_ops;
	assert_int_equal(mmu_notifier_register(&r->mn, mm), 0);
}

/* ---- restore at each level ---------------------------------------------------------------- */
struct restore_case {
	unsigned int series;
	bool folio_clean;	/* clean the folio before the fault (writeback stand-in) */
	bool writable, dirty;
	int mapcount_excl;	/* folio mapcount while device-exclusive */
};

/*
 * One page written, made device-exclusive, then a read fault: the PTE is
 * back, old, with the writability and dirtiness of the level; the rmap and
 * the reference as the level keeps them; one MMU_NOTIFY_EXCLUSIVE, no owner.
 */
static void restore_one(const struct restore_case *c)
{
	struct mmsim *w = mmsim_test_world(c->series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	struct recorder r;
	struct folio *f;
	pte_t pte;

	mt_wr(mm, a, 0x1234);
	f = make_devexcl(mm, a);
	assert_int_equal(folio_mapcount(f), c->mapcount_excl);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_true(folio_test_dirty(f));
	if (c->folio_clean)
		folio_clear_dirty(f);
	mmsim_test_check(w);
	rec_register(mm, &r);
	assert_int_equal(fault(mm, a, 0), 0);
	pte = pte_at(mm, a);
	assert_true(pte_present(pte));
	assert_int_equal(pte_pfn(pte), folio_pfn(f));
	assert_int_equal(pte_write(pte), c->writable);
	assert_int_equal(!!(pte_val(pte) & _PAGE_DIRTY), c->dirty);
	assert_false(pte_young(pte));
	assert_false(pte_uffd_wp(pte));
	/* the entry's reference became the PTE's; the mapcount is 1 again */
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_ref_count(f), 1);
	assert_false(folio_test_locked(f));
	assert_true(PageAnonExclusive(&f->page));
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]), 1);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 1);
	assert_int_equal(r.nr_exclusive, 1);
	assert_int_equal(r.nr_other, 0);
	assert_null(r.owner);
	assert_int_equal(r.start, a);
	assert_int_equal(r.end, a + PAGE_SIZE);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 1);
	assert_int_equal(mt_rd(mm, a), 0x1234);
	assert_int_equal(mmsim_nr_warn(w), 0);
	mmsim_test_check(w);
	mmu_notifier_unregister(&r.mn, mm);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_restore_level4_legacy_writable_dirty(void **state)
{
	/* a WRITE entry: writable and dirty, whatever the folio says */
	static const struct restore_case c = { 4, true, true, true, 0 };

	(void)state;
	restore_one(&c);
}

static void test_restore_level5_clean_folio_stays_clean(void **state)
{
	/* patch 5: writable (exclusive anon), dirty only if the folio is */
	static const struct restore_case c = { 5, true, true, false, 0 };

	(void)state;
	restore_one(&c);
}

static void test_restore_level5_dirty_folio(void **state)
{
	static const struct restore_case c = { 5, false, true, true, 0 };

	(void)state;
	restore_one(&c);
}

static void test_restore_level6_single_type(void **state)
{
	static const struct restore_case c = { 6, true, true, false, 0 };

	(void)state;
	restore_one(&c);
}

static void test_restore_level15_adds_rmap(void **state)
{
	static const struct restore_case c = { 15, false, true, true, 0 };

	(void)state;
	restore_one(&c);
}

static void test_restore_level16_keeps_rmap(void **state)
{
	static const struct restore_case c = { 16, false, true, true, 1 };

	(void)state;
	restore_one(&c);
}

static void test_restore_level17(void **state)
{
	static const struct restore_case c = { 17, true, true, false, 1 };

	(void)state;
	restore_one(&c);
}

/* a CPU write through the entry: one fault restores, the store lands, no second fault */
static void test_restore_cpu_write_level17(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;
	pte_t pte;

	(void)state;
	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	mmsim_test_check(w);
	mt_wr(mm, a, 2);
	pte = pte_at(mm, a);
	assert_true(pte_write(pte));
	assert_true(pte_dirty(pte));
	assert_true(pte_young(pte));	/* the hardware access after the fault */
	assert_int_equal(f->page.content, 2);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* a legacy READ entry (made from a read-only PTE) restores read-only and clean */
static void test_restore_legacy_read_entry(void **state)
{
	struct mmsim *w = mmsim_test_world(4);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;
	pte_t pte;

	(void)state;
	mt_wr(mm, a, 1);
	ptep_set_wrprotect(mm, a, pte_of(mm, a));
	set_pte_at(mm, a, pte_of(mm, a), pte_mkclean(pte_at(mm, a)));
	f = make_devexcl(mm, a);
	assert_false(is_writable_device_exclusive_entry(w, pte_to_swp_entry(pte_at(mm, a))));
	mmsim_test_check(w);
	assert_int_equal(fault(mm, a, 0), 0);
	pte = pte_at(mm, a);
	assert_true(pte_present(pte));
	assert_false(pte_write(pte));
	assert_false(pte_dirty(pte));
	assert_int_equal(folio_mapcount(f), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- the folio lock ------------------------------------------------------------------------- */
static void hold_lock_elsewhere(struct folio *f, bool until_wait)
{
	folio_set_locked(f);
	set_bit_ul(PG_mmsim_locked_elsewhere, &f->flags);
	if (until_wait)
		set_bit_ul(PG_mmsim_wait_releases, &f->flags);
}

static void release_lock_elsewhere(struct folio *f)
{
	clear_bit_ul(PG_mmsim_locked_elsewhere, &f->flags);
	clear_bit_ul(PG_mmsim_wait_releases, &f->flags);
	folio_clear_locked(f);
}

/* RETRY_NOWAIT: VM_FAULT_RETRY at once, the entry and the reference untouched */
static void test_restore_lock_busy_retry_nowait(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	hold_lock_elsewhere(f, false);
	assert_int_equal(fault(mm, a, FAULT_FLAG_RETRY_NOWAIT), VM_FAULT_RETRY);
	assert_true(is_devexcl(mm, a));
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	release_lock_elsewhere(f);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* until=wait: the first try waits the holder out and retries; the retry restores */
static void test_restore_lock_until_wait(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 7);
	f = make_devexcl(mm, a);
	hold_lock_elsewhere(f, true);
	assert_int_equal(fault(mm, a, 0), VM_FAULT_RETRY);
	assert_true(is_devexcl(mm, a));
	assert_false(folio_test_locked(f));
	assert_false(test_bit_ul(PG_mmsim_locked_elsewhere, &f->flags));
	assert_int_equal(fault(mm, a, FAULT_FLAG_TRIED), 0);
	assert_true(pte_present(pte_at(mm, a)));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_restore_lock_until_wait_cpu(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 7);
	f = make_devexcl(mm, a);
	hold_lock_elsewhere(f, true);
	assert_int_equal(mt_rd(mm, a), 7);
	assert_true(pte_present(pte_at(mm, a)));
	assert_false(folio_test_locked(f));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/*
 * A holder that never lets go: the killable sleep ends with a fatal signal.
 * The kernel kills the task; the model's CPU access returns -EINTR after
 * the TRIED retry, without a "no progress" WARN and without touching the entry.
 */
static void test_restore_lock_held_forever_eintr(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;
	u64 v = 0;

	(void)state;
	mt_wr(mm, a, 7);
	f = make_devexcl(mm, a);
	hold_lock_elsewhere(f, false);
	assert_int_equal(mmsim_cpu_access(mm, a, false, &v), -EINTR);
	assert_true(is_devexcl(mm, a));
	assert_true(folio_test_locked(f));
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_false(mt_log_has(w, "made no progress"));
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	release_lock_elsewhere(f);
	assert_int_equal(mt_rd(mm, a), 7);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- soft-dirty tracking ----------------------------------------------------------------------- */
/*
 * clear_refs 4 with the page device-exclusive: the swap soft-dirty bit is
 * cleared, VM_SOFTDIRTY goes. Level 4 restores writable and dirty (x86
 * pte_mkdirty() also sets soft-dirty) with no write fault: a read alone
 * reports the page written. Level 5 restores read-only and clean: the read
 * leaves it not soft-dirty, the next write faults and sets it.
 */
static void softdirty_case(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	bool legacy = !series_has(w, PATCH_RESTORE_CAN_CHANGE_PTE_WRITABLE);
	unsigned long trace_faults = w->nr_mmu_notify[MMU_NOTIFY_SOFT_DIRTY];
	struct folio *f;
	pte_t pte;

	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	assert_true(pte_swp_soft_dirty(pte_at(mm, a)));
	assert_int_equal(clear_refs_write(mm, CLEAR_REFS_SOFT_DIRTY), 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_SOFT_DIRTY], trace_faults + 1);
	assert_false(vma_lookup(mm, a)->vm_flags & VM_SOFTDIRTY);
	assert_true(is_devexcl(mm, a));
	assert_false(pte_swp_soft_dirty(pte_at(mm, a)));
	mmsim_test_check(w);

	assert_int_equal(mt_rd(mm, a), 1);
	pte = pte_at(mm, a);
	assert_true(pte_present(pte));
	assert_int_equal(pte_write(pte), legacy);
	assert_int_equal(pte_soft_dirty(pte), legacy);
	assert_int_equal(!!(pte_val(pte) & _PAGE_DIRTY), legacy);
	mmsim_test_check(w);

	mt_wr(mm, a, 2);
	pte = pte_at(mm, a);
	assert_true(pte_write(pte));
	assert_true(pte_soft_dirty(pte));
	assert_true(pte_dirty(pte));
	assert_int_equal(f->page.content, 2);
	assert_int_equal(folio_mapcount(f), 1);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_softdirty_level4_restores_writable_dirty(void **state)
{
	(void)state;
	softdirty_case(4);
}

static void test_softdirty_level5_restores_read_only(void **state)
{
	(void)state;
	softdirty_case(5);
}

static void test_softdirty_level17_restores_read_only(void **state)
{
	(void)state;
	softdirty_case(17);
}

/* ---- uffd-wp on the entry ----------------------------------------------------------------------- */
/*
 * UFFDIO_WRITEPROTECT over a device-exclusive entry sets its swap uffd-wp
 * bit (below patch 6 the same change_pte_range() pass also downgrades the
 * WRITE entry to READ). The restore keeps uffd-wp and stays read-only; a
 * CPU write would then be delivered to userfaultfd (not modelled).
 */
static void uffd_wp_case(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct folio *f;
	pte_t pte;
	u64 v = 3;

	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	assert_int_equal(mmsim_uffd_register_wp(mm, a, PAGE_SIZE), 0);
	assert_true(vma_lookup(mm, a)->vm_flags & VM_UFFD_WP);
	assert_int_equal(mwriteprotect_range(mm, a, PAGE_SIZE, true), 0);
	pte = pte_at(mm, a);
	assert_true(is_devexcl(mm, a));
	assert_true(pte_swp_uffd_wp(pte));
	if (!series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		assert_false(is_writable_device_exclusive_entry(w, pte_to_swp_entry(pte)));
	mmsim_test_check(w);

	assert_int_equal(mt_rd(mm, a), 1);
	pte = pte_at(mm, a);
	assert_true(pte_present(pte));
	assert_true(pte_uffd_wp(pte));
	assert_false(pte_write(pte));
	assert_int_equal(folio_mapcount(f), 1);
	mmsim_test_check(w);
	assert_int_equal(mmsim_cpu_access(mm, a, true, &v), -ENOSYS);
	assert_true(mt_log_has(w, "not modelled yet: userfaultfd write-protect fault delivery"));
	/* unprotect: the PTE may be writable again (exclusive anon) */
	assert_int_equal(mwriteprotect_range(mm, a, PAGE_SIZE, false), 0);
	pte = pte_at(mm, a);
	assert_false(pte_uffd_wp(pte));
	assert_true(pte_write(pte));
	mt_wr(mm, a, 4);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_uffd_wp_entry_level4(void **state)
{
	(void)state;
	uffd_wp_case(4);
}

static void test_uffd_wp_entry_level17(void **state)
{
	(void)state;
	uffd_wp_case(17);
}

/* ---- mprotect r then rw ----------------------------------------------------------------------------- */
/*
 * Below patch 6 mprotect(PROT_READ) downgrades the WRITE entry to a READ
 * entry. Level 4 restores by type: read-only after mprotect(RW), and the
 * write needs another (reuse) fault. From patch 5 the restore ignores the
 * type (can_change_pte_writable()), so level 5 already restores writable
 * although its entry is READ; level 6 has one type and nothing to downgrade.
 */
static void mprotect_case(unsigned int series, bool read_entry, bool writable_after)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	unsigned long notify0;
	struct folio *f;
	pte_t pte;

	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	notify0 = w->nr_mmu_notify[MMU_NOTIFY_PROTECTION_VMA];
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, PROT_READ), 0);
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, RW), 0);
	/* both calls invalidate the device through the notifier */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_PROTECTION_VMA], notify0 + 2);
	assert_true(is_devexcl(mm, a));
	if (!series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		assert_int_equal(is_writable_device_exclusive_entry(w,
				 pte_to_swp_entry(pte_at(mm, a))), !read_entry);
	mmsim_test_check(w);
	assert_int_equal(mt_rd(mm, a), 1);
	pte = pte_at(mm, a);
	assert_true(pte_present(pte));
	assert_int_equal(pte_write(pte), writable_after);
	assert_int_equal(folio_mapcount(f), 1);
	/* either way the write succeeds: at level 4 through wp_page_reuse() */
	mt_wr(mm, a, 2);
	assert_true(pte_write(pte_at(mm, a)));
	assert_int_equal(pte_pfn(pte_at(mm, a)), folio_pfn(f));
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_mprotect_r_rw_level4_read_only(void **state)
{
	(void)state;
	mprotect_case(4, true, false);
}

static void test_mprotect_r_rw_level5_read_entry_restored_writable(void **state)
{
	(void)state;
	mprotect_case(5, true, true);
}

static void test_mprotect_r_rw_level6_writable(void **state)
{
	(void)state;
	mprotect_case(6, false, true);
}

/* ---- fork ----------------------------------------------------------------------------------------------- */
/*
 * fork restores the parent's entry (try_restore_exclusive_pte()), then
 * copies the present PTE: both sides read-only and COW-shared, mapcount 2,
 * refcount 2, the page no longer exclusive. The counters differ by level
 * only while the page is device-exclusive.
 */
static void fork_case(unsigned int series, int mapcount_excl)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, 1, RW);
	struct folio *f;
	pte_t p, c;

	mt_wr(mm, a, 0x77);
	f = make_devexcl(mm, a);
	assert_int_equal(folio_mapcount(f), mapcount_excl);
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	p = pte_at(mm, a);
	c = pte_at(child, a);
	assert_true(pte_present(p));
	assert_true(pte_present(c));
	assert_false(pte_write(p));
	assert_false(pte_write(c));
	assert_false(pte_young(c));
	assert_int_equal(pte_pfn(p), folio_pfn(f));
	assert_int_equal(pte_pfn(c), folio_pfn(f));
	assert_int_equal(folio_mapcount(f), 2);
	assert_int_equal(folio_ref_count(f), 2);
	assert_false(PageAnonExclusive(&f->page));
	assert_int_equal(get_mm_counter(child, MM_ANONPAGES), 1);
	/* the fork restore sends no EXCLUSIVE notification of its own */
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	mmsim_test_check(w);
	/* the child only reads; the parent's write copies */
	assert_int_equal(mt_rd(child, a), 0x77);
	mt_wr(mm, a, 0x78);
	assert_int_equal(mt_rd(child, a), 0x77);
	assert_int_equal(folio_mapcount(f), 1);
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fork_restores_parent_level15(void **state)
{
	(void)state;
	fork_case(15, 0);
}

static void test_fork_restores_parent_level16(void **state)
{
	(void)state;
	fork_case(16, 1);
}

static void test_fork_restores_parent_level17(void **state)
{
	(void)state;
	fork_case(17, 1);
}

/* the folio lock held elsewhere: -EBUSY, copy_pmd_range() makes it -ENOMEM */
static void test_fork_lock_held_enomem(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w), *child;
	unsigned long a = map(mm, 1, RW);
	unsigned int nr_mm = w->next_mm_id;
	struct folio *f;

	(void)state;
	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	hold_lock_elsewhere(f, true);	/* even until=wait: fork only trylocks */
	child = dup_mm(mm);
	assert_true(IS_ERR(child));
	assert_int_equal(PTR_ERR(child), -ENOMEM);
	assert_true(is_devexcl(mm, a));
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(w->next_mm_id, nr_mm + 1);
	assert_int_equal(w->nr_bad_rss, 0);
	release_lock_elsewhere(f);
	mmsim_test_check(w);
	child = dup_mm(mm);
	assert_false(IS_ERR(child));
	assert_true(pte_present(pte_at(mm, a)));
	mmsim_test_check(w);
	mmput(child);
	mmput(mm);
	mmsim_destroy(w);
}

/* ---- zap is unchanged: munmap of an entry at 15 and 17 frees the page -------------------------------- */
static void zap_case(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 2, RW);
	struct folio *f;

	mt_wr(mm, a, 1);
	f = make_devexcl(mm, a);
	mmsim_test_check(w);
	folio_get(f);	/* keep it to look at after the zap */
	assert_int_equal(do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(folio_mapcount(f), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]), 0);
	assert_int_equal(w->nr_mmu_notify[MMU_NOTIFY_EXCLUSIVE], 0);
	assert_int_equal(mmsim_nr_warn(w), 0);
	folio_put(f);
	mmsim_test_check(w);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_zap_unchanged_level15(void **state)
{
	(void)state;
	zap_case(15);
}

static void test_zap_unchanged_level17(void **state)
{
	(void)state;
	zap_case(17);
}

/* ---- with the real conversion ------------------------------------------------------------------ */
/*
 * make_device_exclusive() (sim/mm/rmap.c) then a CPU read: the owner's
 * conversion notifies with its owner, the restore with none; the counters
 * return to one present mapping.
 */
static void real_conversion_case(unsigned int series)
{
	struct mmsim *w = mmsim_test_world(series);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map(mm, 1, RW);
	struct recorder r;
	struct folio *f = NULL;
	struct page *page;

	mt_wr(mm, a, 9);
	rec_register(mm, &r);
	mmap_read_lock(mm);
	page = make_device_exclusive(mm, a, &r, &f);
	mmap_read_unlock(mm);
	assert_false(IS_ERR(page));
	assert_non_null(f);
	assert_ptr_equal(r.owner, &r);	/* the conversion carries the owner */
	folio_unlock(f);
	folio_put(f);
	assert_true(is_devexcl(mm, a));
	assert_int_equal(folio_mapcount(f),
			 series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE) ? 1 : 0);
	assert_int_equal(folio_ref_count(f), 1);
	mmsim_test_check(w);
	assert_int_equal(mt_rd(mm, a), 9);
	assert_true(pte_present(pte_at(mm, a)));
	assert_true(pte_write(pte_at(mm, a)));
	assert_null(r.owner);	/* the restore's range has none */
	assert_int_equal(r.nr_exclusive, 2);
	assert_int_equal(folio_mapcount(f), 1);
	assert_int_equal(folio_ref_count(f), 1);
	mmsim_test_check(w);
	mmu_notifier_unregister(&r.mn, mm);
	mmput(mm);
	mmsim_destroy(w);
}

static void test_real_conversion_level4(void **state)
{
	(void)state;
	real_conversion_case(4);
}

static void test_real_conversion_level17(void **state)
{
	(void)state;
	real_conversion_case(17);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restore_level4_legacy_writable_dirty),
		cmocka_unit_test(test_restore_level5_clean_folio_stays_clean),
		cmocka_unit_test(test_restore_level5_dirty_folio),
		cmocka_unit_test(test_restore_level6_single_type),
		cmocka_unit_test(test_restore_level15_adds_rmap),
		cmocka_unit_test(test_restore_level16_keeps_rmap),
		cmocka_unit_test(test_restore_level17),
		cmocka_unit_test(test_restore_cpu_write_level17),
		cmocka_unit_test(test_restore_legacy_read_entry),
		cmocka_unit_test(test_restore_lock_busy_retry_nowait),
		cmocka_unit_test(test_restore_lock_until_wait),
		cmocka_unit_test(test_restore_lock_until_wait_cpu),
		cmocka_unit_test(test_restore_lock_held_forever_eintr),
		cmocka_unit_test(test_softdirty_level4_restores_writable_dirty),
		cmocka_unit_test(test_softdirty_level5_restores_read_only),
		cmocka_unit_test(test_softdirty_level17_restores_read_only),
		cmocka_unit_test(test_uffd_wp_entry_level4),
		cmocka_unit_test(test_uffd_wp_entry_level17),
		cmocka_unit_test(test_mprotect_r_rw_level4_read_only),
		cmocka_unit_test(test_mprotect_r_rw_level5_read_entry_restored_writable),
		cmocka_unit_test(test_mprotect_r_rw_level6_writable),
		cmocka_unit_test(test_fork_restores_parent_level15),
		cmocka_unit_test(test_fork_restores_parent_level16),
		cmocka_unit_test(test_fork_restores_parent_level17),
		cmocka_unit_test(test_fork_lock_held_enomem),
		cmocka_unit_test(test_zap_unchanged_level15),
		cmocka_unit_test(test_zap_unchanged_level17),
		cmocka_unit_test(test_real_conversion_level4),
		cmocka_unit_test(test_real_conversion_level17),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("restore_exclusive", tests, NULL, NULL);
}
