# The folio_walk re-check before patch 17: MADV_DONTNEED (under the mmap read
# lock, like the conversion) zaps the PTE after the folio lock and the
# notifier start (exclusive:before-walk); folio_walk_start() finds no page,
# so make_device_exclusive() gives up with -EBUSY (mm/rmap.c, patch 4's check).
series 16
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
inject exclusive:before-walk once do madvise A buf[0] dontneed
D exclusive buf[0]
expect ret -EBUSY
expect pte A buf[0] none
expect device D buf[0] none
