# The same request at series 1: patch 1 ("mm/gup: reject FOLL_SPLIT_PMD with
# hugetlb VMAs") makes check_vma_flags() return -EOPNOTSUPP before any page
# table is touched: no BUG, the hugetlb leaf is intact and unpinned.
series 1
hugetlb 1
process P
mmap P h 2M hugetlb
write P h[0] 1
gup P h[0] write split-pmd
expect ret -EOPNOTSUPP
expect bug 0
expect pte P h present write pmd
expect folio P h[0] order=9 entire_mapcount=1 refcount=1
# without split-pmd the same GUP succeeds on the hugetlb page
gup P h[0] write
expect folio P h[0] refcount=2
unpin P h[0]
