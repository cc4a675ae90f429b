# CPU accesses that the x86 fault handler refuses raise SIGSEGV and stop
# the command at that page; the process survives.
process A
mmap A ro 8K anon r
mmap A none 4K anon none
read A ro 0
write A ro 1
expect signal SIGSEGV
read A none
expect signal SIGSEGV
write A ro[1] 5
expect signal SIGSEGV
expect pte A ro[0] present ro
expect rss A anon=0
