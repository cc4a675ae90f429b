# Patch 17 "mm/rmap: avoid -EBUSY from make_device_exclusive()", before
# (level 16). Hunk H17 '-' side (mm/rmap.c make_device_exclusive):
# !folio_trylock() -> ERR_PTR(-EBUSY), passed through by test_hmm (H3t '+').
# Another task holds the folio lock (`lock`); a trylock simply fails, whether
# the holder would finish (until=wait) or not.
# Matrix row R15, level 16.
series 16
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
lock A buf[0] until=wait
D exclusive buf[0]
expect ret -EBUSY
expect pte A buf[0] present write dirty
expect device D buf[0] none
expect folio A buf[0] locked=1 mapcount=1 refcount=1
unlock A buf[0]
expect ret 0

process B
mmap B buf 8K anon
write B buf 1 seq
device E B
lock B buf[0] until=unlock
E exclusive buf[0]
expect ret -EBUSY
expect pte B buf[0] present write dirty
expect device E buf[0] none
expect folio B buf[0] locked=1 mapcount=1
unlock B buf[0]
expect ret 0
