# MADV_DONTNEED drops anon pages: the next read sees zeroes again.
process A
mmap A buf 8K anon
write A buf 9
madvise A buf[0] dontneed
expect pte A buf[0] none
expect rss A anon=4K
read A buf[0] 0
expect data A buf[1] 9
madvise A buf collapse
expect ret -ENOSYS
