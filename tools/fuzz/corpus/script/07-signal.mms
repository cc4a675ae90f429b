process A
mmap A a 8K anon r
write A a 0x5e9
expect signal SIGSEGV
read A a 0xda7a
write A a 0xbad
