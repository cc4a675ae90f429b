# Patch 1 "mm/gup: reject FOLL_SPLIT_PMD with hugetlb VMAs", after (level 1).
# Hunk H1 (mm/gup.c check_vma_flags): FOLL_SPLIT_PMD on a hugetlb VMA is
# -EOPNOTSUPP. The legacy test_hmm (H3t, '-' side, until patch 3) turns every
# failure of its 64-page batch into -EBUSY; GUP itself answers -EOPNOTSUPP.
# Matrix row R6, level 1.
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
expect folio A h[0] order=9 mapcount=1 entire_mapcount=1 refcount=1
D check h
expect ret 0
gup A h[0] write split-pmd
expect ret -EOPNOTSUPP
expect pte A h[0] present write pmd
expect bug 0
