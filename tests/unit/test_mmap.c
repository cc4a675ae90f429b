// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/mm/mmap.c and sim/mm/vma.c: protection map, placement (top-down from
 * 0x7f0000000000, alignment rules), flags of each mapping kind, write-notify,
 * MAP_FIXED_NOREPLACE, VMA ids and boundaries after munmap splits, i_mmap
 * order, and teardown (exit_mmap, shmem objects freed with their last VMA).
 */
#include "mmsim_test.h"
#include <mmsim/kernel/mm.h>
#include <mmsim/kernel/rmap.h>
#include <string.h>

#define BASE 0x7f0000000000UL
#define SZ_2M (2UL << 20)
#define ANON_PRIV (MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED (MAP_SHARED | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static long map_anon(struct mm_struct *mm, unsigned long len, unsigned long prot)
{
	return do_mmap(mm, NULL, 0, len, prot, ANON_PRIV, 0, 0);
}

static unsigned long nr_files(struct mmsim *w)
{
	unsigned long n = 0;
	struct list_head *pos;

	list_for_each(pos, &w->file_list)
		n++;
	return n;
}

static unsigned int nr_i_mmap(struct address_space *mapping)
{
	unsigned int n = 0;
	struct list_head *pos;

	list_for_each(pos, &mapping->i_mmap)
		n++;
	return n;
}

static void test_vm_get_page_prot_table(void **state)
{
	(void)state;
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_NONE)), pgprot_val(PAGE_NONE));
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_READ)), pgprot_val(PAGE_READONLY));
	/* private writable maps read-only: the first write COWs */
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE)), pgprot_val(PAGE_COPY));
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_READ | VM_EXEC)),
			 pgprot_val(PAGE_READONLY_EXEC));
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_SHARED | VM_READ | VM_WRITE)),
			 pgprot_val(PAGE_SHARED));
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_SHARED | VM_READ | VM_WRITE | VM_EXEC)),
			 pgprot_val(PAGE_SHARED_EXEC));
	/* flags outside the four protection bits do not matter */
	assert_int_equal(pgprot_val(vm_get_page_prot(VM_READ | VM_MAYWRITE | VM_SOFTDIRTY)),
			 pgprot_val(PAGE_READONLY));
	assert_true(pgprot_val(PAGE_SHARED) & _PAGE_RW);
	assert_false(pgprot_val(PAGE_COPY) & _PAGE_RW);
	assert_true(pgprot_val(PAGE_COPY) & _PAGE_NX);
	assert_false(pgprot_val(PAGE_COPY_EXEC) & _PAGE_NX);
}

