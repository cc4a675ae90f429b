# mmap placement: top-down below 0x7f0000000000 at the highest gap that fits
# (DESIGN.md 5); at= is MAP_FIXED_NOREPLACE, which fails with -EEXIST when any
# part of the range is mapped (do_mmap()); align= aligns the start; a 2 MiB
# multiple of anon is THP-aligned by thp_get_unmapped_area.
process A
mmap A a 16K anon at=0x100000
mmap A b 4K anon at=0x104000
mmap A c 4K anon at=0x103000
expect ret -EEXIST
mmap A d 8K anon at=0xff000
expect ret -EEXIST
mmap A e 4K anon at=0xfe000
write A a 1 seq
write A b 7
write A e 8
expect data A a 1 seq
expect data A b 7
expect data A e 8
# the failed mappings map nothing: their region names answer as unmapped
read A c
expect signal SIGSEGV
read A d[0]
expect signal SIGSEGV
mmap A f 64K anon align=1M
mmap A g 2M anon
write A f 1
write A g 1
expect rss A anon=0x216000           # 2M + 88K, all order-0 (THP is madvise)
# a mapping that ends exactly at the user limit is fine
mmap A top 4K anon at=0x7ffffffff000
write A top 9
expect data A top 9
