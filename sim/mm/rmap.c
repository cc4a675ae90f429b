// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reverse mapping (mm/rmap.c and the inline half of include/linux/rmap.h,
 * v6.14): anon_vma management, the rmap counter family and rmap_walk.
 *
 * The counters follow v6.14 (CONFIG_PAGE_MAPCOUNT, no per-mm tracking):
 * per-page _mapcount, _large_mapcount, _entire_mapcount and _nr_pages_mapped
 * with the ENTIRELY_MAPPED bias, PageAnonExclusive per page (head only for
 * PMD mappings). The add/remove functions never touch _refcount.
 *
 * The kernel's sanity checks are kept with their conditions and nothing
 * else guards the updates: a caller that passes a page outside the folio
 * (a legacy walker reading pte_pfn() of a device-exclusive entry) gets the
 * VM_WARN_ON_FOLIO and the per-page effects land on that page, as in the
 * kernel. v6.14 checks no mapcount underflow here; an underflow shows up as
 * "Bad page state" at free time and in the checker.
 *
 * mmsim simplifications, each also stated where it applies:
 * - VM_LOCKED is not modelled, so mlock_vma_folio()/munlock_vma_folio()
 *   have nothing to do; no memcg, no mTHP statistics (mod_mthp_stat);
 * - anon_vma and anon_vma_chain come from mmsim_obj_alloc(), which never
 *   fails (slab objects are not simulated memory), so the -ENOMEM unwinds
 *   of anon_vma_clone()/anon_vma_fork() are unreachable;
 * - the anon_vma interval tree is a list sorted by (vm_pgoff, vma id)
 *   (sim/mm/interval_tree.c), the defined rmap visit order.
 */
#include <mmsim/kernel/huge_mm.h>
#include <mmsim/kernel/mmu_notifier.h>
#include <mmsim/kernel/pagewalk.h>
#include <mmsim/kernel/rmap.h>
#include <mmsim/kernel/swapops.h>

/* ---- lock state ---------------------------------------------------------------- */
/*
 * rw_semaphore as state: 0 free, >0 readers, -1 a writer. mmsim: no other
 * task holds these locks, so blocking on a conflicting holder would wait
 * for ourselves: a self-deadlock, reported as a BUG like spin_lock()'s.
 */
static void down_read_sem(struct mmsim *w, int *sem)
{
	bool held_for_write = *sem < 0;

	BUG_ON(w, held_for_write);
	(*sem)++;
}

static int down_read_trylock_sem(int *sem)
{
	if (*sem < 0)
		return 0;
	(*sem)++;
	return 1;
}

static void up_read_sem(struct mmsim *w, int *sem)
{
	bool not_read_held = *sem <= 0;

	BUG_ON(w, not_read_held);
	(*sem)--;
}

static void down_write_sem(struct mmsim *w, int *sem)
{
	bool held = *sem != 0;

	BUG_ON(w, held);
	*sem = -1;
}

static int down_write_trylock_sem(int *sem)
{
	if (*sem != 0)
		return 0;
	*sem = -1;
	return 1;
}

static void up_write_sem(struct mmsim *w, int *sem)
{
	bool not_write_held = *sem != -1;

	BUG_ON(w, not_write_held);
	*sem = 0;
}

/* anon_vma_lock_write() (include/linux/rmap.h): the lock lives in the root */
void anon_vma_lock_write(struct anon_vma *anon_vma)
{
	down_write_sem(anon_vma->w, &anon_vma->root->lock);
}

/* anon_vma_trylock_write() */
int anon_vma_trylock_write(struct anon_vma *anon_vma)
{
	return down_write_trylock_sem(&anon_vma->root->lock);
}

/* anon_vma_unlock_write() */
void anon_vma_unlock_write(struct anon_vma *anon_vma)
{
	up_write_sem(anon_vma->w, &anon_vma->root->lock);
}

/* anon_vma_lock_read(): walkers share the root lock */
void anon_vma_lock_read(struct anon_vma *anon_vma)
{
	down_read_sem(anon_vma->w, &anon_vma->root->lock);
}

/* anon_vma_trylock_read() */
int anon_vma_trylock_read(struct anon_vma *anon_vma)
{
	return down_read_trylock_sem(&anon_vma->root->lock);
}

/* anon_vma_unlock_read() */
void anon_vma_unlock_read(struct anon_vma *anon_vma)
{
	up_read_sem(anon_vma->w, &anon_vma->root->lock);
}

/* i_mmap_lock_read() (include/linux/fs.h): mapping->i_mmap_rwsem */
void i_mmap_lock_read(struct address_space *mapping)
{
	down_read_sem(mapping->w, &mapping->i_mmap_lock);
}

/* i_mmap_trylock_read() */
int i_mmap_trylock_read(struct address_space *mapping)
{
	return down_read_trylock_sem(&mapping->i_mmap_lock);
}

/* i_mmap_unlock_read() */
void i_mmap_unlock_read(struct address_space *mapping)
{
	up_read_sem(mapping->w, &mapping->i_mmap_lock);
}

/* i_mmap_lock_write(): i_mmap changes (VMA insert, remove, split) */
void i_mmap_lock_write(struct address_space *mapping)
{
	down_write_sem(mapping->w, &mapping->i_mmap_lock);
}

/* i_mmap_unlock_write() */
void i_mmap_unlock_write(struct address_space *mapping)
{
	up_write_sem(mapping->w, &mapping->i_mmap_lock);
}

/* ---- anon_vma ------------------------------------------------------------------ */

/* anon_vma_alloc(): refcount 1, its own root and parent */
static struct anon_vma *anon_vma_alloc(struct mmsim *w)
{
	struct anon_vma *anon_vma = mmsim_obj_alloc(w, sizeof(*anon_vma));

	anon_vma->w = w;
	anon_vma->id = w->next_id++;
	atomic_set(&anon_vma->refcount, 1);
	anon_vma->num_children = 0;
	anon_vma->num_active_vmas = 0;
	anon_vma->parent = anon_vma;
	/* a fork resets root to the parent's root */
	anon_vma->root = anon_vma;
	INIT_LIST_HEAD(&anon_vma->rb_root);
	list_add_tail(&anon_vma->w_list, &w->anon_vma_list);
	return anon_vma;
}

/*
 * anon_vma_free(). The kernel write-locks and unlocks the root if it is
 * locked, to wait out a concurrent folio_lock_anon_vma_read(); mmsim has no
 * concurrent reader, so there is nothing to wait for.
 */
static void anon_vma_free(struct anon_vma *anon_vma)
{
	struct mmsim *w = anon_vma->w;

	VM_BUG_ON(w, atomic_read(&anon_vma->refcount));
	list_del(&anon_vma->w_list);
	mmsim_obj_free(w, anon_vma);
}

/* __put_anon_vma(): free it, and drop the pin it held on its root */
static void __put_anon_vma(struct anon_vma *anon_vma)
{
	struct anon_vma *root = anon_vma->root;

	anon_vma_free(anon_vma);
	if (root != anon_vma && atomic_dec_return(&root->refcount) == 0)
		anon_vma_free(root);
}

/* put_anon_vma() (include/linux/rmap.h) */
void put_anon_vma(struct anon_vma *anon_vma)
{
	atomic_dec(&anon_vma->refcount);
	if (atomic_read(&anon_vma->refcount) == 0)
		__put_anon_vma(anon_vma);
}

/* anon_vma_chain_alloc(): mmsim: world added; never fails (see top) */
static struct anon_vma_chain *anon_vma_chain_alloc(struct mmsim *w)
{
	struct anon_vma_chain *avc = mmsim_obj_alloc(w, sizeof(*avc));

	INIT_LIST_HEAD(&avc->same_vma);
	INIT_LIST_HEAD(&avc->rb);
	return avc;
}

/* anon_vma_chain_free(): mmsim: world added */
static void anon_vma_chain_free(struct mmsim *w, struct anon_vma_chain *avc)
{
	mmsim_obj_free(w, avc);
}

/* anon_vma_chain_link(): newest first on the VMA's list, sorted in the tree */
static void anon_vma_chain_link(struct vm_area_struct *vma, struct anon_vma_chain *avc,
				struct anon_vma *anon_vma)
{
	avc->vma = vma;
	avc->anon_vma = anon_vma;
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	anon_vma_interval_tree_insert(avc, &anon_vma->rb_root);
}

/*
 * anon_vma_compatible() (mm/vma.c): b could have been merged with a but for
 * its access flags (or soft-dirty). mmsim: no mempolicy, so mpol_equal holds.
 */
static bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_file == b->vm_file &&
	       !((a->vm_flags ^ b->vm_flags) & ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) &&
	       b->vm_pgoff == a->vm_pgoff + ((b->vm_start - a->vm_start) >> PAGE_SHIFT);
}

/* reusable_anon_vma() (mm/vma.c): old's anon_vma, if old never forked one */
static struct anon_vma *reusable_anon_vma(struct vm_area_struct *old, struct vm_area_struct *a,
					  struct vm_area_struct *b)
{
	if (anon_vma_compatible(a, b)) {
		struct anon_vma *anon_vma = old->anon_vma;

		if (anon_vma && !list_empty(&old->anon_vma_chain) &&
		    old->anon_vma_chain.next == old->anon_vma_chain.prev)
			return anon_vma;
	}
	return NULL;
}

/*
 * find_mergeable_anon_vma() (mm/vma.c, v6.14): reuse the anon_vma of the
 * neighbour a later mprotect could merge this VMA with, next first. It lives
 * here, beside its only caller. A VMA not (yet) linked into its mm's list
 * has no neighbours.
 */
static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma = NULL;

	if (list_empty(&vma->vm_list))
		return NULL;
	if (vma->vm_list.next != &mm->mmap) {
		struct vm_area_struct *next =
			list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);

		anon_vma = reusable_anon_vma(next, vma, next);
		if (anon_vma)
			return anon_vma;
	}
	if (vma->vm_list.prev != &mm->mmap) {
		struct vm_area_struct *prev =
			list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);

		anon_vma = reusable_anon_vma(prev, prev, vma);
	}
	return anon_vma;
}

/* __anon_vma_prepare(): give vma an anon_vma, a neighbour's or a new root */
int __anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	struct anon_vma *anon_vma, *allocated;
	struct anon_vma_chain *avc;

	trace_kfunc(w, "__anon_vma_prepare", "vma=%u start=%#lx", vma->id, vma->vm_start);
	mmap_assert_locked(mm);

	avc = anon_vma_chain_alloc(w);
	anon_vma = find_mergeable_anon_vma(vma);
	allocated = NULL;
	if (!anon_vma) {
		anon_vma = anon_vma_alloc(w);
		anon_vma->num_children++;	/* self-parent link for a new root */
		allocated = anon_vma;
	}

	anon_vma_lock_write(anon_vma);
	spin_lock(&mm->page_table_lock);
	if (likely(!vma->anon_vma)) {
		vma->anon_vma = anon_vma;
		anon_vma_chain_link(vma, avc, anon_vma);
		anon_vma->num_active_vmas++;
		allocated = NULL;
		avc = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(anon_vma);

	if (unlikely(allocated))
		put_anon_vma(allocated);
	if (unlikely(avc))
		anon_vma_chain_free(w, avc);
	return 0;
}

/* lock_anon_vma_root(): one root write lock across a walk of a VMA's chains */
static struct anon_vma *lock_anon_vma_root(struct anon_vma *root, struct anon_vma *anon_vma)
{
	struct anon_vma *new_root = anon_vma->root;

	if (new_root != root) {
		if (WARN_ON_ONCE(anon_vma->w, root))
			up_write_sem(root->w, &root->lock);
		root = new_root;
		down_write_sem(root->w, &root->lock);
	}
	return root;
}

/* unlock_anon_vma_root() */
static void unlock_anon_vma_root(struct anon_vma *root)
{
	if (root)
		up_write_sem(root->w, &root->lock);
}

/*
 * anon_vma_clone(): link dst to every anon_vma src is linked to, oldest
 * first, so dst's list ends up in src's order. Reuses an anon_vma that no
 * VMA points to and that has at most one child (never a root, which counts
 * itself as a child) when dst has none yet.
 */
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct mmsim *w = dst->vm_mm->w;
	struct anon_vma *root = NULL;
	struct list_head *pos;

	trace_kfunc(w, "anon_vma_clone", "dst=%u src=%u", dst->id, src->id);
	for (pos = src->anon_vma_chain.prev; pos != &src->anon_vma_chain; pos = pos->prev) {
		struct anon_vma_chain *pavc = list_entry(pos, struct anon_vma_chain, same_vma);
		struct anon_vma_chain *avc = anon_vma_chain_alloc(w);
		struct anon_vma *anon_vma = pavc->anon_vma;

		root = lock_anon_vma_root(root, anon_vma);
		anon_vma_chain_link(dst, avc, anon_vma);
		if (!dst->anon_vma && src->anon_vma && anon_vma->num_children < 2 &&
		    anon_vma->num_active_vmas == 0)
			dst->anon_vma = anon_vma;
	}
	if (dst->anon_vma)
		dst->anon_vma->num_active_vmas++;
	unlock_anon_vma_root(root);
	return 0;
}

/*
 * anon_vma_fork(): the child VMA joins all of the parent VMA's anon_vmas
 * (so rmap finds the pages it shares) and gets its own anon_vma for COWed
 * pages, a child of the parent's with the same root, unless clone reused one.
 */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct mmsim *w = vma->vm_mm->w;
	struct anon_vma_chain *avc;
	struct anon_vma *anon_vma;
	int error;

	trace_kfunc(w, "anon_vma_fork", "vma=%u pvma=%u", vma->id, pvma->id);
	if (!pvma->anon_vma)
		return 0;

	/* drop the copied pointer: reuse one or allocate below */
	vma->anon_vma = NULL;
	error = anon_vma_clone(vma, pvma);
	if (error)
		return error;
	if (vma->anon_vma)
		return 0;

	anon_vma = anon_vma_alloc(w);
	anon_vma->num_active_vmas++;
	avc = anon_vma_chain_alloc(w);
	anon_vma->root = pvma->anon_vma->root;
	anon_vma->parent = pvma->anon_vma;
	/* the root holds the lock, so it must outlive this anon_vma */
	get_anon_vma(anon_vma->root);
	vma->anon_vma = anon_vma;
	anon_vma_lock_write(anon_vma);
	anon_vma_chain_link(vma, avc, anon_vma);
	anon_vma->parent->num_children++;
	anon_vma_unlock_write(anon_vma);
	return 0;
}

/*
 * unlink_anon_vmas(): take the VMA out of every anon_vma tree; anon_vmas
 * left with an empty tree are put (freed at refcount 0) after the root lock
 * is dropped, newest first so the root goes last.
 */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct mmsim *w = vma->vm_mm->w;
	struct anon_vma_chain *avc, *next;
	struct anon_vma *root = NULL;

	trace_kfunc(w, "unlink_anon_vmas", "vma=%u", vma->id);
	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = avc->anon_vma;

		root = lock_anon_vma_root(root, anon_vma);
		anon_vma_interval_tree_remove(avc, &anon_vma->rb_root);
		/* empty anon_vmas stay on the list, to be freed unlocked */
		if (list_empty(&anon_vma->rb_root)) {
			anon_vma->parent->num_children--;
			continue;
		}
		list_del(&avc->same_vma);
		anon_vma_chain_free(w, avc);
	}
	if (vma->anon_vma) {
		vma->anon_vma->num_active_vmas--;
		/* a fault prepares a new one if the VMA lives on */
		vma->anon_vma = NULL;
	}
	unlock_anon_vma_root(root);

	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = avc->anon_vma;

		VM_WARN_ON(w, anon_vma->num_children);
		VM_WARN_ON(w, anon_vma->num_active_vmas);
		put_anon_vma(anon_vma);
		list_del(&avc->same_vma);
		anon_vma_chain_free(w, avc);
	}
}

/*
 * folio_get_anon_vma(): the folio's anon_vma with a reference, or NULL if
 * the folio is not anon (KSM included) or not mapped: only a mapping keeps
 * folio->mapping's anon_vma alive.
 */
struct anon_vma *folio_get_anon_vma(struct folio *folio)
{
	unsigned long anon_mapping = (unsigned long)folio->mapping;
	struct anon_vma *anon_vma;

	if ((anon_mapping & PAGE_MAPPING_FLAGS) != PAGE_MAPPING_ANON)
		return NULL;
	if (!folio_mapped(folio))
		return NULL;
	anon_vma = (struct anon_vma *)(anon_mapping - PAGE_MAPPING_ANON);
	/* atomic_inc_not_zero() */
	if (!atomic_read(&anon_vma->refcount))
		return NULL;
	atomic_inc(&anon_vma->refcount);
	return anon_vma;
}

