# The whole PMD THP at level 17 (series matrix R4): GUP's FOLL_SPLIT_PMD
# remaps the PMD by PTEs, then 512 single-PTE conversions (patch 4).
thp always
process A
mmap A buf 2M anon
write A buf 1 seq
device D A
D exclusive buf
expect ret 0
expect pte A buf device-exclusive ro pte
expect device D buf atomic
expect folio A buf[0] mapcount=512 refcount=512 order=9
expect stats anon=2M
read A buf[7] 8
expect device D buf[7] none
expect pte A buf[7] present write dirty
