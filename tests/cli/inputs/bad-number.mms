process A
mmap A a 0x1z anon
