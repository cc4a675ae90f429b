// SPDX-License-Identifier: GPL-2.0-only
/*
 * madvise (mm/madvise.c, v6.14): validation, the walk over the VMAs of the
 * range, the VM-flag advices (splitting VMAs), MADV_DONTNEED and MADV_FREE.
 *
 * mmsim: MADV_COLD, MADV_PAGEOUT, MADV_COLLAPSE and MADV_HWPOISON, and the
 * kernel's other advices (readahead hints, populate, guard regions, dump
 * control, remove, soft-offline), are not modelled yet: -ENOSYS.
 * MADV_MERGEABLE/UNMERGEABLE only set VM_MERGEABLE and MMF_VM_MERGEABLE
 * (ksm_madvise()'s flag part): no KSM pages exist for unmerge_ksm_pages()
 * to break until the KSM step adds mm/ksm.c.
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swap.h>

/* the madvise(2) values the kernel knows and mmsim does not model yet */
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_REMOVE		9
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23
#define MADV_DONTNEED_LOCKED	24
#define MADV_SOFT_OFFLINE	101
#define MADV_GUARD_INSTALL	102
#define MADV_GUARD_REMOVE	103

/* madvise_behavior_valid() */
static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_DOFORK:
	case MADV_DONTFORK:
	case MADV_NORMAL:
	case MADV_SEQUENTIAL:
	case MADV_RANDOM:
	case MADV_REMOVE:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_FREE:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_COLLAPSE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_GUARD_INSTALL:
	case MADV_GUARD_REMOVE:
	case MADV_HWPOISON:
	case MADV_SOFT_OFFLINE:
		return true;
	default:
		return false;
	}
}

/* the advices mmsim models; the rest of the valid ones are -ENOSYS */
static const char *madvise_not_modelled(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		return NULL;
	case MADV_COLD:
		return "MADV_COLD";
	case MADV_PAGEOUT:
		return "MADV_PAGEOUT";
	case MADV_COLLAPSE:
		return "MADV_COLLAPSE";
	case MADV_HWPOISON:
		return "MADV_HWPOISON";
	default:
		return "this madvise advice";
	}
}

/* madvise_need_mmap_write(): the advices that only read the VMA tree */
static bool madvise_need_mmap_write(int behavior)
{
	switch (behavior) {
	case MADV_REMOVE:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_FREE:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
	case MADV_COLLAPSE:
		return false;
	default:
		return true;
	}
}

/* ---- MADV_FREE -------------------------------------------------------------------- */

/*
 * folio_mark_lazyfree() and lru_lazyfree() (mm/swap.c, v6.14), here beside
 * their only caller. A clean anon folio loses PG_swapbacked and moves to the
 * inactive file list, where reclaim may drop it without writing it out.
 * mmsim: no per-CPU batch, so the move happens at once and no batch
 * reference is taken.
 */
static void folio_mark_lazyfree(struct folio *folio)
{
	if (!folio_test_anon(folio) || !folio_test_swapbacked(folio) ||
	    folio_test_swapcache(folio) || folio_test_unevictable(folio))
		return;
	/* folio_batch_add_and_move(): only a folio on an LRU list moves */
	if (!folio_test_lru(folio))
		return;
	lru_del_folio(folio);
	folio_clear_active(folio);
	folio_clear_referenced(folio);
	folio_clear_swapbacked(folio);
	folio_add_lru(folio);
}

/*
 * madvise_folio_pte_batch(): how many PTEs from pte on map consecutive
 * pages of folio, ignoring the dirty, soft-dirty and young bits, which are
 * collected into any_young and any_dirty (folio_pte_batch()).
 */
static int madvise_folio_pte_batch(unsigned long addr, unsigned long end,
				   struct folio *folio, pte_t *ptep, pte_t pte,
				   bool *any_young, bool *any_dirty)
{
	const u64 ignore = _PAGE_DIRTY_BITS | _PAGE_SOFT_DIRTY | _PAGE_ACCESSED;
	unsigned long folio_end_pfn = folio_pfn(folio) + (unsigned long)folio_nr_pages(folio);
	int max_nr = (int)((end - addr) >> PAGE_SHIFT), nr = 1;
	u64 expected = (pte_val(pte) & ~ignore) + PAGE_SIZE;

	*any_young = pte_young(pte);
	*any_dirty = pte_dirty(pte);
	while (nr < max_nr && pte_pfn(pte) + (unsigned long)nr < folio_end_pfn) {
		pte_t next = ptep_get(ptep + nr);

		if (!pte_present(next) || (pte_val(next) & ~ignore) != expected)
			break;
		*any_young |= pte_young(next);
		*any_dirty |= pte_dirty(next);
		expected += PAGE_SIZE;
		nr++;
	}
	return nr;
}

