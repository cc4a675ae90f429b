# off= maps a file from that offset: page i of the region is file page
# off/4K + i, for shared and private mappings alike; a shared write is seen
# through every mapping of the page (one page-cache folio), a private write
# COWs into an anon page that no other mapping sees.
file F 32K fill=0x1000 seq
process A
process B
mmap A s 8K file=F off=16K
mmap B t 16K file=F off=8K
mmap B p 8K file-private=F off=24K
read A s 0x1004 seq
read B t 0x1002 seq
read B p 0x1006 seq
expect rss A file=8K
write A s[1] 0xabc
expect data B t[3] 0xabc
expect folio B t[3] mapcount=2 anon=0 dirty=1
write B p[1] 0xdef
expect folio B p[1] anon=1 mapcount=1
expect data B p[0] 0x1006
expect rss B file=20K anon=4K
read A s[1] 0xabc
