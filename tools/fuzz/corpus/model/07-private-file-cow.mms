# A private file mapping reads the file; a write copies into anon memory
# (do_cow_fault) and the file keeps its data.
file F 8K fill=0x700
process A
process B
mmap A p 8K file-private=F
mmap B s 8K file=F
read A p 0x700
expect rss A file=8K
write A p[0] 1
expect folio A p[0] anon=1 anon_exclusive=1 mapcount=1
expect rss A file=4K anon=4K
read B s 0x700
