package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func tokTexts(d *doc) []string {
	var out []string
	for i := range d.toks {
		out = append(out, d.tok(i))
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"possessive", "Iran's support", "Iran's|support"},
		{"curly possessive", "Clinton\u2019s van", "Clinton\u2019s|van"},
		{"hyphen", "Al-Aqsa Mosque", "Al-Aqsa|Mosque"},
		{"initialism", "the U.S. said", "the|U.S.|said"},
		{"number", "1,000 people, 3.5%", "1,000|people|,|3.5|%"},
		{"quotes", "noted,\u201d Iranian", "noted|,|\u201d|Iranian"},
		{"colon quote", `saying: "God's promise`, `saying|:|"|God's|promise`},
		{"dash", "Tehran (IP) - Secretary", "Tehran|(|IP|)|-|Secretary"},
		{"nbsp", "said\u00a0Trump", "said|Trump"},
		{"sentence end", "end. Next", "end|.|Next"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(tokTexts(newDoc(tt.text)), "|")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	text := "Mr. Smith went to Washington. He said: \"It is big. Very big.\" Then he left.\n\nA new paragraph by George W. Bush. Another"
	d := newDoc(text)
	var got []string
	for _, s := range d.sents {
		got = append(got, d.text[d.toks[s.from].start:d.toks[s.to-1].end])
	}
	want := []string{
		"Mr. Smith went to Washington.",
		"He said: \"It is big.",
		"Very big.\"",
		"Then he left.",
		"A new paragraph by George W. Bush.",
		"Another",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sentences:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(d.paras) != 2 {
		t.Errorf("paragraphs = %d, want 2", len(d.paras))
	}
}

func TestOffsets(t *testing.T) {
	text := strings.Repeat("a\u201cb\u00e9\U0001F600 ", 200) + "\xff\xfe end"
	o := newOffsets(text)
	n := 0
	for i := range text {
		if got := o.runes(i); got != n {
			t.Fatalf("runes(%d) = %d, want %d", i, got, n)
		}
		n++
	}
	if got, want := o.runes(len(text)), utf8.RuneCountInString(text); got != want {
		t.Fatalf("runes(end) = %d, want %d", got, want)
	}
}
