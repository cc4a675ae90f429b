# A write fault allocates an exclusive anon folio, mapped writable and dirty.
process A
mmap A buf 16K anon
write A buf[1] 0x1234
expect pte A buf[1] present write dirty young
expect pte A buf[0] none
expect folio A buf[1] mapcount=1 page_mapcount=1 refcount=1 order=0 anon=1 anon_exclusive=1 lru=1
expect data A buf[1] 0x1234
expect rss A anon=4K file=0 swap=0
expect stats anon=4K
expect smaps A rss=4K swap=0