static void test_first_anon_placement(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - PAGE_SIZE);
	assert_int_equal(BASE - PAGE_SIZE, 0x7efffffff000UL);
	/* the next one goes right below: no merging, a VMA of its own */
	assert_int_equal(map_anon(mm, 3 * PAGE_SIZE, RW), 0x7efffffff000UL - 3 * PAGE_SIZE);
	assert_int_equal(mm->map_count, 2);
	vma = vma_lookup(mm, 0x7efffffff000UL);
	assert_non_null(vma);
	assert_int_equal(vma->vm_start, 0x7efffffff000UL);
	assert_int_equal(vma->vm_end, BASE);
	/* private anon: vm_pgoff is the virtual page number */
	assert_int_equal(vma->vm_pgoff, 0x7efffffff000UL >> PAGE_SHIFT);
	assert_null(vma->vm_file);
	assert_int_equal(vma->vm_flags, VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
					VM_MAYEXEC | VM_SOFTDIRTY);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_COPY));
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_anon_2m_alignment(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);

	(void)state;
	/* a 2 MiB multiple is placed 2 MiB aligned */
	assert_int_equal(map_anon(mm, SZ_2M, RW), BASE - SZ_2M);
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - SZ_2M - PAGE_SIZE);
	/* below 0x7effffdff000 the highest 2M-aligned start is 0x7effffa00000 */
	assert_int_equal(map_anon(mm, 2 * SZ_2M, RW), 0x7effffa00000UL - SZ_2M);
	/* a length that is not a multiple gets no alignment */
	assert_int_equal(map_anon(mm, SZ_2M + PAGE_SIZE, RW),
			 0x7effff800000UL - SZ_2M - PAGE_SIZE);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_align_parameter(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);

	(void)state;
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), 0x7efffffff000UL);
	/* ALIGN_DOWN(0x7effffffe000, 64K) */
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_PRIV, 0, 0x10000),
			 0x7effffff0000UL);
	/* not a power of two, or below a page */
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_PRIV, 0, 0x3000), -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_PRIV, 0, 512), -EINVAL);
	assert_int_equal(mm->map_count, 2);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_gap_reuse_after_munmap(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);

	(void)state;
	assert_int_equal(map_anon(mm, 4 * PAGE_SIZE, RW), BASE - 4 * PAGE_SIZE);
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - 5 * PAGE_SIZE);
	assert_int_equal(do_munmap(mm, BASE - 3 * PAGE_SIZE, PAGE_SIZE), 0);
	/* the highest gap that fits: the hole just made */
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - 3 * PAGE_SIZE);
	/* two pages do not fit in any hole above: below everything */
	assert_int_equal(map_anon(mm, 2 * PAGE_SIZE, RW), BASE - 7 * PAGE_SIZE);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_fixed_noreplace(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	const unsigned long at = 0x500000000000UL;

	(void)state;
	assert_int_equal(do_mmap(mm, NULL, at, 4 * PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), at);
	assert_int_equal(do_mmap(mm, NULL, at + 3 * PAGE_SIZE, 2 * PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), -EEXIST);
	assert_int_equal(do_mmap(mm, NULL, at - PAGE_SIZE, 2 * PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), -EEXIST);
	/* touching is not overlapping */
	assert_int_equal(do_mmap(mm, NULL, at + 4 * PAGE_SIZE, PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), at + 4 * PAGE_SIZE);
	assert_int_equal(do_mmap(mm, NULL, at + 0x800, PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), -ENOMEM);
	assert_int_equal(mm->map_count, 2);
	/* placement ignores VMAs above the base */
	assert_int_equal(do_mmap(mm, NULL, BASE + PAGE_SIZE, PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), BASE + PAGE_SIZE);
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - PAGE_SIZE);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_mmap_einval(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0, false);

	(void)state;
	assert_int_equal(map_anon(mm, 0, RW), -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, RW, MAP_ANONYMOUS, 0, 0), -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, RW,
				 MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, 0, 0), -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, 0x10, ANON_PRIV, 0, 0), -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, 0, PAGE_SIZE, RW, MAP_PRIVATE, 0, 0), -EBADF);
	assert_int_equal(do_mmap(mm, f, 0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_HUGETLB, 0, 0),
			 -EINVAL);
	assert_int_equal(do_mmap(mm, f, 0, PAGE_SIZE, RW, MAP_SHARED, ~0UL, 0), -EOVERFLOW);
	/* a length is rounded up to pages */
	assert_int_equal(map_anon(mm, 100, RW), BASE - PAGE_SIZE);
	assert_int_equal(vma_lookup(mm, BASE - PAGE_SIZE)->vm_end, BASE);
	assert_int_equal(mm->map_count, 1);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_shared_anon_is_shmem(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;
	unsigned long files = nr_files(w);
	long addr;

	(void)state;
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), 0x7efffffff000UL);
	/* shmem_get_unmapped_area() does not THP-align while shmem THP is off */
	addr = do_mmap(mm, NULL, 0, SZ_2M, RW, ANON_SHARED, 0, 0);
	assert_int_equal(addr, 0x7efffffff000UL - SZ_2M);
	vma = vma_lookup(mm, (unsigned long)addr);
	assert_non_null(vma->vm_file);
	assert_true(vma_is_shmem(vma));
	assert_false(vma_is_anonymous(vma));
	assert_true(vma->vm_file->f_mapping->shmem);
	assert_string_equal(vma->vm_file->name, "dev/zero");
	assert_int_equal(vma->vm_file->f_mapping->nr_index, 512);
	assert_int_equal(vma->vm_file->f_count, 1);
	assert_int_equal(vma->vm_pgoff, 0);
	assert_int_equal(vma->vm_flags & (VM_SHARED | VM_MAYSHARE | VM_MAYWRITE),
			 VM_SHARED | VM_MAYSHARE | VM_MAYWRITE);
	/* shmem has no ->page_mkwrite and no writeback: writable at once */
	assert_false(vma_wants_writenotify(vma, vma->vm_page_prot));
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_SHARED));
	assert_int_equal(nr_files(w), files + 1);
	assert_int_equal(nr_i_mmap(vma->vm_file->f_mapping), 1);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_file_mappings_flags_writenotify(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "data", 8 * PAGE_SIZE, 0x100, true);
	struct vm_area_struct *shared, *priv;
	long a, b;

	(void)state;
	a = do_mmap(mm, f, 0, 4 * PAGE_SIZE, RW, MAP_SHARED, 2, 0);
	b = do_mmap(mm, f, 0, 4 * PAGE_SIZE, RW, MAP_PRIVATE, 0, 0);
	assert_int_equal(a, BASE - 4 * PAGE_SIZE);
	assert_int_equal(b, BASE - 8 * PAGE_SIZE);
	shared = vma_lookup(mm, (unsigned long)a);
	priv = vma_lookup(mm, (unsigned long)b);
	assert_ptr_equal(shared->vm_file, f);
	assert_int_equal(shared->vm_pgoff, 2);
	assert_int_equal(priv->vm_pgoff, 0);
	assert_int_equal(f->f_count, 3);
	assert_int_equal(shared->vm_flags & (VM_SHARED | VM_MAYSHARE | VM_MAYWRITE | VM_WRITE),
			 VM_SHARED | VM_MAYSHARE | VM_MAYWRITE | VM_WRITE);
	/* write-notify: the shared writable file mapping maps read-only */
	assert_true(vma_wants_writenotify(shared, shared->vm_page_prot));
	assert_int_equal(pgprot_val(shared->vm_page_prot), pgprot_val(PAGE_COPY));
	assert_false(shared->vm_flags & VM_HUGETLB);
	assert_int_equal(priv->vm_flags & VM_SHARED, 0);
	assert_false(vma_wants_writenotify(priv, priv->vm_page_prot));
	assert_int_equal(pgprot_val(priv->vm_page_prot), pgprot_val(PAGE_COPY));
	/* i_mmap is sorted by (vm_pgoff, id): the private VMA (pgoff 0) first */
	assert_ptr_equal(list_first_entry(&f->mapping.i_mmap, struct vm_area_struct, shared), priv);
	assert_ptr_equal(list_last_entry(&f->mapping.i_mmap, struct vm_area_struct, shared), shared);
	/* a read-only shared mapping wants no notification */
	a = do_mmap(mm, f, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, 0, 0);
	shared = vma_lookup(mm, (unsigned long)a);
	assert_false(vma_wants_writenotify(shared, shared->vm_page_prot));
	assert_int_equal(pgprot_val(shared->vm_page_prot), pgprot_val(PAGE_READONLY));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_softdirty_tracking_writenotify(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;
	long a = do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_SHARED, 0, 0);

	(void)state;
	vma = vma_lookup(mm, (unsigned long)a);
	assert_true(vma->vm_flags & VM_SOFTDIRTY);
	/* clear_refs clears VM_SOFTDIRTY: shmem then needs write faults */
	vma->vm_flags &= ~VM_SOFTDIRTY;
	assert_true(vma_wants_writenotify(vma, vma->vm_page_prot));
	vma_set_page_prot(vma);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_READONLY));
	/* the check takes the would-be protection: the current one is read-only */
	assert_false(vma_wants_writenotify(vma, vma->vm_page_prot));
	vma->vm_flags |= VM_SOFTDIRTY | VM_UFFD_WP;
	assert_true(vma_wants_writenotify(vma, PAGE_SHARED));
	vma_set_page_prot(vma);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_COPY));
	vma->vm_flags &= ~VM_UFFD_WP;
	vma_set_page_prot(vma);
	assert_int_equal(pgprot_val(vma->vm_page_prot), pgprot_val(PAGE_SHARED));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_hugetlb_mmap(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;
	unsigned long files = nr_files(w);
	long a;

	(void)state;
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), 0x7efffffff000UL);
	assert_int_equal(do_mmap(mm, NULL, 0, 3 * SZ_2M / 2, RW, ANON_PRIV | MAP_HUGETLB, 0, 0),
			 -EINVAL);
	assert_int_equal(do_mmap(mm, NULL, 0x600000001000UL, SZ_2M, RW,
				 ANON_PRIV | MAP_HUGETLB | MAP_FIXED_NOREPLACE, 0, 0), -EINVAL);
	assert_int_equal(nr_files(w), files);
	a = do_mmap(mm, NULL, 0, 2 * SZ_2M, RW, ANON_PRIV | MAP_HUGETLB, 0, 0);
	assert_int_equal(a, 0x7effffc00000UL - SZ_2M);
	vma = vma_lookup(mm, (unsigned long)a);
	assert_true(is_vm_hugetlb_page(vma));
	assert_non_null(vma->vm_file);
	assert_true(vma->vm_file->f_mapping->hugetlb);
	assert_string_equal(vma->vm_file->name, "anon_hugepage");
	assert_int_equal(vma->vm_file->f_count, 1);
	assert_int_equal(vma->vm_pgoff, 0);
	assert_false(vma_is_anonymous(vma));
	assert_false(vma_is_shmem(vma));
	assert_int_equal(vma->vm_flags & VM_SHARED, 0);
	assert_int_equal(nr_files(w), files + 1);
	/* a hugetlb VMA splits only at 2 MiB */
	assert_int_equal(do_munmap(mm, (unsigned long)a + PAGE_SIZE, PAGE_SIZE), -EINVAL);
	assert_int_equal(do_munmap(mm, (unsigned long)a, SZ_2M + PAGE_SIZE), -EINVAL);
	assert_int_equal(mm->map_count, 2);
	assert_int_equal(do_munmap(mm, (unsigned long)a, SZ_2M), 0);
	vma = vma_lookup(mm, (unsigned long)a + SZ_2M);
	assert_int_equal(vma->vm_start, (unsigned long)a + SZ_2M);
	assert_int_equal(vma->vm_pgoff, 512);
	assert_int_equal(do_munmap(mm, (unsigned long)a + SZ_2M, SZ_2M), 0);
	/* the last VMA gone, the hugetlbfs object goes too */
	assert_int_equal(nr_files(w), files);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_vma_ids_and_order(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma, *prev = NULL;
	unsigned int first_id = w->next_id;
	unsigned int n = 0;

	(void)state;
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - PAGE_SIZE);
	assert_int_equal(do_mmap(mm, NULL, 0x100000000UL, PAGE_SIZE, RW,
				 ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0), 0x100000000UL);
	assert_int_equal(map_anon(mm, PAGE_SIZE, RW), BASE - 2 * PAGE_SIZE);
	assert_int_equal(vma_lookup(mm, BASE - PAGE_SIZE)->id, first_id);
	assert_int_equal(vma_lookup(mm, 0x100000000UL)->id, first_id + 1);
	assert_int_equal(vma_lookup(mm, BASE - 2 * PAGE_SIZE)->id, first_id + 2);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (prev)
			assert_true(prev->vm_end <= vma->vm_start);
		prev = vma;
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(mm->map_count, 3);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_find_vma_lookup(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a, b;

	(void)state;
	a = (unsigned long)map_anon(mm, 2 * PAGE_SIZE, RW);
	b = (unsigned long)do_mmap(mm, NULL, a - 8 * PAGE_SIZE, PAGE_SIZE, RW,
				   ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0);
	assert_int_equal(find_vma(mm, 0)->vm_start, b);
	assert_int_equal(find_vma(mm, b + PAGE_SIZE)->vm_start, a);
	assert_null(vma_lookup(mm, b + PAGE_SIZE));
	assert_int_equal(vma_lookup(mm, a + PAGE_SIZE)->vm_start, a);
	assert_null(find_vma(mm, a + 2 * PAGE_SIZE));
	assert_null(find_vma_intersection(mm, b + PAGE_SIZE, a));
	assert_int_equal(find_vma_intersection(mm, b + PAGE_SIZE, a + 1)->vm_start, a);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_munmap_middle_split(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *lo, *hi;
	unsigned long a;
	unsigned int id;

	(void)state;
	a = (unsigned long)map_anon(mm, 4 * PAGE_SIZE, RW);
	assert_int_equal(a, BASE - 4 * PAGE_SIZE);
	id = vma_lookup(mm, a)->id;
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_int_equal(mm->map_count, 2);
	lo = vma_lookup(mm, a);
	hi = vma_lookup(mm, a + 3 * PAGE_SIZE);
	assert_non_null(lo);
	assert_non_null(hi);
	assert_null(vma_lookup(mm, a + PAGE_SIZE));
	assert_null(vma_lookup(mm, a + 2 * PAGE_SIZE));
	assert_int_equal(lo->vm_start, a);
	assert_int_equal(lo->vm_end, a + PAGE_SIZE);
	assert_int_equal(hi->vm_start, a + 3 * PAGE_SIZE);
	assert_int_equal(hi->vm_end, BASE);
	/* both survivors are the split-off VMAs: the original was unmapped */
	assert_int_equal(lo->id, id + 1);
	assert_int_equal(hi->id, id + 2);
	assert_int_equal(lo->vm_pgoff, a >> PAGE_SHIFT);
	assert_int_equal(hi->vm_pgoff, (a >> PAGE_SHIFT) + 3);
	assert_int_equal(mm->mmap_lock, 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_munmap_head_and_tail(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct vm_area_struct *vma;
	unsigned long a;
	unsigned int id;

	(void)state;
	a = (unsigned long)map_anon(mm, 4 * PAGE_SIZE, RW);
	id = vma_lookup(mm, a)->id;
	/* the head: the upper part is split off (new id) and survives */
	assert_int_equal(do_munmap(mm, a, PAGE_SIZE), 0);
	vma = find_vma(mm, 0);
	assert_int_equal(vma->vm_start, a + PAGE_SIZE);
	assert_int_equal(vma->vm_end, a + 4 * PAGE_SIZE);
	assert_int_equal(vma->id, id + 1);
	/* the tail: the lower part is split off (new id) and survives */
	assert_int_equal(do_munmap(mm, a + 3 * PAGE_SIZE, PAGE_SIZE), 0);
	vma = find_vma(mm, 0);
	assert_int_equal(vma->vm_start, a + PAGE_SIZE);
	assert_int_equal(vma->vm_end, a + 3 * PAGE_SIZE);
	assert_int_equal(vma->id, id + 2);
	assert_int_equal(mm->map_count, 1);
	/* the whole VMA, and a range reaching beyond it */
	assert_int_equal(do_munmap(mm, a, 8 * PAGE_SIZE), 0);
	assert_int_equal(mm->map_count, 0);
	assert_true(list_empty(&mm->mmap));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_munmap_errors_and_holes(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a;

	(void)state;
	a = (unsigned long)map_anon(mm, 2 * PAGE_SIZE, RW);
	assert_int_equal(do_munmap(mm, a + 1, PAGE_SIZE), -EINVAL);
	assert_int_equal(do_munmap(mm, a, 0), -EINVAL);
	assert_int_equal(do_munmap(mm, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
	/* nothing mapped there: success, nothing changes */
	assert_int_equal(do_munmap(mm, 0x10000000UL, PAGE_SIZE), 0);
	assert_int_equal(mm->map_count, 1);
	/* a partial page length is rounded up */
	assert_int_equal(do_munmap(mm, a, 1), 0);
	assert_int_equal(find_vma(mm, 0)->vm_start, a + PAGE_SIZE);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_munmap_spanning_vmas(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long a, b, c;

	(void)state;
	a = (unsigned long)map_anon(mm, 2 * PAGE_SIZE, RW);	/* highest */
	b = (unsigned long)map_anon(mm, 2 * PAGE_SIZE, RW);
	c = (unsigned long)map_anon(mm, 2 * PAGE_SIZE, RW);	/* lowest */
	assert_int_equal(b, a - 2 * PAGE_SIZE);
	assert_int_equal(c, b - 2 * PAGE_SIZE);
	/* from the second page of c to the first page of a */
	assert_int_equal(do_munmap(mm, c + PAGE_SIZE, 4 * PAGE_SIZE), 0);
	assert_int_equal(mm->map_count, 2);
	assert_int_equal(vma_lookup(mm, c)->vm_end, c + PAGE_SIZE);
	assert_int_equal(vma_lookup(mm, a + PAGE_SIZE)->vm_start, a + PAGE_SIZE);
	assert_null(vma_lookup(mm, b));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_munmap_file_split_pgoff_i_mmap(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", 8 * PAGE_SIZE, 7, false);
	struct vm_area_struct *lo, *hi;
	unsigned long a;

	(void)state;
	a = (unsigned long)do_mmap(mm, f, 0, 8 * PAGE_SIZE, RW, MAP_SHARED, 0, 0);
	assert_int_equal(f->f_count, 2);
	assert_int_equal(do_munmap(mm, a + 2 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	lo = vma_lookup(mm, a);
	hi = vma_lookup(mm, a + 4 * PAGE_SIZE);
	assert_int_equal(lo->vm_pgoff, 0);
	assert_int_equal(lo->vm_end, a + 2 * PAGE_SIZE);
	assert_int_equal(hi->vm_pgoff, 4);
	assert_int_equal(hi->vm_start, a + 4 * PAGE_SIZE);
	/* each VMA holds a file reference; i_mmap in (pgoff, id) order */
	assert_int_equal(f->f_count, 3);
	assert_int_equal(nr_i_mmap(&f->mapping), 2);
	assert_ptr_equal(list_first_entry(&f->mapping.i_mmap, struct vm_area_struct, shared), lo);
	assert_ptr_equal(list_last_entry(&f->mapping.i_mmap, struct vm_area_struct, shared), hi);
	assert_int_equal(do_munmap(mm, a, 8 * PAGE_SIZE), 0);
	assert_int_equal(f->f_count, 1);
	assert_true(list_empty(&f->mapping.i_mmap));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_shmem_object_freed_with_last_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	unsigned long files = nr_files(w), a;
	struct file *shm;

	(void)state;
	a = (unsigned long)do_mmap(mm, NULL, 0, 4 * PAGE_SIZE, RW, ANON_SHARED, 0, 0);
	shm = vma_lookup(mm, a)->vm_file;
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE), 0);
	/* split: two VMAs share the object */
	assert_int_equal(shm->f_count, 2);
	assert_int_equal(vma_lookup(mm, a + 2 * PAGE_SIZE)->vm_pgoff, 2);
	assert_int_equal(nr_files(w), files + 1);
	assert_int_equal(do_munmap(mm, a, 4 * PAGE_SIZE), 0);
	assert_int_equal(nr_files(w), files);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static void test_exit_mmap_tears_down(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct file *f = mmsim_file_create(w, "f", 4 * PAGE_SIZE, 0, false);
	unsigned long files = nr_files(w);

	(void)state;
	assert_true(map_anon(mm, 4 * PAGE_SIZE, RW) > 0);
	assert_true(do_mmap(mm, NULL, 0, PAGE_SIZE, RW, ANON_SHARED, 0, 0) > 0);
	assert_true(do_mmap(mm, f, 0, 4 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0, 0) > 0);
	assert_int_equal(mm->map_count, 3);
	assert_int_equal(nr_files(w), files + 1);
	exit_mmap(mm);
	assert_int_equal(mm->map_count, 0);
	assert_true(list_empty(&mm->mmap));
	assert_int_equal(nr_files(w), files);
	assert_int_equal(f->f_count, 1);
	assert_true(list_empty(&f->mapping.i_mmap));
	assert_int_equal(mm->mmap_lock, 0);
	/* an empty mm is fine too */
	exit_mmap(mm);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* faults through the lead's memory.c: a page in, then munmap gives it back */
static void test_munmap_frees_pages_and_tables(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long tables = atomic_long_read(&w->vm_stat[NR_PAGETABLE]);
	long freepages = atomic_long_read(&w->vm_stat[NR_FREE_PAGES]);
	unsigned long a;

	(void)state;
	a = (unsigned long)map_anon(mm, 4 * PAGE_SIZE, RW);
	mmap_read_lock(mm);
	for (int i = 0; i < 4; i++)
		assert_int_equal(handle_mm_fault(vma_lookup(mm, a + i * PAGE_SIZE),
						 a + i * PAGE_SIZE, FAULT_FLAG_WRITE, NULL) &
				 VM_FAULT_ERROR, 0);
	mmap_read_unlock(mm);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 4);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]), 4);
	/* PUD, PMD and PTE tables below the PGD */
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_PAGETABLE]), tables + 3);
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 3);
	/* the table still maps the other pages */
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_PAGETABLE]), tables + 3);
	assert_int_equal(do_munmap(mm, a, 4 * PAGE_SIZE), 0);
	assert_int_equal(get_mm_counter(mm, MM_ANONPAGES), 0);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_ANON_MAPPED]), 0);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_PAGETABLE]), tables);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_FREE_PAGES]), freepages);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

