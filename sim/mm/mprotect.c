// SPDX-License-Identifier: GPL-2.0-only
/*
 * Changing protections (mm/mprotect.c, v6.14): do_mprotect_pkey(),
 * mprotect_fixup(), change_protection() and its page-table walk, and
 * can_change_pte_writable().
 *
 * Before patch 6 of the series ("mm: use single SWP_DEVICE_EXCLUSIVE entry
 * type") change_pte_range() also turned writable device-exclusive entries
 * into readable ones (mm/mprotect.c, v6.13/v6.14-rc); that branch is kept
 * below, guarded by the patch level.
 *
 * mmsim: no NUMA balancing (MM_CP_PROT_NUMA is refused with a warning, as
 * a kernel without CONFIG_NUMA_BALANCING does), no pkeys, no PUD leaves,
 * no VM_ACCOUNT, no READ_IMPLIES_EXEC personality, no MDWE. hugetlb VMAs:
 * only the protection of VMAs with nothing mapped can change (the hugetlb
 * page-table walk is not modelled yet).
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <mmsim/kernel/userfaultfd_k.h>

/*
 * userfaultfd_wp_use_markers(): file-backed uffd-wp VMAs protect none PTEs
 * with markers. mmsim: the UFFD_FEATURE_WP_UNPOPULATED feature is never on.
 */
static bool userfaultfd_wp_use_markers(const struct vm_area_struct *vma)
{
	if (!userfaultfd_wp(vma))
		return false;
	return !vma_is_anonymous(vma);
}

/* pte_needs_soft_dirty_wp(): a clean PTE must fault to become soft-dirty */
static bool pte_needs_soft_dirty_wp(const struct vm_area_struct *vma, pte_t pte)
{
	return vma_soft_dirty_enabled(vma) && !pte_soft_dirty(pte);
}

static bool is_poisoned_swp_entry(swp_entry_t entry)
{
	return is_pte_marker_entry(entry) && (pte_marker_get(entry) & PTE_MARKER_POISONED);
}

static bool is_guard_swp_entry(swp_entry_t entry)
{
	return is_pte_marker_entry(entry) && (pte_marker_get(entry) & PTE_MARKER_GUARD);
}

static pte_t make_pte_marker(unsigned long marker)
{
	return swp_entry_to_pte(make_pte_marker_entry(marker));
}

static bool pte_same(pte_t a, pte_t b)
{
	return pte_val(a) == pte_val(b);
}

/* ptep_modify_prot_start()/_commit() (include/linux/pgtable.h, generic) */
static pte_t ptep_modify_prot_start(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	return ptep_get_and_clear(vma->vm_mm, addr, ptep);
}

static void ptep_modify_prot_commit(struct vm_area_struct *vma, unsigned long addr,
				    pte_t *ptep, pte_t old_pte, pte_t pte)
{
	(void)old_pte;
	set_pte_at(vma->vm_mm, addr, ptep, pte);
}

/*
 * can_change_pte_writable(): may a PTE of a VM_WRITE VMA be made writable
 * without a write fault? Not when soft-dirty or uffd-wp tracking needs the
 * fault; in a private mapping only for exclusive anon pages; in a shared
 * one only for dirty PTEs (the filesystem has been told already).
 */
bool can_change_pte_writable(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	struct mmsim *w = vma->vm_mm->w;
	struct page *page;

	if (WARN_ON_ONCE(w, !(vma->vm_flags & VM_WRITE)))
		return false;
	/* not even readable */
	if (pte_protnone(pte))
		return false;
	if (pte_needs_soft_dirty_wp(vma, pte))
		return false;
	if (userfaultfd_pte_wp(vma, pte))
		return false;
	if (!(vma->vm_flags & VM_SHARED)) {
		page = vm_normal_page(vma, addr, pte);
		return page && PageAnon(page) && PageAnonExclusive(page);
	}
	VM_WARN_ON_ONCE(w, is_zero_pfn(w, pte_pfn(pte)) && pte_dirty(pte));
	return pte_dirty(pte);
}

/*
 * change_pte_range(): apply newprot to the present PTEs of one table, and
 * downgrade the swap entries that carry write permission. Returns the
 * pages changed (every present PTE counts; a swap PTE when it changed),
 * or -EAGAIN when no PTE table is there any more.
 */
