process A
mmap A a 4K anon
write A a 1
