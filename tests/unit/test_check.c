// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/check: the checker. Every invariant gets a test that builds a
 * consistent state (by hand, with the model's rmap functions for the
 * counters), checks it clean, corrupts ONE stored value and asserts the
 * checker names the invariant, the object and both values.
 *
 * Layout: 256M of memory in two 128M blocks; user folios come from block 1,
 * so the first one is pfn 0x8000. The anon VMA lives at BASE.
 */
#include "mmsim_test.h"
#include <mmsim/check.h>
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/page_table_check.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swap.h>
#include <stdio.h>
#include <string.h>

#define BASE 0x7f0000000000UL
#define NPAGES 1024UL		/* 4M: two PMDs */

struct env {
	struct mmsim *w;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	struct anon_vma *av;
	struct mmsim_check_report rep;
};

static struct mmsim *make_world(unsigned int series, uint64_t swap, unsigned int hugetlb)
{
	struct mmsim_config cfg;

	mt_config(&cfg, series);
	cfg.swap = swap;
	cfg.hugetlb_pages = hugetlb;
	return mt_create(&cfg);
}

static struct anon_vma *make_anon_vma(struct mmsim *w)
{
	struct anon_vma *av = mmsim_obj_alloc(w, sizeof(*av));

	av->w = w;
	av->id = w->next_id++;
	av->root = av;
	atomic_set(&av->refcount, 1);
	INIT_LIST_HEAD(&av->rb_root);
	list_add_tail(&av->w_list, &w->anon_vma_list);
	return av;
}

static void link_avc(struct vm_area_struct *vma, struct anon_vma *av)
{
	struct anon_vma_chain *avc = mmsim_obj_alloc(av->w, sizeof(*avc));

	avc->vma = vma;
	avc->anon_vma = av;
	list_add_tail(&avc->same_vma, &vma->anon_vma_chain);
	list_add_tail(&avc->rb, &av->rb_root);
	if (!vma->anon_vma)
		vma->anon_vma = av;
}

static struct vm_area_struct *make_vma(struct mm_struct *mm, unsigned long start,
				       unsigned long pages, vm_flags_t flags,
				       struct file *file, pgoff_t pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	vma->vm_start = start;
	vma->vm_end = start + pages * PAGE_SIZE;
	vma->vm_flags = flags;
	vma->vm_pgoff = pgoff;
	vma->vm_file = file;
	vma->vm_page_prot = PAGE_COPY;
	list_add_tail(&vma->vm_list, &mm->mmap);
	mm->map_count++;
	if (file)
		list_add_tail(&vma->shared, &file->f_mapping->i_mmap);
	return vma;
}

static void env_init(struct env *e, unsigned int series, uint64_t swap)
{
	memset(e, 0, sizeof(*e));
	e->w = make_world(series, swap, 0);
	e->mm = mm_alloc(e->w);
	e->vma = make_vma(e->mm, BASE, NPAGES,
			  VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE, NULL, BASE >> PAGE_SHIFT);
	e->av = make_anon_vma(e->w);
	link_avc(e->vma, e->av);
}

/* a new exclusive anon folio mapped at addr, as do_anonymous_page() leaves it */
static struct folio *anon_map(struct env *e, unsigned long addr, unsigned int order, bool write)
{
	struct folio *folio = folio_alloc(e->w, GFP_HIGHUSER_MOVABLE, order);
	unsigned long nr = 1UL << order;
	pte_t entry;

	assert_non_null(folio);
	folio_add_new_anon_rmap(folio, e->vma, addr, RMAP_EXCLUSIVE);
	folio_add_lru(folio);
	entry = pfn_pte(folio_pfn(folio), write ? PAGE_SHARED : PAGE_READONLY);
	set_ptes(e->mm, addr, mt_pte_slot(e->mm, addr), entry, (unsigned int)nr);
	if (nr > 1)
		folio_ref_add(folio, (int)nr - 1);
	add_mm_counter(e->mm, MM_ANONPAGES, (long)nr);
	return folio;
}

/* a PMD-mapped THP at the 2M-aligned addr */
static struct folio *thp_map(struct env *e, unsigned long addr)
{
	struct folio *folio = folio_alloc(e->w, GFP_TRANSHUGE, HPAGE_PMD_ORDER);
	pmd_t *pmd = mm_find_or_alloc_pmd(e->mm, addr);

	assert_non_null(folio);
	folio_add_new_anon_rmap(folio, e->vma, addr, RMAP_EXCLUSIVE);
	folio_add_lru(folio);
	set_pmd_at(e->mm, addr, pmd, pmd_mkhuge(pfn_pmd(folio_pfn(folio), PAGE_SHARED)));
	add_mm_counter(e->mm, MM_ANONPAGES, HPAGE_PMD_NR);
	return folio;
}

/* a second process sharing the page at addr read-only, as fork leaves it */
static struct mm_struct *share_with_child(struct env *e, struct folio *folio, unsigned long addr)
{
	struct mm_struct *child = mm_alloc(e->w);
	struct vm_area_struct *cvma = make_vma(child, BASE, NPAGES, e->vma->vm_flags, NULL,
					       e->vma->vm_pgoff);
	pte_t *ppte = mt_pte_slot(e->mm, addr);

	link_avc(cvma, e->av);
	folio_get(folio);
	assert_int_equal(folio_try_dup_anon_rmap_pte(folio, &folio->page, cvma, e->vma), 0);
	ptep_set_wrprotect(e->mm, addr, ppte);
	set_pte_at(child, addr, mt_pte_slot(child, addr), pte_wrprotect(*ppte));
	inc_mm_counter(child, MM_ANONPAGES);
	return child;
}

static struct file *make_file(struct mmsim *w, unsigned long pages, bool shmem)
{
	struct file *f = mmsim_obj_alloc(w, sizeof(*f));

	f->w = w;
	f->id = w->next_file_id++;
	f->f_mapping = &f->mapping;
	f->mapping.w = w;
	f->mapping.host = f;
	f->mapping.shmem = shmem;
	f->mapping.nr_index = pages;
	f->mapping.pages = mmsim_obj_alloc(w, pages * sizeof(struct folio *));
	INIT_LIST_HEAD(&f->mapping.i_mmap);
	snprintf(f->name, sizeof(f->name), "f%u", f->id);
	list_add_tail(&f->list, &w->file_list);
	return f;
}

