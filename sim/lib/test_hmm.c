// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dmirror device (lib/test_hmm.c, v6.14 = series level 0, and the v2
 * series' patch 3 for dmirror_exclusive()): a simulated HMM mirror of one
 * mm. Its page table maps virtual pfns to pages with a tag (untagged =
 * read, DPT_XA_TAG_WRITE, DPT_XA_TAG_ATOMIC) and holds no page references;
 * an interval notifier over the whole user address space erases entries.
 *
 * mmsim simplifications, stated once here:
 * - struct dmirror_device (the char device, its devmem chunks) is not
 *   modelled: each open is its own device and is its own "mdevice" (the
 *   owner cookie of MMU_NOTIFY_MIGRATE events); device-private migration
 *   (MIGRATE_TO_DEV/SYS, RELEASE) answers -ENOSYS;
 * - the mirror mutex is not modelled (one task);
 * - the fault and snapshot retry loops run until hmm_range_fault() and the
 *   notifier sequence agree, bounded by DMIRROR_RETRY_LIMIT passes instead
 *   of the kernel's HMM_RANGE_DEFAULT_TIMEOUT (-EBUSY after either);
 * - the device page table is a plain array sorted by virtual pfn (O(n)
 *   insert), so the checker can read it; the entry keeps a pfn where the
 *   kernel's xarray keeps a page pointer;
 * - the data the ioctls copy to and from user space is one u64 per page
 *   (the page's content value).
 */
#include <mmsim/kernel/hmm.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/test_hmm.h>
#include <string.h>

/* the batch of the legacy dmirror_exclusive() and of dmirror_fault() (pfns[64]) */
#define DMIRROR_BATCH 64
/* mmsim: stands in for HMM_RANGE_DEFAULT_TIMEOUT in the retry loops */
#define DMIRROR_RETRY_LIMIT 64

/* ---- the device page table (the kernel's struct xarray pt) ------------------- */
/* the index of the first entry with vpfn >= vpfn */
static size_t dpt_lower_bound(const struct dmirror *dmirror, unsigned long vpfn)
{
	size_t lo = 0, hi = dmirror->nr_pt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dmirror->pt[mid].vpfn < vpfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* xa_load() */
static const struct dmirror_pte *dpt_load(const struct dmirror *dmirror, unsigned long vpfn)
{
	size_t i = dpt_lower_bound(dmirror, vpfn);

	if (i < dmirror->nr_pt && dmirror->pt[i].vpfn == vpfn)
		return &dmirror->pt[i];
	return NULL;
}

/* xa_store() of a tagged page pointer: replaces what was there */
static void dpt_store(struct dmirror *dmirror, unsigned long vpfn, unsigned long pfn,
		      unsigned long tag)
{
	size_t i = dpt_lower_bound(dmirror, vpfn);

	if (i < dmirror->nr_pt && dmirror->pt[i].vpfn == vpfn) {
		dmirror->pt[i].pfn = pfn;
		dmirror->pt[i].tag = tag;
		return;
	}
	if (dmirror->nr_pt == dmirror->cap_pt) {
		dmirror->cap_pt = dmirror->cap_pt ? 2 * dmirror->cap_pt : 64;
		dmirror->pt = mmsim_obj_realloc(dmirror->w, dmirror->pt,
						dmirror->cap_pt * sizeof(*dmirror->pt));
	}
	memmove(&dmirror->pt[i + 1], &dmirror->pt[i], (dmirror->nr_pt - i) * sizeof(*dmirror->pt));
	dmirror->pt[i] = (struct dmirror_pte){ .vpfn = vpfn, .pfn = pfn, .tag = tag };
	dmirror->nr_pt++;
}

/* xa_erase() of every entry with first <= vpfn <= last (xa_for_each_range is inclusive) */
static void dpt_erase_range(struct dmirror *dmirror, unsigned long first, unsigned long last)
{
	size_t i = dpt_lower_bound(dmirror, first), j = i;

	while (j < dmirror->nr_pt && dmirror->pt[j].vpfn <= last)
		j++;
	if (j == i)
		return;
	memmove(&dmirror->pt[i], &dmirror->pt[j], (dmirror->nr_pt - j) * sizeof(*dmirror->pt));
	dmirror->nr_pt -= j - i;
}

const struct dmirror_pte *mmsim_dmirror_lookup(const struct dmirror *dmirror, unsigned long addr)
{
	return dpt_load(dmirror, addr >> PAGE_SHIFT);
}

/* ---- the mirrored mm ------------------------------------------------------------ */
struct mm_struct *mmsim_dmirror_mm(const struct dmirror *dmirror)
{
	struct mm_struct *mm;

	list_for_each_entry(mm, &dmirror->w->mm_list, mm_list)
		if (mm->id == dmirror->mm_id)
			return mm;
	return NULL;
}

/*
 * mmget_not_zero() (include/linux/sched/mm.h) on dmirror->notifier.mm: the
 * mm while its process lives, with a user reference the caller drops with
 * mmput(); NULL once it exited (mm_users 0, or freed in the model).
 */
static struct mm_struct *dmirror_mmget_not_zero(struct dmirror *dmirror)
{
	struct mm_struct *mm = mmsim_dmirror_mm(dmirror);

	if (!mm || atomic_read(&mm->mm_users) <= 0)
		return NULL;
	atomic_inc(&mm->mm_users);
	return mm;
}

struct dmirror *mmsim_dmirror_by_id(struct mmsim *w, unsigned int id)
{
	struct dmirror *dmirror;

	list_for_each_entry(dmirror, &w->devices, list)
		if (dmirror->id == id)
			return dmirror;
	return NULL;
}

/* ---- the notifier ---------------------------------------------------------------- */
/* dmirror_do_update(): the table holds no references, so erasing is enough */
static void dmirror_do_update(struct dmirror *dmirror, unsigned long start, unsigned long end)
{
	/*
	 * xa_for_each_range(start >> PAGE_SHIFT, end >> PAGE_SHIFT) includes
	 * its last index: the kernel also erases the entry of the page at end.
	 */
	dpt_erase_range(dmirror, start >> PAGE_SHIFT, end >> PAGE_SHIFT);
}

/*
 * dmirror_interval_invalidate(): every event but this device's own
 * MMU_NOTIFY_MIGRATE erases the range -- including MMU_NOTIFY_EXCLUSIVE
 * from any owner (test_hmm converts with owner NULL and does not filter).
 */
static bool dmirror_interval_invalidate(struct mmu_interval_notifier *mni,
					const struct mmu_notifier_range *range,
					unsigned long cur_seq)
{
	struct dmirror *dmirror = container_of(mni, struct dmirror, notifier);

	trace_kfunc(dmirror->w, "dmirror_interval_invalidate",
		    "dev=%u event=%s start=%#lx end=%#lx", dmirror->id,
		    mmu_notifier_event_name(range->event), range->start, range->end);
	/*
	 * Ignore invalidation callbacks for device private pages since
	 * the invalidation is handled as part of the migration process.
	 */
	if (range->event == MMU_NOTIFY_MIGRATE && range->owner == dmirror)
		return true;
	mmu_interval_set_seq(mni, cur_seq);
	dmirror_do_update(dmirror, range->start, range->end);
	dmirror->nr_invalidate++;
	return true;
}

static const struct mmu_interval_notifier_ops dmirror_min_ops = {
	.invalidate = dmirror_interval_invalidate,
};

/* ---- open / release ------------------------------------------------------------- */
/* dmirror_fops_open(): mirror mm's whole user address space */
struct dmirror *dmirror_fops_open(struct mm_struct *mm)
{
	struct mmsim *w = mm->w;
	struct dmirror *dmirror;
	int ret;

	trace_kfunc(w, "dmirror_fops_open", "mm=%u", mm->id);
	if (atomic_read(&mm->mm_users) <= 0)
		return ERR_PTR(-EINVAL);
	dmirror = mmsim_obj_alloc(w, sizeof(*dmirror));
	dmirror->w = w;
	dmirror->mm_id = mm->id;
	ret = mmu_interval_notifier_insert(&dmirror->notifier, mm, 0,
					   ~0UL & PAGE_MASK, &dmirror_min_ops);
	if (ret) {
		mmsim_obj_free(w, dmirror);
		return ERR_PTR(ret);
	}
	dmirror->id = w->next_dev_id++;
	list_add_tail(&dmirror->list, &w->devices);
	return dmirror;
}

/*
 * dmirror_fops_release(): remove the notifier and drop the table. The
 * kernel frees the struct; the model keeps it (closed) so later commands
 * on the device can answer -ENODEV. After exit the mm and its
 * subscriptions are gone in the model, so there is nothing to remove.
 */
void dmirror_fops_release(struct dmirror *dmirror)
{
	trace_kfunc(dmirror->w, "dmirror_fops_release", "dev=%u", dmirror->id);
	if (dmirror->closed)
		return;
	if (mmsim_dmirror_mm(dmirror))
		mmu_interval_notifier_remove(&dmirror->notifier);
	mmsim_obj_free(dmirror->w, dmirror->pt);
	dmirror->pt = NULL;
	dmirror->nr_pt = dmirror->cap_pt = 0;
	dmirror->closed = true;
}

/* ---- faults: hmm_range_fault() into the device table ------------------------------ */
/* dmirror_do_fault(): store what hmm_range_fault() found, WRITE-tagged if writable */
static int dmirror_do_fault(struct dmirror *dmirror, struct hmm_range *range)
{
	struct mmsim *w = dmirror->w;
	unsigned long *pfns = range->hmm_pfns;
	unsigned long vpfn;

	for (vpfn = range->start >> PAGE_SHIFT; vpfn < (range->end >> PAGE_SHIFT);
	     vpfn++, pfns++) {
		unsigned long tag = 0;

		/* we asked for a populated range: no error entries on success */
		WARN_ON(w, *pfns & HMM_PFN_ERROR);
		WARN_ON(w, !(*pfns & HMM_PFN_VALID));
		if (*pfns & HMM_PFN_WRITE)
			tag = DPT_XA_TAG_WRITE;
		else if (WARN_ON(w, range->default_flags & HMM_PFN_WRITE))
			return -EFAULT;
		dpt_store(dmirror, vpfn, hmm_pfn_to_pfn(*pfns), tag);
	}
	return 0;
}

/*
 * dmirror_range_fault(): hmm_range_fault() under the mmap_lock until no
 * invalidation raced with it, then fill the device table.
 */
static int dmirror_range_fault(struct dmirror *dmirror, struct mm_struct *mm,
			       struct hmm_range *range)
{
	int ret;

	for (int pass = 0;; pass++) {
		if (pass == DMIRROR_RETRY_LIMIT)
			return -EBUSY;
		range->notifier_seq = mmu_interval_read_begin(range->notifier);
		mmap_read_lock(mm);
		ret = hmm_range_fault(range);
		trace_kret(mm->w, "hmm_range_fault", "%d", ret);
		mmap_read_unlock(mm);
		if (ret) {
			if (ret == -EBUSY)
				continue;
			return ret;
		}
		if (mmu_interval_read_retry(range->notifier, range->notifier_seq))
			continue;
		break;
	}
	return dmirror_do_fault(dmirror, range);
}

/* dmirror_fault(): fault [start, end) into the device, 64 pages at a time */
static int dmirror_fault(struct dmirror *dmirror, struct mm_struct *mm, unsigned long start,
			 unsigned long end, bool write)
{
	unsigned long pfns[DMIRROR_BATCH];
	struct hmm_range range = {
		.notifier = &dmirror->notifier,
		.hmm_pfns = pfns,
		.pfn_flags_mask = 0,
		.default_flags = HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0),
		.dev_private_owner = dmirror,
	};
	unsigned long addr;
	int ret = 0;

	trace_kfunc(dmirror->w, "dmirror_fault", "dev=%u start=%#lx end=%#lx write=%d",
		    dmirror->id, start, end, write);
	for (addr = start; addr < end; addr = range.end) {
		range.start = addr;
		range.end = min_t(unsigned long, addr + (DMIRROR_BATCH << PAGE_SHIFT), end);
		ret = dmirror_range_fault(dmirror, mm, &range);
		if (ret)
			break;
	}
	if (!ret)
		dmirror->nr_faults++;
	return ret;
}

/* ---- READ / WRITE ------------------------------------------------------------------ */
/* dmirror_do_read(): any entry serves a read; a hole is -ENOENT (fault and retry) */
static int dmirror_do_read(struct dmirror *dmirror, unsigned long start, unsigned long end,
			   struct hmm_dmirror_cmd *cmd)
{
	u64 *buf = cmd->ptr;

	for (unsigned long vpfn = start >> PAGE_SHIFT; vpfn < (end >> PAGE_SHIFT); vpfn++) {
		const struct dmirror_pte *e = dpt_load(dmirror, vpfn);

		if (!e)
			return -ENOENT;
		if (buf)
			buf[vpfn - (cmd->addr >> PAGE_SHIFT)] =
				pfn_to_page(dmirror->w, e->pfn)->content;
		cmd->cpages++;
	}
	return 0;
}

/* dmirror_do_write(): only a WRITE-tagged entry serves (ATOMIC and read ones miss) */
static int dmirror_do_write(struct dmirror *dmirror, unsigned long start, unsigned long end,
			    struct hmm_dmirror_cmd *cmd)
{
	const u64 *buf = cmd->ptr;

	for (unsigned long vpfn = start >> PAGE_SHIFT; vpfn < (end >> PAGE_SHIFT); vpfn++) {
		const struct dmirror_pte *e = dpt_load(dmirror, vpfn);

		if (!e || e->tag != DPT_XA_TAG_WRITE)
			return -ENOENT;
		if (buf)
			pfn_to_page(dmirror->w, e->pfn)->content =
				buf[vpfn - (cmd->addr >> PAGE_SHIFT)];
		cmd->cpages++;
	}
	return 0;
}

/* dmirror_read() / dmirror_write(): serve from the table, faulting what misses */
static int dmirror_rw(struct dmirror *dmirror, struct hmm_dmirror_cmd *cmd, bool write)
{
	unsigned long start = cmd->addr, end = start + (cmd->npages << PAGE_SHIFT);
	struct mm_struct *mm;
	int ret;

	if (end < start)
		return -EINVAL;
	/*
	 * mmsim: the kernel's dmirror_fault() returns 0 when the mm is gone,
	 * and the read loop would spin forever; DESIGN.md section 8 answers
	 * -EINVAL as the other ioctls' mmget_not_zero() checks do.
	 */
	mm = dmirror_mmget_not_zero(dmirror);
	if (!mm)
		return -EINVAL;
	for (;;) {
		ret = write ? dmirror_do_write(dmirror, start, end, cmd) :
			      dmirror_do_read(dmirror, start, end, cmd);
		if (ret != -ENOENT)
			break;
		start = cmd->addr + (cmd->cpages << PAGE_SHIFT);
		ret = dmirror_fault(dmirror, mm, start, end, write);
		if (ret)
			break;
		cmd->faults++;
	}
	mmput(mm);
	return ret;
}

/* ---- SNAPSHOT ------------------------------------------------------------------------ */
/* dmirror_mkentry(): what the device would map, as HMM_DMIRROR_PROT_* */
static unsigned char dmirror_mkentry(struct dmirror *dmirror, unsigned long entry)
{
	unsigned char perm;

	if (entry & HMM_PFN_ERROR)
		return HMM_DMIRROR_PROT_ERROR;
	if (!(entry & HMM_PFN_VALID))
		return HMM_DMIRROR_PROT_NONE;
	/* no device-private or coherent pages: dmirror migration is not modelled */
	perm = is_zero_pfn(dmirror->w, hmm_pfn_to_pfn(entry)) ? HMM_DMIRROR_PROT_ZERO :
								 HMM_DMIRROR_PROT_NONE;
	perm |= (entry & HMM_PFN_WRITE) ? HMM_DMIRROR_PROT_WRITE : HMM_DMIRROR_PROT_READ;
	if (((entry >> HMM_PFN_ORDER_SHIFT) & 0x1f) + PAGE_SHIFT == PMD_SHIFT)
		perm |= HMM_DMIRROR_PROT_PMD;
	return perm;
}

/* dmirror_snapshot_invalidate(): any invalidation spoils the whole snapshot */
static bool dmirror_snapshot_invalidate(struct mmu_interval_notifier *mni,
					const struct mmu_notifier_range *range,
					unsigned long cur_seq)
{
	mmu_interval_set_seq(mni, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops dmirror_mrn_ops = {
	.invalidate = dmirror_snapshot_invalidate,
};

/*
 * dmirror_range_snapshot(): hmm_range_fault() without fault flags under a
 * temporary notifier of its own; it faults nothing, so it revokes nothing.
 */
static int dmirror_range_snapshot(struct dmirror *dmirror, struct mm_struct *mm,
				  struct hmm_range *range, unsigned char *perm)
{
	/* world memory, not a C local: a BUG may unwind while it is linked */
	struct mmu_interval_notifier *notifier = mmsim_obj_alloc(dmirror->w, sizeof(*notifier));
	int ret;

	range->notifier = notifier;
	ret = mmu_interval_notifier_insert(notifier, mm, range->start,
					   range->end - range->start, &dmirror_mrn_ops);
	if (ret) {
		mmsim_obj_free(dmirror->w, notifier);
		return ret;
	}
	for (int pass = 0;; pass++) {
		if (pass == DMIRROR_RETRY_LIMIT) {
			ret = -EBUSY;
			goto out;
		}
		range->notifier_seq = mmu_interval_read_begin(range->notifier);
		mmap_read_lock(mm);
		ret = hmm_range_fault(range);
		trace_kret(mm->w, "hmm_range_fault", "%d", ret);
		mmap_read_unlock(mm);
		if (ret) {
			if (ret == -EBUSY)
				continue;
			goto out;
		}
		if (mmu_interval_read_retry(range->notifier, range->notifier_seq))
			continue;
		break;
	}
	for (unsigned long i = 0; i < (range->end - range->start) >> PAGE_SHIFT; i++)
		perm[i] = dmirror_mkentry(dmirror, range->hmm_pfns[i]);
out:
	mmu_interval_notifier_remove(notifier);
	mmsim_obj_free(dmirror->w, notifier);
	return ret;
}

/* dmirror_snapshot(): the CPU page table as the device would see it, 64 pages at a time */
static int dmirror_snapshot(struct dmirror *dmirror, struct hmm_dmirror_cmd *cmd)
{
	unsigned long start = cmd->addr, end = start + (cmd->npages << PAGE_SHIFT);
	unsigned long pfns[DMIRROR_BATCH], addr, next;
	unsigned char perm[DMIRROR_BATCH];
	unsigned char *uptr = cmd->ptr;
	struct hmm_range range = {
		.hmm_pfns = pfns,
		.dev_private_owner = dmirror,
	};
	struct mm_struct *mm;
	int ret = 0;

	if (end < start)
		return -EINVAL;
	mm = dmirror_mmget_not_zero(dmirror);
	if (!mm)
		return -EINVAL;
	for (addr = start; addr < end; addr = next) {
		unsigned long n;

		next = min_t(unsigned long, addr + (DMIRROR_BATCH << PAGE_SHIFT), end);
		range.start = addr;
		range.end = next;
		ret = dmirror_range_snapshot(dmirror, mm, &range, perm);
		if (ret)
			break;
		n = (range.end - range.start) >> PAGE_SHIFT;
		if (uptr) {
			memcpy(uptr, perm, n);
			uptr += n;
		}
		cmd->cpages += n;
	}
	mmput(mm);
	return ret;
}

/* ---- EXCLUSIVE / CHECK_EXCLUSIVE -------------------------------------------------- */
/* dmirror_check_atomic(): -EPERM while the device holds an ATOMIC entry in the range */
static int dmirror_check_atomic(struct dmirror *dmirror, unsigned long start, unsigned long end)
{
	for (unsigned long vpfn = start >> PAGE_SHIFT; vpfn < (end >> PAGE_SHIFT); vpfn++) {
		const struct dmirror_pte *e = dpt_load(dmirror, vpfn);

		if (e && e->tag == DPT_XA_TAG_ATOMIC)
			return -EPERM;
	}
	return 0;
}

/* dmirror_atomic_map(): store ATOMIC entries for the non-NULL pages; returns how many */
static int dmirror_atomic_map(struct dmirror *dmirror, unsigned long start, unsigned long end,
			      struct page **pages)
{
	unsigned long vpfn, mapped = 0;
	int i;

	for (i = 0, vpfn = start >> PAGE_SHIFT; vpfn < (end >> PAGE_SHIFT); vpfn++, i++) {
		if (!pages[i])
			continue;
		dpt_store(dmirror, vpfn, page_to_pfn(pages[i]), DPT_XA_TAG_ATOMIC);
		mapped++;
	}
	return (int)mapped;
}

/*
 * The legacy conversion loop (before patch 3): make_device_exclusive_range()
 * per batch of 64; the device maps the batch only if every address came
 * back with a page, and anything short of the whole batch is -EBUSY -- a
 * GUP error too, so user space sees -EBUSY for every failure.
 */
static int dmirror_exclusive_range_legacy(struct dmirror *dmirror, struct mm_struct *mm,
					  unsigned long start, unsigned long end,
					  unsigned long *done)
{
	struct page *pages[DMIRROR_BATCH];
	unsigned long addr, next;

	for (addr = start; addr < end; addr = next) {
		unsigned long mapped = 0;
		int ret;

		next = min_t(unsigned long, end, addr + (DMIRROR_BATCH << PAGE_SHIFT));
		memset(pages, 0, sizeof(pages));
		ret = make_device_exclusive_range(mm, addr, next, pages, NULL);
		trace_kret(mm->w, "make_device_exclusive_range", "%d", ret);
		/* map only if all pages are there, never read uninitialised slots */
		if (ret == (int)((next - addr) >> PAGE_SHIFT))
			mapped = (unsigned long)dmirror_atomic_map(dmirror, addr, next, pages);
		for (int i = 0; i < ret; i++) {
			if (pages[i]) {
				folio_unlock(page_folio(pages[i]));
				put_page(pages[i]);
			}
		}
		*done += mapped;
		if (addr + (mapped << PAGE_SHIFT) < next)
			return -EBUSY;
	}
	return 0;
}

/*
 * The conversion loop from patch 3: make_device_exclusive() page by page;
 * its error stops the loop and reaches user space. The ATOMIC entry is
 * stored while the folio is still locked, so no CPU fault can restore the
 * PTE (and erase the entry) in between.
 */
static int dmirror_exclusive_pages(struct dmirror *dmirror, struct mm_struct *mm,
				   unsigned long start, unsigned long end, unsigned long *done)
{
	int ret = 0;

	for (unsigned long addr = start; !ret && addr < end; addr += PAGE_SIZE) {
		struct folio *folio;
		struct page *page;

		page = make_device_exclusive(mm, addr, NULL, &folio);
		trace_kret(mm->w, "make_device_exclusive", "%ld",
			   IS_ERR(page) ? PTR_ERR(page) : 0L);
		if (IS_ERR(page)) {
			ret = (int)PTR_ERR(page);
			break;
		}
		ret = dmirror_atomic_map(dmirror, addr, addr + PAGE_SIZE, &page);
		ret = ret == 1 ? 0 : -EBUSY;
		folio_unlock(folio);
		folio_put(folio);
		if (!ret)
			(*done)++;
	}
	return ret;
}

/*
 * dmirror_exclusive(): make [addr, addr + npages) device-exclusive and map it
 * ATOMIC, then read it back through the device table (cmd->cpages).
 * mmsim: cmd->done counts the pages converted and mapped, also on failure.
 */
static int dmirror_exclusive(struct dmirror *dmirror, struct hmm_dmirror_cmd *cmd)
{
	unsigned long start = cmd->addr, end = start + (cmd->npages << PAGE_SHIFT);
	unsigned long done = 0;
	struct mm_struct *mm;
	int ret;

	if (end < start)
		return -EINVAL;
	mm = dmirror_mmget_not_zero(dmirror);
	if (!mm)
		return -EINVAL;
	trace_kfunc(dmirror->w, "dmirror_exclusive", "dev=%u start=%#lx end=%#lx",
		    dmirror->id, start, end);
	mmap_read_lock(mm);
	if (!series_has(dmirror->w, PATCH_MAKE_DEVICE_EXCLUSIVE_API))
		ret = dmirror_exclusive_range_legacy(dmirror, mm, start, end, &done);
	else
		ret = dmirror_exclusive_pages(dmirror, mm, start, end, &done);
	mmap_read_unlock(mm);
	mmput(mm);
	cmd->done = done;
	if (ret)
		return ret;
	/* return the data for verification */
	return dmirror_do_read(dmirror, start, end, cmd);
}

/* ---- the ioctl ------------------------------------------------------------------------ */
/* dmirror_fops_unlocked_ioctl(): mmsim: the command struct is passed in, not copied */
long dmirror_fops_unlocked_ioctl(struct dmirror *dmirror, unsigned int command,
				 struct hmm_dmirror_cmd *cmd)
{
	struct mmsim *w = dmirror->w;

	trace_kfunc(w, "dmirror_fops_unlocked_ioctl", "dev=%u cmd=%#x addr=%#llx npages=%llu",
		    dmirror->id, command, (unsigned long long)cmd->addr,
		    (unsigned long long)cmd->npages);
	if (dmirror->closed)
		return -ENODEV;
	if (cmd->addr & ~PAGE_MASK)
		return -EINVAL;
	/* mmsim: a range beyond the user address space is refused up front */
	if (cmd->npages > (TASK_SIZE >> PAGE_SHIFT) ||
	    cmd->addr >= cmd->addr + (cmd->npages << PAGE_SHIFT))
		return -EINVAL;
	cmd->cpages = 0;
	cmd->faults = 0;
	cmd->done = 0;

	switch (command) {
	case HMM_DMIRROR_READ:
		return dmirror_rw(dmirror, cmd, false);
	case HMM_DMIRROR_WRITE:
		return dmirror_rw(dmirror, cmd, true);
	case HMM_DMIRROR_EXCLUSIVE:
		return dmirror_exclusive(dmirror, cmd);
	case HMM_DMIRROR_CHECK_EXCLUSIVE:
		return dmirror_check_atomic(dmirror, cmd->addr,
					    cmd->addr + (cmd->npages << PAGE_SHIFT));
	case HMM_DMIRROR_SNAPSHOT:
		return dmirror_snapshot(dmirror, cmd);
	case HMM_DMIRROR_MIGRATE_TO_DEV:
	case HMM_DMIRROR_MIGRATE_TO_SYS:
	case HMM_DMIRROR_RELEASE:
		mmsim_log(w, "not modelled yet: dmirror device-private migration");
		return -ENOSYS;
	default:
		return -EINVAL;
	}
}
