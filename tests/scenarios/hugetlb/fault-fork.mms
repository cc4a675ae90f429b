# Private hugetlb: a fault takes a 2 MiB page from the pool; fork shares it
# write-protected; a write in the child copies it from the pool.
hugetlb 2
process P
mmap P h 2M hugetlb
write P h[7] 0x77
expect pte P h present write pmd
expect folio P h[0] order=9 entire_mapcount=1 mapcount=1 refcount=1 anon=1 anon_exclusive=1
expect rss P anon=0
fork P C
expect folio C h[0] mapcount=2 refcount=2 anon_exclusive=0
write C h[7] 0x78
expect folio C h[0] mapcount=1 refcount=1 anon_exclusive=1
expect data P h[7] 0x77
expect data C h[7] 0x78
mmap P h2 2M hugetlb
write P h2 1
expect signal SIGBUS
