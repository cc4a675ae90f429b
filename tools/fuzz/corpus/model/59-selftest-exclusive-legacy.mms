# TEST_F(hmm, exclusive) at level 0: the legacy dmirror_exclusive() converts
# 64-page batches through make_device_exclusive_range() (rmap walk); every
# batch is complete for small anon pages, so the ioctl succeeds as at 17.
# The entries are WRITE-typed (before patch 6) and drop the mapcount and
# AnonPages (before patch 16); the restore adds the rmap back.
series legacy
process P
mmap P buf 4M anon
write P buf 0 seq
device D P
D exclusive buf
expect ret 0
expect pte P buf device-exclusive write soft-dirty
expect device D buf atomic
expect folio P buf[0] mapcount=0 refcount=1 anon_exclusive=1
expect stats anon=0
D read buf 0 seq
D check buf
expect ret -EPERM
read P buf 0 seq
# legacy restore from a WRITE entry: maybe_mkwrite(pte_mkdirty())
expect pte P buf present write dirty soft-dirty
expect folio P buf[0] mapcount=1 refcount=1
expect stats anon=4M
write P buf 1 seq
read P buf 1 seq
D check buf
expect ret 0
