# Content shadow: fork copies every private value, and after COW each side
# keeps its own data. The checker compares every mapped page with the shadow
# after each command, so a wrong copy or a lost write stops the script.
process P
mmap P buf 16K anon
write P buf 0x100 seq
fork P C
expect data C buf 0x100 seq
write C buf[0] 0xc0
write P buf[1] 0xb1
expect data P buf[0] 0x100
expect data C buf[0] 0xc0
expect data P buf[1] 0xb1
expect data C buf[1] 0x101
# a grandchild inherits the child's values, COWed or not
fork C G
read G buf[0] 0xc0
read G buf[1] 0x101
write G buf[2] 0x6
expect data C buf[2] 0x102
expect data P buf[2] 0x102
exit C
read G buf[3] 0x103
read P buf[3] 0x103
exit P
read G buf[2] 0x6
expect data G buf[3] 0x103
