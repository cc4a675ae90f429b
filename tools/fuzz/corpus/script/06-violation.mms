process A
mmap A a 8K anon
write A a 0x1e
expect violation refcount
write A a[1] 0x1e
compact
