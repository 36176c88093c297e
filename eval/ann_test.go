package eval

import (
	"reflect"
	"strings"
	"testing"

	"whosaid"
)

func TestParseAnn(t *testing.T) {
	const good = "T1\tSource 0 2\tHe\n" +
		"T2\tCue 3 7\tsaid\n" +
		"T3\tContent 8 12;14 20\tyes, indeed\n" +
		"T4\tAttribution 3 7\tsaid\n" +
		"T5\tContent 30 47\tfirst line\nsecond\n" +
		"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5\n" +
		"#1\tAnnotatorNotes T1\ta note\n" +
		"\r\n" +
		"T6\tDiscuss 0 5\tHe sa\n" +
		"E2\tAttribution-no-source:T4 Cue:T2\n"
	ann, err := ParseAnn(strings.NewReader(good), "good.ann")
	if err != nil {
		t.Fatal(err)
	}
	if len(ann.TextBounds) != 6 || len(ann.Events) != 2 {
		t.Fatalf("got %d text-bounds, %d events", len(ann.TextBounds), len(ann.Events))
	}
	if got := ann.TextBounds["T5"].Text; got != "first line\nsecond" {
		t.Errorf("multi-line text = %q", got)
	}
	atts, err := ann.Attributions()
	if err != nil {
		t.Fatal(err)
	}
	want := [numRoles][]Frag{{{0, 2}}, {{3, 7}}, {{8, 12}, {14, 20}, {30, 47}}}
	if !reflect.DeepEqual(atts[0].Frags, want) {
		t.Errorf("frags = %v, want %v", atts[0].Frags, want)
	}
	if atts[1].Type != "Attribution-no-source" || atts[1].Frags[Source] != nil {
		t.Errorf("second attribution = %+v", atts[1])
	}
}

func TestParseAnnErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bad offset", "T1\tSource 0 2\tHe\nT2\tCue x 7\tsaid\n", "bad.ann:2: T2: bad span"},
		{"end before start", "T1\tSource 5 2\tHe\n", "bad.ann:1: T1: bad span"},
		{"no label", "T1\t0 2\tHe\n", "bad.ann:1: T1: bad span"},
		{"bad event", "E1\tAttribution\n", "bad.ann:1: E1: bad trigger"},
		{"bad argument", "E1\tAttribution:T1 Cue\n", "bad.ann:1: E1: bad argument"},
		{"unknown line", "hello\n", "bad.ann:1: unrecognised line"},
		{"duplicate", "T1\tCue 0 1\tx\nT1\tCue 0 1\tx\n", "bad.ann:2: duplicate ID T1"},
		{"invalid UTF-8", "T1\tCue 0 1\t\xff\n", "bad.ann:1: not valid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAnn(strings.NewReader(tc.in), "bad.ann")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want prefix %q", err, tc.want)
			}
			if whosaid.ErrorCode(err) != whosaid.EINVALID {
				t.Errorf("code = %s", whosaid.ErrorCode(err))
			}
		})
	}
}

func TestAttributionsMissingReference(t *testing.T) {
	ann, err := ParseAnn(strings.NewReader("E1\tAttribution:T4 Cue:T9\n"), "x.ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ann.Attributions(); err == nil || !strings.Contains(err.Error(), "x.ann:1: E1: no annotation T9") {
		t.Errorf("err = %v", err)
	}
}

// FuzzParseAnn checks the parser never panics and that what it accepts
// is well-formed: offsets non-negative and ordered.
func FuzzParseAnn(f *testing.F) {
	f.Add("T1\tSource 110 112\twe\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
	f.Add("T3\tContent 2103 2168;2170 2425\ta\nb\n#1\tAnnotatorNotes T3\tnote\n")
	f.Add("T1\tCue 0 99999999999999999999\tx\n")
	f.Add("T\t\nE\t:\n\t\n")
	f.Add("T1\tX 1 2;\tq\r\nE2\tA:B C:D E\n")
	f.Fuzz(func(t *testing.T, in string) {
		ann, err := ParseAnn(strings.NewReader(in), "f.ann")
		if err != nil {
			if whosaid.ErrorCode(err) != whosaid.EINVALID {
				t.Fatalf("error without EINVALID: %v", err)
			}
			return
		}
		for _, tb := range ann.TextBounds {
			for _, fr := range tb.Frags {
				if fr.Start < 0 || fr.End < fr.Start {
					t.Fatalf("%s: bad fragment %v", tb.ID, fr)
				}
			}
		}
		ann.Attributions()
	})
}
