# Folio lock contention, from patch 17: folio_lock_killable() waits for the
# transient holder and the conversion succeeds (no -EBUSY).
series 17
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
inject exclusive:lock-contended once
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive
expect folio A buf[0] locked=0
D exclusive buf[0]
expect pte A buf[0] device-exclusive