/*
 * folio_lock_anon_vma_read(): the folio's anon_vma with its root
 * read-locked, or NULL if the folio is not anon, not mapped, or (with
 * rwc->try_lock) the lock is contended. mmsim: the kernel rechecks
 * folio->mapping against a concurrent folio_move_anon_rmap() and
 * folio_mapped() after sleeping; nothing runs concurrently here.
 */
struct anon_vma *folio_lock_anon_vma_read(struct folio *folio, struct rmap_walk_control *rwc)
{
	unsigned long anon_mapping = (unsigned long)folio->mapping;
	struct anon_vma *anon_vma, *root_anon_vma;

	if ((anon_mapping & PAGE_MAPPING_FLAGS) != PAGE_MAPPING_ANON)
		return NULL;
	if (!folio_mapped(folio))
		return NULL;

	anon_vma = (struct anon_vma *)(anon_mapping - PAGE_MAPPING_ANON);
	root_anon_vma = anon_vma->root;
	if (down_read_trylock_sem(&root_anon_vma->lock))
		return anon_vma;

	if (rwc && rwc->try_lock) {
		rwc->contended = true;
		return NULL;
	}

	/* trylock failed: pin the anon_vma and sleep on the lock */
	if (!atomic_read(&anon_vma->refcount))
		return NULL;
	atomic_inc(&anon_vma->refcount);
	anon_vma_lock_read(anon_vma);
	atomic_dec(&anon_vma->refcount);
	if (atomic_read(&anon_vma->refcount) == 0) {
		/* we held the last reference */
		anon_vma_unlock_read(anon_vma);
		__put_anon_vma(anon_vma);
		anon_vma = NULL;
	}
	return anon_vma;
}

/* ---- the counter family ----------------------------------------------------------- */

/*
 * __folio_rmap_sanity_checks() (include/linux/rmap.h): warnings only; the
 * caller goes on with whatever page it was given.
 */
static void __folio_rmap_sanity_checks(struct folio *folio, struct page *page, int nr_pages,
				       enum rmap_level level)
{
	struct mmsim *w = folio_world(folio);

	VM_WARN_ON_FOLIO(folio_test_hugetlb(folio), folio);
	VM_WARN_ON_FOLIO(is_zero_folio(folio), folio);
	VM_WARN_ON_ONCE(w, nr_pages <= 0);
	VM_WARN_ON_FOLIO(page_folio(page) != folio, folio);
	VM_WARN_ON_FOLIO(page_folio(page + nr_pages - 1) != folio, folio);

	switch (level) {
	case RMAP_LEVEL_PTE:
		break;
	case RMAP_LEVEL_PMD:
		/* a PMD mapping maps a whole PMD-sized folio */
		VM_WARN_ON_FOLIO(folio_nr_pages(folio) != HPAGE_PMD_NR, folio);
		VM_WARN_ON_FOLIO(nr_pages != HPAGE_PMD_NR, folio);
		break;
	default:
		VM_WARN_ON_ONCE(w, true);
	}
}

/*
 * __folio_mod_stat(): AnonPages/Mapped follow the pages that became
 * (un)mapped, AnonHugePages/FilePmdMapped/ShmemPmdMapped the PMD mappings.
 */
static void __folio_mod_stat(struct folio *folio, int nr, int nr_pmdmapped)
{
	enum node_stat_item idx;

	if (nr) {
		idx = folio_test_anon(folio) ? NR_ANON_MAPPED : NR_FILE_MAPPED;
		__lruvec_stat_mod_folio(folio, idx, nr);
	}
	if (nr_pmdmapped) {
		if (folio_test_anon(folio)) {
			__lruvec_stat_mod_folio(folio, NR_ANON_THPS, nr_pmdmapped);
		} else {
			idx = folio_test_swapbacked(folio) ? NR_SHMEM_PMDMAPPED : NR_FILE_PMDMAPPED;
			mod_node_page_state(folio_world(folio), idx, nr_pmdmapped);
		}
	}
}

/*
 * __folio_add_rmap(): count the new mappings; returns how many pages went
 * from unmapped to mapped (for the statistics), *nr_pmdmapped the pages
 * newly PMD-mapped. PTE level: each page's _mapcount, the pages going
 * -1 -> 0 into _nr_pages_mapped (counted in the result only while no PMD
 * maps the folio), _large_mapcount += nr. PMD level: the first entire
 * mapping adds ENTIRELY_MAPPED and counts the pages no PTE maps.
 */
static int __folio_add_rmap(struct folio *folio, struct page *page, int nr_pages,
			    enum rmap_level level, int *nr_pmdmapped)
{
	atomic_t *mapped = &folio->_nr_pages_mapped;
	const int orig_nr_pages = nr_pages;
	int first = 0, nr = 0;

	__folio_rmap_sanity_checks(folio, page, nr_pages, level);

	switch (level) {
	case RMAP_LEVEL_PTE:
		if (!folio_test_large(folio)) {
			nr = atomic_inc_and_test(&folio->_mapcount);
			break;
		}
		do {
			first += atomic_inc_and_test(&page->_mapcount);
		} while (page++, --nr_pages > 0);
		if (first && atomic_add_return(first, mapped) < ENTIRELY_MAPPED)
			nr = first;
		atomic_add(orig_nr_pages, &folio->_large_mapcount);
		break;
	case RMAP_LEVEL_PMD:
		first = atomic_inc_and_test(&folio->_entire_mapcount);
		if (first) {
			nr = atomic_add_return(ENTIRELY_MAPPED, mapped);
			if (likely(nr < ENTIRELY_MAPPED + ENTIRELY_MAPPED)) {
				nr_pages = (int)folio_nr_pages(folio);
				*nr_pmdmapped = nr_pages;
				nr = nr_pages - (nr & FOLIO_PAGES_MAPPED);
				if (unlikely(nr < 0))
					nr = 0;
			} else {
				nr = 0;
			}
		}
		atomic_inc(&folio->_large_mapcount);
		break;
	}
	return nr;
}

/*
 * __folio_set_anon(): point the folio at the VMA's anon_vma (its root
 * unless the folio is exclusive to this VMA, so every process that may
 * share it finds it) and set its linear index.
 */
static void __folio_set_anon(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, bool exclusive)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	BUG_ON(vma->vm_mm->w, !anon_vma);
	if (!exclusive)
		anon_vma = anon_vma->root;
	folio->mapping = (struct address_space *)((unsigned long)anon_vma + PAGE_MAPPING_ANON);
	folio->index = linear_page_index(vma, address);
}

/*
 * __page_check_anon_rmap() (DEBUG_VM): the folio belongs to the VMA's
 * anon_vma family and page sits at address's linear index in the VMA.
 * mmsim: where the kernel would oops on a NULL anon_vma, the model BUGs
 * with that condition rather than crash the host.
 */
static void __page_check_anon_rmap(struct folio *folio, struct page *page,
				   struct vm_area_struct *vma, unsigned long address)
{
	struct anon_vma *folio_av = folio_anon_vma(folio);

	BUG_ON(vma->vm_mm->w, !folio_av || !vma->anon_vma);
	VM_BUG_ON_FOLIO(folio_av->root != vma->anon_vma->root, folio);
	VM_BUG_ON_PAGE(page_pgoff(folio, page) != linear_page_index(vma, address), page);
}

/*
 * __folio_add_anon_rmap(): count, check the anon_vma and index, account,
 * then mark exclusive pages; a page mapped twice must not stay exclusive.
 */
static void __folio_add_anon_rmap(struct folio *folio, struct page *page, int nr_pages,
				  struct vm_area_struct *vma, unsigned long address,
				  rmap_t flags, enum rmap_level level)
{
	int i, nr, nr_pmdmapped = 0;

	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);

	nr = __folio_add_rmap(folio, page, nr_pages, level, &nr_pmdmapped);
	if (likely(!folio_test_ksm(folio)))
		__page_check_anon_rmap(folio, page, vma, address);
	__folio_mod_stat(folio, nr, nr_pmdmapped);

	if (flags & RMAP_EXCLUSIVE) {
		switch (level) {
		case RMAP_LEVEL_PTE:
			for (i = 0; i < nr_pages; i++)
				SetPageAnonExclusive(page + i);
			break;
		case RMAP_LEVEL_PMD:
			SetPageAnonExclusive(page);
			break;
		}
	}
	for (i = 0; i < nr_pages; i++) {
		struct page *cur_page = page + i;

		/* a page mapped twice, or under a second PMD, cannot be exclusive */
		VM_WARN_ON_FOLIO((atomic_read(&cur_page->_mapcount) > 0 ||
				  (folio_test_large(folio) &&
				   folio_entire_mapcount(folio) > 1)) &&
				 PageAnonExclusive(cur_page), folio);
	}
	/* mlock_vma_folio(): VM_LOCKED is not modelled */
}

