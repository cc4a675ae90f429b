process A
mmap A a 12345 anon
