# A hole in the range at level 17: pages are converted one by one until
# GUP meets the unmapped page (-EFAULT); the conversions done stay.
process A
mmap A buf 16K anon
write A buf 1 seq
munmap A buf[2]
device D A
D exclusive buf
expect ret -EFAULT
expect device D buf[0:2] atomic
expect pte A buf[0:2] device-exclusive ro
expect pte A buf[3] present write dirty
expect device D buf[3] none
