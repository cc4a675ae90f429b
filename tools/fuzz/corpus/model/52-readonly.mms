# Read-only VMA (series matrix R7): GUP(FOLL_WRITE) -> -EFAULT passes
# through from level 3.
process A
mmap A buf 8K anon r
read A buf
device D A
D exclusive buf[0]
expect ret -EFAULT
expect pte A buf[0] present ro
expect device D buf none
