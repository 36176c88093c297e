package archivetest

import (
	"fmt"
	"strings"
	"testing"

	"whosaid"
	"whosaid/archive"
)

// testSearchCapped stores more statements than archive.FacetWindow and
// checks both stores count only the newest window, say so, and still page
// through every match.
func testSearchCapped(t *testing.T, a whosaid.Archive) {
	n := archive.FacetWindow + 5
	var text strings.Builder
	type at struct{ cue, content whosaid.Span }
	spans := make([]at, n)
	for i := range n {
		start := text.Len() // ASCII: bytes are code points
		line := fmt.Sprintf("Official %d said: \"Budget line %d stays.\"\n", i%7, i)
		cue := start + strings.Index(line, "said")
		content := start + strings.Index(line, "Budget")
		quote := fmt.Sprintf("Budget line %d stays.", i)
		spans[i] = at{whosaid.Span{Start: cue, End: cue + 4, Text: "said"},
			whosaid.Span{Start: content, End: content + len(quote), Text: quote}}
		text.WriteString(line)
	}
	art := whosaid.Article{ID: "budget", URL: "https://example.org/budget", Title: "Budget lines", Outlet: "Example",
		Published: date(t, "2020-02-02"), Text: text.String()}
	x := &whosaid.Extraction{ID: "budget", Extractor: v1}
	for i, s := range spans {
		x.Attributions = append(x.Attributions, whosaid.Attribution{SpeakerName: fmt.Sprintf("Official %d", i%7),
			Cue: s.cue, Contents: []whosaid.Span{s.content}, Kind: whosaid.Direct})
	}
	put(t, a, art, x)
	for _, f := range []whosaid.StatementFilter{{}, {Query: "budget"}} {
		p := search(t, a, f)
		if p.Total != archive.FacetWindow || !p.TotalCapped {
			t.Errorf("%+v: Total %d capped %v, want %d capped", f, p.Total, p.TotalCapped, archive.FacetWindow)
		}
		sum := 0
		for _, fc := range p.Facets.Speakers {
			sum += fc.Count
		}
		if sum != archive.FacetWindow {
			t.Errorf("%+v: speaker facets sum to %d, want %d: %+v", f, sum, archive.FacetWindow, p.Facets.Speakers)
		}
	}
	seen := 0
	f := whosaid.StatementFilter{Query: "budget", Limit: 100}
	for range n {
		p := search(t, a, f)
		seen += len(p.Statements)
		if p.NextCursor == "" {
			break
		}
		f.Cursor = p.NextCursor
	}
	if seen != n {
		t.Errorf("paged through %d statements, want all %d", seen, n)
	}
}