/* a page-cache folio at index, as filemap_add_folio() leaves it */
static struct folio *cache_add(struct file *f, pgoff_t index)
{
	struct mmsim *w = f->w;
	struct folio *folio = folio_alloc(w, GFP_HIGHUSER_MOVABLE, 0);

	assert_non_null(folio);
	folio->mapping = f->f_mapping;
	folio->index = index;
	if (f->mapping.shmem)
		__folio_set_swapbacked(folio);
	folio_set_uptodate(folio);
	f->mapping.pages[index] = folio;
	f->mapping.nrpages++;
	mod_node_page_state(w, NR_FILE_PAGES, 1);
	if (f->mapping.shmem)
		mod_node_page_state(w, NR_SHMEM, 1);
	folio_add_lru(folio);
	return folio;
}

/* map a cached folio read-only in vma at addr */
static void file_map(struct vm_area_struct *vma, struct folio *folio, unsigned long addr)
{
	folio_get(folio);
	folio_add_file_rmap_pte(folio, &folio->page, vma);
	set_pte_at(vma->vm_mm, addr, mt_pte_slot(vma->vm_mm, addr),
		   pfn_pte(folio_pfn(folio), PAGE_READONLY));
	inc_mm_counter(vma->vm_mm, folio->mapping->shmem ? MM_SHMEMPAGES : MM_FILEPAGES);
}

/* ---- assertions ----------------------------------------------------------------- */
static void print_report(const struct mmsim_check_report *rep)
{
	char buf[256];

	for (unsigned int i = 0; i < rep->nr_kept; i++) {
		mmsim_check_format(&rep->v[i], buf, sizeof(buf));
		print_message("violation: %s\n", buf);
	}
}

static void expect_clean(struct mmsim *w)
{
	struct mmsim_check_report rep;
	int n = mmsim_check_world(w, &rep);

	if (n)
		print_report(&rep);
	assert_int_equal(n, 0);
	assert_null(mmsim_check_first(&rep));
}

/* the first violation is name/object/expected/actual */
static const struct mmsim_check_violation *
expect_first(struct env *e, const char *name, const char *object, long long expected,
	     long long actual)
{
	const struct mmsim_check_violation *v;
	int n = mmsim_check_world(e->w, &e->rep);

	if (n < 1 || strcmp(e->rep.v[0].name, name))
		print_report(&e->rep);
	assert_true(n >= 1);
	v = mmsim_check_first(&e->rep);
	assert_non_null(v);
	assert_string_equal(v->name, name);
	assert_string_equal(v->object, object);
	assert_int_equal(v->expected, expected);
	assert_int_equal(v->actual, actual);
	return v;
}

/* some kept violation is name/object/expected/actual */
static const struct mmsim_check_violation *
expect_some(struct env *e, const char *name, const char *object, long long expected,
	    long long actual)
{
	int n = mmsim_check_world(e->w, &e->rep);

	assert_true(n >= 1);
	for (unsigned int i = 0; i < e->rep.nr_kept; i++) {
		const struct mmsim_check_violation *v = &e->rep.v[i];

		if (!strcmp(v->name, name) && !strcmp(v->object, object) &&
		    v->expected == expected && v->actual == actual)
			return v;
	}
	print_report(&e->rep);
	fail_msg("no %s violation on %s", name, object);
	return NULL;
}

static void env_fini(struct env *e)
{
	mmsim_destroy(e->w);
}

/* ---- consistent worlds ----------------------------------------------------------- */
static void test_fresh_world_clean(void **state)
{
	(void)state;
	for (unsigned int s = 0; s <= 17; s += 17) {
		struct mmsim *w = make_world(s, 16ULL << 20, 2);

		expect_clean(w);
		mmsim_destroy(w);
	}
}

static void test_anon_small_clean(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);
	anon_map(&e, BASE + PAGE_SIZE, 0, false);
	anon_map(&e, BASE + 5 * PAGE_SIZE, 2, true);
	thp_map(&e, BASE + PMD_SIZE);
	expect_clean(e.w);
	env_fini(&e);
}

static void test_fork_shared_clean(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	share_with_child(&e, folio, BASE);
	expect_clean(e.w);
	assert_int_equal(folio_ref_count(folio), 2);
	env_fini(&e);
}

static void test_zero_page_clean(void **state)
{
	struct env e;
	struct page *zero;

	(void)state;
	env_init(&e, 17, 0);
	zero = e.w->zero_page;
	set_pte_at(e.mm, BASE, mt_pte_slot(e.mm, BASE),
		   pte_mkspecial(pfn_pte(page_to_pfn(zero), PAGE_READONLY)));
	/* page_table_check counts it; nothing else does */
	assert_int_equal(atomic_read(&get_page_table_check(zero)->file_map_count), 1);
	expect_clean(e.w);
	atomic_set(&get_page_table_check(zero)->file_map_count, 0);
	expect_first(&e, "ptc.counts", "pfn 0", 1, 0);
	env_fini(&e);
}

/* ---- mapcounts -------------------------------------------------------------------- */
static void test_folio_mapcount_small(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	expect_clean(e.w);
	atomic_inc(&folio->_mapcount);
	expect_first(&e, "folio.mapcount", "pfn 0x8000", 1, 2);
	assert_int_equal(e.rep.nr_violations, 1);
	env_fini(&e);
}

static void test_page_mapcount_mthp(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 2, true);
	expect_clean(e.w);
	atomic_dec(&folio_page(folio, 2)->_mapcount);
	expect_first(&e, "page.mapcount", "pfn 0x8002", 1, 0);
	env_fini(&e);
}

static void test_large_mapcount(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 2, true);
	atomic_inc(&folio->_large_mapcount);
	expect_first(&e, "folio.mapcount", "pfn 0x8000", 4, 5);
	assert_int_equal(e.rep.nr_violations, 1);
	env_fini(&e);
}

static void test_nr_pages_mapped_mthp(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 2, true);
	atomic_dec(&folio->_nr_pages_mapped);
	expect_first(&e, "folio.nr_pages_mapped", "pfn 0x8000", 4, 3);
	env_fini(&e);
}

static void test_entire_mapcount_thp(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = thp_map(&e, BASE);
	expect_clean(e.w);
	assert_int_equal(atomic_read(&folio->_nr_pages_mapped), ENTIRELY_MAPPED);
	atomic_inc(&folio->_entire_mapcount);
	expect_first(&e, "folio.entire_mapcount", "pfn 0x8000", 1, 2);
	env_fini(&e);
}

