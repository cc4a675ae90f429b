# Shared anonymous mapping (series matrix R8): a shmem folio is not anon:
# -EOPNOTSUPP from level 3.
process A
mmap A buf 8K shared
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret -EOPNOTSUPP
expect pte A buf[0] present write
expect device D buf none
