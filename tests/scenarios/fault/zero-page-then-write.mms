# Reading first maps the zero page; the write that follows copies it
# (wp_page_copy from the zero page) into a new exclusive folio.
process A
mmap A buf 4K anon
read A buf 0
expect rss A anon=0
write A buf 7
expect pte A buf present write dirty
expect folio A buf mapcount=1 refcount=1 anon_exclusive=1
expect rss A anon=4K
expect data A buf 7