static void test_nr_pages_mapped_bias(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = thp_map(&e, BASE);
	atomic_set(&folio->_nr_pages_mapped, 0);
	expect_first(&e, "folio.nr_pages_mapped", "pfn 0x8000", ENTIRELY_MAPPED, 0);
	env_fini(&e);
}

/* ---- references -------------------------------------------------------------------- */
static void test_refcount(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	folio_ref_inc(folio);
	v = expect_first(&e, "folio.refcount", "pfn 0x8000", 1, 2);
	assert_int_equal(v->explained_by, 0);
	env_fini(&e);
}

static void add_gup_ref(struct mmsim *w, struct folio *folio, bool pin)
{
	struct mmsim_gup_ref *g = mmsim_obj_alloc(w, sizeof(*g));

	g->folio = folio;
	g->pin = pin;
	list_add_tail(&g->list, &w->gup_refs);
	if (!pin)
		folio_ref_inc(folio);
	else if (folio_test_large(folio))
		folio_ref_inc(folio), atomic_inc(&folio->_pincount);
	else
		folio_ref_add(folio, GUP_PIN_COUNTING_BIAS);
}

static void test_refcount_gup_and_pin(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	add_gup_ref(e.w, folio, false);
	add_gup_ref(e.w, folio, true);
	assert_int_equal(folio_ref_count(folio), 1 + 1 + GUP_PIN_COUNTING_BIAS);
	expect_clean(e.w);
	/* forget the pin's bookkeeping: the bias is now unexplained */
	list_del(e.w->gup_refs.prev);
	expect_first(&e, "folio.refcount", "pfn 0x8000", 2, 2 + GUP_PIN_COUNTING_BIAS);
	env_fini(&e);
}

static void test_pincount_large(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = thp_map(&e, BASE);
	add_gup_ref(e.w, folio, true);
	expect_clean(e.w);
	atomic_set(&folio->_pincount, 0);
	expect_first(&e, "folio.pincount", "pfn 0x8000", 1, 0);
	env_fini(&e);
}

static void test_page_cache_refs(void **state)
{
	struct env e;
	struct file *f;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	f = make_file(e.w, 4, false);
	folio = cache_add(f, 1);
	expect_clean(e.w);
	folio_ref_inc(folio);
	expect_first(&e, "folio.refcount", "pfn 0x8000", 1, 2);
	env_fini(&e);
}

static void test_leaked_reference(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	/* an allocation nothing refers to at a command boundary */
	assert_non_null(folio_alloc(e.w, GFP_HIGHUSER_MOVABLE, 0));
	expect_first(&e, "folio.refcount", "pfn 0x8000", 0, 1);
	env_fini(&e);
}

/* ---- PageAnonExclusive and page_table_check's rule ------------------------------- */
static void test_anon_exclusive_two_mms(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	share_with_child(&e, folio, BASE);
	assert_false(PageAnonExclusive(&folio->page));
	SetPageAnonExclusive(&folio->page);
	v = expect_first(&e, "page.anon_exclusive", "pfn 0x8000", 0, 1);
	assert_string_equal(v->detail, "PageAnonExclusive on a page mapped by two mms");
	env_fini(&e);
}

static void test_anon_exclusive_writable(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	ClearPageAnonExclusive(&folio->page);
	v = expect_first(&e, "page.anon_exclusive", "pfn 0x8000", 1, 0);
	assert_string_equal(v->detail, "writable anon PTE without PageAnonExclusive");
	env_fini(&e);
}

static void test_anon_writable_twice(void **state)
{
	struct env e;
	struct folio *folio;
	struct mm_struct *child;
	pte_t *cpte;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	child = share_with_child(&e, folio, BASE);
	expect_clean(e.w);
	/* the child's PTE made writable behind page_table_check's back */
	cpte = mt_pte_slot(child, BASE);
	*cpte = pte_mkwrite(*cpte);
	expect_some(&e, "anon.writable_twice", "pfn 0x8000", 1, 2);
	env_fini(&e);
}

static void test_ptc_counts(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	atomic_inc(&get_page_table_check(&folio->page)->anon_map_count);
	v = expect_first(&e, "ptc.counts", "pfn 0x8000", 1, 2);
	assert_string_equal(v->detail, "anon_map_count");
	env_fini(&e);
}

static void test_ptc_counts_thp(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = thp_map(&e, BASE);
	assert_int_equal(atomic_read(&get_page_table_check(folio_page(folio, 511))->anon_map_count), 1);
	atomic_set(&get_page_table_check(folio_page(folio, 511))->anon_map_count, 0);
	expect_first(&e, "ptc.counts", "pfn 0x81ff", 1, 0);
	env_fini(&e);
}

/* ---- rmap completeness --------------------------------------------------------------- */
static void test_rmap_complete_anon(void **state)
{
	struct env e;
	struct anon_vma_chain *avc;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);
	expect_clean(e.w);
	/* the VMA drops out of its anon_vma's tree */
	avc = list_first_entry(&e.vma->anon_vma_chain, struct anon_vma_chain, same_vma);
	list_del(&avc->rb);
	v = expect_first(&e, "rmap.complete", "pfn 0x8000", 1, 0);
	assert_string_equal(v->detail, "anon_vma 2 chain");
	env_fini(&e);
}

static void test_rmap_complete_index(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE + 3 * PAGE_SIZE, 0, true);
	folio->index++;	/* the walk now looks one page too high */
	expect_first(&e, "rmap.complete", "pfn 0x8000", 1, 0);
	env_fini(&e);
}

static void test_rmap_complete_thp(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = thp_map(&e, BASE + PMD_SIZE);
	expect_clean(e.w);
	folio->index -= HPAGE_PMD_NR;
	expect_first(&e, "rmap.complete", "pfn 0x8000", 1, 0);
	env_fini(&e);
}

static void test_rmap_complete_file(void **state)
{
	struct env e;
	struct file *f;
	struct vm_area_struct *fvma;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	f = make_file(e.w, 8, false);
	fvma = make_vma(e.mm, BASE + 0x10000000UL, 8, VM_READ | VM_SHARED | VM_MAYSHARE, f, 0);
	file_map(fvma, cache_add(f, 2), fvma->vm_start + 2 * PAGE_SIZE);
	expect_clean(e.w);
	list_del(&fvma->shared);
	v = expect_first(&e, "rmap.complete", "pfn 0x8000", 1, 0);
	assert_string_equal(v->detail, "i_mmap of file 1");
	env_fini(&e);
}

