# Soft-dirty tracking (series matrix R14) at level 17: clear-refs clears
# the entry's swp soft-dirty bit and sends SOFT_DIRTY (D erased); the CPU
# read restores read-only and clean (patch 5: can_change_pte_writable()
# sees tracking on and a PTE that is not soft-dirty); the write then takes
# the write-protect fault that records it.
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
clear-refs A soft-dirty
expect device D buf none
expect pte A buf[0] device-exclusive ro
expect pte A buf[1] present ro
read A buf[0] 1
expect pte A buf[0] present ro clean
write A buf[0] 5
expect pte A buf[0] present write dirty soft-dirty
expect folio A buf[0] mapcount=1 refcount=1
