# Patch 4 "mm/rmap: implement make_device_exclusive() using folio_walk
# instead of rmap walk", after (level 4).
# Hunk H4 '+' side (mm/rmap.c make_device_exclusive): GUP, folio lock, an
# EXCLUSIVE notifier over one page, folio_walk_start() re-check (same folio and
# page, PTE level, writable), one PTE cleared and replaced by a WRITE entry,
# folio_remove_rmap_pte() for that page only (the TODO patch 16 removes).
# Matrix rows R2 and R5, level 4.
series 4
thp always
process A
mmap A t 2M anon
write A t 1 seq
device D A

# R2: only the head's PTE is converted.
D exclusive t[0]
expect ret 0
expect pte A t[0] device-exclusive write soft-dirty
expect pte A t[1:512] present write dirty pte
expect device D t[0] atomic
expect device D t[1:512] none
expect folio A t[0] mapcount=511 nr_pages_mapped=511 entire_mapcount=0 refcount=512 dirty=1
expect stats anon=2044K
expect rss A anon=2M

# R5: the next page converts too; D keeps the head's entry.
D exclusive t[1]
expect ret 0
expect pte A t[0:2] device-exclusive write
expect pte A t[2:512] present write dirty pte
expect device D t[0:2] atomic
expect folio A t[0] mapcount=510 nr_pages_mapped=510 refcount=512
expect stats anon=2040K
D check t[0]
expect ret -EPERM