/*
 * clear_young_dirty_ptes() (include/linux/pgtable.h, generic): get, clean
 * and age, and set again each PTE.
 */
static void clear_young_dirty_ptes(struct vm_area_struct *vma, unsigned long addr,
				   pte_t *ptep, int nr)
{
	for (;;) {
		pte_t pte = ptep_get_and_clear(vma->vm_mm, addr, ptep);

		pte = pte_mkclean(pte_mkold(pte));
		set_pte_at(vma->vm_mm, addr, ptep, pte);
		if (--nr == 0)
			break;
		ptep++;
		addr += PAGE_SIZE;
	}
}

/*
 * folio_likely_mapped_shared() (include/linux/mm.h, v6.14): the mapcount
 * guess MADV_FREE uses to leave possibly shared large folios alone.
 */
static bool folio_likely_mapped_shared(struct folio *folio)
{
	int mapcount = folio_mapcount(folio);

	if (!folio_test_large(folio) || folio_test_hugetlb(folio))
		return mapcount > 1;
	if (mapcount <= 1)
		return false;
	if (folio_entire_mapcount(folio) || mapcount > folio_nr_pages(folio))
		return true;
	/* guess from the first page */
	return atomic_read(&folio->_mapcount) > 0;
}

/*
 * madvise_free_pte_range(): swap entries are dropped (a fresh zero page is
 * cheaper than a swap-in), hwpoison and poison markers cleared; exclusive
 * anon folios become clean, old and lazyfree. Large folios not wholly in
 * the range are skipped if likely shared or locked, else would be split:
 * not modelled yet, so they are skipped too and the call answers -ENOSYS
 * once the rest of the range is done.
 */
static int madvise_free_pte_range(struct vm_area_struct *vma, pmd_t *pmd,
				  unsigned long addr, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	pte_t *start_pte, *pte, ptent;
	struct folio *folio;
	spinlock_t *ptl;
	long nr_swap = 0;
	int nr, ret = 0;

	if (pmd_trans_huge(*pmd)) {
		/* madvise_free_huge_pmd() */
		mmsim_log(w, "not modelled yet: MADV_FREE of a PMD-mapped THP");
		return -ENOSYS;
	}
	start_pte = pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!start_pte)
		return 0;
	for (; addr != end; pte += nr, addr += PAGE_SIZE * (unsigned long)nr) {
		nr = 1;
		ptent = ptep_get(pte);

		if (pte_none(ptent))
			continue;
		if (!pte_present(ptent)) {
			swp_entry_t entry = pte_to_swp_entry(ptent);

			if (!non_swap_entry(w, entry)) {
				/* free_swap_and_cache_nr() for a batch of one */
				nr_swap--;
				free_swap_and_cache(w, entry);
				pte_clear(mm, addr, pte);
			} else if (is_hwpoison_entry(w, entry) ||
				   (is_pte_marker_entry(entry) &&
				    (pte_marker_get(entry) & PTE_MARKER_POISONED))) {
				pte_clear(mm, addr, pte);
			}
			continue;
		}

		folio = vm_normal_folio(vma, addr, ptent);
		if (!folio)
			continue;

		/*
		 * A large folio wholly in the range stays and becomes
		 * lazyfree; one that is not would be split first.
		 */
		if (folio_test_large(folio)) {
			bool any_young, any_dirty;

			nr = madvise_folio_pte_batch(addr, end, folio, pte, ptent,
						     &any_young, &any_dirty);
			if (nr < folio_nr_pages(folio)) {
				/* the kernel does not try to split these: no gap */
				if (folio_likely_mapped_shared(folio))
					continue;
				if (!folio_trylock(folio))
					continue;
				folio_unlock(folio);
				mmsim_log(w, "not modelled yet: split_folio() in MADV_FREE, "
					  "large folio at %#lx skipped", addr);
				ret = -ENOSYS;
				continue;
			}
			if (any_young)
				ptent = pte_mkyoung(ptent);
			if (any_dirty)
				ptent = pte_mkdirty(ptent);
		}

		if (folio_test_swapcache(folio) || folio_test_dirty(folio)) {
			if (!folio_trylock(folio))
				continue;
			/* fully mapped here: mapcount == nr_pages means exclusive */
			if (folio_mapcount(folio) != folio_nr_pages(folio)) {
				folio_unlock(folio);
				continue;
			}
			if (folio_test_swapcache(folio) && !folio_free_swap(folio)) {
				folio_unlock(folio);
				continue;
			}
			folio_clear_dirty(folio);
			folio_unlock(folio);
		}

		if (pte_young(ptent) || pte_dirty(ptent))
			clear_young_dirty_ptes(vma, addr, pte, nr);
		folio_mark_lazyfree(folio);
	}
	if (nr_swap)
		add_mm_counter(mm, MM_SWAPENTS, nr_swap);
	pte_unmap_unlock(start_pte, ptl);
	return ret;
}