/* ---- swap ------------------------------------------------------------------------------ */
static void swap_out_pte(struct env *e, unsigned long addr, unsigned long off)
{
	set_pte_at(e->mm, addr, mt_pte_slot(e->mm, addr), swp_entry_to_pte(swp_entry(0, off)));
	e->w->swap->swap_map[off]++;
	if (e->w->swap->swap_map[off] == 1)
		e->w->swap->inuse_pages++;
	inc_mm_counter(e->mm, MM_SWAPENTS);
}

static void test_swap_count(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	swap_out_pte(&e, BASE, 1);
	swap_out_pte(&e, BASE + PAGE_SIZE, 1);
	expect_clean(e.w);
	e.w->swap->swap_map[1]++;
	expect_first(&e, "swap.count", "slot 1", 2, 3);
	env_fini(&e);
}

static void test_swap_has_cache(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	swap_out_pte(&e, BASE, 1);
	e.w->swap->swap_map[1] |= SWAP_HAS_CACHE;
	expect_first(&e, "swap.cache", "slot 1", 0, 1);
	env_fini(&e);
}

static void test_swap_cache_folio(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	folio = folio_alloc(e.w, GFP_HIGHUSER_MOVABLE, 0);
	__folio_set_swapbacked(folio);
	folio_set_swapcache(folio);
	folio->swap = swp_entry(0, 1);
	e.w->swap->cache[1] = folio;
	e.w->swap->swap_map[1] = SWAP_HAS_CACHE;
	e.w->swap->inuse_pages++;
	mod_node_page_state(e.w, NR_SWAPCACHE, 1);
	mod_node_page_state(e.w, NR_FILE_PAGES, 1);
	swap_out_pte(&e, BASE, 1);
	expect_clean(e.w);
	folio_clear_swapcache(folio);
	v = expect_first(&e, "swap.cache", "slot 1", 1, 0);
	assert_string_equal(v->detail, "swap-cache folio without PG_swapcache");
	env_fini(&e);
}

static void test_swap_inuse(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	swap_out_pte(&e, BASE, 3);
	e.w->swap->inuse_pages++;
	expect_first(&e, "swap.inuse", "swap", 1, 2);
	env_fini(&e);
}

static void test_swap_entry_bad(void **state)
{
	struct env e;
	unsigned long addr = BASE + 7 * PAGE_SIZE;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	set_pte_at(e.mm, addr, mt_pte_slot(e.mm, addr), swp_entry_to_pte(swp_entry(0, 99999)));
	inc_mm_counter(e.mm, MM_SWAPENTS);
	expect_first(&e, "swap.entry", "mm 1 addr 0x7f0000007000", 0, 99999);
	env_fini(&e);
}

/* ---- rss ---------------------------------------------------------------------------------- */
static void test_rss_anon(void **state)
{
	struct env e;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);
	thp_map(&e, BASE + PMD_SIZE);
	dec_mm_counter(e.mm, MM_ANONPAGES);
	v = expect_first(&e, "rss", "mm 1", 513, 512);
	assert_string_equal(v->detail, "MM_ANONPAGES");
	env_fini(&e);
}

static void test_rss_file_and_shmem(void **state)
{
	struct env e;
	struct file *f, *s;
	struct vm_area_struct *fvma, *svma;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	f = make_file(e.w, 4, false);
	s = make_file(e.w, 4, true);
	fvma = make_vma(e.mm, BASE + 0x10000000UL, 4, VM_READ, f, 0);
	svma = make_vma(e.mm, BASE + 0x20000000UL, 4, VM_READ | VM_SHARED | VM_MAYSHARE, s, 0);
	file_map(fvma, cache_add(f, 0), fvma->vm_start);
	file_map(svma, cache_add(s, 1), svma->vm_start + PAGE_SIZE);
	expect_clean(e.w);
	inc_mm_counter(e.mm, MM_SHMEMPAGES);
	v = expect_first(&e, "rss", "mm 1", 1, 2);
	assert_string_equal(v->detail, "MM_SHMEMPAGES");
	dec_mm_counter(e.mm, MM_SHMEMPAGES);
	dec_mm_counter(e.mm, MM_FILEPAGES);
	v = expect_first(&e, "rss", "mm 1", 1, 0);
	assert_string_equal(v->detail, "MM_FILEPAGES");
	env_fini(&e);
}

static void test_rss_swapents(void **state)
{
	struct env e;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	swap_out_pte(&e, BASE, 1);
	dec_mm_counter(e.mm, MM_SWAPENTS);
	v = expect_first(&e, "rss", "mm 1", 1, 0);
	assert_string_equal(v->detail, "MM_SWAPENTS");
	env_fini(&e);
}

/* ---- device-exclusive entries and the series --------------------------------------- */
/* make the page at BASE device-exclusive as the level's kernel would */
static struct folio *devexcl_map(struct env *e)
{
	struct folio *folio = anon_map(e, BASE, 0, true);
	pte_t *pte = mt_pte_slot(e->mm, BASE);
	swp_entry_t entry;

