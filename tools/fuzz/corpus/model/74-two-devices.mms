# Two devices taking a page from each other (series matrix R10): D2's GUP
# faults D1's entry back (EXCLUSIVE, owner NULL: D1 erases), then converts
# again; CHECK_EXCLUSIVE is -EPERM only on the last taker.
process A
mmap A buf 8K anon
write A buf 1 seq
device D1 A
device D2 A
D1 exclusive buf[0]
D2 exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive ro
expect device D1 buf none
expect device D2 buf[0] atomic
D1 check buf[0]
D2 check buf[0]
expect ret -EPERM
expect folio A buf[0] mapcount=1 refcount=1
D1 exclusive buf[0]
expect device D1 buf[0] atomic
expect device D2 buf none
D2 check buf[0]
