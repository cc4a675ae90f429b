# MADV_DONTFORK: the VMA is not copied, so fork's copy_nonpresent_pte never
# meets the entry: the parent stays device-exclusive. The notifier
# (PROTECTION_PAGE) is sent only for copied COW VMAs (copy_page_range), so
# the device keeps its ATOMIC entries too.
process P
mmap P buf 8K anon
write P buf 1 seq
madvise P buf dontfork
device D P
D exclusive buf
fork P C
expect pte P buf device-exclusive ro
expect device D buf atomic
read C buf
expect signal SIGSEGV
read P buf 1 seq
expect device D buf none