	ptep_get_and_clear(e->mm, BASE, pte);
	if (series_has(e->w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		entry = make_device_exclusive_entry(e->w, folio_pfn(folio));
	else
		entry = make_writable_device_exclusive_entry(e->w, folio_pfn(folio));
	/* legacy: page_make_device_exclusive_one() drops the mapcount, keeps the ref */
	if (!series_has(e->w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
		folio_remove_rmap_pte(folio, &folio->page, e->vma);
	set_pte_at(e->mm, BASE, pte, swp_entry_to_pte(entry));
	return folio;
}

static void test_devexcl_mapcount_by_level(void **state)
{
	static const unsigned int levels[] = { 0, 5, 6, 15, 16, 17 };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(levels); i++) {
		struct env e;
		struct folio *folio;

		env_init(&e, levels[i], 0);
		folio = devexcl_map(&e);
		assert_int_equal(folio_mapcount(folio), levels[i] >= 16 ? 1 : 0);
		assert_int_equal(folio_ref_count(folio), 1);
		expect_clean(e.w);
		env_fini(&e);
	}
}

static void test_devexcl_explained_below_16(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 15, 0);
	folio = devexcl_map(&e);
	folio_ref_inc(folio);
	v = expect_first(&e, "folio.refcount", "pfn 0x8000", 1, 2);
	assert_int_equal(v->explained_by, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE);
	assert_int_equal(e.rep.nr_explained, 1);
	assert_null(mmsim_check_first_unexplained(&e.rep));
	env_fini(&e);

	/* the same damage at level 16 is nobody's known damage */
	env_init(&e, 16, 0);
	folio = devexcl_map(&e);
	folio_ref_inc(folio);
	v = expect_first(&e, "folio.refcount", "pfn 0x8000", 1, 2);
	assert_int_equal(v->explained_by, 0);
	assert_ptr_equal(mmsim_check_first_unexplained(&e.rep), v);
	env_fini(&e);
}

static void test_devexcl_legacy_mapcount_kept(void **state)
{
	struct env e;
	struct folio *folio;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 0, 0);
	folio = devexcl_map(&e);
	/* a legacy model that kept the mapcount would be wrong for level 0 */
	atomic_set(&folio->_mapcount, 0);
	v = expect_first(&e, "folio.mapcount", "pfn 0x8000", 0, 1);
	assert_int_equal(v->explained_by, 16);
	env_fini(&e);
}

static void test_devexcl_rss(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	devexcl_map(&e);
	expect_clean(e.w);
	dec_mm_counter(e.mm, MM_ANONPAGES);
	expect_first(&e, "rss", "mm 1", 1, 0);
	env_fini(&e);
}

/* ---- statistics -------------------------------------------------------------------------- */
static void test_stats_anon_mapped(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 2, true);
	thp_map(&e, BASE + PMD_SIZE);
	expect_clean(e.w);
	mod_node_page_state(e.w, NR_ANON_MAPPED, -1);
	expect_first(&e, "stats.anon_mapped", "world", 516, 515);
	env_fini(&e);
}

static void test_stats_anon_thps(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	thp_map(&e, BASE);
	mod_node_page_state(e.w, NR_ANON_THPS, 1);
	expect_first(&e, "stats.anon_thps", "world", 512, 513);
	env_fini(&e);
}

static void test_stats_file_mapped(void **state)
{
	struct env e;
	struct file *f;
	struct vm_area_struct *fvma;

	(void)state;
	env_init(&e, 17, 0);
	f = make_file(e.w, 4, false);
	fvma = make_vma(e.mm, BASE + 0x10000000UL, 4, VM_READ, f, 0);
	file_map(fvma, cache_add(f, 3), fvma->vm_start + 3 * PAGE_SIZE);
	mod_node_page_state(e.w, NR_FILE_MAPPED, 1);
	expect_first(&e, "stats.file_mapped", "world", 1, 2);
	env_fini(&e);
}

static void test_stats_file_pages_and_shmem(void **state)
{
	struct env e;
	struct file *s;

	(void)state;
	env_init(&e, 17, 0);
	s = make_file(e.w, 4, true);
	cache_add(s, 0);
	cache_add(s, 2);
	expect_clean(e.w);
	mod_node_page_state(e.w, NR_SHMEM, -1);
	expect_first(&e, "stats.shmem", "world", 2, 1);
	mod_node_page_state(e.w, NR_SHMEM, 1);
	mod_node_page_state(e.w, NR_FILE_PAGES, 1);
	expect_first(&e, "stats.file_pages", "world", 2, 3);
	env_fini(&e);
}

static void test_stats_swapcache(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 16ULL << 20);
	mod_node_page_state(e.w, NR_SWAPCACHE, 1);
	expect_first(&e, "stats.swapcache", "world", 0, 1);
	env_fini(&e);
}

static void test_stats_free(void **state)
{
	struct env e;
	long free_pages;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);
	free_pages = atomic_long_read(&e.w->vm_stat[NR_FREE_PAGES]);
	mod_node_page_state(e.w, NR_FREE_PAGES, 1);
	expect_first(&e, "stats.free", "world", free_pages, free_pages + 1);
	mod_node_page_state(e.w, NR_FREE_PAGES, -1);
	e.w->blocks[1].nr_free--;
	expect_first(&e, "stats.free", "block 1", 32767, 32766);
	env_fini(&e);
}

static void test_stats_pagetable(void **state)
{
	struct env e;
	long tables;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);
	tables = atomic_long_read(&e.w->vm_stat[NR_PAGETABLE]);
	assert_int_equal(tables, 4);
	mod_node_page_state(e.w, NR_PAGETABLE, 1);
	expect_first(&e, "stats.pagetable", "world", 4, 5);
	env_fini(&e);
}

static void test_lru(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	folio_set_active(folio);	/* on the inactive list, flagged active */
	expect_first(&e, "lru", "pfn 0x8000", LRU_INACTIVE_ANON, -1);
	folio_clear_active(folio);
	mod_node_page_state(e.w, NR_INACTIVE_ANON, 1);
	expect_first(&e, "lru", "lru 0", 1, 2);
	env_fini(&e);
}

/* ---- free, owned, command boundary -------------------------------------------------------- */
static void test_page_owned(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = folio_alloc(e.w, GFP_HIGHUSER_MOVABLE, 0);
	atomic_set(&folio->_refcount, 0);	/* neither free nor owned */
	expect_first(&e, "page.owned", "pfn 0x8000", 0, 1);
	/* a "Bad page state" report accounts for it */
	e.w->nr_bad_page = 1;
	expect_clean(e.w);
	env_fini(&e);
}

static void test_page_free(void **state)
{
	struct env e;
	struct page *page;

	(void)state;
	env_init(&e, 17, 0);
	page = pfn_to_page(e.w, 0x9000);
	atomic_set(&page->_refcount, 1);	/* in a buddy block, yet referenced */
	expect_first(&e, "page.free", "pfn 0x9000", 0, 1);
	env_fini(&e);
}

static void test_page_free_mapped(void **state)
{
	struct env e;
	pte_t *pte;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);	/* block 1 now has its memmap */
	pte = mt_pte_slot(e.mm, BASE + PAGE_SIZE);
	*pte = pfn_pte(0x9000, PAGE_READONLY);	/* a PTE naming a free page */
	expect_some(&e, "page.free", "pfn 0x9000", 0, 1);
	/* a pfn whose block never had a memmap has no struct page at all */
	pte = mt_pte_slot(e.mm, BASE + 2 * PAGE_SIZE);
	*pte = pfn_pte(0x40000, PAGE_READONLY);
	expect_first(&e, "pte.pfn", "mm 1 addr 0x7f0000002000", 1, 0);
	env_fini(&e);
}

