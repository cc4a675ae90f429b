// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory mappings (mm/mmap.c, v6.14; arch/x86/mm/pgprot.c for the
 * protection map): do_mmap() with its placement, the VMA lookups,
 * write-notify, vm_page_prot, do_munmap() and exit_mmap(). Splitting and
 * unmapping VMAs live in sim/mm/vma.c, as in v6.14's mm/vma.c.
 *
 * mmsim simplifications:
 * - No VMA merging: every mmap makes its own VMA and a split never merges
 *   back. Merging would make region identity and the rmap visit order
 *   depend on the history of neighbouring mappings.
 * - Placement (DESIGN.md section 5): top-down below MMAP_BASE at the highest
 *   gap that fits, the address aligned down to `align`, to 2 MiB for
 *   hugetlb, and to 2 MiB for private anonymous mappings whose length is a
 *   multiple of 2 MiB (as __get_unmapped_area() aligns them for THP;
 *   shared anonymous ones go through shmem_get_unmapped_area(), which does
 *   not align while shmem THP is off). No bottom-up fallback, no guard gaps.
 * - Only MAP_FIXED_NOREPLACE is supported for fixed addresses.
 * - No VM_ACCOUNT/overcommit, no mlock, no pkeys, no mmap_min_addr sysctl
 *   (the lowest address used is MMAP_MIN_ADDR).
 */
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/userfaultfd_k.h>

#define MMAP_BASE	0x7f0000000000UL	/* mmsim: fixed mm->mmap_base (no ASLR) */
#define MMAP_MIN_ADDR	0x10000UL		/* the usual vm.mmap_min_addr */

/*
 * x86 protection_map[] (arch/x86/mm/pgprot.c): private writable mappings
 * map read-only so that the first write faults and COWs.
 */
static const pgprot_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};

/* vm_get_page_prot() (arch/x86/mm/pgprot.c): no pkeys, no SME, NX supported */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags)
{
	return protection_map[vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)];
}

/*
 * vma_wants_writenotify(): shared writable mappings of a regular file want
 * the first write to fault (->page_mkwrite, dirty tracking). mmsim's
 * regular files stand for a filesystem with ->page_mkwrite and writeback;
 * shmem and hugetlbfs have neither, so they only want it for soft-dirty
 * (not hugetlb) and uffd-wp tracking.
 */
bool vma_wants_writenotify(struct vm_area_struct *vma, pgprot_t vm_page_prot)
{
	vm_flags_t vm_flags = vma->vm_flags;
	bool regular_file = vma->vm_file && !vma_is_shmem(vma) && !is_vm_hugetlb_page(vma);

	/* private or not writable: the write bit is already clear */
	if ((vm_flags & (VM_WRITE | VM_SHARED)) != (VM_WRITE | VM_SHARED))
		return false;
	/* the backer wants to know about the first write (->page_mkwrite) */
	if (regular_file)
		return true;
	/* something changed the protection in a way pgprot_modify() would lose */
	if (pgprot_val(vm_page_prot) != pgprot_val(vm_pgprot_modify(vm_page_prot, vm_flags)))
		return false;
	if (vma_soft_dirty_enabled(vma) && !is_vm_hugetlb_page(vma))
		return true;
	if (userfaultfd_wp(vma))
		return true;
	/* mapping_can_writeback(): shmem and hugetlbfs cannot */
	return false;
}

/* vma_set_page_prot(): write-notify mappings lose the write bit */
void vma_set_page_prot(struct vm_area_struct *vma)
{
	vm_flags_t vm_flags = vma->vm_flags;
	pgprot_t vm_page_prot;

	vm_page_prot = vm_pgprot_modify(vma->vm_page_prot, vm_flags);
	if (vma_wants_writenotify(vma, vm_page_prot)) {
		vm_flags &= ~VM_SHARED;
		vm_page_prot = vm_pgprot_modify(vm_page_prot, vm_flags);
	}
	vma->vm_page_prot = vm_page_prot;
}

/* ---- lookups --------------------------------------------------------------------- */

/* find_vma(): the first VMA with vm_end > addr */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

/* vma_lookup(): the VMA containing addr */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma && addr < vma->vm_start)
		return NULL;
	return vma;
}

/* find_vma_intersection() */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && end <= vma->vm_start)
		return NULL;
	return vma;
}

/* ---- placement ---------------------------------------------------------------------- */

