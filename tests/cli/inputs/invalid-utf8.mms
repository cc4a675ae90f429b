process A
mmap A a 8K anon
write A a 1 # caf√© ok ‚Ç cut
