package main

import "testing"

func TestDefaultWorkers(t *testing.T) {
	tests := []struct {
		procs       int
		batchWriter bool
		want        int
	}{
		{1, true, 1}, // never none
		{2, true, 1}, // the writer gets the other core
		{8, true, 7},
		{1, false, 1},
		{2, false, 2}, // PostgreSQL: every worker writes its own articles
		{8, false, 8},
	}
	for _, tt := range tests {
		if got := defaultWorkers(tt.procs, tt.batchWriter); got != tt.want {
			t.Errorf("defaultWorkers(%d, %v) = %d, want %d", tt.procs, tt.batchWriter, got, tt.want)
		}
	}
}
