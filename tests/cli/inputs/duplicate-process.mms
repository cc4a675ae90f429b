process A
process A
