# An mTHP size set to always maps PTE-mapped large folios of that order.
thp 64K always
process A
mmap A buf 128K anon
write A buf[1] 5
expect pte A buf[0:16] present write
expect pte A buf[16] none
expect folio A buf[1] order=4 mapcount=16 large_mapcount=16 nr_pages_mapped=16 entirely_mapped=0 entire_mapcount=0 refcount=16 page_mapcount=1
expect rss A anon=64K
