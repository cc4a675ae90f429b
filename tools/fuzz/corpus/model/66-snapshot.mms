# HMM_DMIRROR_SNAPSHOT faults nothing: hmm_range_fault() without fault
# flags reports a device-exclusive entry as not valid and leaves it alone.
process A
mmap A buf 12K anon
write A buf 1 seq
device D A
D exclusive buf[0]
D snapshot buf
expect ret 0
expect pte A buf[0] device-exclusive ro
expect device D buf[0] atomic
D check buf[0]
expect ret -EPERM
expect pte A buf[1] present write dirty
