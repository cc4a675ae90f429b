# mTHP: alloc_anon_folio() tries the highest enabled order whose aligned
# range fits the VMA and has only none PTEs; `inherit` follows the PMD
# policy (madvise: only with MADV_HUGEPAGE); `never` disables a size.
thp never
thp 1M always
process A
mmap A a 4M anon
write A a[3] 1
expect folio A a[3] order=8 mapcount=256
expect pte A a[0:256] present
expect pte A a[256] none
thp 1M never
thp 32K always
mmap A b 64K anon
write A b[9] 2
expect folio A b[9] order=3 mapcount=8
expect pte A b[8:16] present
expect pte A b[0:8] none
# an enabled order whose aligned block is not all none is skipped
# (pte_range_none()): here every block around b[9] has present PTEs
thp 16K always
madvise A b[9] dontneed
write A b[9] 3
expect folio A b[9] order=0 mapcount=1
thp 32K never
thp 64K inherit
thp madvise
mmap A c 128K anon
write A c 1
expect folio A c[0] order=2
mmap A d 128K anon
madvise A d hugepage
write A d 1
expect folio A d[0] order=4 mapcount=16
