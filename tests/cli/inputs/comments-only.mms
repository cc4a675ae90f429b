# only comments

   # and blanks
