# Private file mapping: GUP(FOLL_WRITE) breaks COW, so the converted page
# is an anon copy of the file page and the conversion succeeds. Unmapping
# the VMA zaps the entry in a non-anonymous VMA: zap_nonpresent_ptes()'s
# WARN_ON_ONCE(!vma_is_anonymous(vma)).
file F 8K fill=5 seq
process A
mmap A buf 8K file-private=F
read A buf 5 seq
device D A
D exclusive buf[0]
expect ret 0
expect pte A buf[0] device-exclusive ro
expect folio A buf[0] anon=1 mapcount=1 refcount=1
expect device D buf[0] atomic
read A buf[0] 5
expect pte A buf[0] present write dirty
D exclusive buf[0]
munmap A buf
expect warn 1
