process A
mmap A a 16K anon
device D A
write A a 5
D exclusive a chunk=8K
expect pte A a[0] device-exclusive ro
expect device D a[0:2] atomic
D check a
expect ret -EPERM
D read a 5
D write a[1:] 7 seq
D snapshot a[:2]
D close
