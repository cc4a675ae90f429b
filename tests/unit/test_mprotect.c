// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/mprotect.c: VMA splits and flags, vm_page_prot, the no-op return,
 * errors, present-PTE changes (write downgrade and the can_change_pte_writable
 * upgrade), the swap-PTE downgrades (migration, device-private, and the legacy
 * device-exclusive branch at series 5 against its absence at series 6),
 * uffd-wp on swap PTEs and markers, page counts and the notifier range.
 * Non-present entries are built by hand in a PTE table of the test's VMA.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/swapops.h>
#include <string.h>

#define BASE 0x7f0000000000UL
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static unsigned long map_anon(struct mm_struct *mm, unsigned long pages, unsigned long prot)
{
	return mt_mmap(mm, NULL, pages * PAGE_SIZE, prot, ANON_PRIV);
}

static unsigned long nr_prot_vma(struct mmsim *w)
{
	return w->nr_mmu_notify[MMU_NOTIFY_PROTECTION_VMA];
}

static void test_mprotect_split_middle(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 4, RW);
	struct vm_area_struct *lo, *mid, *hi;
	unsigned int id = vma_lookup(mm, a)->id;

	(void)state;
	assert_int_equal(do_mprotect_pkey(mm, a + PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ), 0);
	assert_int_equal(mm->map_count, 3);
	lo = vma_lookup(mm, a);
	mid = vma_lookup(mm, a + PAGE_SIZE);
	hi = vma_lookup(mm, a + 3 * PAGE_SIZE);
	/* the original keeps the changed middle; the sides are new */
	assert_int_equal(mid->id, id);
	assert_int_equal(lo->id, id + 1);
	assert_int_equal(hi->id, id + 2);
	assert_int_equal(lo->vm_end, a + PAGE_SIZE);
	assert_int_equal(mid->vm_start, a + PAGE_SIZE);
	assert_int_equal(mid->vm_end, a + 3 * PAGE_SIZE);
	assert_int_equal(hi->vm_start, a + 3 * PAGE_SIZE);
	assert_int_equal(mid->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	assert_int_equal(lo->vm_flags & VM_ACCESS_FLAGS, VM_READ | VM_WRITE);
	assert_int_equal(hi->vm_flags & VM_ACCESS_FLAGS, VM_READ | VM_WRITE);
	assert_int_equal(mid->vm_pgoff, (a >> PAGE_SHIFT) + 1);
	assert_int_equal(hi->vm_pgoff, (a >> PAGE_SHIFT) + 3);
	assert_int_equal(pgprot_val(mid->vm_page_prot), pgprot_val(PAGE_READONLY));
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mprotect_noop_returns_early(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 4, RW);
	unsigned long before;

	(void)state;
	mt_fault(mm, a, FAULT_FLAG_WRITE);
	before = nr_prot_vma(w);
	/* same flags: no split, no walk, no notifier */
	assert_int_equal(do_mprotect_pkey(mm, a + PAGE_SIZE, PAGE_SIZE, RW), 0);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(nr_prot_vma(w), before);
	/* a change with tables present sends one PROTECTION_VMA range */
	assert_int_equal(do_mprotect_pkey(mm, a, 4 * PAGE_SIZE, PROT_READ), 0);
	assert_int_equal(nr_prot_vma(w), before + 1);
	assert_int_equal(mm->map_count, 1);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mprotect_errors(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 2, RW);
	unsigned long b;

	(void)state;
	assert_int_equal(do_mprotect_pkey(mm, a + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, 0x100), -EINVAL);
	assert_int_equal(do_mprotect_pkey(mm, a, 0, PROT_READ), 0);
	assert_int_equal(do_mprotect_pkey(mm, 0x10000000UL, PAGE_SIZE, PROT_READ), -ENOMEM);
	assert_int_equal(do_mprotect_pkey(mm, a - PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ), -ENOMEM);
	assert_int_equal(do_mprotect_pkey(mm, ~0UL & PAGE_MASK, 2 * PAGE_SIZE, PROT_READ), -ENOMEM);
	/* a hole after the first VMA: the first part is changed, then -ENOMEM */
	b = (unsigned long)do_mmap(mm, NULL, a + 4 * PAGE_SIZE, PAGE_SIZE, RW,
				   ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0);
	assert_int_equal(b, a + 4 * PAGE_SIZE);
	assert_int_equal(do_mprotect_pkey(mm, a, 5 * PAGE_SIZE, PROT_READ), -ENOMEM);
	assert_int_equal(vma_lookup(mm, a)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	assert_int_equal(vma_lookup(mm, b)->vm_flags & VM_ACCESS_FLAGS, VM_READ | VM_WRITE);
	/* a permission the VMA may not have */
	vma_lookup(mm, b)->vm_flags &= ~VM_MAYWRITE;
	assert_int_equal(do_mprotect_pkey(mm, b, PAGE_SIZE, RW), -EACCES);
	assert_int_equal(do_mprotect_pkey(mm, b, PAGE_SIZE, PROT_READ), 0);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mprotect_pgprot_values(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 1, RW);
	struct vm_area_struct *vma = vma_lookup(mm, a);

	(void)state;
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, PROT_NONE), 0);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_NONE));
	assert_int_equal(vma->vm_flags & VM_ACCESS_FLAGS, 0);
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, PROT_READ | PROT_EXEC), 0);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_READONLY_EXEC));
	assert_int_equal(vma->vm_flags & VM_ACCESS_FLAGS, VM_READ | VM_EXEC);
	assert_int_equal(do_mprotect_pkey(mm, a, PAGE_SIZE, RW), 0);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_COPY));
	/* the other flags survive */
	assert_true(vma->vm_flags & VM_SOFTDIRTY);
	assert_true(vma->vm_flags & VM_MAYEXEC);
	assert_int_equal(mm->map_count, 1);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* present PTE: RW -> R drops write; R -> RW restores it for an exclusive anon page */
