# Repeating the request at level 0: the same through the legacy paths;
# the restore adds the rmap back and the conversion removes it again.
series legacy
process A
mmap A buf 16K anon
write A buf 1 seq
device D A
D exclusive buf
D exclusive buf chunk=8K
expect ret 0
expect pte A buf device-exclusive write
expect device D buf atomic
expect folio A buf[0] mapcount=0 refcount=1
D read buf 1 seq
