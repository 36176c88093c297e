package extract

import (
	"slices"
	"strings"
)

// Common words are words news text writes in lower case, learned from the
// PolNeAR train texts (Newell, Margolin, Ruths, LREC 2018) into
// data/common.txt by TestCommonWordsFile. A capitalised one opening a
// sentence ("Aides said ...", "Polls show ...") is not a name even when
// the article has it nowhere else.

// Thresholds of a common word: seen in lower case at least minLower times
// and more than lowerOverCap times as often as capitalised inside a
// sentence (so "price" is common, "Trump" and "Bush" are not).
const (
	minLower     = 3
	lowerOverCap = 2
)

// countCase adds to lower and midCap the times d has each word in lower
// case and capitalised inside a sentence.
func countCase(d *doc, lower, midCap map[string]int) {
	for i, t := range d.toks {
		if t.kind != tokWord {
			continue
		}
		w := d.lowers[i]
		if !isLetters(w) {
			continue
		}
		switch text := d.text[t.start:t.end]; {
		case text == w:
			lower[w]++
		case isCapitalised(d, i) && i > 0 && d.toks[i-1].sent == t.sent && d.toks[i-1].kind == tokWord:
			midCap[w]++
		}
	}
}

func isLetters(w string) bool {
	for _, r := range w {
		if (r < 'a' || r > 'z') && r != '-' && r != '\'' {
			return false
		}
	}
	return w != ""
}

// commonWordList returns the common words of the counts, sorted.
func commonWordList(lower, midCap map[string]int) []string {
	var out []string
	for w, n := range lower {
		if n >= minLower && n > lowerOverCap*midCap[w] {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

func loadCommonWords(lx *lexicons) { lx.common = wordSet("data/common.txt") }

// wordSet reads an embedded file of one word a line.
func wordSet(name string) map[string]bool {
	set := map[string]bool{}
	eachLine(name, func(line string) { set[strings.TrimSpace(line)] = true })
	return set
}
