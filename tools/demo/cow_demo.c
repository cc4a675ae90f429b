// SPDX-License-Identifier: GPL-2.0-only
/*
 * The foundation's walk-through: one anonymous page is faulted in, shared
 * by fork, and copied on write, with every PTE and counter printed at each
 * step. It stands in for the command line's seed demo (mmsim demo hmm-swap)
 * until the device-exclusive issue brings it.
 */
#include <mmsim/check.h>
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mm.h>
#include <stdio.h>

static void show_pte(struct mm_struct *mm, const char *who, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);
	pte_t *pte = pmd ? pte_offset_map(mm->w, pmd, addr) : NULL;

	if (!pte || pte_none(*pte)) {
		printf("  %s pte @%#lx: none\n", who, addr);
		return;
	}
	printf("  %s pte @%#lx: %016llx pfn %#lx %s %s %s\n", who, addr,
	       (unsigned long long)pte_val(*pte), pte_pfn(*pte),
	       pte_write(*pte) ? "write" : "ro", pte_dirty(*pte) ? "dirty" : "clean",
	       pte_young(*pte) ? "young" : "old");
}

static void show_folio(struct mm_struct *mm, const char *who, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);
	pte_t *pte = pmd ? pte_offset_map(mm->w, pmd, addr) : NULL;
	struct page *page;
	struct folio *folio;

	if (!pte || !pte_present(*pte) || pte_special(*pte))
		return;
	page = pfn_to_page(mm->w, pte_pfn(*pte));
	folio = page_folio(page);
	printf("  %s folio pfn %#lx: refcount %d mapcount %d anon %d anon_exclusive %d lru %d\n",
	       who, folio_pfn(folio), folio_ref_count(folio), folio_mapcount(folio),
	       folio_test_anon(folio), PageAnonExclusive(page), folio_test_lru(folio));
}

static void show_counters(struct mmsim *w, struct mm_struct *mm, const char *who)
{
	printf("  %s rss: anon %ld file %ld shmem %ld swap %ld (pages)\n", who,
	       get_mm_counter(mm, MM_ANONPAGES), get_mm_counter(mm, MM_FILEPAGES),
	       get_mm_counter(mm, MM_SHMEMPAGES), get_mm_counter(mm, MM_SWAPENTS));
	(void)w;
}

static void step(struct mmsim *w, const char *what, struct mm_struct *p, struct mm_struct *c,
		 unsigned long addr)
{
	struct mmsim_check_report rep;
	int bad = mmsim_check_world(w, &rep);

	printf("%s\n", what);
	show_pte(p, "parent", addr);
	show_folio(p, "parent", addr);
	show_counters(w, p, "parent");
	if (c) {
		show_pte(c, "child ", addr);
		show_folio(c, "child ", addr);
		show_counters(w, c, "child ");
	}
	printf("  world: AnonPages %ld free %ld; checker: %s\n",
	       atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]),
	       atomic_long_read(&w->vm_stat[NR_FREE_PAGES]),
	       bad ? "VIOLATION" : "consistent");
}

int main(void)
{
	struct mm_struct *parent, *child;
	struct mmsim *w;
	unsigned long addr;
	u64 v;
	char buf[1024];

	if (mmsim_create(&w, NULL))
		return 1;
	mmsim_version_string(&w->cfg, buf, sizeof(buf));
	fputs(buf, stdout);
	parent = mm_alloc(w);
	addr = (unsigned long)do_mmap(parent, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, 0, 0);
	printf("\nmmap 4K anon rw at %#lx\n", addr);
	step(w, "\n1. before any access", parent, NULL, addr);
	v = 0;
	mmsim_cpu_access(parent, addr, false, &v);
	step(w, "\n2. read fault: the shared zero page, read-only", parent, NULL, addr);
	v = 0x1234;
	mmsim_cpu_access(parent, addr, true, &v);
	step(w, "\n3. write fault: COW from the zero page into a new exclusive folio",
	     parent, NULL, addr);
	child = dup_mm(parent);
	step(w, "\n4. fork: both PTEs read-only, one folio mapped twice, not exclusive",
	     parent, child, addr);
	v = 0x5678;
	mmsim_cpu_access(child, addr, true, &v);
	step(w, "\n5. child writes: copy on write, the child gets its own folio",
	     parent, child, addr);
	v = 0x9abc;
	mmsim_cpu_access(parent, addr, true, &v);
	step(w, "\n6. parent writes: sole user again, the folio is reused in place",
	     parent, child, addr);
	mmput(child);
	step(w, "\n7. child exits: its folio is freed", parent, NULL, addr);
	mmput(parent);
	printf("\n8. parent exits: AnonPages %ld, bad pages %lu, bad rss %lu\n",
	       atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]), w->nr_bad_page, w->nr_bad_rss);
	mmsim_destroy(w);
	return 0;
}
