# Repeating the request: GUP faults each entry back (the restore's
# EXCLUSIVE event erases the ATOMIC entry) and the page converts again;
# same pfn, same counters, D atomic again. chunk= splits it into ioctls.
process A
mmap A buf 16K anon
write A buf 1 seq
device D A
D exclusive buf
D exclusive buf chunk=8K
expect ret 0
expect pte A buf device-exclusive ro
expect device D buf atomic
expect folio A buf[0] mapcount=1 refcount=1
D read buf 1 seq
