# A single (tail) page of a PMD THP at level 17 (series matrix R3): only
# that PTE becomes device-exclusive; the folio stays PTE-mapped.
thp always
process A
mmap A buf 2M anon
write A buf 1 seq
device D A
D exclusive buf[1]
expect ret 0
expect pte A buf[1] device-exclusive ro
expect pte A buf[0] present write dirty pte
expect pte A buf[2:] present write dirty pte
expect device D buf[1] atomic
expect device D buf[0] none
expect folio A buf[0] mapcount=512 refcount=512
