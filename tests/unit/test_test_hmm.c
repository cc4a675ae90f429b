// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/lib/test_hmm.c: the dmirror device at levels 2 (legacy batch ioctl,
 * rmap conversion), 3 (per-page ioctl, GUP errors passed through), 16
 * (mapcount kept) and 17 (no -EBUSY): open/release, the device table and
 * its notifier (including the kernel's inclusive erase), EXCLUSIVE and
 * CHECK_EXCLUSIVE, READ/WRITE through hmm_range_fault(), SNAPSHOT, two
 * devices, exit, fork, munmap and bad arguments. The checker (with its
 * device.atomic invariant) runs after every step.
 */
#include "mmsim_test.h"
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/page-flags.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>
#include <mmsim/kernel/test_hmm.h>
#include <string.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define V0 0x1000ULL	/* page i of a buffer holds V0 + i */

struct fx {
	struct mmsim *w;
	struct mm_struct *mm;
	unsigned long buf;
	unsigned long pages;
};

static void fx_setup(struct fx *f, unsigned int series, unsigned long pages,
		     unsigned long prot)
{
	long a;

	f->w = mmsim_test_world(series);
	f->mm = mm_alloc(f->w);
	assert_non_null(f->mm);
	f->pages = pages;
	a = do_mmap(f->mm, NULL, 0, pages * PAGE_SIZE, RW, ANON, 0, 0);
	assert_true(a > 0);
	f->buf = (unsigned long)a;
	for (unsigned long i = 0; i < pages; i++) {
		u64 v = V0 + i;

		assert_int_equal(mmsim_cpu_access(f->mm, f->buf + i * PAGE_SIZE, true, &v), 0);
	}
	if (prot != RW)
		assert_int_equal(do_mprotect_pkey(f->mm, f->buf, pages * PAGE_SIZE, prot), 0);
	mmsim_test_check(f->w);
}

static void fx_teardown(struct fx *f)
{
	mmsim_destroy(f->w);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);

	assert_non_null(pmd);
	return *pte_offset_map(mm->w, pmd, addr);
}

static bool pte_devexcl(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = pte_at(mm, addr);

	return !pte_none(pte) && !pte_present(pte) &&
	       is_device_exclusive_entry(mm->w, pte_to_swp_entry(pte));
}

static unsigned long devexcl_pfn(struct mm_struct *mm, unsigned long addr)
{
	return swp_offset_pfn(mm->w, pte_to_swp_entry(pte_at(mm, addr)));
}

static long ioctl_range(struct dmirror *d, unsigned int command, unsigned long addr,
			unsigned long npages, void *buf, struct hmm_dmirror_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->addr = addr;
	cmd->npages = npages;
	cmd->ptr = buf;
	return dmirror_fops_unlocked_ioctl(d, command, cmd);
}

/* the tag of the device entry at addr, or -1 for none */
static long tag_at(const struct dmirror *d, unsigned long addr)
{
	const struct dmirror_pte *e = mmsim_dmirror_lookup(d, addr);

	return e ? (long)e->tag : -1;
}

static struct dmirror *open_dev(struct mm_struct *mm)
{
	struct dmirror *d = dmirror_fops_open(mm);

	assert_false(IS_ERR_OR_NULL(d));
	return d;
}

/* ---- open, ids, notifier ------------------------------------------------------ */
static void test_open_two_devices(void **state)
{
	struct fx f;
	struct dmirror *a, *b;

	(void)state;
	fx_setup(&f, 17, 1, RW);
	a = open_dev(f.mm);
	b = open_dev(f.mm);
	assert_int_equal(b->id, a->id + 1);
	assert_ptr_equal(list_first_entry(&f.w->devices, struct dmirror, list), a);
	assert_ptr_equal(list_last_entry(&f.w->devices, struct dmirror, list), b);
	assert_ptr_equal(mmsim_dmirror_by_id(f.w, b->id), b);
	/* the notifier covers the whole address space */
	assert_int_equal(a->notifier.start, 0);
	assert_int_equal(a->notifier.last, (~0UL & PAGE_MASK) - 1);
	assert_true(a->notifier.in_tree);
	assert_ptr_equal(mmsim_dmirror_mm(a), f.mm);
	assert_int_equal(a->nr_pt, 0);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_release_enodev(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	dmirror_fops_release(d);
	assert_true(d->closed);
	assert_false(d->notifier.in_tree);
	assert_int_equal(d->nr_pt, 0);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 2, NULL, &cmd),
			 -ENODEV);
	/* the PTEs stay device-exclusive: closing revokes nothing on the CPU side */
	assert_true(pte_devexcl(f.mm, f.buf));
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_bad_arguments(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 1, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_READ, f.buf + 1, 1, NULL, &cmd), -EINVAL);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_READ, f.buf, 0, NULL, &cmd), -EINVAL);
	assert_int_equal(ioctl_range(d, 0x42, f.buf, 1, NULL, &cmd), -EINVAL);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_MIGRATE_TO_DEV, f.buf, 1, NULL, &cmd),
			 -ENOSYS);
	assert_true(strstr(mmsim_log_line(f.w, mmsim_log_count(f.w) - 1),
			   "not modelled yet: dmirror device-private migration") != NULL);
	fx_teardown(&f);
}

