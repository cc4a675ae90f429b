# fork shares a PMD-mapped THP; the child's write splits its PMD and copies
# one page; a partial munmap of the parent splits the parent's PMD.
thp always
process P
mmap P buf 2M anon
write P buf 0x1000 seq
fork P C
expect pte C buf present ro pmd
expect folio P buf[0] mapcount=2 entire_mapcount=2 refcount=2 anon_exclusive=0
write C buf[5] 0x55
expect pte C buf[5] present write pte
expect pte C buf[6] present ro pte
expect folio C buf[6] mapcount=512 entire_mapcount=1 nr_pages_mapped=511 refcount=512
expect data C buf[6] 0x1006
expect data C buf[5] 0x55
munmap P buf[0:1]
expect pte P buf[1] present ro pte
expect pte P buf[0] none
expect data P buf[1] 0x1001
expect rss P anon=2044K