/* folio_add_anon_rmap_ptes(): PTE-map nr pages of an anon folio at address */
void folio_add_anon_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			      struct vm_area_struct *vma, unsigned long address, rmap_t flags)
{
	trace_kfunc(folio_world(folio), "folio_add_anon_rmap_ptes",
		    "pfn=%#lx nr=%d addr=%#lx flags=%d", page_to_pfn(page), nr_pages,
		    address, flags);
	__folio_add_anon_rmap(folio, page, nr_pages, vma, address, flags, RMAP_LEVEL_PTE);
}

/* folio_add_anon_rmap_pmd(): PMD-map a PMD-sized anon folio at address */
void folio_add_anon_rmap_pmd(struct folio *folio, struct page *page,
			     struct vm_area_struct *vma, unsigned long address, rmap_t flags)
{
	trace_kfunc(folio_world(folio), "folio_add_anon_rmap_pmd", "pfn=%#lx addr=%#lx flags=%d",
		    page_to_pfn(page), address, flags);
	__folio_add_anon_rmap(folio, page, HPAGE_PMD_NR, vma, address, flags, RMAP_LEVEL_PMD);
}

/*
 * folio_add_new_anon_rmap(): the first mapping of a brand-new anon folio,
 * set up wholesale: a small or PMD-mappable folio gets one mapping, any
 * other large folio (mTHP) a PTE mapping of every page.
 */
void folio_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, rmap_t flags)
{
	const bool exclusive = flags & RMAP_EXCLUSIVE;
	int nr = 1, nr_pmdmapped = 0;

	trace_kfunc(folio_world(folio), "folio_add_new_anon_rmap",
		    "pfn=%#lx order=%u addr=%#lx flags=%d", folio_pfn(folio),
		    folio_order(folio), address, flags);
	VM_WARN_ON_FOLIO(folio_test_hugetlb(folio), folio);
	VM_WARN_ON_FOLIO(!exclusive && !folio_test_locked(folio), folio);
	/* v6.14 checks only the first page against the VMA (nr is still 1) */
	VM_BUG_ON_VMA(address < vma->vm_start ||
		      address + ((unsigned long)nr << PAGE_SHIFT) > vma->vm_end, vma);

	/* mmsim: VM_DROPPABLE is not modelled, every new anon folio is swapbacked */
	if (!folio_test_swapbacked(folio))
		__folio_set_swapbacked(folio);
	__folio_set_anon(folio, vma, address, exclusive);

	if (likely(!folio_test_large(folio))) {
		atomic_set(&folio->_mapcount, 0);
		if (exclusive)
			SetPageAnonExclusive(&folio->page);
	} else if (!folio_test_pmd_mappable(folio)) {
		int i;

		nr = (int)folio_nr_pages(folio);
		for (i = 0; i < nr; i++) {
			struct page *page = folio_page(folio, (unsigned long)i);

			atomic_set(&page->_mapcount, 0);
			if (exclusive)
				SetPageAnonExclusive(page);
		}
		atomic_set(&folio->_large_mapcount, nr - 1);
		atomic_set(&folio->_nr_pages_mapped, nr);
	} else {
		nr = (int)folio_nr_pages(folio);
		atomic_set(&folio->_entire_mapcount, 0);
		atomic_set(&folio->_large_mapcount, 0);
		atomic_set(&folio->_nr_pages_mapped, ENTIRELY_MAPPED);
		if (exclusive)
			SetPageAnonExclusive(&folio->page);
		nr_pmdmapped = nr;
	}
	__folio_mod_stat(folio, nr, nr_pmdmapped);
	/* mod_mthp_stat(MTHP_STAT_NR_ANON): mTHP statistics are not modelled */
}

/* __folio_add_file_rmap(): count and account, no anon state */
static void __folio_add_file_rmap(struct folio *folio, struct page *page, int nr_pages,
				  struct vm_area_struct *vma, enum rmap_level level)
{
	int nr, nr_pmdmapped = 0;

	(void)vma;	/* mlock_vma_folio(): VM_LOCKED is not modelled */
	VM_WARN_ON_FOLIO(folio_test_anon(folio), folio);
	nr = __folio_add_rmap(folio, page, nr_pages, level, &nr_pmdmapped);
	__folio_mod_stat(folio, nr, nr_pmdmapped);
}

/* folio_add_file_rmap_ptes(): PTE-map nr pages of a pagecache folio */
void folio_add_file_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			      struct vm_area_struct *vma)
{
	trace_kfunc(folio_world(folio), "folio_add_file_rmap_ptes", "pfn=%#lx nr=%d",
		    page_to_pfn(page), nr_pages);
	__folio_add_file_rmap(folio, page, nr_pages, vma, RMAP_LEVEL_PTE);
}

/* folio_add_file_rmap_pmd(): PMD-map a PMD-sized pagecache folio */
void folio_add_file_rmap_pmd(struct folio *folio, struct page *page,
			     struct vm_area_struct *vma)
{
	trace_kfunc(folio_world(folio), "folio_add_file_rmap_pmd", "pfn=%#lx", page_to_pfn(page));
	__folio_add_file_rmap(folio, page, HPAGE_PMD_NR, vma, RMAP_LEVEL_PMD);
}

/*
 * __folio_remove_rmap(): undo __folio_add_rmap. A large anon folio left
 * with some pages mapped and some not is queued for deferred split.
 * mapping and PageAnonExclusive stay: free_pages_prepare() clears mapping.
 */
static void __folio_remove_rmap(struct folio *folio, struct page *page, int nr_pages,
				struct vm_area_struct *vma, enum rmap_level level)
{
	atomic_t *mapped = &folio->_nr_pages_mapped;
	int last = 0, nr = 0, nr_pmdmapped = 0;
	bool partially_mapped = false;

	(void)vma;	/* munlock_vma_folio(): VM_LOCKED is not modelled */
	__folio_rmap_sanity_checks(folio, page, nr_pages, level);

	switch (level) {
	case RMAP_LEVEL_PTE:
		if (!folio_test_large(folio)) {
			nr = atomic_add_negative(-1, &folio->_mapcount);
			break;
		}
		atomic_sub(nr_pages, &folio->_large_mapcount);
		do {
			last += atomic_add_negative(-1, &page->_mapcount);
		} while (page++, --nr_pages > 0);
		if (last && atomic_sub_return(last, mapped) < ENTIRELY_MAPPED)
			nr = last;
		partially_mapped = nr && atomic_read(mapped);
		break;
	case RMAP_LEVEL_PMD:
		atomic_dec(&folio->_large_mapcount);
		last = atomic_add_negative(-1, &folio->_entire_mapcount);
		if (last) {
			nr = atomic_sub_return(ENTIRELY_MAPPED, mapped);
			if (likely(nr < ENTIRELY_MAPPED)) {
				nr_pages = (int)folio_nr_pages(folio);
				nr_pmdmapped = nr_pages;
				nr = nr_pages - (nr & FOLIO_PAGES_MAPPED);
				if (unlikely(nr < 0))
					nr = 0;
			} else {
				nr = 0;
			}
		}
		partially_mapped = nr && nr < nr_pmdmapped;
		break;
	}

	/* partially_mapped implies a large folio */
	if (partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio))
		deferred_split_folio(folio, true);
	__folio_mod_stat(folio, -nr, -nr_pmdmapped);
}

/* folio_remove_rmap_ptes(): PTE-unmap nr pages of a folio */
void folio_remove_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			    struct vm_area_struct *vma)
{
	trace_kfunc(folio_world(folio), "folio_remove_rmap_ptes", "folio=%#lx pfn=%#lx nr=%d",
		    folio_pfn(folio), page_to_pfn(page), nr_pages);
	__folio_remove_rmap(folio, page, nr_pages, vma, RMAP_LEVEL_PTE);
}

/* folio_remove_rmap_pmd(): PMD-unmap a PMD-sized folio */
void folio_remove_rmap_pmd(struct folio *folio, struct page *page, struct vm_area_struct *vma)
{
	trace_kfunc(folio_world(folio), "folio_remove_rmap_pmd", "pfn=%#lx", page_to_pfn(page));
	__folio_remove_rmap(folio, page, HPAGE_PMD_NR, vma, RMAP_LEVEL_PMD);
}

/* __folio_dup_file_rmap() (include/linux/rmap.h): fork of file mappings */
static void __folio_dup_file_rmap(struct folio *folio, struct page *page, int nr_pages,
				  enum rmap_level level)
{
	const int orig_nr_pages = nr_pages;

