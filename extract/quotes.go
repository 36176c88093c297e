package extract

// quote is a direct quotation: the token range of its words, without the
// quotation marks. open and close are the marks' token indexes; close is
// -1 for a quote left open at the end of its paragraph.
type quote struct {
	from, to    int
	open, close int
	// cont is true when the quote goes on in the next paragraph (reopened
	// there, closed once at the end), as multi-paragraph quotes are written.
	cont bool
}

func isDoubleQuote(s string) bool {
	switch s {
	case "\"", "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb", "\u2033":
		return true
	}
	return false
}

func isOpeningSingle(s string) bool { return s == "\u2018" || s == "'" || s == "\u201a" }
func isClosingSingle(s string) bool { return s == "\u2019" || s == "'" }

// findQuotes finds direct quotations paragraph by paragraph. Marks are
// read by position, not by shape: real text uses straight and curly marks
// inconsistently and even "”" as an opener, so outside a quote any double
// mark opens and inside one any double mark closes. A quote still open at
// a paragraph's end ends there; single quotes count only outside double
// ones, as the outer quotation. It also fills d.inQuote.
func findQuotes(d *doc) []quote {
	var qs []quote
	d.inQuote = make([]bool, len(d.toks))
	for _, p := range d.paras {
		qs = appendParaQuotes(d, qs, p)
	}
	// A quote open at a paragraph's end continues when the next paragraph
	// opens with a quotation mark.
	for i := range qs {
		q := &qs[i]
		if q.close >= 0 || q.to >= len(d.toks) {
			continue
		}
		next := q.to // first token of the next paragraph
		if d.toks[next].kind == tokQuote && isDoubleQuote(d.tok(next)) {
			q.cont = true
		}
	}
	for _, q := range qs {
		for i := q.from; i < q.to; i++ {
			d.inQuote[i] = true
		}
	}
	return qs
}

func appendParaQuotes(d *doc, qs []quote, p span) []quote {
	open := -1
	single := false
	for i := p.from; i < p.to; i++ {
		if d.toks[i].kind != tokQuote {
			continue
		}
		m := d.tok(i)
		switch {
		case isDoubleQuote(m) && open < 0:
			open, single = i, false
		case isDoubleQuote(m) && !single:
			if i > open+1 {
				qs = append(qs, quote{from: open + 1, to: i, open: open, close: i})
			}
			open = -1
		case open < 0 && isOpeningSingle(m) && opensSingle(d, i):
			open, single = i, true
		case open >= 0 && single && isClosingSingle(m) && closesSingle(d, i):
			if i > open+1 {
				qs = append(qs, quote{from: open + 1, to: i, open: open, close: i})
			}
			open = -1
		}
	}
	if open >= 0 && !single && open+1 < p.to {
		qs = append(qs, quote{from: open + 1, to: p.to, open: open, close: -1})
	}
	return qs
}

// opensSingle: a single mark opens a quote when a word follows it at once
// and it does not follow a word ("'in their heads'", not "Clinton' s").
func opensSingle(d *doc, i int) bool {
	if i+1 >= len(d.toks) || d.toks[i+1].start != d.toks[i].end || d.toks[i+1].kind == tokPunct {
		return false
	}
	return i == 0 || d.toks[i-1].end < d.toks[i].start || d.toks[i-1].kind != tokWord
}

// closesSingle: a single mark closes when it follows a word or mark at once
// and no word follows it at once.
func closesSingle(d *doc, i int) bool {
	if i == 0 || d.toks[i-1].end != d.toks[i].start {
		return false
	}
	return i+1 >= len(d.toks) || d.toks[i+1].start > d.toks[i].end || d.toks[i+1].kind != tokWord
}