/* a 4K VMA alone in its PMD range: munmap frees the tables (floor/ceiling) */
static void test_munmap_frees_tables_of_lone_vma(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	long tables = atomic_long_read(&w->vm_stat[NR_PAGETABLE]);
	unsigned long a, b;

	(void)state;
	a = (unsigned long)map_anon(mm, PAGE_SIZE, RW);
	b = (unsigned long)do_mmap(mm, NULL, 0x200000000UL, PAGE_SIZE, RW,
				   ANON_PRIV | MAP_FIXED_NOREPLACE, 0, 0);
	mmap_read_lock(mm);
	assert_int_equal(handle_mm_fault(vma_lookup(mm, a), a, FAULT_FLAG_WRITE, NULL) &
			 VM_FAULT_ERROR, 0);
	assert_int_equal(handle_mm_fault(vma_lookup(mm, b), b, FAULT_FLAG_WRITE, NULL) &
			 VM_FAULT_ERROR, 0);
	mmap_read_unlock(mm);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_PAGETABLE]), tables + 6);
	assert_int_equal(do_munmap(mm, a, PAGE_SIZE), 0);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_PAGETABLE]), tables + 3);
	assert_null(mm_find_pmd(mm, a));
	exit_mmap(mm);
	assert_int_equal(atomic_long_read(&w->vm_stat[NR_PAGETABLE]), tables);
	assert_int_equal(mmsim_nr_warn(w), 0);
	assert_int_equal(mmsim_nr_bug(w), 0);
	mmsim_test_check(w);
	mmsim_destroy(w);
}

