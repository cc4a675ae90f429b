# Folio lock contention before patch 3: make_device_exclusive_range()
# trylocks each page; a contended page comes back NULL, so the 64-page batch
# maps fewer pages than asked and test_hmm returns -EBUSY; the holder then
# finishes and nothing is left converted or locked.
series 2
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
inject exclusive:lock-contended once
D exclusive buf[0]
expect ret -EBUSY
expect pte A buf[0] present write
expect folio A buf[0] locked=0
expect device D buf[0] none
D exclusive buf[0]
expect pte A buf[0] device-exclusive write
expect device D buf[0] atomic