static void test_lock_ptl(void **state)
{
	struct env e;
	pmd_t *pmd;
	spinlock_t *ptl;
	const struct mmsim_check_violation *v;

	(void)state;
	env_init(&e, 17, 0);
	anon_map(&e, BASE, 0, true);
	pmd = mm_find_pmd(e.mm, BASE);
	ptl = pte_lockptr(e.mm, pmd);
	spin_lock(ptl);
	v = expect_first(&e, "lock.held", "ptable 4", 0, 1);
	assert_string_equal(v->detail, "page-table lock");
	spin_unlock(ptl);
	expect_clean(e.w);
	env_fini(&e);
}

static void test_lock_mm(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	e.mm->mmap_lock = -1;
	expect_first(&e, "lock.held", "mm 1", 0, -1);
	e.mm->mmap_lock = 0;
	e.mm->page_table_lock.held = 1;
	expect_first(&e, "lock.held", "mm 1", 0, 1);
	env_fini(&e);
}

static void test_lock_folio(void **state)
{
	struct env e;
	struct folio *folio;

	(void)state;
	env_init(&e, 17, 0);
	folio = anon_map(&e, BASE, 0, true);
	folio_set_locked(folio);
	expect_first(&e, "lock.held", "pfn 0x8000", 0, 1);
	/* held by another task (the script's `lock`): allowed */
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	expect_clean(e.w);
	env_fini(&e);
}

static void test_isolated(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	e.w->nr_isolated = 1;
	expect_first(&e, "isolated", "world", 0, 1);
	env_fini(&e);
}

static void test_pgtable_entry(void **state)
{
	struct env e;
	pmd_t *pmd;

	(void)state;
	env_init(&e, 17, 0);
	pmd = mm_find_or_alloc_pmd(e.mm, BASE);
	pmd->pmd = pgtable_entry_make(e.w->nr_ptables + 7);	/* no such table */
	expect_first(&e, "pgtable.entry", "mm 1 addr 0x7f0000000000", 1, 0);
	pmd->pmd = 0;
	expect_clean(e.w);
	env_fini(&e);
}

static void test_hugetlb_pool(void **state)
{
	struct mmsim *w = make_world(17, 0, 2);
	struct env e = { .w = w };

	(void)state;
	expect_clean(w);
	/* a free pool folio must be frozen at refcount 0 */
	atomic_set(&w->hugetlb_free[1]->_refcount, 1);
	expect_first(&e, "folio.refcount", "pfn 0x400", 0, 1);
	mmsim_destroy(w);
}

static void test_dead_world(void **state)
{
	struct env e;

	(void)state;
	env_init(&e, 17, 0);
	e.w->dead = true;
	assert_int_equal(mmsim_check_world(e.w, &e.rep), -EIO);
	env_fini(&e);
}

/* ---- suspensions, reports ------------------------------------------------------------------ */
static void test_suspend(void **state)
{
	struct env e;
	struct mmsim_check_state st;
	struct folio *a, *b;

	(void)state;
	env_init(&e, 17, 0);
	mmsim_check_state_init(&st);
	a = anon_map(&e, BASE, 0, true);
	b = anon_map(&e, BASE + PAGE_SIZE, 0, true);
	folio_ref_inc(a);
	expect_first(&e, "folio.refcount", "pfn 0x8000", 1, 2);
	/* `expect violation folio.refcount` suspends it for this object only */
	assert_int_equal(mmsim_check_suspend(&st, e.rep.v[0].name, e.rep.v[0].object), 0);
	assert_int_equal(mmsim_check_run(e.w, &st, &e.rep), 0);
	assert_int_equal(e.rep.nr_suspended, 1);
	folio_ref_inc(b);
	assert_int_equal(mmsim_check_run(e.w, &st, &e.rep), 1);
	assert_string_equal(e.rep.v[0].object, "pfn 0x8001");
	/* NULL object: every object */
	assert_int_equal(mmsim_check_suspend(&st, "folio.refcount", NULL), 0);
	assert_int_equal(mmsim_check_run(e.w, &st, &e.rep), 0);
	assert_int_equal(e.rep.nr_suspended, 2);
	assert_int_equal(mmsim_check_suspend(&st, "no.such.invariant", NULL), -EINVAL);
	assert_true(mmsim_check_is_suspended(&st, "folio.refcount", "pfn 0x1234"));
	assert_false(mmsim_check_is_suspended(&st, "folio.mapcount", "pfn 0x8000"));
	mmsim_check_state_release(&st);
	assert_int_equal(st.nr, 0);
	env_fini(&e);
}

static void test_format(void **state)
{
	struct mmsim_check_violation v;
	char buf[200];

	(void)state;
	memset(&v, 0, sizeof(v));
	strcpy(v.name, "folio.mapcount");
	strcpy(v.object, "pfn 0x8000");
	v.expected = 1;
	v.actual = 0;
	mmsim_check_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "folio.mapcount: pfn 0x8000: expected 1, got 0");
	strcpy(v.detail, "_mapcount + 1");
	v.explained_by = 16;
	mmsim_check_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "folio.mapcount: pfn 0x8000: expected 1, got 0 "
				 "(_mapcount + 1) explained-by: P16");
}

