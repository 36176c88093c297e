//go:build !linux

package model

// allocTable returns n zeroed bytes for a weight table.
func allocTable(n int) []byte { return make([]byte, n) }
