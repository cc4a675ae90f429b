// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/debug.c: dump_page() lines in the format of DESIGN.md section 6,
 * no host pointers, byte-identical across worlds.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <string.h>

/* the log lines written since `from` */
static const char *line_at(struct mmsim *w, unsigned long from, unsigned long i)
{
	const char *l = mmsim_log_line(w, from + i);

	assert_non_null(l);
	return l;
}

static struct folio *anon_folio(struct mmsim *w, unsigned int order)
{
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, order);

	assert_non_null(f);
	/* anon, outside the swap cache: mapping prints as zero */
	f->mapping = (struct address_space *)(0x1000UL | PAGE_MAPPING_ANON);
	f->index = 7;
	return f;
}

static void test_dump_small_anon_folio(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = anon_folio(w, 0);
	unsigned long n = mmsim_log_count(w);

	(void)state;
	atomic_set(&f->_mapcount, 0);
	folio_set_uptodate(f);
	folio_set_dirty(f);
	folio_set_swapbacked(f);
	SetPageAnonExclusive(&f->page);
	dump_page(&f->page, "test reason");
	assert_int_equal(mmsim_log_count(w), n + 3);
	assert_string_equal(line_at(w, n, 0),
			    "page: refcount:1 mapcount:1 mapping:0000000000000000 index:0x7 pfn:0x8000");
	assert_string_equal(line_at(w, n, 1),
			    "anon flags: 0x410018(uptodate|dirty|swapbacked|anon_exclusive|node=0|zone=1)");
	assert_string_equal(line_at(w, n, 2), "page dumped because: test reason");
	mmsim_destroy(w);
}

static void test_dump_large_folio_tail(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = anon_folio(w, 2);
	unsigned long n = mmsim_log_count(w);

	(void)state;
	/* three of four pages PTE-mapped once */
	for (int i = 0; i < 3; i++)
		atomic_set(&folio_page(f, i)->_mapcount, 0);
	atomic_set(&f->_large_mapcount, 2);
	atomic_set(&f->_nr_pages_mapped, 3);
	dump_page(folio_page(f, 2), NULL);
	assert_int_equal(mmsim_log_count(w), n + 3);
	assert_string_equal(line_at(w, n, 0),
			    "page: refcount:1 mapcount:1 mapping:0000000000000000 index:0x9 pfn:0x8002");
	assert_string_equal(line_at(w, n, 1),
			    "head: order:2 mapcount:3 entire_mapcount:0 nr_pages_mapped:3 pincount:0");
	assert_string_equal(line_at(w, n, 2), "anon flags: 0x40(head|node=0|zone=1)");
	mmsim_destroy(w);
}

static void test_dump_free_page(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct folio *f = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);
	struct page *page = &f->page;
	unsigned long n;

	(void)state;
	folio_put(f);
	n = mmsim_log_count(w);
	dump_page(page, "free");
	assert_string_equal(line_at(w, n, 0),
			    "page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x8000");
	assert_string_equal(line_at(w, n, 1), "flags: 0x0(node=0|zone=1)");
	assert_string_equal(line_at(w, n, 2), "page dumped because: free");
	/* block 0 pages are zone 0 */
	n = mmsim_log_count(w);
	dump_page(w->zero_page, NULL);
	assert_string_equal(line_at(w, n, 0),
			    "page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x0");
	assert_string_equal(line_at(w, n, 1), "flags: 0x1000(reserved|node=0|zone=0)");
	mmsim_destroy(w);
}

static void dump_scenario(struct mmsim *w)
{
	struct folio *a = anon_folio(w, 0);
	struct folio *b = anon_folio(w, 3);

	folio_set_swapbacked(a);
	atomic_set(&a->_mapcount, 1);
	atomic_set(&b->_entire_mapcount, 0);
	atomic_set(&b->_large_mapcount, 0);
	dump_page(&a->page, "one");
	dump_page(folio_page(b, 5), "two");
	folio_put(a);	/* Bad page state: nonzero mapcount, dumped too */
}

static void test_dump_deterministic_across_worlds(void **state)
{
	struct mmsim *w1 = mmsim_test_world(17);
	struct mmsim *w2 = mmsim_test_world(17);

	(void)state;
	dump_scenario(w1);
	dump_scenario(w2);
	assert_int_equal(mmsim_log_count(w1), mmsim_log_count(w2));
	assert_true(mmsim_log_count(w1) >= 8);
	for (unsigned long i = 0; i < mmsim_log_count(w1); i++) {
		const char *l = mmsim_log_line(w1, i);

		assert_string_equal(l, mmsim_log_line(w2, i));
		/* no host pointer leaks into a dump */
		assert_null(strstr(l, "0x7f"));
		assert_null(strstr(l, "0x5"));
	}
	mmsim_destroy(w1);
	mmsim_destroy(w2);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_dump_small_anon_folio),
	cmocka_unit_test(test_dump_large_folio_tail),
	cmocka_unit_test(test_dump_free_page),
	cmocka_unit_test(test_dump_deterministic_across_worlds),
};

MMSIM_TEST_MAIN(tests)
