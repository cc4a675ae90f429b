// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated CPU: hardware page-table walks with accessed/dirty bit
 * updates, and the x86 user fault path around handle_mm_fault()
 * (arch/x86/mm/fault.c do_user_addr_fault(), access_error(), v6.14).
 */
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mm.h>

/* the leaf the MMU would use for addr: a present PTE or PMD leaf */
struct hw_leaf {
	u64 *entry;
	unsigned long pfn;	/* pfn of the 4 KiB page at addr */
};

static bool hw_walk(struct mm_struct *mm, unsigned long addr, struct hw_leaf *leaf)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);
	pte_t *pte;

	if (!pmd || pmd_none(*pmd))
		return false;
	if (pmd_leaf(*pmd)) {
		/* the MMU needs the present bit itself: PROT_NONE faults */
		if (!(pmd_val(*pmd) & _PAGE_PRESENT))
			return false;
		leaf->entry = &pmd->pmd;
		leaf->pfn = pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
		return true;
	}
	pte = pte_offset_map(mm->w, pmd, addr);
	if (!pte || !(pte_val(*pte) & _PAGE_PRESENT))
		return false;
	leaf->entry = &pte->pte;
	leaf->pfn = pte_pfn(*pte);
	return true;
}

/* the hardware side of an access: permission check, then A and D bits */
static bool hw_access(struct mm_struct *mm, unsigned long addr, bool write, u64 *value)
{
	struct hw_leaf leaf;
	struct page *page;

	if (!hw_walk(mm, addr, &leaf))
		return false;
	if (!(*leaf.entry & _PAGE_USER) || (write && !(*leaf.entry & _PAGE_RW)))
		return false;
	*leaf.entry |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
	page = pfn_to_page(mm->w, leaf.pfn);
	if (write)
		page->content = *value;
	else
		*value = page->content;
	return true;
}

bool mmsim_peek(struct mm_struct *mm, unsigned long addr, u64 *value)
{
	struct hw_leaf leaf;

	if (!hw_walk(mm, addr, &leaf))
		return false;
	*value = pfn_to_page(mm->w, leaf.pfn)->content;
	return true;
}

/* access_error(): x86 allows reads of any accessible VMA, writes need VM_WRITE */
static bool access_error(bool write, struct vm_area_struct *vma)
{
	if (write)
		return !(vma->vm_flags & VM_WRITE);
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

int mmsim_cpu_access(struct mm_struct *mm, unsigned long addr, bool write, u64 *value)
{
	unsigned int flags = FAULT_FLAG_USER | FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE;

	if (write)
		flags |= FAULT_FLAG_WRITE;
	/* a fault that makes no progress this many times is a model bug */
	for (int tries = 0; tries < 8; tries++) {
		struct vm_area_struct *vma;
		vm_fault_t fault;

		if (hw_access(mm, addr, write, value))
			return 0;
		/* lock_mm_and_find_vma(): the fault runs under the mmap_lock */
		mmap_read_lock(mm);
		vma = vma_lookup(mm, addr);
		if (!vma || access_error(write, vma)) {
			mmap_read_unlock(mm);
			return MMSIM_SIGSEGV;
		}
		fault = handle_mm_fault(vma, addr, flags, NULL);
		mmap_read_unlock(mm);
		if (fault & VM_FAULT_MMSIM_ENOSYS)
			return -ENOSYS;
		if (fault & VM_FAULT_OOM)
			return -ENOMEM;
		if (fault & (VM_FAULT_SIGBUS | VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE))
			return MMSIM_SIGBUS;
		if (fault & VM_FAULT_SIGSEGV)
			return MMSIM_SIGSEGV;
		if (fault & VM_FAULT_RETRY) {
			/*
			 * fault_signal_pending(): the only fatal signal mmsim
			 * models ends a killable folio-lock sleep
			 * (w->fatal_signal_pending); a retry that comes back
			 * again after FAULT_FLAG_TRIED counts as one too (as in
			 * gup.c). The kernel kills the task; the model returns
			 * -EINTR without performing the access.
			 */
			if (mm->w->fatal_signal_pending || (flags & FAULT_FLAG_TRIED)) {
				/* the signal is delivered: the next access starts afresh */
				mm->w->fatal_signal_pending = false;
				return -EINTR;
			}
			flags |= FAULT_FLAG_TRIED;
		}
	}
	WARN_ON_ONCE(mm->w, 1);
	mmsim_log(mm->w, "mmsim: fault at %#lx made no progress", addr);
	return -EFAULT;
}
