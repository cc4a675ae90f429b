process A
mmap A a 32K anon
gup A a[0:4] write pin longterm
expect folio A a[0] refcount=1025 pincount=0 anon=1 anon_exclusive=1
unpin A a[0:4]
gup A a[4:] split-pmd force
