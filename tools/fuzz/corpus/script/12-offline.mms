memory 512M
process A
mmap A a 8K anon
write A a 1
offline block-of A a[0] passes=2
offline 2
online 2 movable
migrate A a
compact
hwpoison A a[1]
read A a[1]
expect signal SIGBUS
