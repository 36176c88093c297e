package extract

import (
	"slices"
	"strings"
)

// Given names are learned from the PolNeAR train texts (Newell, Margolin,
// Ruths, LREC 2018) into data/given.txt by TestGivenNamesFile: the first
// word of a two-word name right after a title ("President Barack Obama",
// "Sen. Ted Cruz"), kept when it comes with at least minSurnames
// different surnames. A name-like run of capitalised words that starts
// with one ("He met Hillary Clinton on Monday") is a person
// (resolvePending), where without a title, a quote or its surname alone
// elsewhere it was left out.

// minSurnames is how many different surnames a learned given name needs.
const minSurnames = 2

// countGivenNames adds to surnames, for each word that starts a two-word
// name after a title in d, the set of words that end it.
func countGivenNames(d *doc, lx *lexicons, surnames map[string]map[string]bool) {
	for i := 1; i+1 < len(d.toks); i++ {
		if !afterTitle(d, lx, i) || !isCapitalised(d, i) || !isCapitalised(d, i+1) ||
			d.toks[i].kind != tokWord || d.toks[i+1].kind != tokWord || d.toks[i+1].sent != d.toks[i].sent {
			continue
		}
		if i+2 < len(d.toks) && isCapitalised(d, i+2) && d.toks[i+2].sent == d.toks[i].sent {
			continue // three or more words: which is the given name is less sure
		}
		g, s := d.lowers[i], d.lowers[i+1]
		if !isLetters(g) || strings.ContainsRune(g, '\'') || len(g) < 2 || lx.common[g] || lx.titles[g] || orgWords[g] || placeWords[g] || partyWords[g] {
			continue
		}
		if surnames[g] == nil {
			surnames[g] = map[string]bool{}
		}
		surnames[g][s] = true
	}
}

// afterTitle says whether token i follows a title: a title word
// ("President") or a title's abbreviation and its period ("Sen.").
func afterTitle(d *doc, lx *lexicons, i int) bool {
	p := i - 1
	if d.tok(p) == "." && titleAbbrevDot(d, p) {
		p--
	}
	if p < 0 || d.toks[p].sent != d.toks[i].sent {
		return false
	}
	return lx.titles[d.lowers[p]] || titleAbbrevs[d.lowers[p]]
}

// givenNameList returns the given names of the counts, sorted.
func givenNameList(surnames map[string]map[string]bool) []string {
	var out []string
	for g, s := range surnames {
		if len(s) >= minSurnames {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

func loadGivenNames(lx *lexicons) { lx.given = wordSet("data/given.txt") }
