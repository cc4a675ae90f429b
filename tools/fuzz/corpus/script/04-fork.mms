process P
mmap P heap 8K anon
write P heap 1
fork P C
write C heap[1] 2
expect data P heap[1] 1
exit C
write C heap 3
expect ret -ESRCH
