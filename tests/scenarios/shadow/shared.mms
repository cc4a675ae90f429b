# Content shadow: shared file and shmem writes are seen through every
# mapping; a private file mapping COWs on write and keeps seeing the file
# elsewhere; munmap and a new mapping start from the file or from zero.
file F 16K fill=0x40
process A
process B
mmap A s 16K file=F
mmap B s 8K file=F off=8K
mmap B p 16K file-private=F
mmap A sh 8K shared
write A s[2] 0x2a
read B s[0] 0x2a
write B s[1] 0x3b
read A s[3] 0x3b
read B p[0:2] 0x40
read B p[2] 0x2a
read B p[3] 0x3b
write B p[1] 0xbb
read B p[2] 0x2a
read A s[1] 0x40
write A s[1] 0x41
read B p[1] 0xbb
read B p[0] 0x40
fork A C
write C sh[1] 0x5
read A sh[1] 0x5
read A sh[0] 0
munmap B p[1:3]
mmap B q 8K file-private=F off=4K
read B q[0] 0x41
exit A
read C s[2] 0x2a
read C sh[1] 0x5
