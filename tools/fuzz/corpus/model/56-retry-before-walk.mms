# The same race from patch 17: the failed re-check goes back to GUP, which
# faults in a fresh page, and the conversion succeeds on that one.
series 17
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
inject exclusive:before-walk once do madvise A buf[0] dontneed
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive
expect device D buf[0] atomic
expect folio A buf[0] mapcount=1 refcount=1 anon_exclusive=1
