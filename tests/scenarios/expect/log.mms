# expect log finds a retained world-log line by substring: injection
# points log when they fire, paths the model lacks log "not modelled yet",
# and show folio's dump_page() writes the v6.14 __dump_folio lines.
process A
mmap A buf 8K anon
inject alloc:fail once
write A buf 1
expect ret -ENOMEM
expect log "injection point alloc:fail fired"
write A buf 1
ksm scan
expect ret -ENOSYS
expect log "not modelled yet: ksm scan"
show folio A buf[0]
expect log "page: refcount:1 mapcount:1 mapping:0000000000000000"
expect log "page dumped because: show folio"
