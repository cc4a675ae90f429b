// SPDX-License-Identifier: GPL-2.0-only
/*
 * include/mmsim/kernel/pgtable.h and swapops.h: the x86-64 present-PTE
 * accessors, protnone inversion, the swap-PTE format and the swap type
 * numbering before and after patch 6 (reference sections 2.1 and 12.2).
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/swapops.h>

static void test_pfn_pte_present_accessors(void **state)
{
	pte_t pte = pfn_pte(0x12345, PAGE_SHARED);

	(void)state;
	assert_int_equal(pte_val(pte), 0x8000000012345027ULL);
	assert_true(pte_present(pte));
	assert_false(pte_protnone(pte));
	assert_int_equal(pte_pfn(pte), 0x12345);
	assert_true(pte_write(pte));
	assert_true(pte_young(pte));
	assert_false(pte_dirty(pte));
	assert_false(pte_exec(pte));
	assert_false(pte_soft_dirty(pte));
	pte = pte_mkdirty(pte);
	assert_true(pte_dirty(pte));
	assert_true(pte_soft_dirty(pte));	/* mkdirty also marks soft-dirty */
	pte = pte_mkclean(pte);
	assert_false(pte_dirty(pte));
	assert_true(pte_soft_dirty(pte));
	pte = pte_mkold(pte_wrprotect(pte));
	assert_false(pte_write(pte));
	assert_false(pte_young(pte));
	assert_int_equal(pte_pfn(pte), 0x12345);
	/* uffd-wp implies write-protected */
	pte = pte_mkuffd_wp(pte_mkwrite(pte));
	assert_true(pte_uffd_wp(pte));
	assert_false(pte_write(pte));
	assert_true(pte_exec(pfn_pte(1, PAGE_COPY_EXEC)));
	assert_true(pte_none(__pte(0)));
}

static void test_saved_dirty_bit_counts_as_dirty(void **state)
{
	pte_t pte = pfn_pte(7, PAGE_READONLY);

	(void)state;
	pte = pte_set_flags(pte, _PAGE_SAVED_DIRTY);
	assert_true(pte_dirty(pte));
	assert_false(pte_dirty(pte_mkclean(pte)));
}

static void test_pfn_pmd_accessors(void **state)
{
	pmd_t pmd = pmd_mkhuge(pfn_pmd(0x40000, PAGE_SHARED));

	(void)state;
	assert_int_equal(pmd_val(pmd), 0x80000000400000a7ULL);
	assert_true(pmd_present(pmd));
	assert_true(pmd_leaf(pmd));
	assert_true(pmd_trans_huge(pmd));
	assert_int_equal(pmd_pfn(pmd), 0x40000);
	assert_true(pmd_write(pmd));
	assert_true(pmd_young(pmd));
	assert_false(pmd_dirty(pmd));
	/* a PMD leaf holds a 2M-aligned frame */
	assert_int_equal(pmd_pfn(pmd_mkhuge(pfn_pmd(0x401ff, PAGE_SHARED))), 0x40000);
	assert_int_equal(pgprot_val(pmd_pgprot(pmd)), pgprot_val(PAGE_SHARED));
	pmd = pmd_mkdirty(pmd_wrprotect(pmd));
	assert_false(pmd_write(pmd));
	assert_true(pmd_dirty(pmd));
	assert_true(pmd_soft_dirty(pmd));
	assert_false(pmd_present(__pmd(0)));
	assert_true(pmd_none(__pmd(0)));
}

static void test_pte_modify(void **state)
{
	pte_t pte = pte_mksoft_dirty(pte_mkdirty(pfn_pte(0x1234, PAGE_SHARED)));
	pte_t ro = pte_modify(pte, PAGE_READONLY);

	(void)state;
	assert_int_equal(pte_pfn(ro), 0x1234);
	assert_false(pte_write(ro));
	assert_true(pte_dirty(ro));
	assert_true(pte_young(ro));
	assert_true(pte_soft_dirty(ro));
	assert_int_equal(pte_val(ro), 0x8000000001234865ULL);
	/* back to writable exec: NX goes, RW comes */
	pte = pte_modify(ro, PAGE_SHARED_EXEC);
	assert_true(pte_write(pte));
	assert_true(pte_exec(pte));
	/* uffd-wp and special survive; PAT (bit 7 on a PTE) too */
	pte = pte_set_flags(pfn_pte(5, PAGE_SHARED), _PAGE_UFFD_WP | _PAGE_SPECIAL | _PAGE_PSE);
	pte = pte_modify(pte, PAGE_READONLY);
	assert_true(pte_uffd_wp(pte));
	assert_true(pte_special(pte));
	assert_true(pte_val(pte) & _PAGE_PSE);
}

