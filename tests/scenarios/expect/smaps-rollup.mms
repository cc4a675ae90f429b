# expect smaps is smaps_rollup by page-table walk: smaps_pte_entry() skips
# the zero page (vm_normal_page() returns NULL for it), a PMD-mapped THP
# counts 2 MiB, a PROT_NONE PTE is still present (pte_present()), and
# nothing counts as Swap while nothing can be swapped out.
thp never
swap 16M
process A
mmap A buf 16K anon
read A buf
expect smaps A rss=0 swap=0
write A buf[0:2] 1
expect smaps A rss=8K swap=0
mprotect A buf none
expect smaps A rss=8K
mprotect A buf rw
thp always
mmap A t 2M anon
write A t[100] 1
expect smaps A rss=0x202000 swap=0
# rss counters agree: AnonPages of this mm, in bytes
expect rss A anon=0x202000 swap=0
munmap A t
expect smaps A rss=8K
