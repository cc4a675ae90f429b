process A
mmap A a 8K anon
exit A
write A a 1
