# munmap, MADV_DONTNEED and exit zap device-exclusive entries (patch 16:
# with the rmap removal) and their notifiers (UNMAP/CLEAR, RELEASE) erase
# the device's entries; after exit D's commands return -EINVAL
# (dmirror's mmget_not_zero()); CHECK_EXCLUSIVE touches no mm and is 0.
process A
mmap A a 8K anon
mmap A b 8K anon
mmap A c 8K anon
write A a 1 seq
write A b 1 seq
write A c 1 seq
device D A
D exclusive a
D exclusive b
D exclusive c
munmap A a
expect device D a none
expect pte A a none
madvise A b dontneed
expect device D b none
expect pte A b none
# b reads the zero page now; only c's two pages are anon
read A b 0
expect stats anon=8K
expect device D c atomic
exit A
D check c
expect ret 0
D exclusive c
expect ret -EINVAL
D read c
expect ret -EINVAL
D snapshot c
expect ret -EINVAL
expect stats anon=0
D close
D close
expect ret -ENODEV
