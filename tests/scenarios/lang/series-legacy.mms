# `series legacy` is level 0, the base kernel: FOLL_SPLIT_PMD on a hugetlb
# VMA is not rejected and page_table_check BUGs (patch 1 absent).
series legacy
hugetlb 1
process P
mmap P h 2M hugetlb
write P h 1
gup P h[0] split-pmd
expect bug 1
expect log "kernel BUG at mm/page_table_check.c"
