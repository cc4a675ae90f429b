# MADV_FREE on part of a 64K mTHP: the kernel splits the folio first
# (madvise_free_pte_range -> split_folio); split_folio() is not modelled
# yet, so the folio is skipped and the call says so with -ENOSYS, while a
# small folio elsewhere in the range is still made lazyfree.
thp 64K always
process A
mmap A big 64K anon
mmap A small 4K anon
write A big 1 seq
write A small 9
madvise A big[0:4] free
expect ret -ENOSYS
expect log "not modelled yet: split_folio() in MADV_FREE"
expect folio A big[0] order=4
expect pte A big[0:4] present dirty     # skipped: still dirty
madvise A small free
expect pte A small present clean old    # lazyfree: clean and old
madvise A big free
expect pte A big present clean old      # wholly in range: no split needed
