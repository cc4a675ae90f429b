// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's own decoder of x86-64 page-table entries (DESIGN.md section
 * 3, "Checker independence"). Written from the architecture's formats
 * (arch/x86/include/asm/pgtable_types.h, pgtable_64.h) and the swap-type
 * layout of include/linux/swap.h (v6.14, and patch 6 of the series), not
 * from the model's headers: every constant is restated here, so a slip in
 * the model's encoding shows up as a disagreement in the decoder test.
 */
#include <mmsim/check.h>

/* present-entry bits */
#define CK_PRESENT	(1ULL << 0)
#define CK_RW		(1ULL << 1)
#define CK_USER		(1ULL << 2)
#define CK_PWT		(1ULL << 3)
#define CK_ACCESSED	(1ULL << 5)
#define CK_DIRTY	(1ULL << 6)
#define CK_PSE		(1ULL << 7)
#define CK_PROTNONE	(1ULL << 8)	/* the global bit, reused when not present */
#define CK_SPECIAL	(1ULL << 9)
#define CK_SAVED_DIRTY	(1ULL << 58)
#define CK_PFN_MASK	(((1ULL << 52) - 1) & ~0xfffULL)
#define CK_PMD_PFN_MASK	(((1ULL << 52) - 1) & ~((1ULL << 21) - 1))

/* swap entries: type in bits 59-63, offset inverted in bits 9-58 */
#define CK_SWP_TYPE_SHIFT	59
#define CK_SWP_OFFSET_FIRST	9
#define CK_SWP_OFFSET_BITS	50
#define CK_SWP_SOFT_DIRTY	CK_RW
#define CK_SWP_UFFD_WP		CK_USER
#define CK_SWP_EXCLUSIVE	CK_PWT
/*
 * PFN swap entries: MAX_PHYSMEM_BITS (46 with 4-level paging) - PAGE_SHIFT
 * pfn bits, then the migration young and dirty bits
 */
#define CK_SWP_PFN_BITS		34
#define CK_SWP_MIG_YOUNG	(1ULL << CK_SWP_PFN_BITS)
#define CK_SWP_MIG_DIRTY	(1ULL << (CK_SWP_PFN_BITS + 1))
#define CK_MARKER_MASK		0x7ULL

/* the level of patch 6 ("mm: use single SWP_DEVICE_EXCLUSIVE entry type") */
#define CK_SINGLE_EXCLUSIVE_LEVEL 6

unsigned int mmsim_check_max_swapfiles(unsigned int series)
{
	unsigned int devnum = series >= CK_SINGLE_EXCLUSIVE_LEVEL ? 3 : 4;

	/* 32 types, less device, migration (3), hwpoison (1) and marker (1) */
	return 32 - devnum - 3 - 1 - 1;
}

int mmsim_check_swap_type(unsigned int series, enum mmsim_check_entry_kind kind)
{
	int max = (int)mmsim_check_max_swapfiles(series);
	bool single = series >= CK_SINGLE_EXCLUSIVE_LEVEL;

	switch (kind) {
	case MMSIM_CHECK_HWPOISON:
		return max;
	case MMSIM_CHECK_MIGRATION_READ:
		return max + 1;
	case MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE:
		return max + 2;
	case MMSIM_CHECK_MIGRATION_WRITE:
		return max + 3;
	case MMSIM_CHECK_DEVICE_PRIVATE_WRITE:
		return max + 4;
	case MMSIM_CHECK_DEVICE_PRIVATE_READ:
		return max + 5;
	case MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE:
		return single ? -1 : max + 6;
	case MMSIM_CHECK_DEVICE_EXCLUSIVE_READ:
		return single ? -1 : max + 7;
	case MMSIM_CHECK_DEVICE_EXCLUSIVE:
		return single ? max + 6 : -1;
	case MMSIM_CHECK_MARKER:
		return 31;
	default:
		return -1;
	}
}

static bool kind_has_pfn(enum mmsim_check_entry_kind k)
{
	return k >= MMSIM_CHECK_HWPOISON && k <= MMSIM_CHECK_DEVICE_EXCLUSIVE;
}

