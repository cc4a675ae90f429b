process A
mmap A a 8K anon
write A a[