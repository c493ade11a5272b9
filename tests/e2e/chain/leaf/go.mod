module leaf

go 1.24