static long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
			     unsigned long end, pgprot_t newprot, unsigned long cp_flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	bool uffd_wp = cp_flags & MM_CP_UFFD_WP;
	bool uffd_wp_resolve = cp_flags & MM_CP_UFFD_WP_RESOLVE;
	pte_t *pte, oldpte;
	spinlock_t *ptl;
	long pages = 0;

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	do {
		oldpte = ptep_get(pte);
		if (pte_present(oldpte)) {
			pte_t ptent;

			/* prot_numa never gets here: see change_protection() */
			oldpte = ptep_modify_prot_start(vma, addr, pte);
			ptent = pte_modify(oldpte, newprot);

			if (uffd_wp)
				ptent = pte_mkuffd_wp(ptent);
			else if (uffd_wp_resolve)
				ptent = pte_clear_uffd_wp(ptent);

			/*
			 * A writable VMA may skip the write fault for PTEs
			 * that need no COW, write-notify or tracking.
			 */
			if ((cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pte_write(ptent) &&
			    can_change_pte_writable(vma, addr, ptent))
				ptent = pte_mkwrite(ptent);

			ptep_modify_prot_commit(vma, addr, pte, oldpte, ptent);
			pages++;
		} else if (is_swap_pte(oldpte)) {
			swp_entry_t entry = pte_to_swp_entry(oldpte);
			pte_t newpte;

			if (is_writable_migration_entry(w, entry)) {
				struct folio *folio = pfn_swap_entry_folio(w, entry);

				/* a protection check is difficult: drop write */
				if (folio_test_anon(folio))
					entry = make_readable_exclusive_migration_entry(w, swp_offset(entry));
				else
					entry = make_readable_migration_entry(w, swp_offset(entry));
				newpte = swp_entry_to_pte(entry);
				if (pte_swp_soft_dirty(oldpte))
					newpte = pte_swp_mksoft_dirty(newpte);
			} else if (is_writable_device_private_entry(w, entry)) {
				/* soft-dirty is not preserved (see copy_nonpresent_pte()) */
				entry = make_readable_device_private_entry(w, swp_offset(entry));
				newpte = swp_entry_to_pte(entry);
				if (pte_swp_uffd_wp(oldpte))
					newpte = pte_swp_mkuffd_wp(newpte);
			} else if (!series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE) &&
				   is_writable_device_exclusive_entry(w, entry)) {
				/* legacy: the entry's type carried the write permission */
				entry = make_readable_device_exclusive_entry(w, swp_offset(entry));
				newpte = swp_entry_to_pte(entry);
				if (pte_swp_soft_dirty(oldpte))
					newpte = pte_swp_mksoft_dirty(newpte);
				if (pte_swp_uffd_wp(oldpte))
					newpte = pte_swp_mkuffd_wp(newpte);
			} else if (is_pte_marker_entry(entry)) {
				/* error entries: any access faults anyway */
				if (is_poisoned_swp_entry(entry) || is_guard_swp_entry(entry))
					continue;
				/* unprotecting a uffd-wp marker drops it */
				if (uffd_wp_resolve) {
					pte_clear(mm, addr, pte);
					pages++;
				}
				continue;
			} else {
				newpte = oldpte;
			}

			if (uffd_wp)
				newpte = pte_swp_mkuffd_wp(newpte);
			else if (uffd_wp_resolve)
				newpte = pte_swp_clear_uffd_wp(newpte);

			if (!pte_same(oldpte, newpte)) {
				set_pte_at(mm, addr, pte, newpte);
				pages++;
			}
		} else {
			/* it must be a none PTE */
			WARN_ON_ONCE(w, !pte_none(oldpte));
			/* only uffd-wp cares about none PTEs */
			if (likely(!uffd_wp))
				continue;
			if (userfaultfd_wp_use_markers(vma)) {
				/* the page cache may still hold the page: protect the hole */
				set_pte_at(mm, addr, pte, make_pte_marker(PTE_MARKER_UFFD_WP));
				pages++;
			}
		}
	} while (pte++, addr += PAGE_SIZE, addr != end);
	pte_unmap_unlock(pte - 1, ptl);
	return pages;
}

/* pgtable_split_needed(): file THPs cannot carry uffd-wp at PMD level */
static bool pgtable_split_needed(const struct vm_area_struct *vma, unsigned long cp_flags)
{
	return (cp_flags & MM_CP_UFFD_WP) && !vma_is_anonymous(vma);
}

/* pgtable_populate_needed(): uffd-wp markers need the tables to exist */
static bool pgtable_populate_needed(const struct vm_area_struct *vma, unsigned long cp_flags)
{
	if (!(cp_flags & MM_CP_UFFD_WP))
		return false;
	return userfaultfd_wp_use_markers(vma);
}