	__folio_rmap_sanity_checks(folio, page, nr_pages, level);
	switch (level) {
	case RMAP_LEVEL_PTE:
		if (!folio_test_large(folio)) {
			atomic_inc(&folio->_mapcount);
			break;
		}
		do {
			atomic_inc(&page->_mapcount);
		} while (page++, --nr_pages > 0);
		atomic_add(orig_nr_pages, &folio->_large_mapcount);
		break;
	case RMAP_LEVEL_PMD:
		atomic_inc(&folio->_entire_mapcount);
		atomic_inc(&folio->_large_mapcount);
		break;
	}
}

/* folio_dup_file_rmap_ptes(): fork copies nr PTEs of a file folio */
void folio_dup_file_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
			      struct vm_area_struct *dst_vma)
{
	(void)dst_vma;
	trace_kfunc(folio_world(folio), "folio_dup_file_rmap_ptes", "pfn=%#lx nr=%d",
		    page_to_pfn(page), nr_pages);
	__folio_dup_file_rmap(folio, page, nr_pages, RMAP_LEVEL_PTE);
}

/*
 * folio_dup_file_rmap_pmd(): v6.14 passes RMAP_LEVEL_PTE here (later fixed
 * upstream), so it counts HPAGE_PMD_NR PTE mappings; kept as in v6.14. Its
 * caller copy_huge_pmd() skips file VMAs, so v6.14 never reaches it.
 */
void folio_dup_file_rmap_pmd(struct folio *folio, struct page *page,
			     struct vm_area_struct *dst_vma)
{
	(void)dst_vma;
	trace_kfunc(folio_world(folio), "folio_dup_file_rmap_pmd", "pfn=%#lx", page_to_pfn(page));
	__folio_dup_file_rmap(folio, page, HPAGE_PMD_NR, RMAP_LEVEL_PTE);
}

/*
 * __folio_try_dup_anon_rmap() (include/linux/rmap.h): fork shares the
 * pages, so none stays AnonExclusive; if the folio may be pinned and a
 * page is exclusive, -EBUSY and the caller copies instead. mmsim: no
 * ZONE_DEVICE folios exist yet, so none is device-private (which the
 * kernel exempts from the pin check).
 */
static int __folio_try_dup_anon_rmap(struct folio *folio, struct page *page, int nr_pages,
				     struct vm_area_struct *src_vma, enum rmap_level level)
{
	const int orig_nr_pages = nr_pages;
	const bool device_private = false;
	bool maybe_pinned;
	int i;

	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);
	__folio_rmap_sanity_checks(folio, page, nr_pages, level);

	maybe_pinned = likely(!device_private) && unlikely(folio_needs_cow_for_dma(src_vma, folio));

	switch (level) {
	case RMAP_LEVEL_PTE:
		if (unlikely(maybe_pinned)) {
			for (i = 0; i < nr_pages; i++)
				if (PageAnonExclusive(page + i))
					return -EBUSY;
		}
		if (!folio_test_large(folio)) {
			if (PageAnonExclusive(page))
				ClearPageAnonExclusive(page);
			atomic_inc(&folio->_mapcount);
			break;
		}
		do {
			if (PageAnonExclusive(page))
				ClearPageAnonExclusive(page);
			atomic_inc(&page->_mapcount);
		} while (page++, --nr_pages > 0);
		atomic_add(orig_nr_pages, &folio->_large_mapcount);
		break;
	case RMAP_LEVEL_PMD:
		if (PageAnonExclusive(page)) {
			if (unlikely(maybe_pinned))
				return -EBUSY;
			ClearPageAnonExclusive(page);
		}
		atomic_inc(&folio->_entire_mapcount);
		atomic_inc(&folio->_large_mapcount);
		break;
	}
	return 0;
}

/* folio_try_dup_anon_rmap_ptes(): fork copies nr PTEs of an anon folio */
int folio_try_dup_anon_rmap_ptes(struct folio *folio, struct page *page, int nr_pages,
				 struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	(void)dst_vma;
	trace_kfunc(folio_world(folio), "folio_try_dup_anon_rmap_ptes", "pfn=%#lx nr=%d",
		    page_to_pfn(page), nr_pages);
	return __folio_try_dup_anon_rmap(folio, page, nr_pages, src_vma, RMAP_LEVEL_PTE);
}

/* folio_try_dup_anon_rmap_pmd(): fork copies a PMD of an anon THP */
int folio_try_dup_anon_rmap_pmd(struct folio *folio, struct page *page,
				struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	(void)dst_vma;
	trace_kfunc(folio_world(folio), "folio_try_dup_anon_rmap_pmd", "pfn=%#lx",
		    page_to_pfn(page));
	return __folio_try_dup_anon_rmap(folio, page, HPAGE_PMD_NR, src_vma, RMAP_LEVEL_PMD);
}

/*
 * __folio_try_share_anon_rmap() (include/linux/rmap.h): before a swap,
 * migration or KSM entry replaces an exclusive mapping (already cleared),
 * drop AnonExclusive unless the folio may be pinned (-EBUSY).
 */
static int __folio_try_share_anon_rmap(struct folio *folio, struct page *page, int nr_pages,
				       enum rmap_level level)
{
	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);
	VM_WARN_ON_FOLIO(!PageAnonExclusive(page), folio);
	__folio_rmap_sanity_checks(folio, page, nr_pages, level);

	/* device-private folios cannot be pinned: none exist in mmsim yet */
	if (unlikely(folio_maybe_dma_pinned(folio)))
		return -EBUSY;
	ClearPageAnonExclusive(page);
	return 0;
}

/* folio_try_share_anon_rmap_pte() */
int folio_try_share_anon_rmap_pte(struct folio *folio, struct page *page)
{
	trace_kfunc(folio_world(folio), "folio_try_share_anon_rmap_pte", "pfn=%#lx",
		    page_to_pfn(page));
	return __folio_try_share_anon_rmap(folio, page, 1, RMAP_LEVEL_PTE);
}

/* folio_try_share_anon_rmap_pmd() */
int folio_try_share_anon_rmap_pmd(struct folio *folio, struct page *page)
{
	trace_kfunc(folio_world(folio), "folio_try_share_anon_rmap_pmd", "pfn=%#lx",
		    page_to_pfn(page));
	return __folio_try_share_anon_rmap(folio, page, HPAGE_PMD_NR, RMAP_LEVEL_PMD);
}

/* folio_move_anon_rmap(): a reused exclusive folio moves to vma's own anon_vma */
void folio_move_anon_rmap(struct folio *folio, struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);
	VM_BUG_ON_VMA(!anon_vma, vma);
	folio->mapping = (struct address_space *)((unsigned long)anon_vma + PAGE_MAPPING_ANON);
}

/* ---- hugetlb: only _entire_mapcount and _large_mapcount -------------------------- */

/* hugetlb_add_anon_rmap(): map an existing anon hugetlb folio once more */
void hugetlb_add_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			   unsigned long address, rmap_t flags)
{
	(void)vma;
	(void)address;
	VM_WARN_ON_FOLIO(!folio_test_hugetlb(folio), folio);
	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);

	atomic_inc(&folio->_entire_mapcount);
	atomic_inc(&folio->_large_mapcount);
	if (flags & RMAP_EXCLUSIVE)
		SetPageAnonExclusive(&folio->page);
	VM_WARN_ON_FOLIO(folio_entire_mapcount(folio) > 1 && PageAnonExclusive(&folio->page),
			 folio);
}

/*
 * hugetlb_add_new_anon_rmap(): first mapping of a new anon hugetlb folio,
 * always exclusive. mmsim: hugetlb reservations are not modelled, so there
 * is no restore_reserve flag to clear.
 */
void hugetlb_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			       unsigned long address)
{
	trace_kfunc(folio_world(folio), "hugetlb_add_new_anon_rmap", "pfn=%#lx addr=%#lx",
		    folio_pfn(folio), address);
	VM_WARN_ON_FOLIO(!folio_test_hugetlb(folio), folio);
	BUG_ON(vma->vm_mm->w, address < vma->vm_start || address >= vma->vm_end);
	atomic_set(&folio->_entire_mapcount, 0);
	atomic_set(&folio->_large_mapcount, 0);
	__folio_set_anon(folio, vma, address, true);
	SetPageAnonExclusive(&folio->page);
}

/* hugetlb_add_file_rmap() (include/linux/rmap.h) */
void hugetlb_add_file_rmap(struct folio *folio)
{
	VM_WARN_ON_FOLIO(!folio_test_hugetlb(folio), folio);
	VM_WARN_ON_FOLIO(folio_test_anon(folio), folio);
	atomic_inc(&folio->_entire_mapcount);
	atomic_inc(&folio->_large_mapcount);
}

