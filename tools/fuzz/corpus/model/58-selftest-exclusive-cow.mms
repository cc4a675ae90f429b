# TEST_F(hmm, exclusive_cow): EXCLUSIVE, fork(), then the parent reads and
# writes every page. fork's copy_nonpresent_pte() restores the parent's PTE
# first (try_restore_exclusive_pte) and copies it like a present one, so the
# child never inherits a device-exclusive entry; PROTECTION_PAGE erased D.
process P
mmap P buf 4M anon
write P buf 0 seq
device D P
D exclusive buf
expect ret 0
fork P C
expect device D buf none
expect pte P buf present ro dirty
expect pte C buf present ro
expect folio P buf[0] mapcount=2 refcount=2 anon_exclusive=0
read P buf 0 seq
write P buf 1 seq
read P buf 1 seq
read C buf 0 seq
expect folio P buf[0] mapcount=1 refcount=1 anon_exclusive=1
