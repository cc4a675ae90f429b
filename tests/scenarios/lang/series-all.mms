# `series all` is level 17, every patch applied (also the default): patch 1
# rejects FOLL_SPLIT_PMD on a hugetlb VMA with -EOPNOTSUPP.
series all
hugetlb 1
process P
mmap P h 2M hugetlb
write P h 1
gup P h[0] split-pmd
expect ret -EOPNOTSUPP
expect bug 0