static void test_protnone_inverts_pfn(void **state)
{
	pte_t pte = pfn_pte(0x1ab5b7, PAGE_NONE);
	pte_t back;

	(void)state;
	/* L1TF: a non-present, non-zero entry stores the pfn inverted */
	assert_int_equal(pte_val(pte) & PTE_PFN_MASK, ~(0x1ab5b7ULL << PAGE_SHIFT) & PTE_PFN_MASK);
	assert_int_equal(pte_val(pte) & PTE_FLAGS_MASK, _PAGE_PROTNONE | _PAGE_ACCESSED);
	assert_true(pte_present(pte));
	assert_true(pte_protnone(pte));
	assert_int_equal(pte_pfn(pte), 0x1ab5b7);
	/* pte_modify flips the pfn across PRESENT <-> PROTNONE */
	back = pte_modify(pte, PAGE_SHARED);
	assert_false(pte_protnone(back));
	assert_int_equal(pte_val(back), pte_val(pfn_pte(0x1ab5b7, PAGE_SHARED)));
	assert_int_equal(pte_val(pte_modify(back, PAGE_NONE)), pte_val(pte));
	/* PMD too */
	assert_int_equal(pmd_pfn(pmd_mkhuge(pfn_pmd(0x40000, PAGE_NONE))), 0x40000);
}

/* reference section 12.2: the numbers every legacy walker effect derives from */
static void test_device_exclusive_reference_encoding(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	swp_entry_t e = make_device_exclusive_entry(w, 0x1ab5b7);
	pte_t pte = pte_swp_mksoft_dirty(swp_entry_to_pte(e));
	swp_entry_t back;

	(void)state;
	assert_int_equal(swp_type(e), 30);
	assert_int_equal(pte_val(pte), 0xf7ffffffca949002ULL);
	assert_false(pte_present(pte));
	assert_true(is_swap_pte(pte));
	/* the present-PTE accessors applied to it, as legacy walkers do */
	assert_int_equal(pte_pfn(pte), 0x356b6);
	assert_int_equal(pte_pfn(pte), 0x1ab5b7 >> 3);
	assert_true(pte_dirty(pte));
	assert_false(pte_young(pte));
	assert_true(pte_write(pte));
	assert_false(pte_write(swp_entry_to_pte(e)));	/* = the swap soft-dirty bit */
	/* bits 11/10 hold inverted offset bits 2/1 of 0x1ab5b7: both set, so 0 */
	assert_false(pte_soft_dirty(pte));
	assert_false(pte_uffd_wp(pte));
	assert_true(pte_soft_dirty(swp_entry_to_pte(make_device_exclusive_entry(w, 0x1ab5b0))));
	assert_true(pte_uffd_wp(swp_entry_to_pte(make_device_exclusive_entry(w, 0x1ab5b0))));
	back = pte_to_swp_entry(pte);
	assert_int_equal(back.val, e.val);
	assert_true(is_device_exclusive_entry(w, back));
	assert_true(is_pfn_swap_entry(w, back));
	assert_int_equal(swp_offset_pfn(w, back), 0x1ab5b7);
	mmsim_destroy(w);
}

static void test_swap_pte_roundtrip_every_type(void **state)
{
	static const unsigned int levels[] = { 0, 5, 6, 17 };
	static const unsigned long offsets[] = { 0, 1, 0x1ab5b7, (1UL << 50) - 2 };

	(void)state;
	for (size_t l = 0; l < ARRAY_SIZE(levels); l++) {
		struct mmsim *w = mmsim_test_world(levels[l]);

		for (unsigned long type = 0; type < 32; type++) {
			for (size_t o = 0; o < ARRAY_SIZE(offsets); o++) {
				swp_entry_t e = swp_entry(type, offsets[o]);
				pte_t pte = swp_entry_to_pte(e);
				pte_t flagged = pte_swp_mkexclusive(
					pte_swp_mkuffd_wp(pte_swp_mksoft_dirty(pte)));
				swp_entry_t back = pte_to_swp_entry(flagged);

				assert_false(pte_present(pte));
				assert_false(pte_none(pte));
				assert_int_equal(pte_val(pte) & 0x1ff, 0);
				assert_int_equal(pte_val(pte) >> 59, type);
				assert_int_equal(swp_type(back), type);
				assert_int_equal(swp_offset(back), offsets[o]);
				assert_int_equal(back.val, e.val);
			}
		}
		mmsim_destroy(w);
	}
}

