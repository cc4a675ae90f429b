# lock holds a folio lock as another task; unlock releases it.
process A
mmap A buf 4K anon
write A buf 1
lock A buf
expect folio A buf locked=1
lock A buf
expect ret -EBUSY
unlock A buf
expect folio A buf locked=0
unlock A buf
expect ret -EINVAL
