# `series N` with N between 1 and 16 is a prefix of the series: patch 1 is
# in from level 1, so level 5 rejects the hugetlb split too.
series 5
hugetlb 1
process P
mmap P h 2M hugetlb
write P h 1
gup P h[0] split-pmd
expect ret -EOPNOTSUPP
