# anonymous write and read back
process A
mmap A a 64K anon
write A a 1 seq
read A a 1 seq
expect data A a[2:4] 3 seq
expect rss A anon=64K
