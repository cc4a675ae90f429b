# Shared file mapping: a page-cache folio is not anon: -EOPNOTSUPP from
# level 3 (the test after GUP in make_device_exclusive()).
file F 8K fill=5 seq
process A
mmap A buf 8K file=F
read A buf 5 seq
device D A
D exclusive buf[0]
expect ret -EOPNOTSUPP
expect pte A buf[0] present
expect device D buf none
D read buf 5 seq
expect device D buf[0] write