static void test_mprotect_present_anon_pte(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 2, RW);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	pte_t *ptep;

	(void)state;
	mt_fault(mm, a, FAULT_FLAG_WRITE);
	ptep = mt_pte_slot(mm, a);
	assert_true(pte_write(*ptep));
	assert_true(pte_dirty(*ptep));
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, PROT_READ), 0);
	assert_true(pte_present(*ptep));
	assert_false(pte_write(*ptep));
	assert_true(pte_dirty(*ptep));
	assert_true(pte_val(*ptep) & _PAGE_NX);
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, RW), 0);
	assert_true(pte_write(*ptep));
	/* with soft-dirty tracking on, a clean-for-soft-dirty PTE stays read-only */
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, PROT_READ), 0);
	vma->vm_flags &= ~VM_SOFTDIRTY;
	*ptep = pte_clear_soft_dirty(*ptep);
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, RW), 0);
	assert_false(pte_write(*ptep));
	/* PROT_NONE keeps the pfn behind the protnone bit */
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, PROT_NONE), 0);
	assert_true(pte_protnone(*ptep));
	assert_true(pte_present(*ptep));
	assert_int_equal(pte_pfn(*ptep), page_to_pfn(pfn_to_page(w, pte_pfn(*ptep))));
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* shared file mapping with write-notify: only dirty PTEs become writable */
static void test_mprotect_shared_file_writenotify(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", 2 * PAGE_SIZE, 5, false);
	unsigned long a = (unsigned long)do_mmap(mm, f, 0, 2 * PAGE_SIZE, RW, MAP_SHARED, 0, 0);
	pte_t *p0, *p1;

	(void)state;
	mt_fault(mm, a, 0);			/* read: clean, read-only */
	mt_fault(mm, a + PAGE_SIZE, FAULT_FLAG_WRITE);	/* write: dirty, writable */
	p0 = mt_pte_slot(mm, a);
	p1 = mt_pte_slot(mm, a + PAGE_SIZE);
	assert_false(pte_write(*p0));
	assert_true(pte_write(*p1));
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, PROT_READ), 0);
	assert_false(pte_write(*p0));
	assert_false(pte_write(*p1));
	assert_int_equal(do_mprotect_pkey(mm, a, 2 * PAGE_SIZE, RW), 0);
	assert_false(pte_write(*p0));
	assert_true(pte_write(*p1));
	assert_int_equal(pgprot_val(vma_lookup(mm, a)->vm_page_prot), pgprot_val(PAGE_COPY));
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_can_change_pte_writable_cases(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 1, RW);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	struct file *f = mmsim_file_create(w, "f", PAGE_SIZE, 0, false);
	struct vm_area_struct *svma;
	pte_t pte;

	(void)state;
	mt_fault(mm, a, FAULT_FLAG_WRITE);
	pte = pte_wrprotect(*mt_pte_slot(mm, a));
	assert_true(can_change_pte_writable(vma, a, pte));
	/* uffd-wp on the PTE with a uffd-wp VMA: needs the fault */
	vma->vm_flags |= VM_UFFD_WP;
	assert_false(can_change_pte_writable(vma, a, pte_mkuffd_wp(pte)));
	assert_true(can_change_pte_writable(vma, a, pte));
	vma->vm_flags &= ~VM_UFFD_WP;
	/* protnone */
	assert_false(can_change_pte_writable(vma, a, pte_modify(pte, PAGE_NONE)));
	/* soft-dirty tracking on: only soft-dirty PTEs */
	vma->vm_flags &= ~VM_SOFTDIRTY;
	assert_false(can_change_pte_writable(vma, a, pte_clear_soft_dirty(pte)));
	assert_true(can_change_pte_writable(vma, a, pte_mksoft_dirty(pte)));
	vma->vm_flags |= VM_SOFTDIRTY;
	/* not exclusive any more (as after fork) */
	ClearPageAnonExclusive(pfn_to_page(w, pte_pfn(pte)));
	assert_false(can_change_pte_writable(vma, a, pte));
	SetPageAnonExclusive(pfn_to_page(w, pte_pfn(pte)));
	/* a VMA without VM_WRITE is a caller bug: WARN once, false */
	vma->vm_flags &= ~VM_WRITE;
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_false(can_change_pte_writable(vma, a, pte));
	assert_int_equal(mmsim_nr_warn(w), 1);
	vma->vm_flags |= VM_WRITE;
	/* shared: dirty decides */
	svma = vma_lookup(mm, (unsigned long)do_mmap(mm, f, 0, PAGE_SIZE, RW, MAP_SHARED, 0, 0));
	pte = pfn_pte(page_to_pfn(pfn_to_page(w, pte_pfn(pte))), PAGE_COPY);
	assert_false(can_change_pte_writable(svma, svma->vm_start, pte));
	assert_true(can_change_pte_writable(svma, svma->vm_start, pte_mkdirty(pte)));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* ---- swap PTEs built by hand ------------------------------------------------------ */