struct trace_buf {
	char text[4096];
	size_t len;
};

static void trace_collect(void *arg, const char *line)
{
	struct trace_buf *t = arg;
	size_t n = strlen(line);

	if (t->len + n + 2 < sizeof(t->text)) {
		memcpy(t->text + t->len, line, n);
		t->len += n;
		t->text[t->len++] = '\n';
		t->text[t->len] = 0;
	}
}

static void test_trace_names_kernel_functions(void **state)
{
	struct mmsim *w = mmsim_test_world(17);
	struct mm_struct *mm = mm_alloc(w);
	struct trace_buf t = { .len = 0 };
	unsigned long a;

	(void)state;
	mmsim_set_trace(w, trace_collect, &t);
	a = (unsigned long)map_anon(mm, 4 * PAGE_SIZE, RW);
	assert_int_equal(do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE), 0);
	mmsim_set_trace(w, NULL, NULL);
	assert_non_null(strstr(t.text, "do_mmap(mm=1 addr=0 len=0x4000 prot=0x3 kind=anon pgoff=0)"));
	assert_non_null(strstr(t.text, "do_munmap(mm=1 [0x7effffffd000-0x7effffffe000))"));
	assert_non_null(strstr(t.text, "__split_vma("));
	mmsim_test_check(w);
	mmsim_destroy(w);
}

