# Patch 1's story at series 0: FOLL_SPLIT_PMD on a hugetlb VMA is not
# rejected by check_vma_flags(), so follow_pmd_mask() calls split_huge_pmd()
# on the hugetlb leaf. x86 set_huge_pte_at() accounted that leaf as ONE page
# in page_table_check; the split's per-PTE accounting then finds the
# counters wrong, and page_table_check BUGs. The BUG kills the world.
series 0
hugetlb 1
process P
mmap P h 2M hugetlb
write P h[0] 1
expect warn 0
gup P h[0] write split-pmd
expect bug 1
expect log "kernel BUG at mm/page_table_check.c"
expect warn 0
