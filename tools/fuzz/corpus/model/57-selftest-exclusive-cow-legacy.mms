# TEST_F(hmm, exclusive_cow) at level 0: the restore in fork adds the rmap
# back (mapcount 0 -> 1) before the copy; the end state equals level 17.
series legacy
process P
mmap P buf 4M anon
write P buf 0 seq
device D P
D exclusive buf
expect ret 0
expect folio P buf[0] mapcount=0 refcount=1
fork P C
expect device D buf none
expect pte P buf present ro dirty
expect pte C buf present ro
expect folio P buf[0] mapcount=2 refcount=2 anon_exclusive=0
write P buf 1 seq
read P buf 1 seq
read C buf 0 seq