/* the highest aligned start for len bytes inside [lo, hi), or 0 */
static unsigned long gap_fit(unsigned long lo, unsigned long hi, unsigned long len,
			     unsigned long align)
{
	unsigned long addr;

	if (hi <= lo || hi - lo < len)
		return 0;
	addr = ALIGN_DOWN(hi - len, align);
	return addr >= lo ? addr : 0;
}

/*
 * unmapped_area_topdown() (mm/mmap.c): the highest gap below the mmap base
 * that holds an aligned range of len bytes. -ENOMEM when none does.
 */
static long unmapped_area_topdown(struct mm_struct *mm, unsigned long len,
				  unsigned long align)
{
	unsigned long ceiling = MMAP_BASE, addr;
	struct list_head *pos;

	for (pos = mm->mmap.prev; pos != &mm->mmap; pos = pos->prev) {
		struct vm_area_struct *vma = list_entry(pos, struct vm_area_struct, vm_list);

		if (vma->vm_end > ceiling) {
			/* above the base, or straddling the current ceiling */
			if (vma->vm_start < ceiling)
				ceiling = vma->vm_start;
			continue;
		}
		addr = gap_fit(vma->vm_end, ceiling, len, align);
		if (addr)
			return (long)addr;
		ceiling = vma->vm_start;
	}
	addr = gap_fit(MMAP_MIN_ADDR, ceiling, len, align);
	return addr ? (long)addr : -ENOMEM;
}

/* ---- creating a mapping --------------------------------------------------------------- */

/* hugetlb_file_setup() (fs/hugetlbfs/inode.c): the unlinked object behind MAP_HUGETLB */
static struct file *hugetlb_file_setup(struct mmsim *w, unsigned long size)
{
	struct file *file = mmsim_file_alloc(w, "anon_hugepage", size >> PAGE_SHIFT);

	file->mapping.hugetlb = true;
	return file;
}

/*
 * mmap_region() / __mmap_region() (mm/vma.c, v6.14): a new VMA for
 * [addr, addr + len). mmsim: no merge with neighbours (see the top).
 */
static long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, vm_flags_t vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = pgoff;

	if (file) {
		vma->vm_file = get_file(file);
		/* ->mmap: hugetlbfs_file_mmap() marks the VMA */
		if (file->f_mapping->hugetlb)
			vma->vm_flags |= VM_HUGETLB;
	} else if (vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
		if (err) {
			vm_area_free(vma);
			return err;
		}
	}

	vma_link(mm, vma);
	/* a new VMA is soft-dirty: a tracker must see it as new data */
	vma->vm_flags |= VM_SOFTDIRTY;
	vma_set_page_prot(vma);
	return (long)addr;
}

static const char *mmap_kind(const struct file *file, unsigned long flags)
{
	if (flags & MAP_HUGETLB)
		return "hugetlb";
	if (!file)
		return flags & MAP_SHARED ? "shared-anon" : "anon";
	return flags & MAP_SHARED ? "file-shared" : "file-private";
}

