# fork where the child only reads: fork restores the parent's PTE and
# shares the page read-only; the child's reads fault nothing back into the
# device and never COW; D lost its ATOMIC entry at fork (PROTECTION_PAGE).
process P
mmap P buf 16K anon
write P buf 0x40 seq
device D P
D exclusive buf
fork P C
expect device D buf none
read C buf 0x40 seq
expect pte C buf present ro
expect pte P buf present ro dirty
expect folio C buf[0] mapcount=2 refcount=2 anon_exclusive=0
# the parent can convert again only after breaking COW (GUP FOLL_WRITE)
D exclusive buf
expect pte P buf device-exclusive ro
expect folio P buf[0] mapcount=1 refcount=1 anon_exclusive=1
expect pte C buf present ro
read C buf 0x40 seq
expect device D buf atomic
