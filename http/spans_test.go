package http

import (
	"fmt"
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	// "é" and "“" are several bytes but one code point each.
	text := "Amélie said: “oui” à Paris."
	tests := []struct {
		name  string
		spans []markedSpan
		want  []string // "class|text" per segment
	}{
		{"none", nil, []string{"|" + text}},
		{"code points", []markedSpan{
			{Start: 0, End: 6, Kind: kindSource, Attribution: 0, Speaker: "Amélie"},
			{Start: 7, End: 11, Kind: kindCue, Attribution: 0},
			{Start: 14, End: 17, Kind: kindContent, Attribution: 0, Speaker: "Amélie"},
		}, []string{"source|Amélie", "| ", "cue|said", "|: “", "content|oui", "|” à Paris."}},
		{"overlap", []markedSpan{
			{Start: 0, End: 11, Kind: kindContent, Attribution: 0},
			{Start: 7, End: 11, Kind: kindCue, Attribution: 1},
		}, []string{"content|Amélie ", "cue content|said", "|: “oui” à Paris."}},
		{"out of range and empty", []markedSpan{
			{Start: 20, End: 500, Kind: kindContent},
			{Start: 5, End: 5, Kind: kindCue},
			{Start: 9, End: 3, Kind: kindSource},
			{Start: 0, End: 3, Kind: kindMention},
		}, []string{"|Amélie said: “oui” à", "content| Paris."}},
		{"bidi", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == nil {
				segs := highlight("a\u202Eb", nil)
				if len(segs) != 1 || segs[0].Text != "a[U+202E]b" {
					t.Fatalf("got %+v", segs)
				}
				return
			}
			var got []string
			for _, s := range highlight(text, tt.spans) {
				got = append(got, s.Class+"|"+s.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestHighlightContentFocus(t *testing.T) {
	segs := highlight("ab cd", []markedSpan{
		{Start: 0, End: 5, Kind: kindContent, Attribution: 0, Speaker: "X"},
		{Start: 2, End: 3, Kind: kindCue, Attribution: 1},
	})
	tabs := 0
	for _, s := range segs {
		if s.Tab {
			tabs++
			if s.Anchor != 0 {
				t.Errorf("anchor %d", s.Anchor)
			}
		}
		if strings.Contains(s.Class, "content") && s.Title != "Said by X" {
			t.Errorf("title %q", s.Title)
		}
	}
	if tabs != 1 {
		t.Errorf("%d focusable pieces, want 1", tabs)
	}
}

func FuzzHighlight(f *testing.F) {
	f.Add("Amélie said “oui”", 0, 6, 7, 11)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		segs := highlight(text, []markedSpan{{Start: a, End: b, Kind: kindContent}, {Start: c, End: d, Kind: kindCue}})
		var all strings.Builder
		for _, s := range segs {
			all.WriteString(s.Text)
		}
		if !strings.ContainsFunc(text, isBidiControl) && all.String() != strings.ToValidUTF8(text, "\uFFFD") && all.String() != string([]rune(text)) {
			t.Errorf("segments do not rebuild the text")
		}
	})
}

func TestWriteEscapedBidi(t *testing.T) {
	var b strings.Builder
	in := []byte("{\"t\":\"a\u202Eb\u2066c\"}")
	writeEscapedBidi(&b, in)
	if got, want := b.String(), `{"t":"a\u202eb\u2066c"}`; got != want || escapedLen(in) != len(want) {
		t.Errorf("got %s (len %d), want %s", got, escapedLen(in), want)
	}
}

func TestSnippetPieces(t *testing.T) {
	tests := []struct {
		in   string
		want []piece
	}{
		{"plain", []piece{{"plain", false}}},
		{"pray in **Quds** now", []piece{{"pray in ", false}, {"Quds", true}, {" now", false}}},
		{"**<b>**", []piece{{"<b>", true}}},
		{"odd ** mark", []piece{{"odd ** mark", false}}},
	}
	for _, tt := range tests {
		got := snippetPieces(tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%q: got %v, want %v", tt.in, got, tt.want)
		}
	}
}
