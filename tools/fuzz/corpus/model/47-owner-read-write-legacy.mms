# The owner's read and write at level 0: the same, with the legacy restore
# from the WRITE entry (writable, dirty, rmap added back).
series legacy
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
D read buf[0] 1
expect device D buf[0] atomic
expect folio A buf[0] mapcount=0
D write buf[0] 7
expect device D buf[0] write
expect pte A buf[0] present write dirty
expect folio A buf[0] mapcount=1 refcount=1
expect data A buf[0] 7
