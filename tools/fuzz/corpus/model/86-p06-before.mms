# Patch 6 "mm: use single SWP_DEVICE_EXCLUSIVE entry type", before (level 5).
# Hunks H6t '-' (include/linux/swapops.h: WRITE and READ device-exclusive
# types) and H6m '-' (mm/mprotect.c change_pte_range: a writable
# device-exclusive entry becomes a readable one on any protection change).
# Since patch 5 (H5 '+') the restore ignores the type, so after the mprotect
# cycle the READ entry still restores writable.
# Matrix rows R1 and R13, level 5.
series 5
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive write soft-dirty
expect device D buf[0] atomic
mprotect A buf r
expect pte A buf[0] device-exclusive ro soft-dirty
expect device D buf[0] none
mprotect A buf rw
expect pte A buf[0] device-exclusive ro soft-dirty
read A buf[0] 1
expect pte A buf[0] present write dirty
expect folio A buf[0] mapcount=1 refcount=1 anon_exclusive=1
