# expect warn 0: none of the everyday paths - faults, COW, zap, mprotect,
# madvise, GUP, fork and exit - trips a WARN in the kernel, so none may here.
thp always
process A
mmap A buf 16K anon
mmap A t 2M anon
write A buf 1 seq
write A t 1
fork A B
write B buf 2
mprotect A buf r
mprotect A buf rw
madvise A buf[0] dontneed
gup A buf[1] write pin
gup A t[0] write
unpin A buf[1]
unpin A t[0]
exit B
exit A
expect warn 0
expect bug 0
