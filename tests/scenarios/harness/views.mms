# The views print and change nothing.
process A
mmap A buf 8K anon
write A buf 1
show pte A buf
show pte A buf --dot
show folio A buf[0]
show rmap A buf[0]
show rmap A buf[0] --dot
show smaps A
show stats
show log
expect rss A anon=8K
