# Content shadow: MADV_WIPEONFORK children read 0, MADV_DONTFORK ranges are
# not copied, MADV_DOFORK undoes it; partial ranges split the mappings.
process P
mmap P buf 16K anon
write P buf 0x10 seq
madvise P buf[1] wipeonfork
madvise P buf[2] dontfork
fork P C
read C buf[0] 0x10
read C buf[1] 0
read C buf[2]
expect signal SIGSEGV
read C buf[3] 0x13
read P buf 0x10 seq
write C buf[1] 0x77
expect data P buf[1] 0x11
madvise P buf[2] dofork
fork P D
read D buf[2] 0x12
read D buf[1] 0
write D buf[2] 0x88
expect data P buf[2] 0x12
