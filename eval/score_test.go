package eval

import (
	"strings"
	"testing"
	"unicode/utf8"

	"whosaid"
)

// at returns the code-point span of the first occurrence of sub in text.
func at(t *testing.T, text, sub string) Frag {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	s := utf8.RuneCountInString(text[:i])
	return Frag{s, s + utf8.RuneCountInString(sub)}
}

func wspan(text string, f Frag) whosaid.Span {
	return whosaid.Span{Start: f.Start, End: f.End, Text: string([]rune(text)[f.Start:f.End])}
}

// gatt and patt build a gold and a predicted attribution from substrings
// of text ("" leaves a role empty; "a|b" gives two fragments).
func gatt(t *testing.T, text, src, cue, content string) Attribution {
	var a Attribution
	for r, s := range []string{src, cue, content} {
		for _, piece := range strings.Split(s, "|") {
			if piece != "" {
				a.Frags[r] = append(a.Frags[r], at(t, text, piece))
			}
		}
	}
	return a
}

func patt(t *testing.T, text, src, cue, content string, kind whosaid.AttributionKind) whosaid.Attribution {
	a := whosaid.Attribution{Kind: kind}
	if src != "" {
		s := wspan(text, at(t, text, src))
		a.Source = &s
	}
	if cue != "" {
		a.Cue = wspan(text, at(t, text, cue))
	}
	for _, piece := range strings.Split(content, "|") {
		if piece != "" {
			a.Contents = append(a.Contents, wspan(text, at(t, text, piece)))
		}
	}
	return a
}

func TestScoreDoc(t *testing.T) {
	const said = `He said “We will win,” and Ann added that taxes would fall. “No,” Bo said, “never.” Cy said: X Y Z, yes.`
	type att struct{ src, cue, content string }
	type patts struct {
		src, cue, content string
		kind              whosaid.AttributionKind
	}
	tests := []struct {
		name string
		text string
		gold []att
		pred []patts
		want [NumCategories]Counts // Gold, Pred, Exact, Overlap
	}{{
		name: "exact after trimming quotes and punctuation",
		text: said,
		gold: []att{{"He", "said", "“We will win,”"}},
		pred: []patts{{"He", "said", "We will win", whosaid.Direct}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}},
	}, {
		name: "boundary off by a word: overlap only",
		text: said,
		gold: []att{{"Ann", "added", "that taxes would fall."}},
		pred: []patts{{"Ann", "added", "taxes would fall", whosaid.Indirect}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 0, 1}, {}},
	}, {
		name: "one predicted span over two gold spans matches one",
		text: said,
		gold: []att{{"", "said", "We will win"}, {"", "added", "taxes would fall"}},
		pred: []patts{{"", "said", "We will win,” and Ann added that taxes would fall", whosaid.Indirect}},
		want: [NumCategories]Counts{{}, {2, 1, 1, 1}, {2, 1, 0, 1}, {1, 0, 0, 0}},
	}, {
		name: "split quote: fragments with words between stay two spans",
		text: said,
		gold: []att{{"Bo", "said", "“No,”|“never.”"}},
		pred: []patts{{"Bo", "said", "No|never", whosaid.Direct}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {2, 2, 2, 2}, {2, 2, 2, 2}},
	}, {
		name: "fragments separated by punctuation only merge",
		text: said,
		gold: []att{{"Cy", "said", "X Y|Z, yes"}},
		pred: []patts{{"Cy", "said", "X Y Z, yes", whosaid.Indirect}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {}},
	}, {
		name: "predicted pieces merge too",
		text: said,
		gold: []att{{"Cy", "said", "X Y Z, yes"}},
		pred: []patts{{"Cy", "said", "X Y|Z, yes", whosaid.Indirect}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {}},
	}, {
		name: "identical spans count once",
		text: said,
		gold: []att{{"He", "said", "We will win"}, {"He", "said", "We will win"}},
		pred: []patts{{"He", "said", "We will win", whosaid.Indirect}, {"He", "said", "We will win", whosaid.Indirect}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 0, 0, 0}},
	}, {
		name: "content enclosed by quotes is direct; predicted direct only by kind",
		text: said,
		gold: []att{{"He", "said", "We will win"}},
		pred: []patts{{"He", "said", "We will win", whosaid.Mixed}},
		want: [NumCategories]Counts{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 0, 0, 0}},
	}, {
		name: "nothing predicted",
		text: said,
		gold: []att{{"He", "said", "We will win"}},
		want: [NumCategories]Counts{{1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}},
	}, {
		name: "spans of only punctuation are dropped",
		text: said,
		gold: []att{{"", "said", "“"}},
		pred: []patts{{"", ",", "said", whosaid.Indirect}},
		want: [NumCategories]Counts{{}, {1, 0, 0, 0}, {0, 1, 0, 0}, {}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &Doc{Name: "d", Text: tc.text}
			for _, g := range tc.gold {
				d.Attributions = append(d.Attributions, gatt(t, tc.text, g.src, g.cue, g.content))
			}
			x := &whosaid.Extraction{}
			for _, p := range tc.pred {
				x.Attributions = append(x.Attributions, patt(t, tc.text, p.src, p.cue, p.content, p.kind))
			}
			got := ScoreDoc(d, x)
			for c := range NumCategories {
				if got.Counts[c] != tc.want[c] {
					t.Errorf("%s: got %+v, want %+v", c, got.Counts[c], tc.want[c])
				}
			}
		})
	}
}

