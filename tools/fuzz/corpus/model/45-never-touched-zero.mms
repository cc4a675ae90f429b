# Never-touched pages and zero-page pages: GUP(FOLL_WRITE) faults a fresh
# anon page in (do_anonymous_page) or breaks COW of the zero page
# (wp_page_copy), so both convert; the data is 0.
process A
mmap A fresh 8K anon
mmap A zero 8K anon
read A zero 0
expect pte A zero present ro
device D A
D exclusive fresh
expect ret 0
D exclusive zero
expect ret 0
expect pte A fresh device-exclusive ro
expect pte A zero device-exclusive ro
# zero lies just below fresh: breaking COW of zero[1] (CLEAR over zero[1])
# and converting it (EXCLUSIVE over zero[1]) reach D's entry of fresh[0]
# too, because dmirror_do_update() erases through end >> PAGE_SHIFT
# inclusive; fresh[0]'s PTE stays device-exclusive
expect device D fresh[0] none
expect device D fresh[1] atomic
expect device D zero atomic
D check fresh[0]
expect stats anon=16K
D read zero 0
read A fresh 0
read A zero 0
