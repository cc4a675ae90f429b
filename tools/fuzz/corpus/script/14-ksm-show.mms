process A
mmap A a 16K anon
madvise A a mergeable
write A a 7
ksm scan 2
show pte A a --dot
show rmap A a[0]
show folio A a[1]
show smaps A
show stats
show log
mprotect A a[1:3] none
munmap A a[3]
