# MAP_FIXED_NOREPLACE below vm.mmap_min_addr (64 KiB on Debian) fails with
# -EPERM from security_mmap_addr() (mm/mmap.c __get_unmapped_area); at the
# limit it succeeds.
process A
mmap A low 4K anon at=0x1000
expect ret -EPERM
mmap A edge 4K anon at=0x10000
write A edge 5
expect data A edge 5
