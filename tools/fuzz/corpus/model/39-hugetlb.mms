# hugetlb at level 17 (series matrix R6): GUP rejects FOLL_SPLIT_PMD on a
# hugetlb VMA (patch 1) and the errno passes through (patch 3).
hugetlb 1
process A
mmap A h 2M hugetlb
write A h[0] 1
device D A
D exclusive h[0]
expect ret -EOPNOTSUPP
expect pte A h[0] present write pmd
expect device D h none
