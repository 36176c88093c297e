package archive

import (
	"strings"
	"unicode"
)

// FTS5Query turns a web-search style query (words, "quoted phrases",
// -excluded, OR) into an FTS5 MATCH expression in which every term is
// quoted, so user input can never be an FTS5 syntax error. It returns ""
// when the query has no terms.
func FTS5Query(q string) string {
	var pos, neg []string
	or := false
	for _, t := range terms(q) {
		switch {
		case t.text == "OR" && !t.phrase:
			or = len(pos) > 0
			continue
		case t.neg:
			neg = append(neg, quoteFTS(t.text))
			continue
		}
		w := quoteFTS(t.text)
		if or && len(pos) > 0 {
			pos[len(pos)-1] = "(" + pos[len(pos)-1] + " OR " + w + ")"
		} else {
			pos = append(pos, w)
		}
		or = false
	}
	if len(pos) == 0 {
		return ""
	}
	out := strings.Join(pos, " AND ")
	for _, n := range neg {
		out += " NOT " + n
	}
	return out
}

type term struct {
	text        string
	phrase, neg bool
}

// terms splits q into words and quoted phrases, keeping letters, digits
// and inner apostrophes/hyphens only.
func terms(q string) []term {
	var out []term
	rs := []rune(q)
	for i := 0; i < len(rs); {
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
		if i >= len(rs) {
			break
		}
		neg := false
		if rs[i] == '-' {
			neg, i = true, i+1
		}
		if i < len(rs) && rs[i] == '"' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if w := strings.Join(words(string(rs[i+1:min(j, len(rs))])), " "); w != "" {
				out = append(out, term{text: w, phrase: true, neg: neg})
			}
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		raw := string(rs[i:j])
		if raw == "OR" {
			out = append(out, term{text: "OR"})
		} else if w := strings.Join(words(raw), " "); w != "" {
			out = append(out, term{text: w, neg: neg})
		}
		i = j
	}
	return out
}

func quoteFTS(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
