package archive

import (
	"fmt"
	"testing"
)

func TestFacetCounter(t *testing.T) {
	tests := []struct {
		matches    int
		wantTotal  int
		wantCapped bool
	}{
		{0, 0, false},
		{3, 3, false},
		{FacetWindow, FacetWindow, false},
		{FacetWindow + 1, FacetWindow, true},
	}
	for _, tt := range tests {
		var c FacetCounter
		for i := range tt.matches {
			if !c.Add(fmt.Sprint("s", i%3), "", "direct") {
				break
			}
		}
		if c.Total() != tt.wantTotal || c.Capped() != tt.wantCapped {
			t.Errorf("%d matches: total %d capped %v, want %d %v", tt.matches, c.Total(), c.Capped(), tt.wantTotal, tt.wantCapped)
		}
		f := c.Facets()
		if len(f.Outlets) != 0 {
			t.Errorf("%d matches: empty outlets counted: %+v", tt.matches, f.Outlets)
		}
		if tt.matches > 0 && (len(f.Kinds) != 1 || f.Kinds[0].Count != tt.wantTotal) {
			t.Errorf("%d matches: kinds %+v, want direct ×%d", tt.matches, f.Kinds, tt.wantTotal)
		}
		if tt.matches >= 3 && (len(f.Speakers) != 3 || f.Speakers[0].Count < f.Speakers[2].Count) {
			t.Errorf("%d matches: speakers %+v, want 3, most frequent first", tt.matches, f.Speakers)
		}
	}
}