static const struct CMUnitTest mmap_tests[] = {
	cmocka_unit_test(test_vm_get_page_prot_table),
	cmocka_unit_test(test_first_anon_placement),
	cmocka_unit_test(test_anon_2m_alignment),
	cmocka_unit_test(test_align_parameter),
	cmocka_unit_test(test_gap_reuse_after_munmap),
	cmocka_unit_test(test_fixed_noreplace),
	cmocka_unit_test(test_mmap_einval),
	cmocka_unit_test(test_shared_anon_is_shmem),
	cmocka_unit_test(test_file_mappings_flags_writenotify),
	cmocka_unit_test(test_softdirty_tracking_writenotify),
	cmocka_unit_test(test_hugetlb_mmap),
	cmocka_unit_test(test_vma_ids_and_order),
	cmocka_unit_test(test_find_vma_lookup),
	cmocka_unit_test(test_munmap_middle_split),
	cmocka_unit_test(test_munmap_head_and_tail),
	cmocka_unit_test(test_munmap_errors_and_holes),
	cmocka_unit_test(test_munmap_spanning_vmas),
	cmocka_unit_test(test_munmap_file_split_pgoff_i_mmap),
	cmocka_unit_test(test_shmem_object_freed_with_last_vma),
	cmocka_unit_test(test_exit_mmap_tears_down),
	cmocka_unit_test(test_munmap_frees_pages_and_tables),
	cmocka_unit_test(test_munmap_frees_tables_of_lone_vma),
	cmocka_unit_test(test_trace_names_kernel_functions),
};

MMSIM_TEST_MAIN(mmap_tests)
