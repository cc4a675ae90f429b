# Read-only VMA at level 0 (series matrix R7): the legacy test_hmm turns
# the GUP error into -EBUSY.
series legacy
process A
mmap A buf 8K anon r
read A buf
device D A
D exclusive buf[0]
expect ret -EBUSY
expect pte A buf[0] present ro
expect device D buf none