struct swp_setup {
	struct mmsim *w;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned long a;
	pte_t *ptep;
};

static void swp_setup(struct swp_setup *s, unsigned int series)
{
	s->w = mmsim_test_world(series);
	s->mm = mm_alloc(s->w);
	s->a = map_anon(s->mm, 1, RW);
	s->vma = vma_lookup(s->mm, s->a);
	s->ptep = mt_pte_slot(s->mm, s->a);
}

static unsigned long user_pfn(struct mmsim *w)
{
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	assert_non_null(folio);
	return folio_pfn(folio);
}

static void test_mprotect_writable_migration_entry(void **state)
{
	struct swp_setup s;
	struct folio *folio;
	swp_entry_t e;
	pte_t pte;

	(void)state;
	swp_setup(&s, 17);
	folio = pfn_folio(s.w, user_pfn(s.w));
	/* an anon folio being migrated: locked, anon mapping bit */
	assert_true(folio_trylock(folio));
	folio->mapping = (struct address_space *)PAGE_MAPPING_ANON;
	pte = pte_swp_mksoft_dirty(swp_entry_to_pte(
		make_writable_migration_entry(s.w, folio_pfn(folio))));
	set_pte_at(s.mm, s.a, s.ptep, pte);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 1);
	e = pte_to_swp_entry(*s.ptep);
	assert_true(is_readable_exclusive_migration_entry(s.w, e));
	assert_int_equal(swp_offset(e), folio_pfn(folio));
	assert_true(pte_swp_soft_dirty(*s.ptep));
	/* a readable entry is left alone and not counted */
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 0);
	/* a file folio gets a plain readable entry */
	folio->mapping = NULL;
	set_pte_at(s.mm, s.a, s.ptep, swp_entry_to_pte(
		make_writable_migration_entry(s.w, folio_pfn(folio))));
	assert_int_equal(do_mprotect_pkey(s.mm, s.a, PAGE_SIZE, PROT_READ), 0);
	e = pte_to_swp_entry(*s.ptep);
	assert_true(is_readable_migration_entry(s.w, e));
	assert_false(pte_swp_soft_dirty(*s.ptep));
	pte_clear(s.mm, s.a, s.ptep);
	folio_unlock(folio);
	assert_int_equal(mmsim_nr_warn(s.w), 0);
	assert_int_equal(mmsim_nr_bug(s.w), 0);
	mmsim_destroy(s.w);
}

