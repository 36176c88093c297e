package eval

import (
	"slices"
	"strings"
)

// SpanError is one gold span missed or one predicted span not in the gold
// under exact matching: a line of `whosaid eval --errors FILE`, meant for
// reading boundary mistakes quickly.
type SpanError struct {
	Doc string `json:"doc"`
	// Role is "Source", "Cue" or "Content".
	Role string `json:"role"`
	// Error is "missed" (a gold span not predicted) or "spurious" (a
	// predicted span not in the gold).
	Error string `json:"error"`
	// Direct is set for contents counted as direct quotes.
	Direct bool   `json:"direct,omitempty"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
	// Paired is the span of the other side matched to this one under
	// overlap matching: a boundary error rather than a miss.
	Paired *PairedSpan `json:"paired,omitempty"`
	// Context is the text around the span, the span itself in [[ ]].
	Context string `json:"context"`
}

// PairedSpan is the counterpart of a SpanError under overlap matching.
type PairedSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// contextRunes is how much text either side of an error is shown.
const contextRunes = 60

func spanErrors(doc string, text []rune, c Category, gold, pred []Frag, pairs map[int]int, goldDirect, predDirect []Frag) []SpanError {
	predOf := make(map[int]int, len(pairs))
	for i, j := range pairs {
		predOf[j] = i
	}
	mk := func(kind string, f Frag, direct []Frag, other []Frag, paired int, ok bool) SpanError {
		e := SpanError{Doc: doc, Role: c.String(), Error: kind, Start: f.Start, End: f.End,
			Text: string(text[f.Start:f.End]), Context: contextOf(text, f)}
		if c == CatContent {
			_, e.Direct = slices.BinarySearchFunc(direct, f, cmpFrag)
		}
		if ok {
			o := other[paired]
			e.Paired = &PairedSpan{o.Start, o.End, string(text[o.Start:o.End])}
		}
		return e
	}
	var out []SpanError
	for j, g := range gold {
		if _, hit := slices.BinarySearchFunc(pred, g, cmpFrag); !hit {
			i, ok := predOf[j]
			out = append(out, mk("missed", g, goldDirect, pred, i, ok))
		}
	}
	for i, p := range pred {
		if _, hit := slices.BinarySearchFunc(gold, p, cmpFrag); !hit {
			j, ok := pairs[i]
			out = append(out, mk("spurious", p, predDirect, gold, j, ok))
		}
	}
	return out
}

// contextOf returns the text around f with f marked, line breaks shown as ⏎.
func contextOf(text []rune, f Frag) string {
	a, b := max(0, f.Start-contextRunes), min(len(text), f.End+contextRunes)
	s := string(text[a:f.Start]) + "[[" + string(text[f.Start:f.End]) + "]]" + string(text[f.End:b])
	return strings.ReplaceAll(s, "\n", "⏎")
}
