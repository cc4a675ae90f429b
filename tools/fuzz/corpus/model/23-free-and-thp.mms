# Content shadow: MADV_FREE pages may read 0 or their old value until
# written; PMD-mapped THP pages are checked page by page, also after fork
# and after a partial MADV_DONTNEED splits the mapping.
thp always
process P
mmap P lazy 8K anon
write P lazy 0x5 seq
madvise P lazy free
write P lazy[1] 0x9
read P lazy[1] 0x9
mmap P huge 2M anon
write P huge 0x1000 seq
expect pte P huge[0] present pmd
fork P C
write C huge[7] 0x77
read P huge[7] 0x1007
expect data C huge[8] 0x1008
madvise C huge[16:32] dontneed
read C huge[16] 0
read C huge[32] 0x1020
read P huge[16] 0x1010
