hugetlb 4
process A
mmap A h 4M hugetlb at=0x7e0000000000
mmap A g 2M anon align=2M
write A h 1
expect pte A h[0] present write dirty pmd
split A h[0]
expect ret -EINVAL
