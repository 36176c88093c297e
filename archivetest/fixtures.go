package archivetest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"whosaid"
)

// SeedPath is the real seed article, relative to the module root.
const SeedPath = "testdata/seed/000_bd208590b675fc6e.txt"

// Seed returns the text of the real seed article.
func Seed(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", SeedPath))
	if err != nil {
		t.Fatalf("reading seed: %v", err)
	}
	return string(b)
}

// find returns the span of the n-th (0-based) occurrence of sub in text,
// with code-point offsets; it fails the test if there is none.
func find(t testing.TB, text, sub string, n int) whosaid.Span {
	t.Helper()
	from := 0
	for i := 0; ; i++ {
		k := strings.Index(text[from:], sub)
		if k < 0 {
			t.Fatalf("fixture: %q not in text", sub)
		}
		if i == n {
			start := utf8.RuneCountInString(text[:from+k])
			return whosaid.Span{Start: start, End: start + utf8.RuneCountInString(sub), Text: sub}
		}
		from += k + len(sub)
	}
}

func date(t testing.TB, s string) whosaid.Date {
	t.Helper()
	d, err := whosaid.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Quotes said by Velayati in the seed article.
const (
	quoteGod     = "God's promise to liberate all occupied territories of Palestine and holy Quds will be realized."
	quoteIran    = "The Islamic Republic of Iran has performed its duties in the past"
	quoteStress  = "Iran's support for the Palestinian people"
	roleVelayati = "Secretary-General of the World Islamic Awakening"
	roleNakhaleh = "Secretary-General of the Palestinian Islamic Jihad Movement"
)

// seedExtraction is a hand-made extraction of the seed article with the
// entities, attributions and interaction a correct extractor finds.
func seedExtraction(t testing.TB, text, version string) *whosaid.Extraction {
	iran := find(t, text, quoteIran, 0)
	return &whosaid.Extraction{
		ID: "seed", Title: "Velayati phones Nakhaleh", Extractor: version,
		Entities: []whosaid.Entity{
			{ID: "e1", Type: whosaid.EntityPerson, Name: "Ali Akbar Velayati", Roles: []string{roleVelayati},
				Mentions: []whosaid.Mention{
					{Span: find(t, text, "Ali Akbar Velayati", 0), Kind: whosaid.MentionName},
					{Span: find(t, text, "Velayati", 1), Kind: whosaid.MentionName},
				}},
			{ID: "e2", Type: whosaid.EntityPerson, Name: "Ziad Nakhaleh", Roles: []string{roleNakhaleh},
				Mentions: []whosaid.Mention{{Span: find(t, text, "Ziad Nakhaleh", 0), Kind: whosaid.MentionName}}},
			{ID: "e3", Type: whosaid.EntityOrganization, Name: "Palestinian Islamic Jihad Movement",
				Mentions: []whosaid.Mention{{Span: find(t, text, "Palestinian Islamic Jihad Movement", 0), Kind: whosaid.MentionName}}},
			{ID: "e4", Type: whosaid.EntityPlace, Name: "Tehran",
				Mentions: []whosaid.Mention{{Span: find(t, text, "Tehran", 0), Kind: whosaid.MentionName}}},
		},
		Attributions: []whosaid.Attribution{
			{Speaker: "e1", SpeakerName: "Ali Akbar Velayati", Cue: find(t, text, "stressed", 0),
				Contents: []whosaid.Span{find(t, text, quoteStress, 0)}, Kind: whosaid.Indirect, Confidence: 0.9},
			{Speaker: "e1", SpeakerName: "Ali Akbar Velayati", Cue: find(t, text, "saying", 0),
				Contents: []whosaid.Span{find(t, text, quoteGod, 0)}, Kind: whosaid.Direct, Confidence: 0.95},
			{Speaker: "e1", SpeakerName: "Ali Akbar Velayati", Source: ptr(find(t, text, "He", 0)), Cue: find(t, text, "added", 0),
				Contents: []whosaid.Span{iran}, Kind: whosaid.Direct, Confidence: 0.95},
		},
		Interactions: []whosaid.Interaction{{
			Kind: whosaid.TelephoneCall, Participants: []whosaid.EntityID{"e1", "e2"},
			Cue:   find(t, text, "telephone call", 0),
			Where: &whosaid.PlaceRef{Entity: "e4", Name: "Tehran", Span: find(t, text, "Tehran", 0)},
		}},
	}
}

func ptr[T any](v T) *T { return &v }

// wire is a second, different report repeating Velayati's quote, and a
// statement by someone else.
const wire = `WASHINGTON (Wire) — Iran's Ali Akbar Velayati told Palestinian leaders on Sunday: "God's promise to liberate all occupied territories of Palestine and holy Quds will be realized."

Jane Doe, a spokeswoman for the State Department, said the United States was watching the region closely and urged restraint from every side in the coming days.`

func wireExtraction(t testing.TB, version string) *whosaid.Extraction {
	return &whosaid.Extraction{
		ID: "wire", Extractor: version,
		Entities: []whosaid.Entity{
			{ID: "e1", Type: whosaid.EntityPerson, Name: "Ali Akbar Velayati",
				Mentions: []whosaid.Mention{{Span: find(t, wire, "Ali Akbar Velayati", 0), Kind: whosaid.MentionName}}},
			{ID: "e2", Type: whosaid.EntityPerson, Name: "Jane Doe", Roles: []string{"spokeswoman for the State Department"},
				Mentions: []whosaid.Mention{{Span: find(t, wire, "Jane Doe", 0), Kind: whosaid.MentionName}}},
			{ID: "e3", Type: whosaid.EntityOrganization, Name: "State Department",
				Mentions: []whosaid.Mention{{Span: find(t, wire, "State Department", 0), Kind: whosaid.MentionName}}},
		},
		Attributions: []whosaid.Attribution{
			{Speaker: "e1", SpeakerName: "Ali Akbar Velayati", Cue: find(t, wire, "told", 0),
				Contents: []whosaid.Span{find(t, wire, quoteGod, 0)}, Kind: whosaid.Direct},
			{Speaker: "e2", SpeakerName: "Jane Doe", Cue: find(t, wire, "said", 0),
				Contents: []whosaid.Span{find(t, wire, "the United States was watching the region closely", 0)}, Kind: whosaid.Indirect},
			{Speaker: "e2", SpeakerName: "Jane Doe", Cue: find(t, wire, "urged", 0),
				Contents: []whosaid.Span{find(t, wire, "restraint from every side in the coming days", 0)}, Kind: whosaid.Indirect},
		},
	}
}
