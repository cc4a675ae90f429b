# The owner's read does not revoke (a read accepts an ATOMIC entry), its
# write does: dmirror_do_write() needs a WRITE-tagged entry, so
# hmm_range_fault(REQ_FAULT|REQ_WRITE) faults the PTE back and D maps WRITE
# (series matrix R11). Device writes are writes for the content shadow.
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
D read buf[0] 1
expect device D buf[0] atomic
expect pte A buf[0] device-exclusive ro
D write buf[0] 7
expect ret 0
expect device D buf[0] write
expect pte A buf[0] present write dirty
D check buf[0]
expect data A buf[0] 7
read A buf[0] 7
expect data A buf[1] 2