/*
 * do_mmap() (mm/mmap.c), with ksys_mmap_pgoff()'s MAP_HUGETLB part. mmsim:
 * mm stands for current->mm and the mmap_lock is taken here, as
 * vm_mmap_pgoff() does around do_mmap(); align models the script's align=.
 * A MAP_HUGETLB length that is not a multiple of 2 MiB is -EINVAL (the
 * kernel rounds an anonymous one up; mmsim's sizes are exact).
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff, unsigned long align)
{
	struct mmsim *w = mm->w;
	unsigned long type = flags & (MAP_SHARED | MAP_PRIVATE);
	bool hugetlb = flags & MAP_HUGETLB;
	struct file *hfile = NULL;
	vm_flags_t vm_flags;
	long ret;

	trace_kfunc(w, "do_mmap", "mm=%u addr=%#lx len=%#lx prot=%#lx kind=%s pgoff=%#lx",
		    mm->id, addr, len, prot, mmap_kind(file, flags), pgoff);
	if (!len)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (align && (align < PAGE_SIZE || (align & (align - 1))))
		return -EINVAL;
	if (!file && !(flags & MAP_ANONYMOUS))
		return -EBADF;
	if (file && (flags & MAP_ANONYMOUS))
		return -EINVAL;
	len = ALIGN(len, PAGE_SIZE);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (hugetlb) {
		/* ksys_mmap_pgoff(): MAP_HUGETLB with a regular file is invalid */
		if (file)
			return -EINVAL;
		if (!IS_ALIGNED(len, HPAGE_PMD_SIZE))
			return -EINVAL;
		if ((flags & MAP_FIXED_NOREPLACE) && !IS_ALIGNED(addr, HPAGE_PMD_SIZE))
			return -EINVAL;
	}
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;

	mmap_write_lock(mm);
	if (mm->map_count > DEFAULT_MAX_MAP_COUNT) {
		ret = -ENOMEM;
		goto out;
	}

	if (flags & MAP_FIXED_NOREPLACE) {
		/* __get_unmapped_area(): range, then alignment, then mmap_min_addr */
		if (addr > TASK_SIZE - len) {
			ret = -ENOMEM;
			goto out;
		}
		if (addr & ~PAGE_MASK) {
			ret = -EINVAL;
			goto out;
		}
		if (addr < MMAP_MIN_ADDR) {
			ret = -EPERM;	/* security_mmap_addr() */
			goto out;
		}
		if (find_vma_intersection(mm, addr, addr + len)) {
			ret = -EEXIST;
			goto out;
		}
	} else {
		unsigned long a = align ? align : PAGE_SIZE;

		if (hugetlb || (!file && type == MAP_PRIVATE && IS_ALIGNED(len, PMD_SIZE)))
			a = max_t(unsigned long, a, PMD_SIZE);
		ret = unmapped_area_topdown(mm, len, a);
		if (ret < 0)
			goto out;
		addr = (unsigned long)ret;
	}

	vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (hugetlb) {
		/* the anonymous hugetlbfs file is the mapping's file from here on */
		hfile = hugetlb_file_setup(w, len);
		file = hfile;
		pgoff = 0;
	}
	if (file) {
		/* mmsim files are opened read-write: VM_MAYWRITE stays */
		if (type == MAP_SHARED)
			vm_flags |= VM_SHARED | VM_MAYSHARE;
	} else if (type == MAP_SHARED) {
		pgoff = 0;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	} else {
		/* private anon: the page index is the virtual page number */
		pgoff = addr >> PAGE_SHIFT;
	}

	ret = mmap_region(mm, file, addr, len, vm_flags, pgoff);
out:
	/* the mapping holds its own reference; drop the setup's */
	if (hfile)
		fput(hfile);
	mmap_write_unlock(mm);
	return ret;
}

/* do_munmap() (mm/mmap.c). mmsim: takes the mmap_lock, as __vm_munmap() does */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	int ret;

	trace_kfunc(mm->w, "do_munmap", "mm=%u [%#lx-%#lx)", mm->id, start,
		    start + (unsigned long)len);
	mmap_write_lock(mm);
	ret = do_vmi_munmap(mm, start, len);
	mmap_write_unlock(mm);
	return ret;
}

/*
 * exit_mmap(): release the secondary MMUs, zap every VMA under one
 * MMU_NOTIFY_UNMAP range [0, ULONG_MAX) as unmap_vmas() does, free the page
 * tables and the VMAs.
 */
void exit_mmap(struct mm_struct *mm)
{
	struct mmu_notifier_range range;
	struct vm_area_struct *vma, *tmp;
	unsigned int count = 0;

	trace_kfunc(mm->w, "exit_mmap", "mm=%u", mm->id);
	mmu_notifier_release(mm);

	mmap_read_lock(mm);
	if (list_empty(&mm->mmap)) {
		mmap_read_unlock(mm);
		return;
	}
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, 0, ~0UL);
	mmu_notifier_invalidate_range_start(&range);
	list_for_each_entry(vma, &mm->mmap, vm_list)
		unmap_page_range(vma, vma->vm_start, vma->vm_end, NULL);
	mmu_notifier_invalidate_range_end(&range);
	mmap_read_unlock(mm);

	mmap_write_lock(mm);
	/* free_pgtables() */
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		unlink_anon_vmas(vma);
		unlink_file_vma(vma);
	}
	free_pgd_range(mm, 0, TASK_SIZE);
	list_for_each_entry_safe(vma, tmp, &mm->mmap, vm_list) {
		list_del_init(&vma->vm_list);
		remove_vma(vma);
		count++;
	}
	BUG_ON(mm->w, count != mm->map_count);
	mm->map_count = 0;
	mmap_write_unlock(mm);
}
