// SPDX-License-Identifier: GPL-2.0-only
/*
 * Folio locking (mm/filemap.c, include/linux/pagemap.h, v6.14).
 * mmsim: one task per mm and no concurrency, so a lock is a flag. Another
 * task holding a folio lock is modelled explicitly (PG_mmsim_locked_elsewhere,
 * set by the `lock` command): a sleeper either sees the holder finish
 * (until=wait) or is woken only by a fatal signal.
 */
#include <mmsim/kernel/mm.h>

bool folio_trylock(struct folio *folio)
{
	return !folio_test_set_locked(folio);
}

/* __folio_lock_killable(): 0, or -EINTR if the holder never lets go */
int folio_lock_killable(struct folio *folio)
{
	if (!folio_test_locked(folio)) {
		folio_set_locked(folio);
		return 0;
	}
	if (test_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags) &&
	    test_bit_ul(PG_mmsim_wait_releases, &folio->flags)) {
		/* the other task finishes and wakes us; we take the lock */
		clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
		clear_bit_ul(PG_mmsim_wait_releases, &folio->flags);
		return 0;
	}
	return -EINTR;
}

void folio_lock(struct folio *folio)
{
	struct mmsim *w = folio_world(folio);

	if (!folio_lock_killable(folio))
		return;
	/* an uninterruptible sleep that nothing ends: the kernel would hang here */
	mmsim_log(w, "INFO: task mmsim blocked forever in folio_lock()");
	VM_BUG_ON_FOLIO(folio_test_locked(folio), folio);
}

void folio_unlock(struct folio *folio)
{
	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);
	folio_clear_locked(folio);
}
