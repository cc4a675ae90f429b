# expect stats: free and allocated follow every page a fault takes and a
# zap frees; the zero page is block 0's one kernel-owned page (DESIGN.md 5).
# No swap-out path exists yet, so swap and swapcache stay 0; no page is ever
# freed in a bad state, so bad_page stays 0.
memory 256M
swap 16M
process A
expect stats free=0xffff000 allocated=4K anon=0 swap=0 swapcache=0 bad_page=0
mmap A buf 16K anon
# mmap allocates nothing: pages come at the first touch (do_anonymous_page)
expect stats free=0xffff000 allocated=4K
# a read fault maps the shared zero page: nothing allocated, no AnonPages
read A buf
expect stats free=0xffff000 allocated=4K anon=0
# a write fault on the zero-page PTE allocates a new page (wp_page_copy)
write A buf 1 seq
expect stats free=0xfffb000 allocated=20K anon=16K
# MADV_DONTNEED zaps: the pages go back to the allocator at once
madvise A buf[0:2] dontneed
expect stats free=0xfffd000 allocated=12K anon=8K
# shmem pages are Shmem, not AnonPages, and stay in the page cache
mmap A s 8K shared
write A s 2
expect stats shmem=8K anon=8K allocated=20K
# exit frees the anon pages; the shmem object dies with its last mapping
exit A
expect stats free=0xffff000 allocated=4K anon=0 shmem=0 swap=0 swapcache=0 bad_page=0
