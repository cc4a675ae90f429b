swap 16M
memory 256M
check end
process A
mmap A a 64K anon
write A a 1
madvise A a pageout
reclaim all
reclaim 64K
reclaim
expect stats swap=64K bad_page=0
expect smaps A rss=0 swap=64K
