process A
mmap A a 8K anon at=0x800000000000
