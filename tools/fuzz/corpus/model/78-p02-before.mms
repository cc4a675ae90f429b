# Patch 2 "mm/rmap: reject hugetlb folios in folio_make_device_exclusive()",
# before (level 1). Hunk H2 (mm/rmap.c folio_make_device_exclusive: '-' tests
# only folio_test_anon) is absent.
#
# FORCING INJECTION - not reachable in the real kernel at levels 1..1: patch 1
# (H1) already rejects FOLL_SPLIT_PMD on hugetlb VMAs in GUP. The injection
# gup:skip-check-vma-flags skips that test and returns the hugetlb page
# without splitting the PMD, as GUP did before 9cb28da54643 (H2m, the patch's
# commit message). Without the "no split" half the request would BUG as at
# level 0.
#
# The anon hugetlb folio reaches page_make_device_exclusive_one() (H4 '-'
# side): its entry is cleared as a PTE, a WRITE device-exclusive entry lands in
# the PMD slot, and folio_remove_rmap_pte() on a hugetlb folio warns
# (VM_WARN_ON_FOLIO(folio_test_hugetlb) in __folio_rmap_sanity_checks) and
# drops the large mapcount. The checker is off: the corrupted hugetlb counters
# are the damage shown here. Matrix row R6, injection table, level 1.
series 1
hugetlb 1
check off
process A
mmap A h 2M hugetlb
write A h[0] 1
device D A
expect warn 0
inject gup:skip-check-vma-flags once
D exclusive h[0]
expect ret 0
expect pte A h[0] device-exclusive write pmd
expect device D h[0] atomic
expect folio A h[0] mapcount=0
expect log "WARNING"
