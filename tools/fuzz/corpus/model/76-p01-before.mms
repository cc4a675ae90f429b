# Patch 1 "mm/gup: reject FOLL_SPLIT_PMD with hugetlb VMAs", before (level 0).
# Hunk H1 of docs/series-matrix.md (mm/gup.c check_vma_flags) is absent: the
# device-exclusive GUP passes FOLL_SPLIT_PMD, pmd_trans_huge() is true for the
# hugetlb PMD, split_huge_pmd() runs and page_table_check BUGs (H1s, the splat
# in the patch: page_table_check_clear <- pmdp_huge_clear_flush <-
# split_huge_pmd_locked). Matrix row R6, level 0.
series 0
hugetlb 1
process A
mmap A h 2M hugetlb
write A h[0] 1
expect pte A h[0] present write pmd
device D A
expect warn 0
D exclusive h[0]
expect bug 1
expect log "kernel BUG at mm/page_table_check.c"
