process A
frobnicate A
