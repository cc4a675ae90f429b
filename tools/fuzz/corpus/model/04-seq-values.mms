# V seq gives page i the value V + i, i counted from the region's first page.
process A
mmap A buf 32K anon
write A buf[2:6] 0x100 seq
expect data A buf[2:6] 0x100 seq
expect data A buf[2] 0x102
read A buf[3:5] 0x100 seq
expect pte A buf[:2] none
expect pte A buf[6:] none
expect rss A anon=16K