// TestMatchOverlapsIsMaximum checks the matching is maximum, not greedy:
// a greedy pass pairing P1 with its largest overlap G2 would leave P2
// unmatched.
func TestMatchOverlapsIsMaximum(t *testing.T) {
	gold := []Frag{{0, 10}, {10, 20}}
	pred := []Frag{{8, 18}, {12, 16}}
	if got := matchOverlaps(gold, pred); len(got) != 2 {
		t.Errorf("matched %v, want 2 pairs", got)
	}
}

func TestScoreDocClampsBadOffsets(t *testing.T) {
	d := &Doc{Text: "He said so."}
	x := &whosaid.Extraction{Attributions: []whosaid.Attribution{{
		Source:   &whosaid.Span{Start: -5, End: 2},
		Cue:      whosaid.Span{Start: 9, End: 400},
		Contents: []whosaid.Span{{Start: 7, End: 3}},
	}}}
	got := ScoreDoc(d, x)
	if got.Counts[CatSource].Pred != 1 || got.Counts[CatCue].Pred != 1 || got.Counts[CatContent].Pred != 0 {
		t.Errorf("got %+v", got.Counts)
	}
}

func TestIsDirect(t *testing.T) {
	tests := []struct {
		text, content string
		want          bool
	}{
		{`He said "yes."`, `"yes."`, true},
		{`He said "yes".`, `"yes".`, true},
		{`He said "yes," and left.`, `yes`, true},
		{`“Fine,” she said.`, `Fine`, true},
		{`He said that "yes" was fine.`, `that "yes" was fine`, false},
		{`He said yes.`, `yes`, false},
		{`He said «oui».`, `oui`, true},
		{`He called it "fine" that nobody "asked"`, `that nobody`, false},
	}
	for _, tc := range tests {
		f := at(t, tc.text, tc.content)
		if got := isDirect([]rune(tc.text), f); got != tc.want {
			t.Errorf("isDirect(%q in %q) = %v, want %v", tc.content, tc.text, got, tc.want)
		}
	}
}

func TestPRF(t *testing.T) {
	p, r, f := PRF(1, 2, 4)
	if p != 0.5 || r != 0.25 || f < 0.333 || f > 0.334 {
		t.Errorf("PRF(1,2,4) = %v %v %v", p, r, f)
	}
	if p, r, f := PRF(0, 0, 0); p != 0 || r != 0 || f != 0 {
		t.Errorf("PRF(0,0,0) = %v %v %v", p, r, f)
	}
}