/*
 * madvise_free_single_vma(): anon VMAs only; the walk runs inside an
 * MMU_NOTIFY_CLEAR range. The page walk visits populated PMDs only.
 */
static int madvise_free_single_vma(struct vm_area_struct *vma, unsigned long start_addr,
				   unsigned long end_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmu_notifier_range range;
	unsigned long addr, next;
	int err = 0, ret;

	if (!vma_is_anonymous(vma))
		return -EINVAL;
	range.start = max_t(unsigned long, vma->vm_start, start_addr);
	if (range.start >= vma->vm_end)
		return -EINVAL;
	range.end = min_t(unsigned long, vma->vm_end, end_addr);
	if (range.end <= vma->vm_start)
		return -EINVAL;
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, range.start, range.end);

	trace_kfunc(mm->w, "madvise_free_single_vma", "vma=%u [%#lx-%#lx)", vma->id,
		    range.start, range.end);
	mmu_notifier_invalidate_range_start(&range);
	for (addr = range.start; addr < range.end; addr = next) {
		pmd_t *pmd = mm_find_pmd(mm, addr);

		next = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		if (next > range.end || next < addr)
			next = range.end;
		if (!pmd || pmd_none(*pmd))
			continue;
		/* an unmodelled split does not stop the rest of the range */
		ret = madvise_free_pte_range(vma, pmd, addr, next);
		if (ret && ret != -ENOSYS) {
			err = ret;
			break;
		}
		if (ret)
			err = ret;
	}
	mmu_notifier_invalidate_range_end(&range);
	return err;
}

/* madvise_dontneed_single_vma(): zap, private COWed pages included */
static int madvise_dontneed_single_vma(struct vm_area_struct *vma, unsigned long start,
				       unsigned long end)
{
	struct zap_details details = {
		.even_cows = true,
	};

	zap_page_range_single(vma, start, end - start, &details);
	return 0;
}

/*
 * madvise_dontneed_free_valid_vma(): hugetlb only for DONTNEED, at 2 MiB
 * granularity (end rounded down). mmsim: VM_LOCKED and VM_PFNMAP do not
 * exist, so other VMAs are always valid.
 */
static bool madvise_dontneed_free_valid_vma(struct vm_area_struct *vma, unsigned long start,
					    unsigned long *end, int behavior)
{
	if (!is_vm_hugetlb_page(vma))
		return true;
	if (behavior != MADV_DONTNEED && behavior != MADV_DONTNEED_LOCKED)
		return false;
	if (start & ~PMD_MASK)
		return false;
	*end = ALIGN_DOWN(*end, HPAGE_PMD_SIZE);
	return true;
}

/* madvise_dontneed_free() */
static int madvise_dontneed_free(struct vm_area_struct *vma, struct vm_area_struct **prev,
				 unsigned long start, unsigned long end, int behavior)
{
	*prev = vma;
	if (!madvise_dontneed_free_valid_vma(vma, start, &end, behavior))
		return -EINVAL;
	if (start == end)
		return 0;
	if (behavior == MADV_DONTNEED)
		return madvise_dontneed_single_vma(vma, start, end);
	return madvise_free_single_vma(vma, start, end);
}

/*
 * madvise_update_vma(): no change, no split; otherwise [start, end) becomes
 * its own VMA (the original, keeping its id) with the new flags.
 */
static int madvise_update_vma(struct vm_area_struct *vma, struct vm_area_struct **prev,
			      unsigned long start, unsigned long end, vm_flags_t new_flags)
{
	if (new_flags == vma->vm_flags) {
		*prev = vma;
		return 0;
	}
	vma = vma_modify_flags(vma, start, end, new_flags);
	if (IS_ERR(vma))
		return (int)PTR_ERR(vma);
	*prev = vma;
	vma->vm_flags = new_flags;
	return 0;
}

/*
 * The flag part of ksm_madvise() (mm/ksm.c, v6.14). vma_ksm_compatible():
 * shared and hugetlb VMAs ignore the advice.
 */
