# TEST_F(hmm, exclusive_mprotect) at level 0: the same -EPERM; in addition the
# legacy change_pte_range() downgrades the WRITE entries to READ ones (the
# branch patch 6 removed), so the CPU read restores them read-only and clean.
series legacy
process P
mmap P buf 4M anon
write P buf 0 seq
device D P
D exclusive buf
expect ret 0
mprotect P buf r
expect device D buf none
expect pte P buf device-exclusive ro
D write buf 5 seq
expect ret -EPERM
read P buf 0 seq
expect pte P buf present ro clean
