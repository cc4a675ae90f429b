# alloc:fail, without do: the next allocation fails, whichever it is.
# - In a fresh mm the first allocation of a fault is a page table
#   (__pud_alloc() and below): the fault answers VM_FAULT_OOM, -ENOMEM.
# - Once the tables exist it is the folio: do_anonymous_page() answers
#   VM_FAULT_OOM, -ENOMEM, and leaves the PTE none.
# - A GUP that must fault the page in fails the same way (faultin_page()
#   turns VM_FAULT_OOM into -ENOMEM).
# - A hugetlb fault whose pool allocation fails: alloc_hugetlb_folio() gives
#   an error that vmf_error() turns into VM_FAULT_SIGBUS (not OOM).
hugetlb 1
process A
mmap A buf 8K anon
mmap A h 2M hugetlb
inject alloc:fail once
write A buf[0] 1
expect ret -ENOMEM
expect pte A buf[0] none
expect stats anon=0
write A buf[0] 1
# buf and h lie in the same 1 GiB, so every table h needs exists now
inject alloc:fail once
write A buf[1] 2
expect ret -ENOMEM
expect pte A buf[1] none
inject alloc:fail once
gup A buf[1] write
expect ret -ENOMEM
expect pte A buf[1] none
inject alloc:fail once
write A h 1
expect signal SIGBUS
expect pte A h none
write A buf 1 seq
write A h 1
expect data A buf 1 seq
expect stats anon=8K