static void assert_type_table(struct mmsim *w, unsigned int max)
{
	assert_int_equal(MAX_SWAPFILES(w), max);
	assert_int_equal(SWP_HWPOISON(w), max);
	assert_int_equal(SWP_MIGRATION_READ(w), max + 1);
	assert_int_equal(SWP_MIGRATION_READ_EXCLUSIVE(w), max + 2);
	assert_int_equal(SWP_MIGRATION_WRITE(w), max + 3);
	assert_int_equal(SWP_DEVICE_WRITE(w), max + 4);
	assert_int_equal(SWP_DEVICE_READ(w), max + 5);
	assert_int_equal(SWP_PTE_MARKER, 31);
}

static void test_swap_types_legacy(void **state)
{
	(void)state;
	for (unsigned int level = 0; level <= 5; level += 5) {
		struct mmsim *w = mmsim_test_world(level);
		swp_entry_t wr = make_writable_device_exclusive_entry(w, 0x100);
		swp_entry_t rd = make_readable_device_exclusive_entry(w, 0x100);

		assert_type_table(w, 23);
		assert_int_equal(SWP_DEVICE_NUM(w), 4);
		assert_int_equal(SWP_DEVICE_EXCLUSIVE_WRITE(w), 29);
		assert_int_equal(SWP_DEVICE_EXCLUSIVE_READ(w), 30);
		assert_int_equal(swp_type(wr), 29);
		assert_int_equal(swp_type(rd), 30);
		assert_true(is_device_exclusive_entry(w, wr));
		assert_true(is_device_exclusive_entry(w, rd));
		assert_true(is_writable_device_exclusive_entry(w, wr));
		assert_false(is_writable_device_exclusive_entry(w, rd));
		assert_false(is_device_private_entry(w, wr));
		assert_true(is_pfn_swap_entry(w, rd));
		/* type 23 is hwpoison, not a swap file */
		assert_true(non_swap_entry(w, swp_entry(23, 1)));
		assert_false(non_swap_entry(w, swp_entry(22, 1)));
		mmsim_destroy(w);
	}
}

static void test_swap_types_new(void **state)
{
	(void)state;
	for (unsigned int level = 6; level <= 17; level += 11) {
		struct mmsim *w = mmsim_test_world(level);
		swp_entry_t e = make_device_exclusive_entry(w, 0x100);

		assert_type_table(w, 24);
		assert_int_equal(SWP_DEVICE_NUM(w), 3);
		assert_int_equal(SWP_DEVICE_EXCLUSIVE(w), 30);
		assert_int_equal(swp_type(e), 30);
		assert_true(is_device_exclusive_entry(w, e));
		assert_false(is_writable_device_exclusive_entry(w, e));
		/* the old WRITE number is now device-private READ */
		assert_false(is_device_exclusive_entry(w, swp_entry(29, 1)));
		assert_true(is_device_private_entry(w, swp_entry(29, 1)));
		/* one more swap file type */
		assert_false(non_swap_entry(w, swp_entry(23, 1)));
		assert_true(is_hwpoison_entry(w, swp_entry(24, 1)));
		mmsim_destroy(w);
	}
}

