memory 128T
