package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestFTSKey checks that the Go and SQL computations of the day-keyed
// full-text rowid agree, and that they order by day, then id.
func TestFTSKey(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		published string
		id        int64
	}{{"", 7}, {"1900-01-01", 1}, {"1969-12-31", 2}, {"2016-02-29", 3}, {"2021-05-16", 4294967295}, {"2099-12-31", 9}}
	prev := int64(-1)
	for _, tt := range tests {
		var got int64
		q := `SELECT ` + ftsKeySQL + ` FROM (SELECT ? AS published, ? AS id)`
		if err := s.r.QueryRow(q, tt.published, tt.id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := ftsKey(tt.published, tt.id); got != want {
			t.Errorf("%s/%d: SQL %d, Go %d", tt.published, tt.id, got, want)
		}
		if got <= prev {
			t.Errorf("%s/%d: key %d not after %d", tt.published, tt.id, got, prev)
		}
		prev = got
	}
}
