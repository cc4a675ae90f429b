process A
mmap A a 8K anon
expect device D a none
