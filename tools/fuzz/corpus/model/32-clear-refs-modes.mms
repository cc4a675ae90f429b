# clear-refs: only soft-dirty (4) is modelled; all, anon and mapped answer
# -ENOSYS with a "not modelled yet" line.
process A
mmap A buf 4K anon
write A buf 1
clear-refs A all
expect ret -ENOSYS
clear-refs A anon
expect ret -ENOSYS
clear-refs A mapped
expect ret -ENOSYS
expect log "not modelled yet: clear_refs"
clear-refs A soft-dirty
expect pte A buf present ro