static unsigned long pxd_addr_end(unsigned long addr, unsigned long end, unsigned long size)
{
	unsigned long boundary = (addr + size) & ~(size - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

/* change_pmd_prepare(): allocate the PTE table when markers may be needed */
static long change_pmd_prepare(struct vm_area_struct *vma, pmd_t *pmd, unsigned long cp_flags)
{
	if (unlikely(pgtable_populate_needed(vma, cp_flags)) && pmd_none(*pmd) &&
	    __pte_alloc(vma->vm_mm, pmd))
		return -ENOMEM;
	return 0;
}

static bool is_swap_pmd(pmd_t pmd)
{
	return !pmd_none(pmd) && !pmd_present(pmd);
}

/*
 * change_pmd_range(): PMD leaves (THP, PMD migration entries) covering the
 * whole PMD go to change_huge_pmd(); partial ones are split first.
 */
static long change_pmd_range(struct vm_area_struct *vma, pud_t *pud, unsigned long addr,
			     unsigned long end, pgprot_t newprot, unsigned long cp_flags)
{
	struct mmsim *w = vma->vm_mm->w;
	unsigned long next;
	long pages = 0;
	pmd_t *pmd;

	pmd = pmd_offset(w, pud, addr);
	do {
		long ret;
		pmd_t _pmd;
again:
		next = pxd_addr_end(addr, end, PMD_SIZE);

		ret = change_pmd_prepare(vma, pmd, cp_flags);
		if (ret) {
			pages = ret;
			break;
		}
		if (pmd_none(*pmd))
			goto next;

		_pmd = pmdp_get(pmd);
		if (is_swap_pmd(_pmd) || pmd_trans_huge(_pmd)) {
			if ((next - addr != HPAGE_PMD_SIZE) || pgtable_split_needed(vma, cp_flags)) {
				__split_huge_pmd(vma, pmd, addr, false, NULL);
				/* a file PMD may be gone now: repopulate if needed */
				ret = change_pmd_prepare(vma, pmd, cp_flags);
				if (ret) {
					pages = ret;
					break;
				}
			} else {
				ret = change_huge_pmd(vma, pmd, addr, newprot, cp_flags);
				if (ret) {
					if (ret == HPAGE_PMD_NR)
						pages += HPAGE_PMD_NR;
					/* the huge PMD was handled */
					goto next;
				}
			}
			/* fall through: the huge PMD was just split */
		}

		ret = change_pte_range(vma, pmd, addr, next, newprot, cp_flags);
		if (ret < 0)
			goto again;
		pages += ret;
next:
		;
	} while (pmd++, addr = next, addr != end);
	return pages;
}

/*
 * change_pud_range(): the MMU_NOTIFY_PROTECTION_VMA range starts at the
 * first populated PUD entry and ends at the end of this PGD entry's span.
 * mmsim: no PUD leaves; the P4D level is folded.
 */
static long change_pud_range(struct vm_area_struct *vma, pgd_t *pgd, unsigned long addr,
			     unsigned long end, pgprot_t newprot, unsigned long cp_flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmu_notifier_range range;
	unsigned long next;
	long pages = 0;
	pud_t *pudp;

	range.start = 0;
	pudp = pud_offset(mm->w, pgd, addr);
	do {
		next = pxd_addr_end(addr, end, PUD_SIZE);
		if (unlikely(pgtable_populate_needed(vma, cp_flags)) && !pmd_alloc(mm, pudp, addr)) {
			pages = -ENOMEM;
			break;
		}
		if (pud_val(*pudp) == 0)
			continue;
		if (!range.start) {
			mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_VMA, 0, mm, addr, end);
			mmu_notifier_invalidate_range_start(&range);
		}
		pages += change_pmd_range(vma, pudp, addr, next, newprot, cp_flags);
	} while (pudp++, addr = next, addr != end);

	if (range.start)
		mmu_notifier_invalidate_range_end(&range);
	return pages;
}

/* change_protection_range(): every PGD entry of [addr, end) */
static long change_protection_range(struct vm_area_struct *vma, unsigned long addr,
				    unsigned long end, pgprot_t newprot, unsigned long cp_flags)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long next;
	long pages = 0;
	pgd_t *pgd;

	BUG_ON(mm->w, addr >= end);
	pgd = pgd_offset(mm, addr);
	do {
		next = pxd_addr_end(addr, end, PGDIR_SIZE);
		if (unlikely(pgtable_populate_needed(vma, cp_flags)) && !pud_alloc(mm, pgd, addr)) {
			pages = -ENOMEM;
			break;
		}
		if (pgd_val(*pgd) == 0)
			continue;
		pages += change_pud_range(vma, pgd, addr, next, newprot, cp_flags);
	} while (pgd++, addr = next, addr != end);
	return pages;
}

/* is any page-table entry populated under [start, end)? (hugetlb entries are PMDs) */
static bool hugetlb_range_populated(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long addr = ALIGN_DOWN(start, PMD_SIZE); addr < end; addr += PMD_SIZE) {
		pmd_t *pmd = mm_find_pmd(mm, addr);

		if (pmd && !pmd_none(*pmd))
			return true;
	}
	return false;
}

/*
 * hugetlb_change_protection() (mm/hugetlb.c). mmsim: only the trivial case
 * of a range with no entries; it still sends the notifier range the kernel
 * sends. Otherwise -ENOSYS (the hugetlb walk is not modelled yet).
 */