/* hugetlb_remove_rmap() (include/linux/rmap.h) */
void hugetlb_remove_rmap(struct folio *folio)
{
	VM_WARN_ON_FOLIO(!folio_test_hugetlb(folio), folio);
	atomic_dec(&folio->_entire_mapcount);
	atomic_dec(&folio->_large_mapcount);
}

/* hugetlb_try_dup_anon_rmap() (include/linux/rmap.h): see folio_try_dup_anon_rmap_*() */
int hugetlb_try_dup_anon_rmap(struct folio *folio, struct vm_area_struct *vma)
{
	VM_WARN_ON_FOLIO(!folio_test_hugetlb(folio), folio);
	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);

	if (PageAnonExclusive(&folio->page)) {
		if (unlikely(folio_needs_cow_for_dma(vma, folio)))
			return -EBUSY;
		ClearPageAnonExclusive(&folio->page);
	}
	atomic_inc(&folio->_entire_mapcount);
	atomic_inc(&folio->_large_mapcount);
	return 0;
}

/* hugetlb_try_share_anon_rmap() (include/linux/rmap.h): see folio_try_share_anon_rmap_*() */
int hugetlb_try_share_anon_rmap(struct folio *folio)
{
	VM_WARN_ON_FOLIO(!folio_test_hugetlb(folio), folio);
	VM_WARN_ON_FOLIO(!folio_test_anon(folio), folio);
	VM_WARN_ON_FOLIO(!PageAnonExclusive(&folio->page), folio);

	if (unlikely(folio_maybe_dma_pinned(folio)))
		return -EBUSY;
	ClearPageAnonExclusive(&folio->page);
	return 0;
}

/* ---- addresses and walks ----------------------------------------------------------- */

/*
 * vma_address() (mm/internal.h, v6.14): where vma maps the range of
 * nr_pages starting at pgoff: its first page's address, vm_start if the
 * range starts before the VMA but reaches into it, else -EFAULT.
 */
unsigned long vma_address(const struct vm_area_struct *vma, pgoff_t pgoff, unsigned long nr_pages)
{
	unsigned long address;

	if (pgoff >= vma->vm_pgoff) {
		address = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
		/* beyond the VMA, or wrapped through 0 */
		if (address < vma->vm_start || address >= vma->vm_end)
			address = (unsigned long)-EFAULT;
	} else if (pgoff + nr_pages - 1 >= vma->vm_pgoff) {
		address = vma->vm_start;
	} else {
		address = (unsigned long)-EFAULT;
	}
	return address;
}

/*
 * page_address_in_vma(): where vma maps page of folio, or -EFAULT when the
 * VMA cannot map it (another anon_vma family, another file). The caller
 * still has to check that it is mapped there.
 */
unsigned long page_address_in_vma(const struct folio *folio, const struct page *page,
				  const struct vm_area_struct *vma)
{
	if (folio_test_anon(folio)) {
		/* mm/util.c folio_anon_vma(): NULL for KSM folios */
		struct anon_vma *anon_vma = folio_test_ksm(folio) ? NULL : folio_anon_vma(folio);

		if (!vma->anon_vma || !anon_vma || vma->anon_vma->root != anon_vma->root)
			return (unsigned long)-EFAULT;
	} else if (!vma->vm_file) {
		return (unsigned long)-EFAULT;
	} else if (vma->vm_file->f_mapping != folio->mapping) {
		return (unsigned long)-EFAULT;
	}
	return vma_address(vma, page_pgoff(folio, page), 1);
}

/*
 * rmap_walk_ksm() (mm/ksm.c): not modelled yet; the KSM issue replaces this
 * stub with the stable-tree walk.
 */
static void rmap_walk_ksm(struct folio *folio, struct rmap_walk_control *rwc)
{
	(void)rwc;
	mmsim_log(folio_world(folio), "not modelled yet: rmap_walk_ksm");
}

/*
 * rmap_walk_anon_lock(): rwc->anon_lock if given, else the folio's
 * anon_vma read-locked. Unlike folio_lock_anon_vma_read() this does not
 * require the folio to be mapped: remove_migration_ptes() walks unmapped
 * folios (their callers keep the anon_vma alive).
 */
static struct anon_vma *rmap_walk_anon_lock(struct folio *folio, struct rmap_walk_control *rwc)
{
	struct anon_vma *anon_vma;

	if (rwc->anon_lock)
		return rwc->anon_lock(folio, rwc);

	anon_vma = folio_anon_vma(folio);
	if (!anon_vma)
		return NULL;
	if (anon_vma_trylock_read(anon_vma))
		return anon_vma;
	if (rwc->try_lock) {
		rwc->contended = true;
		return NULL;
	}
	anon_vma_lock_read(anon_vma);
	return anon_vma;
}

/*
 * rmap_walk_anon(): rmap_one on every VMA of the folio's anon_vma whose
 * range overlaps the folio's pgoff range, at the folio's address there,
 * in (vm_pgoff, vma id) order; invalid_vma skips a VMA, rmap_one returning
 * false or done() returning non-zero stops the walk.
 */
static void rmap_walk_anon(struct folio *folio, struct rmap_walk_control *rwc, bool locked)
{
	struct anon_vma *anon_vma;
	pgoff_t pgoff_start, pgoff_end;
	struct anon_vma_chain *avc;

	if (locked) {
		anon_vma = folio_anon_vma(folio);
		/* the caller's lock keeps it from disappearing */
		VM_BUG_ON_FOLIO(!anon_vma, folio);
	} else {
		anon_vma = rmap_walk_anon_lock(folio, rwc);
	}
	if (!anon_vma)
		return;

	pgoff_start = folio_pgoff(folio);
	pgoff_end = pgoff_start + (pgoff_t)folio_nr_pages(folio) - 1;
	anon_vma_interval_tree_foreach(avc, &anon_vma->rb_root, pgoff_start, pgoff_end) {
		struct vm_area_struct *vma = avc->vma;
		unsigned long address = vma_address(vma, pgoff_start,
						    (unsigned long)folio_nr_pages(folio));

		VM_BUG_ON_VMA(address == (unsigned long)-EFAULT, vma);
		if (rwc->invalid_vma && rwc->invalid_vma(vma, rwc->arg))
			continue;
		if (!rwc->rmap_one(folio, vma, address, rwc->arg))
			break;
		if (rwc->done && rwc->done(folio))
			break;
	}
	if (!locked)
		anon_vma_unlock_read(anon_vma);
}

/*
 * rmap_walk_file(): the same over mapping->i_mmap; the folio lock keeps
 * the mapping from being truncated away. mmsim: a non-anon folio in the
 * swap cache (shmem being swapped) has no file mapping; the kernel's
 * folio_mapping() gives the swap address space, whose i_mmap is empty.
 */
static void rmap_walk_file(struct folio *folio, struct rmap_walk_control *rwc, bool locked)
{
	struct address_space *mapping;
	pgoff_t pgoff_start, pgoff_end;
	struct vm_area_struct *vma;

	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);

	mapping = folio_test_swapcache(folio) ? NULL : folio_mapping_raw(folio);
	if (!mapping)
		return;

	pgoff_start = folio_pgoff(folio);
	pgoff_end = pgoff_start + (pgoff_t)folio_nr_pages(folio) - 1;
	if (!locked) {
		if (!i_mmap_trylock_read(mapping)) {
			if (rwc->try_lock) {
				rwc->contended = true;
				return;
			}
			i_mmap_lock_read(mapping);
		}
	}
	vma_interval_tree_foreach(vma, mapping, pgoff_start, pgoff_end) {
		unsigned long address = vma_address(vma, pgoff_start,
						    (unsigned long)folio_nr_pages(folio));

		VM_BUG_ON_VMA(address == (unsigned long)-EFAULT, vma);
		if (rwc->invalid_vma && rwc->invalid_vma(vma, rwc->arg))
			continue;
		if (!rwc->rmap_one(folio, vma, address, rwc->arg))
			break;
		if (rwc->done && rwc->done(folio))
			break;
	}
	if (!locked)
		i_mmap_unlock_read(mapping);
}

/* rmap_walk(): every mapping of the folio, taking the rmap lock */
void rmap_walk(struct folio *folio, struct rmap_walk_control *rwc)
{
	trace_kfunc(folio_world(folio), "rmap_walk", "pfn=%#lx", folio_pfn(folio));
	if (unlikely(folio_test_ksm(folio)))
		rmap_walk_ksm(folio, rwc);
	else if (folio_test_anon(folio))
		rmap_walk_anon(folio, rwc, false);
	else
		rmap_walk_file(folio, rwc, false);
}

