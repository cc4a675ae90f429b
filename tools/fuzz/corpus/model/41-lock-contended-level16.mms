# Folio lock contention (the exclusive:lock-contended injection point: another
# task, e.g. swap-out, holds the lock for a moment). Before patch 17 the
# conversion trylocks and fails with -EBUSY (mm/rmap.c make_device_exclusive).
series 16
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
inject exclusive:lock-contended once
D exclusive buf[0]
expect ret -EBUSY
expect pte A buf[0] present write
expect folio A buf[0] locked=0
D exclusive buf[0]
expect pte A buf[0] device-exclusive
