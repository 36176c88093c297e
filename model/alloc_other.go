//go:build !linux

package model

// allocTable returns n zeroed bytes for t's packed weights.
func allocTable(t *Table, n int) []byte { return make([]byte, n) }
