package extract

import (
	"strings"
	"testing"

	"whosaid"
)

// TestAttributionShapes checks the shapes reported speech takes in news,
// through the whole pipeline with the shipped model.
func TestAttributionShapes(t *testing.T) {
	x, err := New(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		source, cue string
		contents    []string
		kind        whosaid.AttributionKind
	}
	tests := []struct {
		name string
		text string
		want want
	}{
		{"quote then tag", `"We will cut taxes for every family," Senator Smith said on Tuesday.`,
			want{"Senator Smith", "said", []string{"We will cut taxes for every family,"}, whosaid.Direct}},
		{"tag then colon quote", `The minister added: "The talks will go on next week."`,
			want{"The minister", "added", []string{"The talks will go on next week."}, whosaid.Direct}},
		{"indirect with that", `The governor said that the state would not raise taxes this year.`,
			want{"The governor", "said", []string{"the state would not raise taxes this year"}, whosaid.Indirect}},
		{"according to", `According to the report, unemployment fell sharply in March.`,
			want{"the report", "According to", []string{"unemployment fell sharply in March"}, whosaid.Indirect}},
		{"split quote", `"This is a disgrace," he said. "Nobody should accept it."`,
			want{"he", "said", []string{"This is a disgrace,", "Nobody should accept it."}, whosaid.Direct}},
		{"clitic after the speaker", "He\u2019s claiming that the vote was rigged.",
			want{"He", "\u2019s claiming", []string{"the vote was rigged"}, whosaid.Indirect}},
		{"possessive inside the source", "Trump's campaign said the ad was false.",
			want{"Trump's campaign", "said", []string{"the ad was false"}, whosaid.Indirect}},
		{"speaker label", "WALLACE: Let's start with the debate tonight and what it means.",
			want{"WALLACE", ":", []string{"Let's start with the debate tonight and what it means."}, whosaid.Indirect}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := x.Extract(whosaid.Article{ID: tt.name, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			if len(ex.Attributions) != 1 {
				t.Fatalf("got %d attributions, want 1: %+v", len(ex.Attributions), ex.Attributions)
			}
			a := ex.Attributions[0]
			src := ""
			if a.Source != nil {
				src = a.Source.Text
			}
			var contents []string
			for _, c := range a.Contents {
				contents = append(contents, c.Text)
			}
			if src != tt.want.source || a.Cue.Text != tt.want.cue || a.Kind != tt.want.kind ||
				strings.Join(contents, "|") != strings.Join(tt.want.contents, "|") {
				t.Errorf("got source %q cue %q contents %q kind %s\nwant source %q cue %q contents %q kind %s",
					src, a.Cue.Text, contents, a.Kind, tt.want.source, tt.want.cue, tt.want.contents, tt.want.kind)
			}
		})
	}
}