static void test_mprotect_writable_device_private(void **state)
{
	struct swp_setup s;
	unsigned long pfn;
	swp_entry_t e;

	(void)state;
	swp_setup(&s, 17);
	pfn = user_pfn(s.w);
	/* soft-dirty is dropped, uffd-wp kept (written raw: page_table_check
	 * would warn about uffd-wp on an entry that caches write permission) */
	*s.ptep = pte_swp_mkuffd_wp(pte_swp_mksoft_dirty(swp_entry_to_pte(
		make_writable_device_private_entry(s.w, pfn))));
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 1);
	e = pte_to_swp_entry(*s.ptep);
	assert_true(is_device_private_entry(s.w, e));
	assert_false(is_writable_device_private_entry(s.w, e));
	assert_int_equal(swp_offset(e), pfn);
	assert_false(pte_swp_soft_dirty(*s.ptep));
	assert_true(pte_swp_uffd_wp(*s.ptep));
	mmsim_destroy(s.w);
}

/* series 5: the legacy branch turns a writable device-exclusive entry readable */
static void test_mprotect_device_exclusive_legacy(void **state)
{
	struct swp_setup s;
	unsigned long pfn;
	swp_entry_t e;

	(void)state;
	swp_setup(&s, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE - 1);
	pfn = user_pfn(s.w);
	*s.ptep = pte_swp_mkuffd_wp(pte_swp_mksoft_dirty(swp_entry_to_pte(
		make_writable_device_exclusive_entry(s.w, pfn))));
	assert_true(is_writable_device_exclusive_entry(s.w, pte_to_swp_entry(*s.ptep)));
	assert_int_equal(do_mprotect_pkey(s.mm, s.a, PAGE_SIZE, PROT_READ), 0);
	e = pte_to_swp_entry(*s.ptep);
	assert_int_equal(swp_type(e), SWP_DEVICE_EXCLUSIVE_READ(s.w));
	assert_true(is_device_exclusive_entry(s.w, e));
	assert_false(is_writable_device_exclusive_entry(s.w, e));
	assert_int_equal(swp_offset(e), pfn);
	assert_true(pte_swp_soft_dirty(*s.ptep));
	assert_true(pte_swp_uffd_wp(*s.ptep));
	/* the way back does not restore write: the entry stays readable */
	assert_int_equal(do_mprotect_pkey(s.mm, s.a, PAGE_SIZE, RW), 0);
	assert_int_equal(swp_type(pte_to_swp_entry(*s.ptep)), SWP_DEVICE_EXCLUSIVE_READ(s.w));
	/* a count: the writable entry changed once; change_protection sees it */
	*s.ptep = swp_entry_to_pte(make_writable_device_exclusive_entry(s.w, pfn));
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 1);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 0);
	assert_int_equal(mmsim_nr_warn(s.w), 0);
	assert_int_equal(mmsim_nr_bug(s.w), 0);
	mmsim_destroy(s.w);
}

