# Three generations share one folio until each writes.
process A
mmap A buf 4K anon
write A buf 1
fork A B
fork B C
expect folio C buf mapcount=3 refcount=3
write B buf 2
expect folio A buf mapcount=2 refcount=2
expect data A buf 1
expect data B buf 2
expect data C buf 1
exit A
expect folio C buf mapcount=1 refcount=1 anon_exclusive=0
write C buf 3
expect folio C buf mapcount=1 refcount=1 anon_exclusive=1
expect stats anon=8K
