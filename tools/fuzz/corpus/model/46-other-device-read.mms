# Another device's read revokes (series matrix R11): D2 has no entry, so it
# faults through hmm_range_fault(); the restore's EXCLUSIVE event (owner
# NULL) erases D's ATOMIC entry -- and, through dmirror_do_update()'s
# inclusive xa_for_each_range(start, end >> PAGE_SHIFT), D's entry of the
# next page too, whose PTE stays device-exclusive.
process A
mmap A buf 12K anon
write A buf 1 seq
device D A
device D2 A
D exclusive buf
D2 read buf[0] 1
expect device D2 buf[0] write
expect device D buf[0:2] none
expect device D buf[2] atomic
expect pte A buf[0] present write dirty
expect pte A buf[1:] device-exclusive ro
D check buf[1]
D check buf
expect ret -EPERM
