# GUP references and pins, and fork of a pinned anon page (copied at once).
process P
mmap P buf 8K anon
gup P buf[0] write
expect folio P buf[0] refcount=2 mapcount=1
gup P buf[1] write pin
expect folio P buf[1] refcount=1025
fork P C
expect folio C buf[1] mapcount=1 refcount=1 anon_exclusive=1
expect folio P buf[1] mapcount=1 refcount=1025 anon_exclusive=1
expect folio P buf[0] mapcount=2 refcount=3
unpin P buf[1]
unpin P buf[0]
expect folio P buf[0] mapcount=2 refcount=2
unpin P buf[0]
expect ret -EINVAL
gup P buf write pin longterm
expect ret -ENOSYS