static void test_invariant_names(void **state)
{
	size_t nr;
	const char *const *names = mmsim_check_invariants(&nr);
	static const char *const must[] = {
		"folio.mapcount", "page.mapcount", "folio.refcount", "page.anon_exclusive",
		"anon.writable_twice", "rmap.complete", "swap.count", "rss", "lock.held",
		"isolated", "page.owned", "ptc.counts", "stats.anon_mapped", "stats.free",
	};

	(void)state;
	assert_true(nr >= 30);
	for (size_t i = 0; i < nr; i++) {
		assert_true(strlen(names[i]) < MMSIM_CHECK_NAME_LEN);
		for (size_t j = i + 1; j < nr; j++)
			assert_true(strcmp(names[i], names[j]) != 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(must); i++) {
		bool found = false;

		for (size_t j = 0; j < nr; j++)
			found |= !strcmp(must[i], names[j]);
		assert_true(found);
	}
}

/* ---- the decoder agrees with the model's entry helpers ------------------------------------ */
static void check_swp(struct mmsim *w, pte_t pte, enum mmsim_check_entry_kind kind)
{
	struct mmsim_check_entry e;
	swp_entry_t entry = pte_to_swp_entry(pte);

	mmsim_check_decode_pte(w->series, pte_val(pte), &e);
	assert_int_equal(e.kind, kind);
	assert_int_equal(e.type, swp_type(entry));
	assert_int_equal(e.offset, swp_offset(entry));
	assert_int_equal(mmsim_check_swap_type(w->series, kind) < 0 ? (int)e.type :
			 mmsim_check_swap_type(w->series, kind), (int)swp_type(entry));
	assert_int_equal(e.swp_soft_dirty, pte_swp_soft_dirty(pte));
	assert_int_equal(e.swp_uffd_wp, pte_swp_uffd_wp(pte));
	assert_int_equal(e.swp_exclusive, pte_swp_exclusive(pte));
	assert_int_equal(kind == MMSIM_CHECK_SWAP, !non_swap_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_HWPOISON, is_hwpoison_entry(w, entry));
	assert_int_equal(kind >= MMSIM_CHECK_MIGRATION_READ && kind <= MMSIM_CHECK_MIGRATION_WRITE,
			 is_migration_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_MIGRATION_WRITE, is_writable_migration_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE,
			 is_readable_exclusive_migration_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_DEVICE_PRIVATE_WRITE ||
			 kind == MMSIM_CHECK_DEVICE_PRIVATE_READ, is_device_private_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_DEVICE_EXCLUSIVE ||
			 kind == MMSIM_CHECK_DEVICE_EXCLUSIVE_READ ||
			 kind == MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE, is_device_exclusive_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE,
			 is_writable_device_exclusive_entry(w, entry));
	assert_int_equal(kind == MMSIM_CHECK_MARKER, is_pte_marker_entry(entry));
	if (is_pfn_swap_entry(w, entry))
		assert_int_equal(e.pfn, swp_offset_pfn(w, entry));
	if (is_migration_entry(w, entry)) {
		assert_int_equal(e.mig_young, is_migration_entry_young(entry));
		assert_int_equal(e.mig_dirty, is_migration_entry_dirty(entry));
	}
	if (is_pte_marker_entry(entry))
		assert_int_equal(e.marker, pte_marker_get(entry));
}

static void decoder_at(unsigned int series)
{
	struct mmsim *w = make_world(series, 0, 0);
	const unsigned long pfns[] = { 0x8000, 0x8123, 0xffff, 0x3ffffffffUL };
	struct mmsim_check_entry e;

	assert_int_equal(mmsim_check_max_swapfiles(series), MAX_SWAPFILES(w));
	assert_int_equal(mmsim_check_max_swapfiles(series), series >= 6 ? 24 : 23);
	for (unsigned int i = 0; i < ARRAY_SIZE(pfns); i++) {
		unsigned long pfn = pfns[i];
		pte_t ptes[4];

		/* present, PROT_NONE, special */
		ptes[0] = pte_mkdirty(pte_mkyoung(pfn_pte(pfn, PAGE_SHARED)));
		ptes[1] = pte_modify(ptes[0], PAGE_NONE);
		ptes[2] = pte_mkspecial(pfn_pte(pfn, PAGE_READONLY));
		ptes[3] = __pte(pte_val(pfn_pte(pfn, PAGE_COPY)) | _PAGE_SAVED_DIRTY);
		for (unsigned int k = 0; k < 4; k++) {
			mmsim_check_decode_pte(series, pte_val(ptes[k]), &e);
			assert_int_equal(e.kind, MMSIM_CHECK_PRESENT);
			assert_true(pte_present(ptes[k]));
			assert_int_equal(e.pfn, pte_pfn(ptes[k]));
			assert_int_equal(e.write, pte_write(ptes[k]));
			assert_int_equal(e.dirty, pte_dirty(ptes[k]));
			assert_int_equal(e.young, pte_young(ptes[k]));
			assert_int_equal(e.special, pte_special(ptes[k]));
			assert_int_equal(e.protnone, pte_protnone(ptes[k]));
		}
		/* every non-present type, with each arch bit */
		struct { swp_entry_t s; enum mmsim_check_entry_kind k; } t[] = {
			{ swp_entry(0, (pfn & 0xffff) + 1), MMSIM_CHECK_SWAP },
			{ swp_entry(5, pfn), MMSIM_CHECK_SWAP },
			{ make_hwpoison_entry(w, pfn), MMSIM_CHECK_HWPOISON },
			{ make_readable_migration_entry(w, pfn), MMSIM_CHECK_MIGRATION_READ },
			{ make_readable_exclusive_migration_entry(w, pfn),
			  MMSIM_CHECK_MIGRATION_READ_EXCLUSIVE },
			{ make_migration_entry_dirty(make_migration_entry_young(
				  make_writable_migration_entry(w, pfn))), MMSIM_CHECK_MIGRATION_WRITE },
			{ make_writable_device_private_entry(w, pfn), MMSIM_CHECK_DEVICE_PRIVATE_WRITE },
			{ make_readable_device_private_entry(w, pfn), MMSIM_CHECK_DEVICE_PRIVATE_READ },
			{ make_pte_marker_entry(PTE_MARKER_UFFD_WP | PTE_MARKER_GUARD), MMSIM_CHECK_MARKER },
			{ series >= 6 ? make_device_exclusive_entry(w, pfn) :
					make_writable_device_exclusive_entry(w, pfn),
			  series >= 6 ? MMSIM_CHECK_DEVICE_EXCLUSIVE : MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE },
			{ series >= 6 ? make_device_exclusive_entry(w, pfn) :
					make_readable_device_exclusive_entry(w, pfn),
			  series >= 6 ? MMSIM_CHECK_DEVICE_EXCLUSIVE : MMSIM_CHECK_DEVICE_EXCLUSIVE_READ },
		};
		for (unsigned int k = 0; k < ARRAY_SIZE(t); k++) {
			pte_t pte = swp_entry_to_pte(t[k].s);

			check_swp(w, pte, t[k].k);
			check_swp(w, pte_swp_mksoft_dirty(pte), t[k].k);
			check_swp(w, pte_swp_mkuffd_wp(pte), t[k].k);
			check_swp(w, pte_swp_mkexclusive(pte), t[k].k);
			/* legacy walkers read a device-exclusive entry as present bits */
			assert_false(pte_present(pte));
		}
		/* PMD: leaf, table, migration */
		pmd_t leaf = pmd_mkhuge(pfn_pmd(pfn & ~511UL, PAGE_SHARED));

		mmsim_check_decode_pmd(series, pmd_val(leaf), &e);
		assert_int_equal(e.kind, MMSIM_CHECK_PRESENT);
		assert_true(e.huge);
		assert_int_equal(e.pfn, pmd_pfn(leaf));
		assert_int_equal(e.write, pmd_write(leaf));
		mmsim_check_decode_pmd(series, pmd_val(pmd_mkinvalid(leaf)), &e);
		assert_int_equal(e.pfn, pmd_pfn(pmd_mkinvalid(leaf)));
		mmsim_check_decode_pmd(series, pgtable_entry_make((unsigned int)i + 3), &e);
		assert_int_equal(e.kind, MMSIM_CHECK_TABLE);
		assert_int_equal(e.table, pgtable_entry_id(pgtable_entry_make((unsigned int)i + 3)));
		mmsim_check_decode_pmd(series,
				       pte_val(swp_entry_to_pte(make_writable_migration_entry(w, pfn))),
				       &e);
		assert_int_equal(e.kind, MMSIM_CHECK_MIGRATION_WRITE);
		assert_int_equal(e.pfn, pfn);
	}
	mmsim_check_decode_pte(series, 0, &e);
	assert_int_equal(e.kind, MMSIM_CHECK_NONE);
	assert_string_equal(mmsim_check_kind_name(MMSIM_CHECK_DEVICE_EXCLUSIVE), "device-exclusive");
	mmsim_destroy(w);
}

static void test_decoder_matches_model(void **state)
{
	static const unsigned int levels[] = { 0, 5, 6, 17 };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(levels); i++)
		decoder_at(levels[i]);
}

