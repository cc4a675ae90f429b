# Patch 16 "mm/rmap: keep mapcount untouched for device-exclusive entries",
# after (level 16), the mapcount part.
# Hunk H16 '+' side: conversion and restore leave the rmap alone (mapcount and
# NR_ANON_MAPPED unchanged), zap removes the rmap of a device-exclusive entry.
# Matrix rows R1, R2, R11, level 16.
series 16
thp always
process A
mmap A buf 8K anon
write A buf 1 seq
device D A
D exclusive buf[0]
expect ret 0
expect folio A buf[0] mapcount=1 refcount=1 anon_exclusive=1
expect stats anon=8K
expect rss A anon=8K
read A buf[0] 1
expect folio A buf[0] mapcount=1 refcount=1
expect stats anon=8K
D exclusive buf[0]
expect ret 0
expect folio A buf[0] mapcount=1 refcount=1
munmap A buf[0]
expect pte A buf[0] none
expect stats anon=4K
expect rss A anon=4K

# R2: the head of a PTE-mapped THP.
process B
mmap B t 2M anon
write B t 1 seq
device E B
E exclusive t[0]
expect ret 0
expect folio B t[0] mapcount=512 nr_pages_mapped=512 refcount=512
expect stats anon=2052K
