# Two devices at level 0 (series matrix R10): the same hand-over through the
# GUP fault and the rmap-walk conversion; only the mapcount differs.
series legacy
process A
mmap A buf 8K anon
write A buf 1 seq
device D1 A
device D2 A
D1 exclusive buf[0]
D2 exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive write
expect device D1 buf none
expect device D2 buf[0] atomic
expect folio A buf[0] mapcount=0 refcount=1
