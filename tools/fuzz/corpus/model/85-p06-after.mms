# Patch 6 "mm: use single SWP_DEVICE_EXCLUSIVE entry type", after (level 6).
# Hunks H6t '+' (one SWP_DEVICE_EXCLUSIVE type: only `ro` matches), H6m '+'
# (mprotect leaves the entry alone), H6p (page_table_check no longer treats
# it as caching writability). The restore is the same as at level 5.
# Matrix rows R1 and R13, level 6.
series 6
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive ro soft-dirty
expect device D buf[0] atomic
mprotect A buf r
expect pte A buf[0] device-exclusive ro soft-dirty
expect device D buf[0] none
mprotect A buf rw
expect pte A buf[0] device-exclusive ro soft-dirty
read A buf[0] 1
expect pte A buf[0] present write dirty
expect folio A buf[0] mapcount=1 refcount=1 anon_exclusive=1
