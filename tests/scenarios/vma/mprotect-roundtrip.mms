# mprotect round trips keep the data and follow change_pte_range():
# - removing write access write-protects present PTEs (r, rx, none);
# - restoring rw makes an exclusive anon page writable at once
#   (can_change_pte_writable()), but a page shared after fork stays
#   read-only: the next write COWs;
# - PROT_NONE keeps the PTE present (pte_present() covers PROTNONE) but any
#   access faults with SIGSEGV (access_error());
# - a shared file page stays write-protected after rw until written, since
#   the VMA wants write notification (vma_wants_writenotify()).
file F 4K fill=0x55
process A
mmap A buf 8K anon
write A buf 1 seq
mprotect A buf r
expect pte A buf present ro
read A buf 1 seq
mprotect A buf rx
expect pte A buf present ro
write A buf[0] 3
expect signal SIGSEGV
mprotect A buf none
expect pte A buf present
read A buf[1]
expect signal SIGSEGV
mprotect A buf rw
expect pte A buf present write dirty
expect data A buf 1 seq
# only part of the region: the VMA splits, each part keeps its own protection
mprotect A buf[1] r
write A buf[0] 5
write A buf[1] 5
expect signal SIGSEGV
mprotect A buf rw
# a COW-shared page is not made writable by mprotect
fork A B
mprotect A buf r
mprotect A buf rw
expect pte A buf present ro
write A buf[0] 6
expect pte A buf[0] present write
expect data B buf[0] 5
# shared file mapping: write-notify keeps the PTE read-only until written
mmap A f 4K file=F r
read A f 0x55
mprotect A f rw
expect pte A f present ro
write A f 0x56
expect pte A f present write dirty
