# lock P PAGE holds the folio lock as another task. A fault in another mm
# that finds the page-cache folio locked sleeps in filemap_fault()
# (lock_folio_maybe_drop_mmap(), killable); with until=wait the holder
# finishes and wakes it, the fault takes the lock, maps the page and
# unlocks, so the folio ends unlocked and mapped twice.
file F 8K fill=0x20 seq
process A
process B
mmap A f 8K file=F
mmap B g 8K file=F
read A f 0x20 seq
lock A f[1] until=wait
expect folio A f[1] locked=1
read B g[1] 0x21
expect folio A f[1] locked=0 mapcount=2
# a lock already held cannot be taken again; unlock of a lock nobody took
# by `lock` is -EINVAL
lock A f[0]
lock A f[0]
expect ret -EBUSY
unlock A f[0]
unlock A f[0]
expect ret -EINVAL
expect folio A f[0] locked=0
# lock needs a folio behind the entry
mmap A a 4K anon
lock A a
expect ret -ENOENT
