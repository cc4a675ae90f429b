# Patch 3 "mm/rmap: convert make_device_exclusive_range() to
# make_device_exclusive()", after (level 3).
# Hunk H3r '+' (mm/rmap.c make_device_exclusive): one page; GUP errno passed
# as ERR_PTR; !anon || hugetlb -> -EOPNOTSUPP; trylock failure or a failed
# conversion -> -EBUSY. The PageTail test is gone, but the conversion is still
# folio_make_device_exclusive()'s rmap walk (H4 '-' side), which converts every
# PTE of the folio. Hunk H3t '+' (lib/test_hmm.c): page by page, errno passed.
# Matrix rows R3, R7, R8, R6 (level 3) and the hole case of series.md.
series 3
hugetlb 1
thp always

# R3: the tail request succeeds and converts all 512 PTEs; the device maps
# only the tail.
process A
mmap A t 2M anon
write A t 1 seq
device D A
D exclusive t[1]
expect ret 0
expect pte A t[0:512] device-exclusive write soft-dirty
expect device D t[1] atomic
expect device D t[0] none
expect device D t[2:512] none
expect folio A t[0] mapcount=0 entire_mapcount=0 nr_pages_mapped=0 refcount=512
expect stats anon=0
D check t[1]
expect ret -EPERM

# R7: read-only VMA: the GUP errno.
process B
mmap B r 8K anon r
read B r
device E B
E exclusive r[0]
expect ret -EFAULT
expect pte B r[0] present ro
expect device E r none

# R8: shared anonymous memory: the early test after GUP.
process C
mmap C s 8K shared
write C s 1 seq
device F C
F exclusive s[0]
expect ret -EOPNOTSUPP
expect pte C s[0] present write
expect device F s none

# R6: hugetlb: GUP's -EOPNOTSUPP (patch 1) passes through.
process H
mmap H h 2M hugetlb
write H h[0] 1
device G H
G exclusive h[0]
expect ret -EOPNOTSUPP
expect pte H h[0] present write pmd
expect device G h none

# A hole: x[0] converts and is mapped atomic, x[1] has no VMA: -EFAULT.
process K
mmap K x 8K anon
write K x 1 seq
munmap K x[1]
device J K
J exclusive x
expect ret -EFAULT
expect pte K x[0] device-exclusive write soft-dirty
expect device J x[0] atomic
expect folio K x[0] mapcount=0 refcount=1
J check x[0]
expect ret -EPERM
