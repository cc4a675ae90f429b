# MADV_FREE on part of a 64K mTHP that the kernel would not even try to
# split (madvise_free_pte_range, v6.14): a folio likely mapped shared
# (here after fork) or one whose lock is held elsewhere is skipped
# silently, so the call succeeds and nothing is "not modelled".
thp 64K always
process A
mmap A big 64K anon
write A big 1 seq
fork A B
madvise A big[0:4] free
expect ret 0
expect folio A big[0] order=4
exit B
lock A big[0]
madvise A big[0:4] free
expect ret 0
unlock A big[0]
expect folio A big[0] order=4
