# fork shares anon pages read-only (PageAnonExclusive cleared); a write in
# the child copies, and the parent's later write reuses its now-sole folio.
process P
mmap P buf 8K anon
write P buf 0x10 seq
fork P C
expect pte P buf present ro
expect pte C buf present ro old
expect folio P buf[0] mapcount=2 refcount=2 anon_exclusive=0
expect rss C anon=8K
expect stats anon=8K
write C buf[0] 0x99
expect pte C buf[0] present write dirty
expect folio C buf[0] mapcount=1 refcount=1 anon_exclusive=1
expect folio P buf[0] mapcount=1 refcount=1 anon_exclusive=0
expect data P buf 0x10 seq
expect data C buf[0] 0x99
expect data C buf[1] 0x11
expect stats anon=12K
write P buf[0] 0x20
expect pte P buf[0] present write dirty
expect folio P buf[0] mapcount=1 refcount=1 anon_exclusive=1
expect stats anon=12K
exit C
expect folio P buf[1] mapcount=1 refcount=1
expect stats anon=8K
