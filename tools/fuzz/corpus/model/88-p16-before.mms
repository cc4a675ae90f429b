# Patch 16 "mm/rmap: keep mapcount untouched for device-exclusive entries",
# before (level 15), the mapcount part (the reclaim and migration issues
# extend this pair).
# Hunk H16 '-' side: make_device_exclusive() calls folio_remove_rmap_pte()
# (mapcount and NR_ANON_MAPPED drop, the reference stays), restore_exclusive_pte()
# adds the rmap back (RMAP_NONE), zap_nonpresent_ptes() removes the rmap only
# for device-private entries.
# Matrix rows R1, R2, R11, level 15.
series 15
thp always
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret 0
expect folio A buf[0] mapcount=0 refcount=1 anon_exclusive=1
expect stats anon=4K
expect rss A anon=8K
read A buf[0] 1
expect folio A buf[0] mapcount=1 refcount=1
expect stats anon=8K
D exclusive buf[0]
expect ret 0
expect folio A buf[0] mapcount=0 refcount=1
munmap A buf[0]
expect pte A buf[0] none
expect stats anon=4K
expect rss A anon=4K

# R2: the head of a PTE-mapped THP (single-PTE conversion since patch 4).
process B
mmap B t 2M anon
write B t 1 seq
device E B
E exclusive t[0]
expect ret 0
expect folio B t[0] mapcount=511 nr_pages_mapped=511 refcount=512
expect stats anon=2048K