/* ---- EXCLUSIVE at each level ---------------------------------------------------- */
static void exclusive_small(unsigned int series, int want_mapcount)
{
	u64 data[4] = { 0 };
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	fx_setup(&f, series, 4, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 4, data, &cmd), 0);
	assert_int_equal(cmd.cpages, 4);
	assert_int_equal(cmd.done, 4);
	assert_int_equal(d->nr_pt, 4);
	for (unsigned long i = 0; i < 4; i++) {
		unsigned long addr = f.buf + i * PAGE_SIZE;
		struct folio *folio;

		assert_int_equal(data[i], V0 + i);
		assert_true(pte_devexcl(f.mm, addr));
		assert_int_equal(tag_at(d, addr), DPT_XA_TAG_ATOMIC);
		assert_int_equal(mmsim_dmirror_lookup(d, addr)->pfn, devexcl_pfn(f.mm, addr));
		folio = pfn_folio(f.w, devexcl_pfn(f.mm, addr));
		/* the entry's reference; the mapcount only from patch 16 */
		assert_int_equal(folio_ref_count(folio), 1);
		assert_int_equal(folio_mapcount(folio), want_mapcount);
		assert_false(folio_test_locked(folio));
	}
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 4, NULL, &cmd),
			 -EPERM);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_exclusive_l2(void **state) { (void)state; exclusive_small(2, 0); }
static void test_exclusive_l3(void **state) { (void)state; exclusive_small(3, 0); }
static void test_exclusive_l16(void **state) { (void)state; exclusive_small(16, 1); }
static void test_exclusive_l17(void **state) { (void)state; exclusive_small(17, 1); }

/* level 2: 100 pages in batches of 64 and 36, all converted and mapped */
static void test_exclusive_l2_batches(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 2, 100, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 100, NULL, &cmd), 0);
	assert_int_equal(cmd.done, 100);
	assert_int_equal(cmd.cpages, 100);
	assert_int_equal(d->nr_pt, 100);
	assert_true(pte_devexcl(f.mm, f.buf + 99 * PAGE_SIZE));
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* a read-only VMA: GUP(FOLL_WRITE) fails; -EBUSY before patch 3, the GUP error from it */
static void exclusive_readonly(unsigned int series, long want)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	fx_setup(&f, series, 2, PROT_READ);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), want);
	assert_int_equal(cmd.done, 0);
	assert_int_equal(d->nr_pt, 0);
	assert_true(pte_present(pte_at(f.mm, f.buf)));
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_exclusive_readonly_l2(void **state) { (void)state; exclusive_readonly(2, -EBUSY); }
static void test_exclusive_readonly_l3(void **state) { (void)state; exclusive_readonly(3, -EFAULT); }
static void test_exclusive_readonly_l17(void **state) { (void)state; exclusive_readonly(17, -EFAULT); }

/*
 * Another task holds page 2's folio lock. Level 2: the rmap conversion
 * trylocks per page and page 2 comes back NULL; GUP returned all four, so
 * dmirror_atomic_map() maps the three others (pages 0, 1, 3) and the ioctl
 * is -EBUSY (3 mapped < 4). Level 16: the per-page trylock fails at page 2,
 * pages 0 and 1 are mapped, -EBUSY, page 3 is untouched.
 */
