# tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, exclusive): 1024 pages
# (HMM_BUFFER_SIZE 4M), one EXCLUSIVE ioctl, the device reads the data back,
# the CPU faults every page back (read, then write), CHECK_EXCLUSIVE is 0.
# Level 17: make_device_exclusive() page by page (patch 3), one PTE each
# (patch 4), single entry type (patch 6), mapcount kept (patch 16).
process P
mmap P buf 4M anon
write P buf 0 seq
device D P
D exclusive buf
expect ret 0
expect pte P buf device-exclusive ro soft-dirty
expect device D buf atomic
# patch 16: the entry keeps the mapcount and AnonPages
expect folio P buf[0] mapcount=1 refcount=1 anon_exclusive=1
expect stats anon=4M
D read buf 0 seq
D check buf
expect ret -EPERM
# every CPU access faults: remove_device_exclusive_entry() restores the PTE
read P buf 0 seq
expect pte P buf present write dirty
write P buf 1 seq
read P buf 1 seq
D check buf
expect ret 0
expect device D buf none
expect folio P buf[1023] mapcount=1 refcount=1 anon_exclusive=1
