package eval

import (
	"slices"

	"whosaid"
)

// Category is one row group of the report: a role, or direct-quote
// contents alone.
type Category int

// The categories scored.
const (
	CatSource Category = iota
	CatCue
	CatContent
	CatDirect // contents of direct quotes only
	NumCategories
)

var categoryNames = [NumCategories]string{"Source", "Cue", "Content", "Direct content"}

func (c Category) String() string { return categoryNames[c] }

// Counts are the span counts of one category. Precision and recall are
// Exact/Pred and Exact/Gold for exact matching, Overlap/Pred and
// Overlap/Gold for overlap matching.
type Counts struct {
	Gold int `json:"gold"`
	Pred int `json:"pred"`
	// Exact is the number of predicted spans equal to a gold span.
	Exact int `json:"exact"`
	// Overlap is the size of a maximum one-to-one matching between
	// predicted and gold spans sharing at least one code point.
	Overlap int `json:"overlap"`
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Gold += o.Gold
	c.Pred += o.Pred
	c.Exact += o.Exact
	c.Overlap += o.Overlap
}

// PRF is precision, recall and F1 for tp true positives among pred
// predicted and gold gold spans; each is 0 when undefined.
func PRF(tp, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// spanSets are the comparable spans of one article, per category: merged,
// trimmed, non-empty and without duplicates, sorted by offsets.
type spanSets [NumCategories][]Frag

// add puts the pieces of one role of one attribution into the sets:
// merged, then trimmed; direct tells, per merged piece, whether it also
// goes into CatDirect.
func (s *spanSets) add(text []rune, cat Category, frags []Frag, direct func(Frag) bool) {
	for _, f := range merge(text, frags) {
		t := trim(text, f)
		if t.Start == t.End {
			continue
		}
		s[cat] = append(s[cat], t)
		if direct != nil && direct(f) {
			s[CatDirect] = append(s[CatDirect], t)
		}
	}
}

func (s *spanSets) dedupe() {
	for c := range s {
		slices.SortFunc(s[c], func(a, b Frag) int {
			if a.Start != b.Start {
				return a.Start - b.Start
			}
			return a.End - b.End
		})
		s[c] = slices.Compact(s[c])
	}
}

// goldSets builds the comparable gold spans of d.
func goldSets(d *Doc, text []rune) spanSets {
	var s spanSets
	direct := func(f Frag) bool { return isDirect(text, f) }
	for _, a := range d.Attributions {
		s.add(text, CatSource, a.Frags[Source], nil)
		s.add(text, CatCue, a.Frags[Cue], nil)
		s.add(text, CatContent, a.Frags[Content], direct)
	}
	s.dedupe()
	return s
}

// predSets builds the comparable predicted spans of x, the contents of a
// direct attribution counting as direct.
func predSets(x *whosaid.Extraction, text []rune) spanSets {
	var s spanSets
	if x == nil {
		return s
	}
	frag := func(sp whosaid.Span) Frag { return Frag{sp.Start, sp.End} }
	yes := func(Frag) bool { return true }
	for _, a := range x.Attributions {
		if a.Source != nil {
			s.add(text, CatSource, []Frag{frag(*a.Source)}, nil)
		}
		s.add(text, CatCue, []Frag{frag(a.Cue)}, nil)
		cs := make([]Frag, len(a.Contents))
		for i, c := range a.Contents {
			cs[i] = frag(c)
		}
		var direct func(Frag) bool
		if a.Kind == whosaid.Direct {
			direct = yes
		}
		s.add(text, CatContent, cs, direct)
	}
	s.dedupe()
	return s
}

// DocResult is the score of one article.
type DocResult struct {
	Name   string
	Counts [NumCategories]Counts
	// Errors are the gold spans missed and the predicted spans not in the
	// gold, under exact matching, for Source, Cue and Content.
	Errors []SpanError
}

// ScoreDoc scores the extraction x of d's text against d's gold
// attributions. A nil x scores as an empty extraction; predicted offsets
// outside the text are clamped into it.
func ScoreDoc(d *Doc, x *whosaid.Extraction) DocResult {
	text := []rune(d.Text)
	gold, pred := goldSets(d, text), predSets(x, text)
	res := DocResult{Name: d.Name}
	for c := range NumCategories {
		g, p := gold[c], pred[c]
		pairs := matchOverlaps(g, p)
		cnt := Counts{Gold: len(g), Pred: len(p), Overlap: len(pairs)}
		for _, f := range p {
			if _, ok := slices.BinarySearchFunc(g, f, cmpFrag); ok {
				cnt.Exact++
			}
		}
		res.Counts[c] = cnt
		if c != CatDirect {
			res.Errors = append(res.Errors, spanErrors(d.Name, text, c, g, p, pairs, gold[CatDirect], pred[CatDirect])...)
		}
	}
	return res
}

func cmpFrag(a, b Frag) int {
	if a.Start != b.Start {
		return a.Start - b.Start
	}
	return a.End - b.End
}

// Report adds up the counts of many articles (micro-averaging).
type Report struct {
	Docs   int                   `json:"docs"`
	Counts [NumCategories]Counts `json:"-"`
}

// Add adds one article's counts.
func (r *Report) Add(d DocResult) {
	r.Docs++
	for c := range r.Counts {
		r.Counts[c].Add(d.Counts[c])
	}
}
