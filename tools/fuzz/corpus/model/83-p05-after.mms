# Patch 5 "mm/memory: detect writability in restore_exclusive_pte() through
# can_change_pte_writable()", after (level 5).
# Hunk H5 '+' side: writable only if VM_WRITE and can_change_pte_writable()
# (Bm: soft-dirty tracking is on and the new PTE is not soft-dirty -> false),
# dirty only inside that branch. The read restores a read-only, clean PTE; the
# write then takes the write-protect fault, which sets dirty and soft-dirty.
# Matrix row R14, level 5.
series 5
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive write soft-dirty
expect device D buf[0] atomic
clear-refs A soft-dirty
expect ret 0
expect pte A buf[0] device-exclusive write
expect pte A buf[1] present ro
expect device D buf[0] none
read A buf[0] 1
expect pte A buf[0] present ro clean
expect folio A buf[0] mapcount=1 refcount=1 anon_exclusive=1 dirty=1
expect device D buf[0] none
write A buf[0] 5
expect pte A buf[0] present write dirty soft-dirty
expect data A buf[0] 5
