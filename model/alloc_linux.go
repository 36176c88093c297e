package model

import "syscall"

// allocTable returns n zeroed bytes for a weight table. On Linux they are
// mapped apart from the Go heap and marked for transparent huge pages:
// inference reads the table at random, and with 4 KB pages most reads
// also miss the TLB. The mapping lives as long as the process (models are
// loaded once). If mapping fails the heap does it.
func allocTable(n int) []byte {
	const huge = 2 << 20
	size := (n + huge - 1) / huge * huge
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]byte, n)
	}
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) // advice only: without it, 4 KB pages
	return b[:n:n]
}
