package extract

import (
	"strings"
	"testing"
)

// quoteTexts returns each quotation's words and whether it was closed.
func quoteTexts(text string) []string {
	d := newDoc(text)
	var out []string
	for _, q := range findQuotes(d) {
		s := d.text[d.toks[q.from].start:d.toks[q.to-1].end]
		if q.close < 0 {
			s += " …open"
		}
		if q.cont {
			s += " …cont"
		}
		out = append(out, s)
	}
	return out
}

func TestFindQuotes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"straight", `He said: "We will win." Then he left.`, []string{"We will win."}},
		{"curly", "She said \u201cno way\u201d and left.", []string{"no way"}},
		{"closing mark as opener", "He noted,\u201d Iranian nation is brave.\u201d", []string{"Iranian nation is brave."}},
		{"mixed marks", "He added: \"The republic will go on.\u201d Next.", []string{"The republic will go on."}},
		{"left open at paragraph end", "He said: \"Some officials forgot.\n\nFor his part, he left.", []string{"Some officials forgot. …open"}},
		{"multi-paragraph", "\u201cFirst part.\n\n\u201cSecond part.\u201d he said.", []string{"First part. …open …cont", "Second part."}},
		{"nested single", "\"He called it 'fake news' today,\" she said.", []string{"He called it 'fake news' today,"}},
		{"single outer", "The poll is \u2018in their heads\u2019, he said.", []string{"in their heads"}},
		{"apostrophes are not quotes", "Clinton\u2019s team and the candidates\u2019 views.", nil},
		{"guillemets", "Il a dit \u00abnon\u00bb hier.", []string{"non"}},
		{"split around speaker tag", "\"A is true,\" he said. \"B is too.\"", []string{"A is true,", "B is too."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quoteTexts(tt.text)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("quotes = %q, want %q", got, tt.want)
			}
		})
	}
}
