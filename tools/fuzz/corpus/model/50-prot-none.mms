# PROT_NONE: GUP's check_vma_flags() refuses FOLL_WRITE without VM_WRITE
# (-EFAULT, passed through from level 3); a device read faults through
# hmm_range_fault(), whose hmm_vma_walk_test() rejects a VMA without
# VM_READ with -EFAULT.
process A
mmap A buf 8K anon
write A buf 1 seq
mprotect A buf none
device D A
D exclusive buf[0]
expect ret -EFAULT
D read buf[0]
expect ret -EFAULT
expect device D buf none
mprotect A buf rw
read A buf 1 seq
