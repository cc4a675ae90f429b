process A
mmap A a 8K anon
write A a 0xb06
write A a 1
expect warn 0
expect log "kernel BUG"
expect bug 1
