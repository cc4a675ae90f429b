# A tail page of a PMD THP at level 0 (series matrix R3): the split happens,
# the tail is rejected (PageTail -> NULL), nothing is mapped: -EBUSY.
# The head page alone converts the whole folio (R2) and succeeds.
series legacy
thp always
process A
mmap A buf 2M anon
write A buf 1 seq
device D A
D exclusive buf[1]
expect ret -EBUSY
expect pte A buf present write dirty pte
expect device D buf none
D exclusive buf[0]
expect ret 0
expect pte A buf device-exclusive write pte
expect device D buf[0] atomic
expect device D buf[1:] none
expect folio A buf[0] mapcount=0 refcount=512
