# Patch 3 "mm/rmap: convert make_device_exclusive_range() to
# make_device_exclusive()", before (level 2).
# Hunk H3r '-' (mm/rmap.c make_device_exclusive_range): PageTail(pages[i]) or a
# failed conversion leaves pages[i] = NULL. Hunk H3t '-' (lib/test_hmm.c
# dmirror_exclusive): 64-page batches; dmirror_atomic_map() (Hm: maps the
# non-NULL pages) runs only if GUP returned every page of the batch; fewer
# pages mapped than the batch -> -EBUSY. So every failure is -EBUSY.
# Matrix rows R3, R7, R8, R6 (level 2) and the hole case of series.md.
series 2
hugetlb 1
thp always

# R3: a tail page of a PMD THP. GUP's FOLL_SPLIT_PMD splits the PMD, the tail
# is rejected, the map stores nothing, 0 < 1 -> -EBUSY.
process A
mmap A t 2M anon
write A t 1 seq
device D A
D exclusive t[1]
expect ret -EBUSY
expect pte A t[0:512] present write dirty pte
expect device D t none
expect folio A t[0] mapcount=512 entire_mapcount=0 nr_pages_mapped=512 refcount=512
expect stats anon=2M

# R7: read-only VMA. GUP(FOLL_WRITE) -EFAULT, reported as -EBUSY.
process B
mmap B r 8K anon r
read B r
device E B
E exclusive r[0]
expect ret -EBUSY
expect pte B r[0] present ro
expect device E r none

# R8: shared anonymous memory: not an anon folio, rejected, -EBUSY.
process C
mmap C s 8K shared
write C s 1 seq
device F C
F exclusive s[0]
expect ret -EBUSY
expect pte C s[0] present write
expect device F s none

# R6: hugetlb: GUP -EOPNOTSUPP (patch 1), reported as -EBUSY.
process H
mmap H h 2M hugetlb
write H h[0] 1
device G H
G exclusive h[0]
expect ret -EBUSY
expect pte H h[0] present write pmd
expect device G h none

# A hole: GUP stops after x[0] (returns 1 of 2), so the batch is not mapped on
# the device, yet x[0] was converted: a device-exclusive entry no device maps.
process K
mmap K x 8K anon
write K x 1 seq
munmap K x[1]
device J K
J exclusive x
expect ret -EBUSY
expect pte K x[0] device-exclusive write soft-dirty
expect device J x none
expect folio K x[0] mapcount=0 refcount=1
J check x[0]
expect ret 0
