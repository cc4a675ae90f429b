# The alloc:fail injection point makes the next allocation fail: the fault
# returns VM_FAULT_OOM and the command -ENOMEM, with nothing left behind.
process A
mmap A buf 8K anon
write A buf[0] 1
inject alloc:fail once
write A buf[1] 2
expect ret -ENOMEM
expect pte A buf[1] none
expect rss A anon=4K
write A buf[1] 2
expect data A buf 1 seq