static void exclusive_locked(unsigned int series, unsigned long want_done)
{
	struct hmm_dmirror_cmd cmd;
	struct folio *folio;
	struct fx f;
	struct dmirror *d;

	fx_setup(&f, series, 4, RW);
	d = open_dev(f.mm);
	folio = pfn_folio(f.w, pte_pfn(pte_at(f.mm, f.buf + 2 * PAGE_SIZE)));
	folio_set_locked(folio);
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 4, NULL, &cmd), -EBUSY);
	assert_int_equal(cmd.done, want_done);
	assert_int_equal(d->nr_pt, want_done);
	assert_true(pte_devexcl(f.mm, f.buf));
	assert_true(pte_present(pte_at(f.mm, f.buf + 2 * PAGE_SIZE)));
	assert_true(series < PATCH_MAKE_DEVICE_EXCLUSIVE_API ?
			    pte_devexcl(f.mm, f.buf + 3 * PAGE_SIZE) :
			    pte_present(pte_at(f.mm, f.buf + 3 * PAGE_SIZE)));
	clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	folio_clear_locked(folio);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_exclusive_locked_l2(void **state) { (void)state; exclusive_locked(2, 3); }
static void test_exclusive_locked_l16(void **state) { (void)state; exclusive_locked(16, 2); }

/* repeating the request converts again through a CPU fault; same result */
static void test_exclusive_repeat_l17(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;
	unsigned long pfn;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	pfn = devexcl_pfn(f.mm, f.buf);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	assert_int_equal(cmd.done, 2);
	assert_int_equal(devexcl_pfn(f.mm, f.buf), pfn);
	assert_int_equal(tag_at(d, f.buf), DPT_XA_TAG_ATOMIC);
	assert_int_equal(tag_at(d, f.buf + PAGE_SIZE), DPT_XA_TAG_ATOMIC);
	assert_int_equal(folio_ref_count(pfn_folio(f.w, pfn)), 1);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* ---- the notifier ---------------------------------------------------------------- */
/*
 * A CPU read of page 0 restores it (MMU_NOTIFY_EXCLUSIVE over page 0), and
 * dmirror_do_update()'s inclusive xa_for_each_range also erases page 1's
 * entry; page 1's PTE stays device-exclusive, page 2 keeps its ATOMIC entry.
 */
static void test_cpu_read_erases_inclusive(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;
	u64 v = 0;

	(void)state;
	fx_setup(&f, 17, 3, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 3, NULL, &cmd), 0);
	assert_int_equal(mmsim_cpu_access(f.mm, f.buf, false, &v), 0);
	assert_int_equal(v, V0);
	assert_int_equal(tag_at(d, f.buf), -1);
	assert_int_equal(tag_at(d, f.buf + PAGE_SIZE), -1);
	assert_int_equal(tag_at(d, f.buf + 2 * PAGE_SIZE), DPT_XA_TAG_ATOMIC);
	assert_true(pte_present(pte_at(f.mm, f.buf)));
	assert_true(pte_devexcl(f.mm, f.buf + PAGE_SIZE));
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 3, NULL, &cmd),
			 -EPERM);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* only this device's own MMU_NOTIFY_MIGRATE is ignored */
static void test_invalidate_own_migrate_ignored(void **state)
{
	struct mmu_notifier_range range;
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	mmu_notifier_range_init_owner(&range, MMU_NOTIFY_MIGRATE, 0, f.mm, f.buf,
				      f.buf + PAGE_SIZE, d);
	mmu_notifier_invalidate_range_start(&range);
	mmu_notifier_invalidate_range_end(&range);
	assert_int_equal(d->nr_pt, 2);
	mmu_notifier_range_init_owner(&range, MMU_NOTIFY_EXCLUSIVE, 0, f.mm, f.buf,
				      f.buf + PAGE_SIZE, d);
	mmu_notifier_invalidate_range_start(&range);
	mmu_notifier_invalidate_range_end(&range);
	/* the kernel's dmirror does not filter EXCLUSIVE, even its own */
	assert_int_equal(d->nr_pt, 0);
	fx_teardown(&f);
}

