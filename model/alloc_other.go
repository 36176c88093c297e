//go:build !linux

package model

func allocWeights(n int) []int16 { return make([]int16, n) }
