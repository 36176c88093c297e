package extract

import (
	"math"
	"sort"

	"whosaid"
)

// labelledSpan is a run of tokens the tagger gave one span type.
type labelledSpan struct {
	span
	kind int // labBSrc, labBCon or labBCue
	conf float32
}

// decodeSpans turns the BIO labels of tokens [from, from+len(labels))
// into spans, never across paragraphs. margin, when not nil, gives each
// span the mean margin of its tokens as a confidence.
func decodeSpans(d *doc, from int, labels []int, margin []float32) []labelledSpan {
	var out []labelledSpan
	for i := 0; i < len(labels); {
		l := labels[i]
		if l == labO {
			i++
			continue
		}
		kind := l
		if kind%2 == 0 { // an I- label starting a span
			kind--
		}
		j := i + 1
		for j < len(labels) && labels[j] == kind+1 && d.toks[from+j].para == d.toks[from+i].para {
			j++
		}
		var m float32
		for k := i; k < j && margin != nil; k++ {
			m += margin[k]
		}
		out = append(out, labelledSpan{span: span{from + i, from + j}, kind: kind, conf: m / float32(j-i)})
		i = j
	}
	return out
}

// findAttributions tags the document and ties each cue to its source and
// content pieces; quotations running on into later paragraphs are
// followed there.
func (x *Extractor) findAttributions(d *doc) []attr {
	if len(d.toks) == 0 || x.tagger == nil {
		return []attr{}
	}
	raws := x.tagger.tag(d)
	out := make([]attr, 0, len(raws))
	for _, r := range raws {
		a := attr{cue: trimCue(d, r.cue.span), conf: confidence(r.cue.conf)}
		for _, c := range r.contents {
			c = x.trimContent(d, c)
			if c.from < c.to {
				a.contents = append(a.contents, c.span)
			}
		}
		a.source = nearestSource(r.cue.span, r.sources)
		if len(a.contents) == 0 {
			c, src, ok := fallbackContent(d, a.cue)
			if !ok {
				continue
			}
			a.contents = []span{c}
			if a.source.from == a.source.to && src.from < src.to {
				a.source = src
			}
			a.conf /= 2
		}
		a.contents = followQuotes(d, a.contents)
		out = append(out, a)
	}
	fixSources(d, out)
	out = mergeSpeakerLabels(d, out, findSpeakerLabels(d))
	for i := range out {
		if out[i].kind == "" {
			out[i].kind = kindOf(d, out[i].contents)
		}
	}
	return out
}

// sortAttrs orders attributions by cue position.
func sortAttrs(atts []attr) {
	sort.Slice(atts, func(i, j int) bool { return atts[i].cue.from < atts[j].cue.from })
}

// followQuotes adds the paragraphs a quotation runs on into: when the last
// content piece ends a quotation that continues in the next paragraph,
// that paragraph's quotation is content too, and so on.
func followQuotes(d *doc, contents []span) []span {
	last := contents[len(contents)-1]
	qi := d.quoteAfter(last.to - 1)
	if qi == len(d.quotes) || d.quotes[qi].to != last.to || !d.quotes[qi].cont {
		return contents
	}
	for k := qi + 1; k < len(d.quotes); k++ {
		next := d.quotes[k]
		contents = append(contents, span{next.from, next.to})
		if !next.cont {
			break
		}
	}
	return contents
}

// nearestSource picks the source span closest to the cue.
func nearestSource(cue span, sources []labelledSpan) span {
	best, bestGap := span{}, math.MaxInt
	for _, s := range sources {
		if g := gap(s.span, cue); g < bestGap {
			best, bestGap = s.span, g
		}
	}
	return best
}

// confidence squashes a tagger margin into [0, 1).
func confidence(m float32) float64 {
	if m <= 0 {
		return 0
	}
	return math.Round((1-math.Exp(-float64(m)/20))*1000) / 1000
}

// gap is the number of tokens between two spans (0 when they touch or
// overlap).
func gap(a, b span) int {
	if a.to <= b.from {
		return b.from - a.to
	}
	if b.to <= a.from {
		return a.from - b.to
	}
	return 0
}

// trimContent drops quotation marks and stray punctuation at a content's
// ends, and the complementizer "that" unless PolNeAR's convention is
// asked for; a piece that is all quotation but for its marks is snapped to
// the quotation's exact extent.
func (x *Extractor) trimContent(d *doc, s labelledSpan) labelledSpan {
	trim := func() {
		for s.from < s.to && (d.toks[s.from].kind == tokQuote || isTrimPunct(d.tok(s.from))) {
			s.from++
		}
		for s.to > s.from && d.toks[s.to-1].kind == tokQuote {
			s.to--
		}
	}
	trim()
	if s.from >= s.to {
		return s
	}
	s.span = snapToQuote(d, s.span)
	if !x.opts.KeepComplementizer && s.to-s.from > 2 && d.lowers[s.from] == "that" {
		s.from++
	}
	trim()
	return s
}

func isTrimPunct(t string) bool {
	switch t {
	case ",", ":", ";", "-", "\u2014", "\u2013", "--", ")", "(":
		return true
	}
	return false
}

// snapToQuote: when every word of s lies in one quotation, s is that
// quotation's words; quotes are where the tagger's boundaries are least
// needed.
func snapToQuote(d *doc, s span) span {
	if k := d.quoteAfter(s.from); k < len(d.quotes) && d.quotes[k].from < s.to {
		q := d.quotes[k]
		inside := true
		for i := s.from; i < s.to; i++ {
			if (i < q.from || i >= q.to) && d.toks[i].kind != tokQuote && d.toks[i].kind != tokPunct {
				inside = false
				break
			}
		}
		if inside {
			return span{q.from, q.to}
		}
	}
	return s
}

// quoteAfter returns the index of the first quotation ending after token
// i; quotations are in text order and do not overlap.
func (d *doc) quoteAfter(i int) int {
	return sort.Search(len(d.quotes), func(k int) bool { return d.quotes[k].to > i })
}

// kindOf says whether contents are quoted: direct when all their words
// are inside quotation marks, indirect when none are, mixed otherwise.
func kindOf(d *doc, contents []span) whosaid.AttributionKind {
	in, out := 0, 0
	for _, c := range contents {
		for i := c.from; i < c.to; i++ {
			if d.toks[i].kind != tokWord && d.toks[i].kind != tokNum {
				continue
			}
			if d.inQuote[i] {
				in++
			} else {
				out++
			}
		}
	}
	switch {
	case out == 0 && in > 0:
		return whosaid.Direct
	case in == 0:
		return whosaid.Indirect
	}
	return whosaid.Mixed
}