/* ---- READ / WRITE / SNAPSHOT --------------------------------------------------------- */
/* the owner's read is served by the ATOMIC entries: no fault, no revoke */
static void test_owner_read_no_revoke(void **state)
{
	u64 data[3] = { 0 };
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 3, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 3, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_READ, f.buf, 3, data, &cmd), 0);
	assert_int_equal(cmd.cpages, 3);
	assert_int_equal(cmd.faults, 0);
	assert_int_equal(data[2], V0 + 2);
	assert_true(pte_devexcl(f.mm, f.buf + 2 * PAGE_SIZE));
	assert_int_equal(tag_at(d, f.buf + 2 * PAGE_SIZE), DPT_XA_TAG_ATOMIC);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* the owner's write misses on ATOMIC, faults the PTE back and maps WRITE */
static void owner_write_revokes(unsigned int series)
{
	u64 data[2] = { 0x77, 0x78 };
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;
	pte_t pte;

	fx_setup(&f, series, 2, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_WRITE, f.buf, 2, data, &cmd), 0);
	assert_int_equal(cmd.cpages, 2);
	assert_int_equal(cmd.faults, 1);
	pte = pte_at(f.mm, f.buf + PAGE_SIZE);
	assert_true(pte_present(pte));
	assert_true(pte_write(pte));
	assert_int_equal(tag_at(d, f.buf), DPT_XA_TAG_WRITE);
	assert_int_equal(tag_at(d, f.buf + PAGE_SIZE), DPT_XA_TAG_WRITE);
	assert_int_equal(pfn_to_page(f.w, pte_pfn(pte))->content, 0x78);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_owner_write_revokes_l2(void **state) { (void)state; owner_write_revokes(2); }
static void test_owner_write_revokes_l17(void **state) { (void)state; owner_write_revokes(17); }

/* a read fault maps WRITE where the CPU PTE is writable, untagged where not */
static void test_read_fault_tags(void **state)
{
	u64 data[2];
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	assert_int_equal(do_mprotect_pkey(f.mm, f.buf + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_READ, f.buf, 2, data, &cmd), 0);
	assert_int_equal(cmd.faults, 1);
	assert_int_equal(data[1], V0 + 1);
	assert_int_equal(tag_at(d, f.buf), DPT_XA_TAG_WRITE);
	assert_int_equal(tag_at(d, f.buf + PAGE_SIZE), 0);
	/* a write needs WRITE: the read-only page cannot be faulted writable */
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_WRITE, f.buf + PAGE_SIZE, 1, data, &cmd),
			 -EPERM);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* a snapshot faults nothing: the device-exclusive page reads as not valid */
static void test_snapshot_no_revoke(void **state)
{
	unsigned char perm[3];
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 3, RW);
	assert_int_equal(do_mprotect_pkey(f.mm, f.buf + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 1, NULL, &cmd), 0);
	memset(perm, 0xaa, sizeof(perm));
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_SNAPSHOT, f.buf, 3, perm, &cmd), 0);
	assert_int_equal(cmd.cpages, 3);
	assert_int_equal(perm[0], HMM_DMIRROR_PROT_NONE);
	assert_int_equal(perm[1], HMM_DMIRROR_PROT_WRITE);
	assert_int_equal(perm[2], HMM_DMIRROR_PROT_READ);
	assert_true(pte_devexcl(f.mm, f.buf));
	assert_int_equal(tag_at(d, f.buf), DPT_XA_TAG_ATOMIC);
	/* the temporary snapshot notifier is gone again */
	assert_ptr_equal(f.mm->notifier_subscriptions->itree.next, &d->notifier.list);
	assert_ptr_equal(d->notifier.list.next, &f.mm->notifier_subscriptions->itree);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* ---- two devices ------------------------------------------------------------------- */
