# MADV_DONTFORK regions are not copied; MADV_WIPEONFORK ones come over empty.
process P
mmap P keep 4K anon
mmap P skip 4K anon
mmap P wipe 4K anon
write P keep 1
write P skip 2
write P wipe 3
madvise P skip dontfork
madvise P wipe wipeonfork
fork P C
expect data C keep 1
read C skip
expect signal SIGSEGV
expect pte C wipe none
read C wipe 0
expect data P wipe 3
expect rss C anon=4K
expect folio P skip mapcount=1 anon_exclusive=1
