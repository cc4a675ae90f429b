# hugetlb at level 1 (series matrix R6): patch 1's -EOPNOTSUPP, which the
# legacy test_hmm turns into -EBUSY.
series 1
hugetlb 1
process A
mmap A h 2M hugetlb
write A h[0] 1
device D A
D exclusive h[0]
expect ret -EBUSY
expect pte A h[0] present write pmd
expect device D h none