/* series 6: one device-exclusive type, which mprotect leaves alone */
static void test_mprotect_device_exclusive_single_type(void **state)
{
	struct swp_setup s;
	unsigned long pfn;
	pte_t before;

	(void)state;
	swp_setup(&s, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE);
	pfn = user_pfn(s.w);
	before = pte_swp_mksoft_dirty(swp_entry_to_pte(make_device_exclusive_entry(s.w, pfn)));
	set_pte_at(s.mm, s.a, s.ptep, before);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 0);
	assert_int_equal(do_mprotect_pkey(s.mm, s.a, PAGE_SIZE, PROT_READ), 0);
	assert_int_equal(pte_val(*s.ptep), pte_val(before));
	assert_int_equal(swp_type(pte_to_swp_entry(*s.ptep)), SWP_DEVICE_EXCLUSIVE(s.w));
	/* the same type number was SWP_DEVICE_EXCLUSIVE_WRITE at level 5 */
	assert_int_equal(SWP_DEVICE_EXCLUSIVE(s.w), 30);
	mmsim_destroy(s.w);
}

static void test_change_protection_uffd_wp_swap_and_markers(void **state)
{
	struct swp_setup s;
	pte_t marker;

	(void)state;
	swp_setup(&s, 17);
	set_pte_at(s.mm, s.a, s.ptep, swp_entry_to_pte(swp_entry(0, 5)));
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, MM_CP_UFFD_WP), 1);
	assert_true(pte_swp_uffd_wp(*s.ptep));
	assert_int_equal(swp_offset(pte_to_swp_entry(*s.ptep)), 5);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, MM_CP_UFFD_WP), 0);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, MM_CP_UFFD_WP_RESOLVE), 1);
	assert_false(pte_swp_uffd_wp(*s.ptep));
	/* a uffd-wp marker is dropped by resolve; poison and guard markers stay */
	marker = swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_UFFD_WP));
	set_pte_at(s.mm, s.a, s.ptep, marker);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, 0), 0);
	assert_int_equal(pte_val(*s.ptep), pte_val(marker));
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, MM_CP_UFFD_WP_RESOLVE), 1);
	assert_true(pte_none(*s.ptep));
	marker = swp_entry_to_pte(make_pte_marker_entry(PTE_MARKER_GUARD));
	set_pte_at(s.mm, s.a, s.ptep, marker);
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, MM_CP_UFFD_WP_RESOLVE), 0);
	assert_int_equal(pte_val(*s.ptep), pte_val(marker));
	/* none PTEs: anon uffd-wp VMAs need no marker */
	pte_clear(s.mm, s.a, s.ptep);
	s.vma->vm_flags |= VM_UFFD_WP;
	assert_int_equal(change_protection(s.vma, s.a, s.a + PAGE_SIZE, MM_CP_UFFD_WP), 0);
	assert_true(pte_none(*s.ptep));
	mmsim_test_check(s.w);
	mmsim_destroy(s.w);
}

