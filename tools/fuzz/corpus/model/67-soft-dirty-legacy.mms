# Soft-dirty tracking at level 0 (series matrix R14): the legacy restore
# from the WRITE entry is maybe_mkwrite(pte_mkdirty()), and x86's
# pte_mkdirty() sets _PAGE_SOFT_DIRTY: a mere read reports the page
# written and maps it writable without a write fault.
series legacy
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
clear-refs A soft-dirty
expect device D buf none
expect pte A buf[0] device-exclusive write
read A buf[0] 1
expect pte A buf[0] present write dirty soft-dirty
