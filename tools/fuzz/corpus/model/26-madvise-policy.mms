# The default PMD policy is madvise: only MADV_HUGEPAGE regions get THPs.
process A
mmap A plain 2M anon
mmap A huge 2M anon
madvise A huge hugepage
write A plain[0] 1
write A huge[0] 1
expect pte A plain[0] present pte
expect pte A huge[0] present pmd
expect rss A anon=2052K
madvise A huge nohugepage
thp never
mmap A late 2M anon
madvise A late hugepage
write A late 1
expect pte A late[0] present pte
