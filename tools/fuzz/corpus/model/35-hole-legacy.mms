# A hole in the range at level 0: GUP of the batch stops at the hole and
# returns 2 pages; both are converted, but GUP returned fewer pages than the
# batch, so dmirror_atomic_map() is skipped: device-exclusive PTEs with no
# device entry, and -EBUSY (series matrix, point 6).
series legacy
process A
mmap A buf 16K anon
write A buf 1 seq
munmap A buf[2]
device D A
D exclusive buf
expect ret -EBUSY
expect device D buf none
expect pte A buf[0:2] device-exclusive write
expect pte A buf[3] present write dirty
# the CPU takes them back as usual
read A buf[0:2] 1 seq
