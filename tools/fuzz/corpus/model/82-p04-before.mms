# Patch 4 "mm/rmap: implement make_device_exclusive() using folio_walk
# instead of rmap walk", before (level 3).
# Hunk H4 '-' side (mm/rmap.c page_make_device_exclusive_one,
# folio_make_device_exclusive): an EXCLUSIVE notifier over the whole folio
# (from its first address in the VMA), page_vma_mapped_walk() over every PTE
# of the folio, each converted with folio_remove_rmap_pte(); a non-present
# PTE aborts the walk; success needs the target writable and mapcount 0.
# Matrix rows R2 and R5, level 3.
series 3
thp always
process A
mmap A t 2M anon
write A t 1 seq
device D A

# R2: the head converts every PTE of the folio.
D exclusive t[0]
expect ret 0
expect pte A t[0:512] device-exclusive write soft-dirty
expect device D t[0] atomic
expect device D t[1:512] none
expect folio A t[0] mapcount=0 nr_pages_mapped=0 entire_mapcount=0 refcount=512 dirty=1
expect stats anon=0
expect rss A anon=2M

# R5: the next page. GUP faults t[1] back (legacy restore: writable, dirty,
# rmap add); the walk's whole-folio notifier erases D's entry at t[0], then the
# walk meets t[0]'s non-present entry first and gives up: -EBUSY.
D exclusive t[1]
expect ret -EBUSY
expect pte A t[0] device-exclusive write
expect pte A t[1] present write dirty pte
expect pte A t[2:512] device-exclusive write
expect device D t none
expect folio A t[0] mapcount=1 refcount=512
expect stats anon=4K
D check t
expect ret 0
