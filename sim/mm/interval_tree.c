// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rmap interval trees (mm/interval_tree.c, v6.14): the file i_mmap tree
 * of VMAs and the anon_vma tree of anon_vma_chains.
 *
 * mmsim: both trees are lists kept sorted by (vm_pgoff, vma id), the defined
 * rmap visit order (DESIGN.md section 3). The kernel's augmented rbtrees visit
 * the same set of nodes (those whose [vm_pgoff, vm_pgoff + pages - 1] overlaps
 * the queried range) in an order that depends on tree shape; a list makes the
 * order deterministic. A query costs O(nodes of the tree), not O(log n + hits):
 * a tree holds the VMAs of one file or one fork family, which stays small here.
 */
#include <mmsim/kernel/rmap.h>

static pgoff_t vma_start_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff;
}

static pgoff_t vma_last_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff + vma_pages(vma) - 1;
}

/* strict (vm_pgoff, id) order: ids are unique, so no two VMAs compare equal */
static bool vma_before(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->vm_pgoff != b->vm_pgoff)
		return a->vm_pgoff < b->vm_pgoff;
	return a->id < b->id;
}

static bool vma_overlaps(const struct vm_area_struct *vma, pgoff_t first, pgoff_t last)
{
	return vma_start_pgoff(vma) <= last && vma_last_pgoff(vma) >= first;
}

/* ---- i_mmap: VMAs of a file ----------------------------------------------------- */

/* vma_interval_tree_insert(): link a file VMA into mapping->i_mmap */
void vma_interval_tree_insert(struct vm_area_struct *vma, struct address_space *mapping)
{
	struct vm_area_struct *pos;

	list_for_each_entry(pos, &mapping->i_mmap, shared) {
		if (vma_before(vma, pos)) {
			/* insert before pos */
			list_add_tail(&vma->shared, &pos->shared);
			return;
		}
	}
	list_add_tail(&vma->shared, &mapping->i_mmap);
}

/* vma_interval_tree_remove() */
void vma_interval_tree_remove(struct vm_area_struct *vma, struct address_space *mapping)
{
	(void)mapping;
	list_del_init(&vma->shared);
}

/* vma_interval_tree_iter_first(): the first VMA overlapping [first, last] */
struct vm_area_struct *vma_interval_tree_iter_first(struct address_space *mapping,
						    pgoff_t first, pgoff_t last)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		/* sorted by start: nothing later can start at or before last */
		if (vma_start_pgoff(vma) > last)
			return NULL;
		if (vma_overlaps(vma, first, last))
			return vma;
	}
	return NULL;
}

/* vma_interval_tree_iter_next(): the next VMA after vma overlapping [first, last] */
struct vm_area_struct *vma_interval_tree_iter_next(struct vm_area_struct *vma,
						   pgoff_t first, pgoff_t last)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	for (vma = list_entry(vma->shared.next, struct vm_area_struct, shared);
	     &vma->shared != &mapping->i_mmap;
	     vma = list_entry(vma->shared.next, struct vm_area_struct, shared)) {
		if (vma_start_pgoff(vma) > last)
			return NULL;
		if (vma_overlaps(vma, first, last))
			return vma;
	}
	return NULL;
}

/* ---- anon_vma: chains of one anon_vma ------------------------------------------------ */

/* anon_vma_interval_tree_insert(): link avc into its anon_vma's tree (root) */
void anon_vma_interval_tree_insert(struct anon_vma_chain *node, struct list_head *root)
{
	struct anon_vma_chain *pos;

	list_for_each_entry(pos, root, rb) {
		if (vma_before(node->vma, pos->vma)) {
			list_add_tail(&node->rb, &pos->rb);
			return;
		}
	}
	list_add_tail(&node->rb, root);
}

/* anon_vma_interval_tree_remove() */
void anon_vma_interval_tree_remove(struct anon_vma_chain *node, struct list_head *root)
{
	(void)root;
	list_del_init(&node->rb);
}

static struct anon_vma_chain *avc_from(struct list_head *pos, struct list_head *root,
				       pgoff_t first, pgoff_t last)
{
	for (; pos != root; pos = pos->next) {
		struct anon_vma_chain *avc = list_entry(pos, struct anon_vma_chain, rb);

		if (vma_start_pgoff(avc->vma) > last)
			return NULL;
		if (vma_overlaps(avc->vma, first, last))
			return avc;
	}
	return NULL;
}

/* anon_vma_interval_tree_iter_first(): first chain whose VMA overlaps [first, last] */
struct anon_vma_chain *anon_vma_interval_tree_iter_first(struct list_head *root,
							 pgoff_t first, pgoff_t last)
{
	return avc_from(root->next, root, first, last);
}

/* anon_vma_interval_tree_iter_next() */
struct anon_vma_chain *anon_vma_interval_tree_iter_next(struct anon_vma_chain *node,
							pgoff_t first, pgoff_t last)
{
	return avc_from(node->rb.next, &node->anon_vma->rb_root, first, last);
}

/*
 * mmsim: the kernel's anon_vma_interval_tree_pre_update_vma() and
 * _post_update_vma() (mm/vma.c) take a VMA's chains out of their trees
 * before vm_start/vm_pgoff change and put them back after; with sorted
 * lists one call after the change re-sorts them.
 */
void anon_vma_interval_tree_update(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;

	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma) {
		anon_vma_interval_tree_remove(avc, &avc->anon_vma->rb_root);
		anon_vma_interval_tree_insert(avc, &avc->anon_vma->rb_root);
	}
}
