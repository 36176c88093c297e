package archive

import (
	"strings"
	"unicode"
)

// Highlight marks, with open and close, the words of content that are
// words of the query's (non-excluded) terms, case-insensitively: the
// snippet of a search result.
func Highlight(content, query, open, close string) string {
	want := map[string]bool{}
	for _, t := range terms(query) {
		if !t.neg && t.text != "OR" {
			for _, w := range strings.Fields(t.text) {
				want[w] = true
			}
		}
	}
	if len(want) == 0 {
		return ""
	}
	var b strings.Builder
	rs := []rune(content)
	for i := 0; i < len(rs); {
		if !isWord(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isWord(rs[j]) {
			j++
		}
		w := string(rs[i:j])
		if want[strings.ToLower(w)] {
			b.WriteString(open + w + close)
		} else {
			b.WriteString(w)
		}
		i = j
	}
	return b.String()
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
