# hugetlb at level 0 (series matrix R6): FOLL_SPLIT_PMD reaches
# split_huge_pmd() on the hugetlb PMD and page_table_check BUGs.
series legacy
hugetlb 1
process A
mmap A h 2M hugetlb
write A h[0] 1
device D A
D exclusive h[0]
expect bug 1
expect log "kernel BUG at mm/page_table_check.c"
