# After exit the process is gone: its commands answer -ESRCH, its pages are free.
process A
mmap A buf 8K anon
write A buf 1
expect stats anon=8K
exit A
expect stats anon=0
write A buf 1
expect ret -ESRCH
exit A
expect ret -ESRCH
