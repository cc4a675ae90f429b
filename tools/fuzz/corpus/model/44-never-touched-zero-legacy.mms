# Never-touched and zero-page pages at level 0: GUP faults them in first,
# the batch converts completely; the entries drop the mapcount.
series legacy
process A
mmap A fresh 8K anon
mmap A zero 8K anon
read A zero 0
device D A
D exclusive fresh
expect ret 0
D exclusive zero
expect ret 0
expect pte A fresh device-exclusive write
expect pte A zero device-exclusive write
expect device D zero atomic
expect stats anon=0
read A zero 0
expect stats anon=8K
