process A
mmap A a 8K anon
write A a[2:1] 1
