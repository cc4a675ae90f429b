series legacy
memory 512M block=128M
swap 64M
hugetlb 2
check every
thp 64K always
process A
thp never
