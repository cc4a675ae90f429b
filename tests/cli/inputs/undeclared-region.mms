process A
write A a 1
