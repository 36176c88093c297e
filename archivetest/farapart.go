package archivetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"whosaid"
)

// testFarApart stores matches of one word years apart, and one undated,
// and checks a search finds them all newest first, counts them and pages
// through them one at a time (a store that looks at recent days first
// must widen to the rest).
func testFarApart(t *testing.T, a whosaid.Archive) {
	days := []string{"2021-05-17", "2021-05-01", "2020-12-01", "2018-03-03", "2009-09-09", ""}
	var want []string
	for i, day := range days {
		quote := fmt.Sprintf("Zanzibar matters, year %d.", i)
		text := fmt.Sprintf("Spokesperson Ann Lee of the port authority said: \"%s\" She gave no detail %d.", quote, i)
		art := whosaid.Article{ID: fmt.Sprint("far", i), URL: fmt.Sprint("https://example.org/far/", i), Title: "Far", Outlet: "Example", Text: text}
		if day != "" {
			art.Published = date(t, day)
		}
		x := &whosaid.Extraction{ID: art.ID, Extractor: v1, Attributions: []whosaid.Attribution{{SpeakerName: "Ann Lee",
			Kind: whosaid.Direct, Cue: find(t, text, "said", 0), Contents: []whosaid.Span{find(t, text, quote, 0)}}}}
		put(t, a, art, x)
		want = append(want, quote)
	}
	for _, f := range []whosaid.StatementFilter{{Query: "zanzibar"}, {Query: "zanzibar", Kind: whosaid.Direct}} {
		p := search(t, a, f)
		if !slices.Equal(contents(p), want) || p.Total != len(want) || p.TotalCapped {
			t.Errorf("%+v: got %q (total %d), want %q", f, contents(p), p.Total, want)
		}
	}
	var got []string
	f := whosaid.StatementFilter{Query: "zanzibar", Limit: 1}
	for range len(days) + 1 {
		p := search(t, a, f)
		got = append(got, contents(p)...)
		if p.NextCursor == "" {
			break
		}
		f.Cursor = p.NextCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged one by one:\n got %s\nwant %s", strings.Join(got, " | "), strings.Join(want, " | "))
	}
}
