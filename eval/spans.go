package eval

import (
	"slices"
	"strings"
	"unicode"
)

// isQuote reports whether r is a quotation mark: straight, curly, low,
// guillemets, primes and the backtick, all of which occur in news text.
func isQuote(r rune) bool {
	return strings.ContainsRune("\"'`“”„‟«»‹›‘’‚‛″‶", r)
}

// isTrim reports whether r is trimmed from both ends of a span before
// spans are compared: white space, punctuation and quotation marks.
func isTrim(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || isQuote(r) }

// trim shrinks f past trimmable code points at both ends. The result is
// empty (Start == End) when f holds nothing else.
func trim(text []rune, f Frag) Frag {
	for f.Start < f.End && isTrim(text[f.Start]) {
		f.Start++
	}
	for f.End > f.Start && isTrim(text[f.End-1]) {
		f.End--
	}
	return f
}

// clamp puts f inside a text of n code points with Start <= End, so a
// prediction with bad offsets is scored rather than crashing the scorer.
func clamp(f Frag, n int) Frag {
	f.Start = min(max(f.Start, 0), n)
	f.End = min(max(f.End, f.Start), n)
	return f
}

// merge sorts the fragments of one role of one attribution and joins
// those that overlap, touch, or are separated only by white space,
// punctuation and quotation marks: a quote reopened in each paragraph, or
// a discontinuous span cut around a comma, is one span. Fragments with
// words between them stay separate spans.
func merge(text []rune, frags []Frag) []Frag {
	fs := make([]Frag, 0, len(frags))
	for _, f := range frags {
		if f = clamp(f, len(text)); f.Start < f.End {
			fs = append(fs, f)
		}
	}
	slices.SortFunc(fs, func(a, b Frag) int { return a.Start - b.Start })
	var out []Frag
	for _, f := range fs {
		if k := len(out) - 1; k >= 0 && onlyTrim(text, out[k].End, f.Start) {
			out[k].End = max(out[k].End, f.End)
			continue
		}
		out = append(out, f)
	}
	return out
}

// onlyTrim reports whether text[from:to] holds only trimmable code points
// (true when from >= to).
func onlyTrim(text []rune, from, to int) bool {
	for i := from; i < to; i++ {
		if !isTrim(text[i]) {
			return false
		}
	}
	return true
}

// isDirect reports whether the gold content f is a direct quote: its text,
// without surrounding white space and trailing punctuation, starts and
// ends with quotation marks; or it is enclosed by them in the text (the
// nearest code point before it, past white space, is a quotation mark that
// does not follow a letter or digit, and the nearest after it, past white
// space and punctuation, is one not followed by a letter or digit).
func isDirect(text []rune, f Frag) bool {
	s, e := f.Start, f.End
	for s < e && unicode.IsSpace(text[s]) {
		s++
	}
	for e > s && (unicode.IsSpace(text[e-1]) || unicode.IsPunct(text[e-1]) && !isQuote(text[e-1])) {
		e--
	}
	if e-s >= 2 && isQuote(text[s]) && isQuote(text[e-1]) {
		return true
	}
	b := f.Start - 1
	for b >= 0 && unicode.IsSpace(text[b]) {
		b--
	}
	a := f.End
	for a < len(text) && (unicode.IsSpace(text[a]) || unicode.IsPunct(text[a]) && !isQuote(text[a])) {
		a++
	}
	return b >= 0 && a < len(text) && isQuote(text[b]) && isQuote(text[a]) &&
		(b == 0 || !isWord(text[b-1])) && (a+1 == len(text) || !isWord(text[a+1]))
}

// isWord reports whether r is a letter or digit: a quotation mark right
// after one closes a quote, and one right before one opens a quote.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