static void test_pfn_entry_predicates(void **state)
{
	struct mmsim *w = mmsim_test_world(17);

	(void)state;
	assert_false(is_pfn_swap_entry(w, swp_entry(0, 5)));
	assert_false(is_pfn_swap_entry(w, make_pte_marker_entry(PTE_MARKER_UFFD_WP)));
	assert_true(is_pfn_swap_entry(w, make_hwpoison_entry(w, 5)));
	assert_true(is_pfn_swap_entry(w, make_readable_migration_entry(w, 5)));
	assert_true(is_pfn_swap_entry(w, make_readable_exclusive_migration_entry(w, 5)));
	assert_true(is_pfn_swap_entry(w, make_writable_device_private_entry(w, 5)));
	assert_true(is_writable_migration_entry(w, make_writable_migration_entry(w, 5)));
	assert_true(is_readable_exclusive_migration_entry(w, make_readable_exclusive_migration_entry(w, 5)));
	assert_true(is_readable_migration_entry(w, make_readable_migration_entry(w, 5)));
	assert_true(is_writable_device_private_entry(w, make_writable_device_private_entry(w, 5)));
	assert_false(is_writable_device_private_entry(w, make_readable_device_private_entry(w, 5)));
	assert_true(is_pte_marker_entry(make_pte_marker_entry(PTE_MARKER_GUARD)));
	assert_int_equal(pte_marker_get(make_pte_marker_entry(PTE_MARKER_POISONED)),
			 PTE_MARKER_POISONED);
	assert_int_equal(swp_type(make_pte_marker_entry(PTE_MARKER_UFFD_WP)), 31);
	mmsim_destroy(w);
}

static void test_migration_young_dirty_bits(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	swp_entry_t e = make_writable_migration_entry(w, 0x1ab5b7);
	swp_entry_t yd = make_migration_entry_dirty(make_migration_entry_young(e));
	swp_entry_t back;

	(void)state;
	/* x86-64, 4-level: MAX_PHYSMEM_BITS 46, so the pfn takes 34 bits */
	assert_int_equal(SWP_PFN_BITS, 34);
	assert_false(is_migration_entry_young(e));
	assert_false(is_migration_entry_dirty(e));
	assert_int_equal(swp_offset(yd), 0x1ab5b7UL | (1UL << 34) | (1UL << 35));
	assert_true(is_migration_entry_young(yd));
	assert_true(is_migration_entry_dirty(yd));
	assert_int_equal(swp_offset_pfn(w, yd), 0x1ab5b7);
	back = pte_to_swp_entry(swp_entry_to_pte(yd));
	assert_int_equal(back.val, yd.val);
	assert_true(is_writable_migration_entry(w, back));
	assert_true(is_migration_entry_young(make_migration_entry_young(
		make_readable_migration_entry(w, 1))));
	mmsim_destroy(w);
}

static void test_pte_swp_flag_bits(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	pte_t pte = swp_entry_to_pte(swp_entry(0, 42));
	pte_t f;

	(void)state;
	assert_false(pte_swp_soft_dirty(pte));
	assert_false(pte_swp_uffd_wp(pte));
	assert_false(pte_swp_exclusive(pte));
	f = pte_swp_mksoft_dirty(pte);
	assert_int_equal(pte_val(f) ^ pte_val(pte), 0x2);
	assert_true(pte_swp_soft_dirty(f));
	f = pte_swp_mkuffd_wp(pte);
	assert_int_equal(pte_val(f) ^ pte_val(pte), 0x4);
	assert_true(pte_swp_uffd_wp(f));
	f = pte_swp_mkexclusive(pte);
	assert_int_equal(pte_val(f) ^ pte_val(pte), 0x8);
	assert_true(pte_swp_exclusive(f));
	f = pte_swp_mkexclusive(pte_swp_mkuffd_wp(pte_swp_mksoft_dirty(pte)));
	assert_int_equal(pte_val(pte_swp_clear_flags(f)), pte_val(pte));
	assert_int_equal(pte_val(pte_swp_clear_soft_dirty(pte_swp_clear_uffd_wp(
				 pte_swp_clear_exclusive(f)))), pte_val(pte));
	/* still a swap PTE with every flag set */
	assert_false(pte_present(f));
	assert_int_equal(swp_offset(pte_to_swp_entry(f)), 42);
	mmsim_destroy(w);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_pfn_pte_present_accessors),
	cmocka_unit_test(test_saved_dirty_bit_counts_as_dirty),
	cmocka_unit_test(test_pfn_pmd_accessors),
	cmocka_unit_test(test_pte_modify),
	cmocka_unit_test(test_protnone_inverts_pfn),
	cmocka_unit_test(test_device_exclusive_reference_encoding),
	cmocka_unit_test(test_swap_pte_roundtrip_every_type),
	cmocka_unit_test(test_swap_types_legacy),
	cmocka_unit_test(test_swap_types_new),
	cmocka_unit_test(test_pfn_entry_predicates),
	cmocka_unit_test(test_migration_young_dirty_bits),
	cmocka_unit_test(test_pte_swp_flag_bits),
};

MMSIM_TEST_MAIN(tests)
