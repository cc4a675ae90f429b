file F 64K fill=0x100 seq
process A
mmap A f 16K file=F rx off=16K
mmap A p 16K file-private=F
mmap A s 8K shared rw
read A f 0x104 seq
write A p[0] 9
madvise A p dontneed
expect data A p 0x100 seq