static long hugetlb_change_protection(struct vm_area_struct *vma, unsigned long start,
				      unsigned long end, pgprot_t newprot, unsigned long cp_flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmu_notifier_range range;

	(void)newprot;
	(void)cp_flags;
	if (hugetlb_range_populated(mm, start, end)) {
		mmsim_log(mm->w, "not modelled yet: hugetlb mprotect of mapped pages");
		return -ENOSYS;
	}
	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_VMA, 0, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	mmu_notifier_invalidate_range_end(&range);
	return 0;
}

/* change_protection(): apply vma->vm_page_prot to [start, end) */
long change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long cp_flags)
{
	struct mmsim *w = vma->vm_mm->w;
	pgprot_t newprot = vma->vm_page_prot;

	trace_kfunc(w, "change_protection", "vma=%u [%#lx-%#lx) prot=%#llx cp_flags=%#lx",
		    vma->id, start, end, (unsigned long long)pgprot_val(newprot), cp_flags);
	BUG_ON(w, (cp_flags & MM_CP_UFFD_WP_ALL) == MM_CP_UFFD_WP_ALL);
	/* no CONFIG_NUMA_BALANCING */
	WARN_ON_ONCE(w, cp_flags & MM_CP_PROT_NUMA);

	if (is_vm_hugetlb_page(vma))
		return hugetlb_change_protection(vma, start, end, newprot, cp_flags);
	return change_protection_range(vma, start, end, newprot, cp_flags);
}

/*
 * mprotect_fixup(): nothing to do when the flags do not change (the kernel
 * returns before splitting or walking); otherwise split off [start, end),
 * set the flags and vm_page_prot, and change the page tables.
 */
static int mprotect_fixup(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, vm_flags_t newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	vm_flags_t oldflags = vma->vm_flags;
	unsigned long mm_cp_flags = 0;
	long pages;

	if (newflags == oldflags)
		return 0;
	if (is_vm_hugetlb_page(vma) && hugetlb_range_populated(mm, start, end)) {
		/* refused before anything changes: see hugetlb_change_protection() */
		mmsim_log(mm->w, "not modelled yet: hugetlb mprotect of mapped pages");
		return -ENOSYS;
	}

	vma = vma_modify_flags(vma, start, end, newflags);
	if (IS_ERR(vma))
		return (int)PTR_ERR(vma);

	vma->vm_flags = newflags;
	if (vma_wants_manual_pte_write_upgrade(vma))
		mm_cp_flags |= MM_CP_TRY_CHANGE_WRITABLE;
	vma_set_page_prot(vma);

	pages = change_protection(vma, start, end, mm_cp_flags);
	trace_kfunc(mm->w, "mprotect_fixup", "vma=%u [%#lx-%#lx) flags %#lx -> %#lx pages=%ld",
		    vma->id, start, end, oldflags, newflags, pages);
	return 0;
}

/*
 * do_mprotect_pkey() (pkey -1: plain mprotect). mmsim: mm stands for
 * current->mm. -ENOMEM when part of the range is unmapped (VMAs before the
 * hole keep their new protection, as in the kernel), -EACCES when a VMA may
 * not get a permission (VM_MAY* missing).
 */
int do_mprotect_pkey(struct mm_struct *mm, unsigned long start, size_t len,
		     unsigned long prot)
{
	struct vm_area_struct *vma;
	unsigned long nstart, end, tmp;
	int error;

	trace_kfunc(mm->w, "do_mprotect_pkey", "mm=%u [%#lx-%#lx) prot=%#lx", mm->id, start,
		    start + (unsigned long)len, prot);
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = ALIGN(len, PAGE_SIZE);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	/* arch_validate_prot() */
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;

	mmap_write_lock(mm);
	vma = find_vma_intersection(mm, start, end);
	error = -ENOMEM;
	if (!vma || vma->vm_start > start)
		goto out;

	nstart = start;
	tmp = vma->vm_start;
	while (vma && vma->vm_start < end) {
		vm_flags_t newflags;

		if (vma->vm_start != tmp) {
			error = -ENOMEM;
			break;
		}
		newflags = calc_vm_prot_bits(prot) | (vma->vm_flags & ~VM_ACCESS_FLAGS);
		/* newflags >> 4 puts VM_MAY* where VM_* are */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			error = -EACCES;
			break;
		}
		tmp = vma->vm_end;
		if (tmp > end)
			tmp = end;
		error = mprotect_fixup(vma, nstart, tmp, newflags);
		if (error)
			break;
		/* vma_iter_end(): the end of the VMA now covering nstart */
		tmp = vma_lookup(mm, nstart)->vm_end;
		nstart = tmp;
		vma = find_vma(mm, tmp);
	}
	if (!error && tmp < end)
		error = -ENOMEM;
out:
	mmap_write_unlock(mm);
	return error;
}