static int madvise_ksm_flags(struct vm_area_struct *vma, int advice, vm_flags_t *vm_flags)
{
	struct mm_struct *mm = vma->vm_mm;

	switch (advice) {
	case MADV_MERGEABLE:
		if (vma->vm_flags & VM_MERGEABLE)
			return 0;
		if (vma->vm_flags & (VM_SHARED | VM_MAYSHARE | VM_HUGETLB))
			return 0;
		/* __ksm_enter() */
		if (!test_bit_ul(MMF_VM_MERGEABLE, &mm->flags))
			set_bit_ul(MMF_VM_MERGEABLE, &mm->flags);
		*vm_flags |= VM_MERGEABLE;
		break;
	case MADV_UNMERGEABLE:
		if (!(*vm_flags & VM_MERGEABLE))
			return 0;
		/* unmerge_ksm_pages(): no KSM pages exist before the KSM step */
		*vm_flags &= ~VM_MERGEABLE;
		break;
	}
	return 0;
}

/* madvise_vma_behavior(): one VMA's part [start, end) of the range */
static int madvise_vma_behavior(struct vm_area_struct *vma, struct vm_area_struct **prev,
				unsigned long start, unsigned long end, int behavior)
{
	vm_flags_t new_flags = vma->vm_flags;
	int error;

	switch (behavior) {
	case MADV_FREE:
	case MADV_DONTNEED:
		return madvise_dontneed_free(vma, prev, start, end, behavior);
	case MADV_NORMAL:
		/* clears the readahead hints, which mmsim's VMAs do not carry */
		break;
	case MADV_DONTFORK:
		new_flags |= VM_DONTCOPY;
		break;
	case MADV_DOFORK:
		new_flags &= ~VM_DONTCOPY;
		break;
	case MADV_WIPEONFORK:
		/* anonymous private memory only */
		if (vma->vm_file || (vma->vm_flags & VM_SHARED))
			return -EINVAL;
		new_flags |= VM_WIPEONFORK;
		break;
	case MADV_KEEPONFORK:
		new_flags &= ~VM_WIPEONFORK;
		break;
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
		error = madvise_ksm_flags(vma, behavior, &new_flags);
		if (error)
			goto out;
		break;
	case MADV_HUGEPAGE:
		/* hugepage_madvise() (mm/khugepaged.c); no khugepaged */
		new_flags &= ~VM_NOHUGEPAGE;
		new_flags |= VM_HUGEPAGE;
		break;
	case MADV_NOHUGEPAGE:
		new_flags &= ~VM_HUGEPAGE;
		new_flags |= VM_NOHUGEPAGE;
		break;
	}

	error = madvise_update_vma(vma, prev, start, end, new_flags);
out:
	/* madvise() returns -EAGAIN when kernel resources are short */
	if (error == -ENOMEM)
		error = -EAGAIN;
	return error;
}

/*
 * madvise_walk_vmas(): every VMA part of [start, end); holes are skipped
 * but make the result -ENOMEM once the mapped parts were done.
 */
static int madvise_walk_vmas(struct mm_struct *mm, unsigned long start, unsigned long end,
			     int behavior)
{
	struct vm_area_struct *vma, *prev;
	unsigned long tmp;
	int unmapped_error = 0;
	int error;

	vma = find_vma(mm, start);
	prev = NULL;
	for (;;) {
		/* still start < end */
		if (!vma)
			return -ENOMEM;
		/* here start < (end|vma->vm_end) */
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		/* here vma->vm_start <= start < (end|vma->vm_end) */
		tmp = vma->vm_end;
		if (end < tmp)
			tmp = end;
		error = madvise_vma_behavior(vma, &prev, start, tmp, behavior);
		if (error)
			return error;
		start = tmp;
		if (prev && start < prev->vm_end)
			start = prev->vm_end;
		if (start >= end)
			break;
		vma = find_vma(mm, prev ? prev->vm_end : start);
	}
	return unmapped_error;
}

/*
 * do_madvise(): -EINVAL for an unknown advice or a bad range, 0 for an
 * empty one, -ENOSYS (logged) for advices mmsim does not model yet.
 * mmsim: mm stands for current->mm.
 */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in, int behavior)
{
	struct mmsim *w = mm->w;
	unsigned long end;
	const char *what;
	bool write;
	size_t len;
	int error;

	trace_kfunc(w, "do_madvise", "mm=%u [%#lx-%#lx) behavior=%d", mm->id, start,
		    start + (unsigned long)len_in, behavior);
	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = ALIGN(len_in, PAGE_SIZE);
	/* len_in rounded up from a small negative value to zero */
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;

	what = madvise_not_modelled(behavior);
	if (what) {
		mmsim_log(w, "not modelled yet: %s", what);
		return -ENOSYS;
	}

	write = madvise_need_mmap_write(behavior);
	if (write)
		mmap_write_lock(mm);
	else
		mmap_read_lock(mm);
	error = madvise_walk_vmas(mm, start, end, behavior);
	if (write)
		mmap_write_unlock(mm);
	else
		mmap_read_unlock(mm);
	return error;
}
