# Content shadow: MADV_DONTNEED resets private anon pages to 0 and private
# file pages to the file's data; a shared file keeps what was written.
file F 16K fill=0x700 seq
process A
process B
mmap A anon 8K anon
mmap A priv 16K file-private=F
mmap B shared 16K file=F
write A anon 0x1 seq
write A priv[0:2] 0x50 seq
write B shared[3] 0x999
expect data A priv[0] 0x50
read A priv[2] 0x702
madvise A anon[0] dontneed
read A anon[0] 0
expect data A anon[1] 0x2
madvise A priv dontneed
read A priv[0:3] 0x700 seq
# a private page never written shows the file, shared writes included
read A priv[3] 0x999
madvise B shared dontneed
read B shared[3] 0x999
read B shared[0] 0x700
