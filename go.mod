module whosaid

go 1.26
