# inject POINT do COMMAND runs COMMAND where the point fires, as another
# thread of the process would at that moment, and the allocation then goes
# on. Two threads faulting different pages of one PTE table both succeed:
# each fault installs its own PTE under the table lock (do_anonymous_page()).
# The page tables exist before the point is armed, so the point fires at the
# folio allocation of the fault on buf[2].
process A
mmap A buf 16K anon
write A buf[0] 1
inject alloc:fail once do write A buf[1] 9
write A buf[2] 3
expect log "mmsim: at alloc:fail ran line 10: result 0"
expect data A buf[0] 1
expect data A buf[1] 9
expect data A buf[2] 3
write A buf[1] 2
expect data A buf[1] 2
expect rss A anon=12K
expect pte A buf[3] none
# without `once` the point stays armed: every allocation runs the command
inject alloc:fail do read A buf[0]
write A buf[3] 4
expect data A buf[3] 4
