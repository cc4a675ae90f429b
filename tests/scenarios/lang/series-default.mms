# No `series` line means level 17 (all), as `series all`.
hugetlb 1
process P
mmap P h 2M hugetlb
write P h 1
gup P h[0] split-pmd
expect ret -EOPNOTSUPP
