package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"whosaid"
)

// datelineResult is the dateline with the tokens it covers.
type datelineResult struct {
	line          whosaid.Dateline
	place         span // tokens of the place name
	end           int  // first token after the dateline
	agencyPresent bool
}

// findDateline reads the dateline opening a wire report: a place in
// capitals or title case, optionally a date after a comma, optionally an
// agency in parentheses, then a dash: "Tehran (IP) -", "WASHINGTON
// (Reuters) —", "LONDON, May 3 (AFP) -", "BEIRUT —". A title-case place
// needs the agency or a known place name, so that an ordinary sentence
// with a dash is not taken for one.
func findDateline(d *doc, lx *lexicons) (datelineResult, bool) {
	if len(d.toks) < 3 {
		return datelineResult{}, false
	}
	// The dateline opens the first paragraph of the body: skip a headline
	// paragraph without a dash.
	for _, p := range d.paras[:min(2, len(d.paras))] {
		if r, ok := datelineAt(d, lx, p); ok {
			return r, true
		}
	}
	return datelineResult{}, false
}

func datelineAt(d *doc, lx *lexicons, p span) (datelineResult, bool) {
	i := p.from
	placeEnd := i
	for placeEnd < p.to && placeEnd-i < 4 && isCapitalised(d, placeEnd) {
		placeEnd++
	}
	if placeEnd == i {
		return datelineResult{}, false
	}
	allCaps := true
	for k := i; k < placeEnd; k++ {
		if !isAllUpper(d.tok(k)) {
			allCaps = false
		}
	}
	j := placeEnd
	// ", May 3" or ", Sept. 12"
	if j < p.to && d.tok(j) == "," {
		k := j + 1
		for k < p.to && k-j < 5 && d.tok(k) != "(" && !isDash(d.tok(k)) {
			k++
		}
		j = k
	}
	var agency string
	agencyPresent := false
	if j+2 < p.to && d.tok(j) == "(" && d.tok(j+2) == ")" {
		agency = d.tok(j + 1)
		agencyPresent = true
		j += 3
	}
	if j >= p.to || !isDash(d.tok(j)) {
		return datelineResult{}, false
	}
	place := d.text[d.toks[i].start:d.toks[placeEnd-1].end]
	_, known := lx.places[strings.ToLower(place)]
	if !allCaps && !agencyPresent && !known {
		return datelineResult{}, false
	}
	if allCaps && !known {
		place = titleCase(place)
	} else if known {
		place = lx.places[strings.ToLower(place)]
		if strings.EqualFold(place, d.text[d.toks[i].start:d.toks[placeEnd-1].end]) {
			place = d.text[d.toks[i].start:d.toks[placeEnd-1].end]
			if allCaps {
				place = titleCase(place)
			}
		}
	}
	// The dateline's span ends before the dash, as "Tehran (IP)".
	sp := d.spanOf(span{i, j})
	return datelineResult{
		line: whosaid.Dateline{
			Place: place, Agency: agency, AgencyName: lx.agencies[agency],
			Start: sp.Start, End: sp.End,
		},
		place: span{i, placeEnd}, end: j + 1, agencyPresent: agencyPresent,
	}, true
}

func isDash(t string) bool { return t == "-" || t == "--" || t == "\u2014" || t == "\u2013" }

// titleCase turns "NEW YORK" into "New York".
func titleCase(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if up {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		up = r == ' ' || r == '-'
	}
	return b.String()
}

// isGlued reports whether a word has a capital after a lower-case letter
// inside it ("PressIran"): boilerplate glued together when a page was
// flattened, never a name (Mc/Mac and "al-"/"el-" prefixes aside).
func isGlued(w string) bool {
	prevLower := false
	for i, r := range w {
		if unicode.IsUpper(r) && prevLower {
			pre := w[:i]
			if pre == "Mc" || pre == "Mac" || pre == "De" || pre == "Di" || pre == "La" || pre == "Le" || pre == "Du" || pre == "Van" || pre == "i" || pre == "e" {
				prevLower = false
				continue
			}
			return true
		}
		prevLower = unicode.IsLower(r)
		if r == '-' || r == '\'' || r == '\u2019' {
			prevLower = false
		}
	}
	return false
}

// firstRuneUpper reports whether s starts with a capital letter.
func firstRuneUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
