# Shared anonymous mapping at level 0 (series matrix R8):
# folio_make_device_exclusive() refuses a non-anon folio -> NULL -> -EBUSY.
series legacy
process A
mmap A buf 8K shared
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret -EBUSY
expect pte A buf[0] present write
expect device D buf none