/* rmap_walk_locked(): like rmap_walk, the caller holds the rmap lock; no KSM */
void rmap_walk_locked(struct folio *folio, struct rmap_walk_control *rwc)
{
	trace_kfunc(folio_world(folio), "rmap_walk_locked", "pfn=%#lx", folio_pfn(folio));
	VM_BUG_ON_FOLIO(folio_test_ksm(folio), folio);
	if (folio_test_anon(folio))
		rmap_walk_anon(folio, rwc, true);
	else
		rmap_walk_file(folio, rwc, true);
}

/* ---- device-exclusive conversion (mm/rmap.c, CONFIG_DEVICE_PRIVATE) ------------------ */
/*
 * The series rewrote this part of mm/rmap.c (reference sections 3.1, 3.2):
 * - levels 0..2: make_device_exclusive_range() GUPs a range and converts
 *   each head page through an rmap walk, folio_make_device_exclusive() ->
 *   page_make_device_exclusive_one(), over every PTE of the folio;
 * - level 3 (patch 3): make_device_exclusive() for one page, still through
 *   that rmap walk;
 * - levels 4.. (patch 4): make_device_exclusive() converts exactly one PTE
 *   found by folio_walk; patch 6 gives the single entry type, patch 16
 *   keeps the mapcount, patch 17 sleeps on the folio lock and retries
 *   instead of -EBUSY.
 * Read from the v2 patch mails (whose diffs apply to the level-0 tree) and
 * a v6.15-era mm/rmap.c for the post-series form.
 */

/* the GUP flags of every form: fault in writable, remap a PMD THP by PTEs */
#define MAKE_EXCLUSIVE_GUP_FLAGS (FOLL_GET | FOLL_WRITE | FOLL_SPLIT_PMD)
/* mmsim: patch 17's retry loop; a livelock would be a model bug */
#define MAKE_EXCLUSIVE_MAX_RETRIES 8

struct make_exclusive_args {
	struct mm_struct *mm;
	unsigned long address;
	void *owner;
	bool valid;
};

/*
 * page_make_device_exclusive_one() (mm/rmap.c, before patch 4): replace
 * every PTE of the folio in vma by a device-exclusive entry. A non-present
 * entry (including one already device-exclusive) fails the conversion. The
 * target (mm, address) must have been mapped writable for args->valid. The
 * entry keeps the PTE's folio reference but gives up its mapcount.
 */
static bool page_make_device_exclusive_one(struct folio *folio, struct vm_area_struct *vma,
					   unsigned long address, void *priv)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmsim *w = mm->w;
	DEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, address, 0);
	struct make_exclusive_args *args = priv;
	struct mmu_notifier_range range;
	struct page *subpage;
	pte_t pteval, swp_pte, ptent;
	swp_entry_t entry;
	bool ret = true;

	trace_kfunc(w, "page_make_device_exclusive_one", "pfn=%#lx mm=%u addr=%#lx",
		    folio_pfn(folio), mm->id, address);
	/* secondary MMUs drop the whole folio's range in this VMA */
	mmu_notifier_range_init_owner(&range, MMU_NOTIFY_EXCLUSIVE, 0, vma->vm_mm, address,
				      min_t(unsigned long, vma->vm_end,
					    address + folio_size(folio)),
				      args->owner);
	mmu_notifier_invalidate_range_start(&range);

	while (page_vma_mapped_walk(&pvmw)) {
		/* a PMD-mapped THP cannot get here: GUP used FOLL_SPLIT_PMD */
		VM_BUG_ON_FOLIO(!pvmw.pte, folio);

		ptent = ptep_get(pvmw.pte);
		if (!pte_present(ptent)) {
			ret = false;
			page_vma_mapped_walk_done(&pvmw);
			break;
		}

		subpage = folio_page(folio, pte_pfn(ptent) - folio_pfn(folio));
		address = pvmw.address;

		flush_cache_page(vma, address, pte_pfn(ptent));
		pteval = ptep_clear_flush(vma, address, pvmw.pte);

		/* the entry has no dirty bit: move it to the folio */
		if (pte_dirty(pteval))
			folio_mark_dirty(folio);

		/* the page is still mapped, writable, where the caller expects it */
		if (args->mm == mm && args->address == address && pte_write(pteval))
			args->valid = true;

		/* the entry type remembers whether the PTE was writable */
		if (pte_write(pteval))
			entry = make_writable_device_exclusive_entry(w, page_to_pfn(subpage));
		else
			entry = make_readable_device_exclusive_entry(w, page_to_pfn(subpage));
		swp_pte = swp_entry_to_pte(entry);
		if (pte_soft_dirty(pteval))
			swp_pte = pte_swp_mksoft_dirty(swp_pte);
		if (pte_uffd_wp(pteval))
			swp_pte = pte_swp_mkuffd_wp(swp_pte);
		set_pte_at(mm, address, pvmw.pte, swp_pte);

		/* the PTE's reference now belongs to the entry; its mapcount goes */
		folio_remove_rmap_pte(folio, subpage, vma);
	}

	mmu_notifier_invalidate_range_end(&range);
	return ret;
}

/*
 * folio_make_device_exclusive() (mm/rmap.c, before patch 4): convert every
 * mapping of a locked folio; true iff the target (mm, address) was mapped
 * writable and the folio ended up with no mapping at all. Anon folios only
 * (until patch 3 checked here), not hugetlb ones from patch 2.
 */
static bool folio_make_device_exclusive(struct folio *folio, struct mm_struct *mm,
					unsigned long address, void *owner)
{
	struct mmsim *w = mm->w;
	struct make_exclusive_args args = {
		.mm = mm,
		.address = address,
		.owner = owner,
		.valid = false,
	};
	struct rmap_walk_control rwc = {
		.rmap_one = page_make_device_exclusive_one,
		.done = folio_not_mapped,
		.anon_lock = folio_lock_anon_vma_read,
		.arg = &args,
	};

	trace_kfunc(w, "folio_make_device_exclusive", "pfn=%#lx mm=%u addr=%#lx",
		    folio_pfn(folio), mm->id, address);
	/* patch 3 moved this check into make_device_exclusive() */
	if (!series_has(w, PATCH_MAKE_DEVICE_EXCLUSIVE_API)) {
		/* anonymous folios only, to stay clear of writeback */
		if (!folio_test_anon(folio))
			return false;
		/* patch 2: the PTE-based walk cannot handle hugetlb folios */
		if (series_has(w, PATCH_RMAP_REJECT_HUGETLB) && folio_test_hugetlb(folio))
			return false;
	}

	rmap_walk(folio, &rwc);

	return args.valid && !folio_mapcount(folio);
}

/*
 * mmsim: the exclusive:lock-contended injection point. Another task holds
 * the folio lock just now and lets go as soon as someone waits for it (the
 * transient holder of patch 17's commit message: swap-out, migration).
 * Returns whether it took the lock on that task's behalf.
 */
static bool exclusive_lock_contention(struct folio *folio)
{
	if (folio_test_locked(folio) ||
	    !mmsim_inject_hit(folio_world(folio), MMSIM_INJ_EXCLUSIVE_LOCK_CONTENDED))
		return false;
	folio_set_locked(folio);
	set_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	set_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	return true;
}

/* the transient holder finishes: nobody waited, it unlocks by itself */
static void exclusive_contention_done(struct folio *folio, bool contended)
{
	if (!contended || !test_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags))
		return;
	clear_bit_ul(PG_mmsim_locked_elsewhere, &folio->flags);
	clear_bit_ul(PG_mmsim_wait_releases, &folio->flags);
	folio_unlock(folio);
}

/*
 * make_device_exclusive_range() (mm/rmap.c, before patch 3): GUP
 * [start, end) writable, then convert each page's folio. pages[i] stays
 * locked and referenced on success, else is NULL: tail pages of a THP are
 * always refused, so only a THP's head address can succeed (and converts
 * the whole folio). Returns the number of pages GUP'd, or GUP's error.
 */
