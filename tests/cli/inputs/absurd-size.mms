process A
mmap A a 256T anon
