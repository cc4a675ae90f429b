process A
mmap A a 8K anon
mmap A a 4K anon
