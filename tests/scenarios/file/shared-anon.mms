# Shared anonymous memory is shmem: fork shares the pages themselves.
process P
mmap P sh 8K shared
write P sh 1 seq
expect rss P shmem=8K anon=0
expect stats shmem=8K
fork P C
read C sh 1 seq
write C sh[0] 0x33
expect data P sh[0] 0x33
expect folio P sh[0] mapcount=2 anon=0
