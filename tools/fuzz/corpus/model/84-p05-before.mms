# Patch 5 "mm/memory: detect writability in restore_exclusive_pte() through
# can_change_pte_writable()", before (level 4).
# Hunk H5 '-' side (mm/memory.c restore_exclusive_pte): a WRITE entry is
# restored with maybe_mkwrite(pte_mkdirty(pte)), whatever soft-dirty tracking
# says; x86's pte_mkdirty() also sets _PAGE_SOFT_DIRTY (Bx), so even a read
# maps the page writable, dirty and soft-dirty without a write fault.
# clear-refs (Bc, fs/proc/task_mmu.c clear_soft_dirty) clears the entry's swp
# soft-dirty bit and VM_SOFTDIRTY and sends MMU_NOTIFY_SOFT_DIRTY.
# Matrix row R14, level 4.
series 4
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
expect pte A buf[0] present write dirty soft-dirty
expect folio A buf[0] mapcount=1 refcount=1 anon_exclusive=1 dirty=1
expect device D buf[0] none
write A buf[0] 5
expect pte A buf[0] present write dirty soft-dirty
expect data A buf[0] 5