static void test_swap_type_numbering(void **state)
{
	(void)state;
	/* include/linux/swap.h, before and after patch 6 */
	assert_int_equal(mmsim_check_swap_type(0, MMSIM_CHECK_HWPOISON), 23);
	assert_int_equal(mmsim_check_swap_type(0, MMSIM_CHECK_MIGRATION_WRITE), 26);
	assert_int_equal(mmsim_check_swap_type(0, MMSIM_CHECK_DEVICE_PRIVATE_WRITE), 27);
	assert_int_equal(mmsim_check_swap_type(0, MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE), 29);
	assert_int_equal(mmsim_check_swap_type(5, MMSIM_CHECK_DEVICE_EXCLUSIVE_READ), 30);
	assert_int_equal(mmsim_check_swap_type(5, MMSIM_CHECK_DEVICE_EXCLUSIVE), -1);
	assert_int_equal(mmsim_check_swap_type(6, MMSIM_CHECK_HWPOISON), 24);
	assert_int_equal(mmsim_check_swap_type(6, MMSIM_CHECK_DEVICE_EXCLUSIVE), 30);
	assert_int_equal(mmsim_check_swap_type(17, MMSIM_CHECK_DEVICE_EXCLUSIVE_WRITE), -1);
	assert_int_equal(mmsim_check_swap_type(17, MMSIM_CHECK_MARKER), 31);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_world_clean),
		cmocka_unit_test(test_anon_small_clean),
		cmocka_unit_test(test_fork_shared_clean),
		cmocka_unit_test(test_zero_page_clean),
		cmocka_unit_test(test_folio_mapcount_small),
		cmocka_unit_test(test_page_mapcount_mthp),
		cmocka_unit_test(test_large_mapcount),
		cmocka_unit_test(test_nr_pages_mapped_mthp),
		cmocka_unit_test(test_entire_mapcount_thp),
		cmocka_unit_test(test_nr_pages_mapped_bias),
		cmocka_unit_test(test_refcount),
		cmocka_unit_test(test_refcount_gup_and_pin),
		cmocka_unit_test(test_pincount_large),
		cmocka_unit_test(test_page_cache_refs),
		cmocka_unit_test(test_leaked_reference),
		cmocka_unit_test(test_anon_exclusive_two_mms),
		cmocka_unit_test(test_anon_exclusive_writable),
		cmocka_unit_test(test_anon_writable_twice),
		cmocka_unit_test(test_ptc_counts),
		cmocka_unit_test(test_ptc_counts_thp),
		cmocka_unit_test(test_rmap_complete_anon),
		cmocka_unit_test(test_rmap_complete_index),
		cmocka_unit_test(test_rmap_complete_thp),
		cmocka_unit_test(test_rmap_complete_file),
		cmocka_unit_test(test_swap_count),
		cmocka_unit_test(test_swap_has_cache),
		cmocka_unit_test(test_swap_cache_folio),
		cmocka_unit_test(test_swap_inuse),
		cmocka_unit_test(test_swap_entry_bad),
		cmocka_unit_test(test_rss_anon),
		cmocka_unit_test(test_rss_file_and_shmem),
		cmocka_unit_test(test_rss_swapents),
		cmocka_unit_test(test_devexcl_mapcount_by_level),
		cmocka_unit_test(test_devexcl_explained_below_16),
		cmocka_unit_test(test_devexcl_legacy_mapcount_kept),
		cmocka_unit_test(test_devexcl_rss),
		cmocka_unit_test(test_stats_anon_mapped),
		cmocka_unit_test(test_stats_anon_thps),
		cmocka_unit_test(test_stats_file_mapped),
		cmocka_unit_test(test_stats_file_pages_and_shmem),
		cmocka_unit_test(test_stats_swapcache),
		cmocka_unit_test(test_stats_free),
		cmocka_unit_test(test_stats_pagetable),
		cmocka_unit_test(test_lru),
		cmocka_unit_test(test_page_owned),
		cmocka_unit_test(test_page_free),
		cmocka_unit_test(test_page_free_mapped),
		cmocka_unit_test(test_lock_ptl),
		cmocka_unit_test(test_lock_mm),
		cmocka_unit_test(test_lock_folio),
		cmocka_unit_test(test_isolated),
		cmocka_unit_test(test_pgtable_entry),
		cmocka_unit_test(test_hugetlb_pool),
		cmocka_unit_test(test_dead_world),
		cmocka_unit_test(test_suspend),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_invariant_names),
		cmocka_unit_test(test_decoder_matches_model),
		cmocka_unit_test(test_swap_type_numbering),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
