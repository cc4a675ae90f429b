mmap A a 8K anon