int make_device_exclusive_range(struct mm_struct *mm, unsigned long start,
				unsigned long end, struct page **pages, void *owner)
{
	struct mmsim *w = mm->w;
	long npages = (long)((end - start) >> PAGE_SHIFT);
	long i;

	trace_kfunc(w, "make_device_exclusive_range", "mm=%u start=%#lx end=%#lx", mm->id,
		    start, end);
	if (series_has(w, PATCH_MAKE_DEVICE_EXCLUSIVE_API)) {
		/* patch 3 replaced this API by make_device_exclusive() */
		mmsim_log(w, "mmsim: make_device_exclusive_range() does not exist from level %d",
			  PATCH_MAKE_DEVICE_EXCLUSIVE_API);
		return -ENOSYS;
	}

	npages = get_user_pages_remote(mm, start, (unsigned long)npages,
				       MAKE_EXCLUSIVE_GUP_FLAGS, pages, NULL);
	if (npages < 0)
		return (int)npages;
	mmsim_inject_hit(w, MMSIM_INJ_EXCLUSIVE_AFTER_GUP);

	for (i = 0; i < npages; i++, start += PAGE_SIZE) {
		struct folio *folio = page_folio(pages[i]);

		bool contended = !PageTail(pages[i]) && exclusive_lock_contention(folio);

		if (PageTail(pages[i]) || !folio_trylock(folio)) {
			exclusive_contention_done(folio, contended);
			folio_put(folio);
			pages[i] = NULL;
			continue;
		}
		if (!folio_make_device_exclusive(folio, mm, start, owner)) {
			folio_unlock(folio);
			folio_put(folio);
			pages[i] = NULL;
		}
	}
	return (int)npages;
}

/*
 * make_device_exclusive() (mm/rmap.c, from patch 3): mark the page at addr
 * for exclusive use by a device. Returns the page with its folio locked and
 * referenced in *foliop, or an ERR_PTR: GUP's error (-EFAULT for a missing
 * or read-only VMA, -EOPNOTSUPP for FOLL_SPLIT_PMD on hugetlb from patch 1,
 * -ENOMEM ...), -EOPNOTSUPP for a non-anon or hugetlb folio, -EBUSY when the
 * folio lock is contended or the conversion did not happen (before patch
 * 17), -EINTR when a fatal signal ends the wait for the folio lock (from
 * patch 17). The caller holds the mmap_lock, programs the device inside its
 * notifier's critical section (it must ignore the MMU_NOTIFY_EXCLUSIVE event
 * carrying its own owner), then unlocks and puts the folio.
 *
 * From patch 4 exactly one PTE is converted: a PMD THP is remapped by PTEs
 * first; an anon page mapped writable has exactly that one PTE. The entry
 * is clean and old for core mm; it keeps the folio reference (and from
 * patch 16 the mapcount) of the PTE it replaced.
 */
struct page *make_device_exclusive(struct mm_struct *mm, unsigned long addr, void *owner,
				   struct folio **foliop)
{
	struct mmsim *w = mm->w;
	struct mmu_notifier_range range;
	struct folio *folio, *fw_folio;
	struct vm_area_struct *vma = NULL;
	unsigned int retries = 0;
	bool contended;
	struct folio_walk fw;
	struct page *page;
	swp_entry_t entry;
	pte_t swp_pte;
	long npages;
	int ret;

	trace_kfunc(w, "make_device_exclusive", "mm=%u addr=%#lx", mm->id, addr);
	if (!series_has(w, PATCH_MAKE_DEVICE_EXCLUSIVE_API)) {
		/* before patch 3 only make_device_exclusive_range() exists */
		mmsim_log(w, "mmsim: make_device_exclusive() does not exist below level %d",
			  PATCH_MAKE_DEVICE_EXCLUSIVE_API);
		return ERR_PTR(-ENOSYS);
	}
	mmap_assert_locked(mm);
	/* patch 4: callers may pass any address within the page */
	if (series_has(w, PATCH_MAKE_DEVICE_EXCLUSIVE_FOLIO_WALK))
		addr = ALIGN_DOWN(addr, PAGE_SIZE);

	/*
	 * Fault the page in writable: an existing device-exclusive entry (this
	 * device's or another's) is restored by the fault first, notifying its
	 * owner.
	 */
retry:
	if (!series_has(w, PATCH_MAKE_DEVICE_EXCLUSIVE_FOLIO_WALK)) {
		/* patch 3: one page through the range GUP */
		npages = get_user_pages_remote(mm, addr, 1, MAKE_EXCLUSIVE_GUP_FLAGS, &page, NULL);
		if (npages != 1)
			return ERR_PTR(npages);
	} else {
		/* patch 4: the VMA is needed for the folio_walk re-check */
		page = get_user_page_vma_remote(mm, addr, MAKE_EXCLUSIVE_GUP_FLAGS, &vma);
		if (IS_ERR(page))
			return page;
	}
	folio = page_folio(page);
	mmsim_inject_hit(w, MMSIM_INJ_EXCLUSIVE_AFTER_GUP);

	if (!folio_test_anon(folio) || folio_test_hugetlb(folio)) {
		folio_put(folio);
		return ERR_PTR(-EOPNOTSUPP);
	}

	contended = exclusive_lock_contention(folio);
	if (series_has(w, PATCH_AVOID_EBUSY_MAKE_DEVICE_EXCLUSIVE)) {
		/* patch 17: wait for the lock; only a fatal signal ends the wait */
		ret = folio_lock_killable(folio);
		if (ret) {
			folio_put(folio);
			return ERR_PTR(ret);
		}
	} else if (!folio_trylock(folio)) {
		exclusive_contention_done(folio, contended);
		folio_put(folio);
		return ERR_PTR(-EBUSY);
	}

	if (!series_has(w, PATCH_MAKE_DEVICE_EXCLUSIVE_FOLIO_WALK)) {
		/* patch 3: still the legacy rmap walk over every mapping */
		if (!folio_make_device_exclusive(folio, mm, addr, owner)) {
			folio_unlock(folio);
			folio_put(folio);
			return ERR_PTR(-EBUSY);
		}
		*foliop = folio;
		return page;
	}

	/* secondary MMUs drop this page now; the caller filters its own owner */
	mmu_notifier_range_init_owner(&range, MMU_NOTIFY_EXCLUSIVE, 0, mm, addr,
				      addr + PAGE_SIZE, owner);
	mmu_notifier_invalidate_range_start(&range);
	mmsim_inject_hit(w, MMSIM_INJ_EXCLUSIVE_BEFORE_WALK);

	/*
	 * Look again: the same page of the same folio must still be mapped
	 * writable by a PTE. A writable anon page has exactly this one
	 * mapping, so no other entry needs converting.
	 */
	fw_folio = folio_walk_start(&fw, vma, addr, 0);
	if (fw_folio != folio || fw.page != page || fw.level != FW_LEVEL_PTE ||
	    !pte_write(fw.pte)) {
		if (fw_folio)
			folio_walk_end(&fw, vma);
		mmu_notifier_invalidate_range_end(&range);
		folio_unlock(folio);
		folio_put(folio);
		if (!series_has(w, PATCH_AVOID_EBUSY_MAKE_DEVICE_EXCLUSIVE))
			return ERR_PTR(-EBUSY);
		/* patch 17: let GUP fix up whatever changed and try again */
		if (++retries <= MAKE_EXCLUSIVE_MAX_RETRIES)
			goto retry;
		WARN_ON_ONCE(w, 1);
		mmsim_log(w, "mmsim: make_device_exclusive() at %#lx made no progress", addr);
		return ERR_PTR(-EFAULT);
	}

	/* clear the PTE (and flush) to get the up-to-date dirty bit */
	flush_cache_page(vma, addr, page_to_pfn(page));
	fw.pte = ptep_clear_flush(vma, addr, fw.ptep);
	if (pte_dirty(fw.pte))
		folio_mark_dirty(folio);

	/* patch 6: one entry type; before it the PTE was writable, so WRITE */
	if (series_has(w, PATCH_SINGLE_DEVICE_EXCLUSIVE_TYPE))
		entry = make_device_exclusive_entry(w, page_to_pfn(page));
	else
		entry = make_writable_device_exclusive_entry(w, page_to_pfn(page));
	swp_pte = swp_entry_to_pte(entry);
	if (pte_soft_dirty(fw.pte))
		swp_pte = pte_swp_mksoft_dirty(swp_pte);
	/* a writable PTE is never uffd-wp: nothing to copy */
	set_pte_at(mm, addr, fw.ptep, swp_pte);

	/* patch 16: the entry keeps the PTE's mapcount as well as its reference */
	if (!series_has(w, PATCH_KEEP_MAPCOUNT_DEVICE_EXCLUSIVE))
		folio_remove_rmap_pte(folio, page, vma);

	folio_walk_end(&fw, vma);
	mmu_notifier_invalidate_range_end(&range);
	*foliop = folio;
	return page;
}
