package model

import (
	"runtime"
	"syscall"
)

// allocTable returns n zeroed bytes for t's packed weights. On Linux they
// are mapped apart from the Go heap and marked for transparent huge
// pages: inference reads the table at random, and with 4 KB pages most
// reads also miss the TLB. The mapping is released when t is collected.
// If mapping fails the heap does it.
func allocTable(t *Table, n int) []byte {
	const huge = 2 << 20
	size := (n + huge - 1) / huge * huge
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]byte, n)
	}
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) // advice only: without it, 4 KB pages
	runtime.AddCleanup(t, func(b []byte) { syscall.Munmap(b) }, b)
	return b[:n:n]
}