static void test_two_devices_take_turns(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *a, *b;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	a = open_dev(f.mm);
	b = open_dev(f.mm);
	assert_int_equal(ioctl_range(a, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(b, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(a, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(b, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 2, NULL, &cmd),
			 -EPERM);
	assert_int_equal(a->nr_pt, 0);
	assert_true(pte_devexcl(f.mm, f.buf + PAGE_SIZE));
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* another device's read faults the page back: the owner loses ATOMIC */
static void test_other_device_read_revokes(void **state)
{
	u64 data[1];
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *a, *b;

	(void)state;
	fx_setup(&f, 16, 1, RW);
	a = open_dev(f.mm);
	b = open_dev(f.mm);
	assert_int_equal(ioctl_range(a, HMM_DMIRROR_EXCLUSIVE, f.buf, 1, NULL, &cmd), 0);
	assert_int_equal(ioctl_range(b, HMM_DMIRROR_READ, f.buf, 1, data, &cmd), 0);
	assert_int_equal(data[0], V0);
	assert_int_equal(tag_at(a, f.buf), -1);
	assert_int_equal(tag_at(b, f.buf), DPT_XA_TAG_WRITE);
	assert_true(pte_present(pte_at(f.mm, f.buf)));
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

/* ---- the mm going away, fork, munmap ---------------------------------------------- */
static void test_exit_einval(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	mmput(f.mm);
	assert_null(mmsim_dmirror_mm(d));
	/* MMU_NOTIFY_RELEASE erased everything */
	assert_int_equal(d->nr_pt, 0);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), -EINVAL);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_READ, f.buf, 2, NULL, &cmd), -EINVAL);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_SNAPSHOT, f.buf, 2, NULL, &cmd), -EINVAL);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_CHECK_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	dmirror_fops_release(d);
	assert_true(d->closed);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_fork_revokes(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct mm_struct *child;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 17, 2, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 2, NULL, &cmd), 0);
	child = dup_mm(f.mm);
	assert_false(IS_ERR_OR_NULL(child));
	assert_int_equal(d->nr_pt, 0);
	assert_true(pte_present(pte_at(f.mm, f.buf)));
	assert_true(pte_present(pte_at(child, f.buf)));
	/* the device stays bound to the parent */
	assert_ptr_equal(mmsim_dmirror_mm(d), f.mm);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static void test_munmap_erases(void **state)
{
	struct hmm_dmirror_cmd cmd;
	struct fx f;
	struct dmirror *d;

	(void)state;
	fx_setup(&f, 3, 4, RW);
	d = open_dev(f.mm);
	assert_int_equal(ioctl_range(d, HMM_DMIRROR_EXCLUSIVE, f.buf, 4, NULL, &cmd), 0);
	assert_int_equal(do_munmap(f.mm, f.buf, 2 * PAGE_SIZE), 0);
	assert_int_equal(tag_at(d, f.buf), -1);
	/* the inclusive erase reaches the first page after the range too */
	assert_int_equal(tag_at(d, f.buf + 2 * PAGE_SIZE), -1);
	assert_int_equal(tag_at(d, f.buf + 3 * PAGE_SIZE), DPT_XA_TAG_ATOMIC);
	mmsim_test_check(f.w);
	fx_teardown(&f);
}

static const struct CMUnitTest test_hmm_tests[] = {
	cmocka_unit_test(test_open_two_devices),
	cmocka_unit_test(test_release_enodev),
	cmocka_unit_test(test_bad_arguments),
	cmocka_unit_test(test_exclusive_l2),
	cmocka_unit_test(test_exclusive_l3),
	cmocka_unit_test(test_exclusive_l16),
	cmocka_unit_test(test_exclusive_l17),
	cmocka_unit_test(test_exclusive_l2_batches),
	cmocka_unit_test(test_exclusive_readonly_l2),
	cmocka_unit_test(test_exclusive_readonly_l3),
	cmocka_unit_test(test_exclusive_readonly_l17),
	cmocka_unit_test(test_exclusive_locked_l2),
	cmocka_unit_test(test_exclusive_locked_l16),
	cmocka_unit_test(test_exclusive_repeat_l17),
	cmocka_unit_test(test_cpu_read_erases_inclusive),
	cmocka_unit_test(test_invalidate_own_migrate_ignored),
	cmocka_unit_test(test_owner_read_no_revoke),
	cmocka_unit_test(test_owner_write_revokes_l2),
	cmocka_unit_test(test_owner_write_revokes_l17),
	cmocka_unit_test(test_read_fault_tags),
	cmocka_unit_test(test_snapshot_no_revoke),
	cmocka_unit_test(test_two_devices_take_turns),
	cmocka_unit_test(test_other_device_read_revokes),
	cmocka_unit_test(test_exit_einval),
	cmocka_unit_test(test_fork_revokes),
	cmocka_unit_test(test_munmap_erases),
};

MMSIM_TEST_MAIN(test_hmm_tests)
