# The views print KTAP diagnostics and change nothing: a view after every
# kind of entry (pte, PMD leaf, shared file page, zero page) and in dot form,
# and the state expectations after them are those of before. (show rmap of a
# file folio is not exercised: the view walks i_mmap without the folio lock
# that rmap_walk_file() requires, and the model BUGs there.)
thp always
file F 4K fill=3
process A
mmap A a 8K anon
mmap A t 2M anon
mmap A f 4K file=F
write A a[0] 1
read A a[1]
write A t 2
read A f 3
fork A B
# fork copies no PTEs of a shared file mapping (vma_needs_copy()): B faults it
read B f 3
show pte A a
show pte A a --dot
show pte A t[0:2] --dot
show pte B f
show rmap A a[0]
show rmap A a[0] --dot
show rmap A t[0]
show folio A t[1]
show folio B f
show smaps A
show smaps B
show stats
show log
show rmap A a[1]
expect folio A a[0] mapcount=2 refcount=2
expect folio A t[0] order=9 entire_mapcount=2 refcount=2
expect folio B f mapcount=2 anon=0
expect pte A a[1] present ro
show pte A a[1]
show folio A a[1]
