package archivetest

import (
	"fmt"
	"strings"
	"testing"

	"whosaid"
	"whosaid/archive"
)

// testSearchScanCapped checks the bound on the candidates a filtered
// search looks at for its total (archive.FacetScan): with the only
// matches of a filter older than the newest FacetScan candidates, the
// total is capped yet the page still finds them; with all candidates
// within the bound, the total is exact.
func testSearchScanCapped(t *testing.T, a whosaid.Archive) {
	direct := func(id, day string, n int) {
		putBudget(t, a, id, day, n, whosaid.Direct)
	}
	indirect := func(id, day string) { putBudget(t, a, id, day, 5, whosaid.Indirect) }

	// Exactly FacetScan candidates: the walk sees them all.
	indirect("scan-old", "2020-01-01")
	direct("scan-new", "2020-02-02", archive.FacetScan-5)
	f := whosaid.StatementFilter{Query: "budget", Kind: whosaid.Indirect}
	p := search(t, a, f)
	if p.Total != 5 || p.TotalCapped || len(p.Statements) != 5 {
		t.Errorf("%d candidates: total %d capped %v, %d statements; want 5, exact, 5", archive.FacetScan, p.Total, p.TotalCapped, len(p.Statements))
	}

	// One more, newer: the oldest of the five lies beyond the bound.
	direct("scan-newer", "2020-03-03", 1)
	p = search(t, a, f)
	if !p.TotalCapped || len(p.Statements) != 5 {
		t.Errorf("%d candidates: total %d capped %v, %d statements; want capped and 5", archive.FacetScan+1, p.Total, p.TotalCapped, len(p.Statements))
	}
	// Without the filter, the newest window is counted as before.
	p = search(t, a, whosaid.StatementFilter{Query: "budget"})
	if p.Total != archive.FacetWindow || !p.TotalCapped {
		t.Errorf("no filter: total %d capped %v, want %d capped", p.Total, p.TotalCapped, archive.FacetWindow)
	}
}

// putBudget stores an article of n statements of one kind, each its own
// quote, by a few officials.
func putBudget(t *testing.T, a whosaid.Archive, id, day string, n int, kind whosaid.AttributionKind) {
	t.Helper()
	var text strings.Builder
	x := &whosaid.Extraction{ID: id, Extractor: v1}
	for i := range n {
		start := text.Len() // ASCII: bytes are code points
		quote := fmt.Sprintf("Budget line %s-%d stays.", id, i)
		line := fmt.Sprintf("Official %d said: %q\n", i%7, quote)
		cue := start + strings.Index(line, "said")
		content := start + strings.Index(line, "Budget")
		x.Attributions = append(x.Attributions, whosaid.Attribution{SpeakerName: fmt.Sprintf("Official %d", i%7), Kind: kind,
			Cue:      whosaid.Span{Start: cue, End: cue + 4, Text: "said"},
			Contents: []whosaid.Span{{Start: content, End: content + len(quote), Text: quote}}})
		text.WriteString(line)
	}
	art := whosaid.Article{ID: id, URL: "https://example.org/" + id, Title: "Budget " + id, Outlet: "Example",
		Published: date(t, day), Text: text.String()}
	put(t, a, art, x)
}
