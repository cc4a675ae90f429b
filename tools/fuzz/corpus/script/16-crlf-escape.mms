process A
mmap A a 4K anon
expect log "a \" b \\ c"
