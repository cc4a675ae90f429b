# TEST_F(hmm, exclusive_mprotect): after EXCLUSIVE and mprotect(PROT_READ),
# a device WRITE must fail with -EPERM: the ATOMIC entries were erased by
# PROTECTION_VMA and hmm_range_fault() refuses a write fault on a VMA
# without VM_WRITE (mm/hmm.c hmm_vma_fault). Level 17: the entry is left
# as it is by mprotect (patch 6 removed the WRITE->READ downgrade).
process P
mmap P buf 4M anon
write P buf 0 seq
device D P
D exclusive buf
expect ret 0
D read buf 0 seq
mprotect P buf r
expect device D buf none
expect pte P buf device-exclusive ro soft-dirty
D write buf 5 seq
expect ret -EPERM
# nothing was written
read P buf 0 seq
expect pte P buf present ro