/* a non-present, non-none entry: the same format at PTE and PMD level */
static void decode_swap(unsigned int series, uint64_t val, struct mmsim_check_entry *e)
{
	static const enum mmsim_check_entry_kind special[] = {
		MMSIM_CHECK_HWPOISON, MMSIM_CHECK_MIGRATION_READ,
		MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE, MMSIM_CHECK_MIGRATION_WRITE,
		MMSIM_CHECK_DEVICE_PRIVATE_WRITE, MMSIM_CHECK_DEVICE_PRIVATE_READ,
		MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE, MMSIM_CHECK_DEVICE_EXCLUSIVE_READ,
		MMSIM_CHECK_DEVICE_EXCLUSIVE, MMSIM_CHECK_MARKER,
	};
	unsigned int type = (unsigned int)(val >> CK_SWP_TYPE_SHIFT);

	e->type = type;
	e->offset = (~val >> CK_SWP_OFFSET_FIRST) & ((1ULL << CK_SWP_OFFSET_BITS) - 1);
	e->swp_soft_dirty = val & CK_SWP_SOFT_DIRTY;
	e->swp_uffd_wp = val & CK_SWP_UFFD_WP;
	e->swp_exclusive = val & CK_SWP_EXCLUSIVE;
	e->kind = MMSIM_CHECK_SWAP;
	if (type >= mmsim_check_max_swapfiles(series)) {
		for (unsigned int i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
			if (mmsim_check_swap_type(series, special[i]) == (int)type) {
				e->kind = special[i];
				break;
			}
		}
	}
	if (kind_has_pfn(e->kind))
		e->pfn = e->offset & ((1ULL << CK_SWP_PFN_BITS) - 1);
	if (e->kind >= MMSIM_CHECK_MIGRATION_READ && e->kind <= MMSIM_CHECK_MIGRATION_WRITE) {
		e->mig_young = e->offset & CK_SWP_MIG_YOUNG;
		e->mig_dirty = e->offset & CK_SWP_MIG_DIRTY;
	}
	if (e->kind == MMSIM_CHECK_MARKER)
		e->marker = (unsigned int)(e->offset & CK_MARKER_MASK);
}

static void decode_present(uint64_t val, uint64_t pfn_mask, struct mmsim_check_entry *e)
{
	uint64_t raw = val;

	e->kind = MMSIM_CHECK_PRESENT;
	e->protnone = !(val & CK_PRESENT);
	/* L1TF: a non-present (PROT_NONE) leaf stores its pfn inverted */
	if (e->protnone)
		raw = ~val;
	e->pfn = (raw & pfn_mask) >> 12;
	e->write = val & CK_RW;
	e->user = val & CK_USER;
	e->young = val & CK_ACCESSED;
	e->dirty = val & (CK_DIRTY | CK_SAVED_DIRTY);
	e->special = val & CK_SPECIAL;
}

static void entry_clear(struct mmsim_check_entry *e)
{
	*e = (struct mmsim_check_entry){ .kind = MMSIM_CHECK_NONE };
}

void mmsim_check_decode_pte(unsigned int series, uint64_t val, struct mmsim_check_entry *e)
{
	entry_clear(e);
	if (!val)
		return;
	if (val & (CK_PRESENT | CK_PROTNONE))
		decode_present(val, CK_PFN_MASK, e);
	else
		decode_swap(series, val, e);
}

void mmsim_check_decode_pmd(unsigned int series, uint64_t val, struct mmsim_check_entry *e)
{
	entry_clear(e);
	if (!val)
		return;
	if (val & CK_PSE) {
		decode_present(val, CK_PMD_PFN_MASK, e);
		e->huge = true;
	} else if (val & CK_PRESENT) {
		/* mmsim: a table entry holds the table's id in the pfn field */
		e->kind = MMSIM_CHECK_TABLE;
		e->table = (unsigned int)((val & CK_PFN_MASK) >> 12);
	} else {
		decode_swap(series, val, e);
	}
}

const char *mmsim_check_kind_name(enum mmsim_check_entry_kind kind)
{
	static const char *const names[] = {
		[MMSIM_CHECK_NONE] = "none",
		[MMSIM_CHECK_PRESENT] = "present",
		[MMSIM_CHECK_TABLE] = "table",
		[MMSIM_CHECK_SWAP] = "swap",
		[MMSIM_CHECK_HWPOISON] = "hwpoison",
		[MMSIM_CHECK_MIGRATION_READ] = "migration-read",
		[MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE] = "migration-read-exclusive",
		[MMSIM_CHECK_MIGRATION_WRITE] = "migration-write",
		[MMSIM_CHECK_DEVICE_PRIVATE_WRITE] = "device-private-write",
		[MMSIM_CHECK_DEVICE_PRIVATE_READ] = "device-private-read",
		[MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE] = "device-exclusive-write",
		[MMSIM_CHECK_DEVICE_EXCLUSIVE_READ] = "device-exclusive-read",
		[MMSIM_CHECK_DEVICE_EXCLUSIVE] = "device-exclusive",
		[MMSIM_CHECK_MARKER] = "marker",
	};

	if ((unsigned int)kind >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[kind];
}
