process A
mmap A a 16K anon
write A a[2:9] 1
