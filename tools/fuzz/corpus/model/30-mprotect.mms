# mprotect read-only write-protects present PTEs; back to rw, an exclusive
# anon page becomes writable at once (can_change_pte_writable), so the next
# write does not fault.
process A
mmap A buf 8K anon
write A buf 1 seq
mprotect A buf r
expect pte A buf present ro
write A buf 5
expect signal SIGSEGV
mprotect A buf rw
expect pte A buf present write
write A buf 5
mprotect A buf[1] none
read A buf[1]
expect signal SIGSEGV
expect data A buf[0] 5
