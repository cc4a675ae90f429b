series 0
hugetlb 1
process P
mmap P h 2M hugetlb
write P h 1
gup P h[0] split-pmd
