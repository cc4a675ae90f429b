# A read fault on never-touched private anon memory maps the shared zero
# page read-only (do_anonymous_page); nothing is allocated or counted.
process A
mmap A buf 16K anon
read A buf 0
expect pte A buf present ro
expect data A buf 0
expect rss A anon=0
expect stats anon=0
expect smaps A rss=0
