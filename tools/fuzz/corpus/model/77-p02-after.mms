# Patch 2 "mm/rmap: reject hugetlb folios in folio_make_device_exclusive()",
# after (level 2). Hunk H2: folio_test_hugetlb() -> false -> pages[0] = NULL
# (H3r '-'), nothing mapped (Hm) -> -EBUSY (H3t '-').
#
# FORCING INJECTION - not reachable in the real kernel at levels 1..1 (see
# p02-before.mms): gup:skip-check-vma-flags skips patch 1's GUP test and
# returns the hugetlb page unsplit, as GUP did before 9cb28da54643.
# Matrix row R6, injection table, level 2.
series 2
hugetlb 1
process A
mmap A h 2M hugetlb
write A h[0] 1
device D A
inject gup:skip-check-vma-flags once
D exclusive h[0]
expect ret -EBUSY
expect pte A h[0] present write pmd
expect device D h none
expect folio A h[0] order=9 mapcount=1 entire_mapcount=1 refcount=1
expect warn 0
