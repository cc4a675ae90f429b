# With PMD THP always, a fault in a 2M-aligned 2M anon region maps one
# order-9 folio by a PMD.
thp always
process A
mmap A buf 2M anon
write A buf[3] 0x42
expect pte A buf present write dirty pmd
expect folio A buf[0] order=9 mapcount=1 entire_mapcount=1 large_mapcount=1 nr_pages_mapped=0 entirely_mapped=1 refcount=1 anon=1
expect folio A buf[511] page_mapcount=1
expect rss A anon=2M
expect stats anon=2M
expect data A buf[3] 0x42
expect data A buf[4] 0
