// SPDX-License-Identifier: GPL-2.0-only
/*
 * dump_page() (mm/debug.c, v6.14 __dump_folio), in the format of DESIGN.md
 * section 6. No host pointer is ever printed: mappings are shown as
 * synthetic kernel-like addresses derived from object ids.
 */
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/swapops.h>
#include <stdio.h>
#include <string.h>

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",
	[PG_writeback] = "writeback",
	[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty",
	[PG_lru] = "lru",
	[PG_head] = "head",
	[PG_waiters] = "waiters",
	[PG_active] = "active",
	[PG_workingset] = "workingset",
	[PG_owner_priv_1] = "owner_priv_1",
	[PG_arch_1] = "arch_1",
	[PG_reserved] = "reserved",
	[PG_private] = "private",
	[PG_private_2] = "private_2",
	[PG_reclaim] = "reclaim",
	[PG_swapbacked] = "swapbacked",
	[PG_unevictable] = "unevictable",
	[PG_mlocked] = "mlocked",
	[PG_hwpoison] = "hwpoison",
	[PG_young] = "young",
	[PG_idle] = "idle",
	[PG_mappedtodisk] = "mappedtodisk",
	[PG_buddy] = "buddy",
};

/* 0xffff888000000000 is the direct map; object kinds get their own slices */
unsigned long mmsim_synthetic_addr(const void *obj_kind, unsigned int id)
{
	unsigned long slice = 0;

	if (obj_kind)
		slice = (unsigned long)(((const char *)obj_kind)[0] & 0x0f);
	return 0xffff888100000000UL + (slice << 28) + (unsigned long)id * 0x240;
}

static unsigned long mapping_synthetic(const struct folio *folio)
{
	struct address_space *mapping;

	if (folio_test_anon(folio)) {
		/* folio_mapping(): anon folios have one only in the swap cache */
		if (!folio_test_swapcache(folio))
			return 0;
		return mmsim_synthetic_addr("swap", swp_type(folio->swap) + 1);
	}
	mapping = folio->mapping;
	if (!mapping)
		return 0;
	return mmsim_synthetic_addr("file", mapping->host ? mapping->host->id : 0);
}

static void format_flags(const struct folio *folio, const struct page *page, char *buf,
			 size_t len)
{
	unsigned long flags = folio->flags & PAGE_FLAGS_MASK;
	size_t n;

	/* per-page bits come from the page itself */
	flags &= ~(BIT(PG_anon_exclusive) | BIT(PG_hwpoison));
	flags |= page->flags & (BIT(PG_anon_exclusive) | BIT(PG_hwpoison));
	/* the kernel's %#lx prints 0 as 0x0, unlike the C library */
	n = (size_t)snprintf(buf, len, "0x%lx(", flags);
	for (int i = 0; i < __NR_PAGEFLAGS && n < len; i++) {
		const char *name = pageflag_names[i];

		if (!(flags & BIT(i)))
			continue;
		if (i == PG_owner_priv_1 && test_bit_ul(PG_swapbacked, &folio->flags))
			name = "swapcache";
		if (i == PG_mappedtodisk && folio_test_anon(folio))
			name = "anon_exclusive";
		n += (size_t)snprintf(buf + n, len - n, "%s|", name);
	}
	if (n < len)
		snprintf(buf + n, len - n, "node=0|zone=%u)", page_zonenum(page));
}

void __dump_folio(struct folio *folio, const struct page *page, unsigned long pfn,
		  unsigned long idx)
{
	struct mmsim *w = folio_world(folio);
	int mapcount = atomic_read(&page->_mapcount) + 1;
	const char *type = "";
	char flags[400];

	mmsim_log(w, "page: refcount:%d mapcount:%d mapping:%016lx index:0x%lx pfn:0x%lx",
		  folio_ref_count(folio), mapcount, mapping_synthetic(folio),
		  folio->index + idx, pfn);
	if (folio_test_large(folio))
		mmsim_log(w, "head: order:%u mapcount:%d entire_mapcount:%d nr_pages_mapped:%d pincount:%d",
			  folio_order(folio), folio_mapcount(folio),
			  folio_entire_mapcount(folio),
			  atomic_read(&folio->_nr_pages_mapped) & FOLIO_PAGES_MAPPED,
			  atomic_read(&folio->_pincount));
	if (folio_test_ksm(folio))
		type = "ksm ";
	else if (folio_test_anon(folio))
		type = "anon ";
	else if (folio_test_hugetlb(folio))
		type = "hugetlb ";
	format_flags(folio, page, flags, sizeof(flags));
	mmsim_log(w, "%sflags: %s", type, flags);
}

void dump_page(const struct page *page, const char *reason)
{
	struct folio *folio = page_folio(page);
	unsigned long pfn = page_to_pfn(page);

	__dump_folio(folio, page, pfn, (unsigned long)(page - &folio->page));
	if (reason)
		mmsim_log(page_world(page), "page dumped because: %s", reason);
}
