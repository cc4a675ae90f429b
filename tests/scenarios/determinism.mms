# Run twice by scenario.determinism with --trace: the bytes must match.
thp always
process P
mmap P buf 2M anon
mmap P small 16K anon
write P buf 0x1000 seq
write P small 7 seq
fork P C
write C buf[5] 0x55
write C small[1] 1
show pte P small
show pte C buf[0:8]
show folio C buf[6]
show rmap P small[0]
show rmap P small[0] --dot
show smaps C
show stats
expect folio C buf[6] mapcount=512 refcount=512
exit C
show log
