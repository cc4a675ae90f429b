# The whole PMD THP at level 0 (series matrix R4): the first 64-page batch:
# the head converts the whole folio through the rmap walk; the tails come
# back NULL (PageTail); GUP returned all 64, so dmirror_atomic_map() maps the
# head only, 1 < 64 -> -EBUSY and the ioctl stops.
series legacy
thp always
process A
mmap A buf 2M anon
write A buf 1 seq
device D A
D exclusive buf
expect ret -EBUSY
expect pte A buf device-exclusive write pte
expect device D buf[0] atomic
expect device D buf[1:] none
expect folio A buf[0] mapcount=0 refcount=512
expect stats anon=0
