# A shared file mapping reads the page cache; writes dirty the cached folio
# and are seen by every mapping of the file.
file F 16K fill=0x100 seq
process A
process B
mmap A a 16K file=F
mmap B b 16K file=F
read A a 0x100 seq
expect pte A a present ro
expect folio A a[0] mapcount=1 refcount=2 anon=0 lru=1
expect rss A file=16K anon=0
expect stats file=16K
write A a[1] 0xabc
expect pte A a[1] present write dirty
expect folio A a[1] dirty=1
read B b[1] 0xabc
expect folio B b[1] mapcount=2 refcount=3
exit A
expect folio B b[1] mapcount=1 refcount=2
