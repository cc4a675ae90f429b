# munmap zaps the pages and returns them; the region keeps its name.
process A
mmap A buf 16K anon
write A buf 3
expect stats anon=16K
munmap A buf[1:3]
expect pte A buf[1:3] none
expect rss A anon=8K
expect stats anon=8K
read A buf[1]
expect signal SIGSEGV
expect data A buf[3] 3
munmap A buf
expect rss A anon=0
expect stats anon=0
