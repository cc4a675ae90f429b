# Patch 17 "mm/rmap: avoid -EBUSY from make_device_exclusive()", after
# (level 17). Hunk H17 '+' side: folio_lock_killable() sleeps until the holder
# unlocks (until=wait: the request then converts the page) or a fatal signal
# ends the sleep (until=unlock: -EINTR, nothing converted).
# Matrix row R15, level 17.
series 17
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
lock A buf[0] until=wait
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive ro soft-dirty
expect device D buf[0] atomic
expect folio A buf[0] locked=0 mapcount=1 refcount=1

process B
mmap B buf 8K anon
write B buf 1 seq
device E B
lock B buf[0] until=unlock
E exclusive buf[0]
expect ret -EINTR
expect pte B buf[0] present write dirty
expect device E buf[0] none
expect folio B buf[0] locked=1 mapcount=1 refcount=1
unlock B buf[0]
expect ret 0
