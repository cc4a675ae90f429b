# Paths that arrive with later issues answer -ENOSYS, never a silent pass.
swap 16M
process A
mmap A buf 8K anon
write A buf 1
reclaim all
expect ret -ENOSYS
migrate A buf
expect ret -ENOSYS
ksm scan
expect ret -ENOSYS
split A buf[0]
expect ret -ENOSYS
expect log "not modelled yet: ksm scan"
