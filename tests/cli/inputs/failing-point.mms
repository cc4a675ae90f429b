process A
mmap A a 4K anon
write A a 1
expect data A a 2
