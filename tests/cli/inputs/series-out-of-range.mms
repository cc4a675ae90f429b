series 18
