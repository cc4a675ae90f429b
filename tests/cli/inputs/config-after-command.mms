process A
swap 16M
