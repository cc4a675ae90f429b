hugetlb 1000000
