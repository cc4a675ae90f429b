process A
mmap A a 8K anon
device D A
inject gup:after once do write A a[0] 3
inject exclusive:before-walk do D close
inject alloc:fail
D exclusive a
lock A a[0] until=wait
unlock A a[0]
clear-refs A soft-dirty