static void test_change_protection_uffd_wp_file_marker(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", 2 * PAGE_SIZE, 0, false);
	unsigned long a = (unsigned long)do_mmap(mm, f, 0, 2 * PAGE_SIZE, RW, MAP_SHARED, 0, 0);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	pte_t *ptep;

	(void)state;
	vma->vm_flags |= VM_UFFD_WP;
	/* no tables yet: populated for the markers */
	assert_null(mm_find_pmd(mm, a));
	assert_int_equal(change_protection(vma, a, a + 2 * PAGE_SIZE, MM_CP_UFFD_WP), 2);
	ptep = pte_offset_map(w, mm_find_pmd(mm, a), a);
	assert_true(is_pte_marker_entry(pte_to_swp_entry(ptep[0])));
	assert_int_equal(pte_marker_get(pte_to_swp_entry(ptep[1])), PTE_MARKER_UFFD_WP);
	assert_int_equal(change_protection(vma, a, a + 2 * PAGE_SIZE, MM_CP_UFFD_WP_RESOLVE), 2);
	assert_true(pte_none(ptep[0]));
	assert_true(pte_none(ptep[1]));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_change_protection_counts_present(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a = map_anon(mm, 4, RW);
	struct vm_area_struct *vma = vma_lookup(mm, a);
	unsigned long before = nr_prot_vma(w);

	(void)state;
	/* nothing populated: no notifier range, nothing counted */
	assert_int_equal(change_protection(vma, a, a + 4 * PAGE_SIZE, 0), 0);
	assert_int_equal(nr_prot_vma(w), before);
	mt_fault(mm, a, FAULT_FLAG_WRITE);
	mt_fault(mm, a + 2 * PAGE_SIZE, 0);
	/* every present PTE counts, changed or not; none PTEs do not */
	assert_int_equal(change_protection(vma, a, a + 4 * PAGE_SIZE, 0), 2);
	assert_int_equal(nr_prot_vma(w), before + 1);
	/* uffd-wp on present PTEs: write-protected and marked */
	assert_int_equal(change_protection(vma, a, a + PAGE_SIZE, MM_CP_UFFD_WP), 1);
	assert_true(pte_uffd_wp(*mt_pte_slot(mm, a)));
	assert_false(pte_write(*mt_pte_slot(mm, a)));
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mprotect_hugetlb(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long a = do_mmap(mm, NULL, 0, 4UL << 20, RW, ANON_PRIV | MAP_HUGETLB, 0, 0);
	struct vm_area_struct *vma = vma_lookup(mm, (unsigned long)a);
	unsigned long before = nr_prot_vma(w);
	pmd_t *pmd;

	(void)state;
	/* nothing mapped: only the flags change (and the notifier fires) */
	assert_int_equal(do_mprotect_pkey(mm, (unsigned long)a, 4UL << 20, PROT_READ), 0);
	assert_int_equal(vma->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	assert_int_equal(nr_prot_vma(w), before + 1);
	/* a split inside a huge page is refused */
	assert_int_equal(do_mprotect_pkey(mm, (unsigned long)a, PAGE_SIZE, RW), -EINVAL);
	/* with an entry present: not modelled yet, nothing changed */
	pmd = mm_find_or_alloc_pmd(mm, (unsigned long)a);
	pmd->pmd = _PAGE_PSE;	/* a non-none entry: never decoded */
	assert_int_equal(do_mprotect_pkey(mm, (unsigned long)a, 4UL << 20, RW), -ENOSYS);
	assert_int_equal(vma->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	assert_non_null(strstr(mmsim_log_line(w, mmsim_log_count(w) - 1),
			       "not modelled yet: hugetlb mprotect"));
	pmd->pmd = 0;
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static const struct CMUnitTest mprotect_tests[] = {
	cmocka_unit_test(test_mprotect_split_middle),
	cmocka_unit_test(test_mprotect_noop_returns_early),
	cmocka_unit_test(test_mprotect_errors),
	cmocka_unit_test(test_mprotect_pgprot_values),
	cmocka_unit_test(test_mprotect_present_anon_pte),
	cmocka_unit_test(test_mprotect_shared_file_writenotify),
	cmocka_unit_test(test_can_change_pte_writable_cases),
	cmocka_unit_test(test_mprotect_writable_migration_entry),
	cmocka_unit_test(test_mprotect_writable_device_private),
	cmocka_unit_test(test_mprotect_device_exclusive_legacy),
	cmocka_unit_test(test_mprotect_device_exclusive_single_type),
	cmocka_unit_test(test_change_protection_uffd_wp_swap_and_markers),
	cmocka_unit_test(test_change_protection_uffd_wp_file_marker),
	cmocka_unit_test(test_change_protection_counts_present),
	cmocka_unit_test(test_mprotect_hugetlb),
};

MMSIM_TEST_MAIN(mprotect_tests)
