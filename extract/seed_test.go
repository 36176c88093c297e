package extract

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"

	"whosaid"
)

// seedGold is the gold file of the seed report (testdata/seed/README.md).
type seedGold struct {
	Dateline struct {
		Place, Agency string
		AgencyCode    string `json:"agency_code"`
	}
	People []struct {
		Name     string
		Mentions []string
		Roles    []string
	}
	Interactions []struct {
		Kind         string
		Participants []string
		When         string
	}
	Attributions []struct {
		Speaker, Source, Cue, Kind, Content string
		ContentStart                        int `json:"content_start"`
		ContentEnd                          int `json:"content_end"`
	}
}

// trimContent trims white space and punctuation at both ends, as the
// seed's README says contents are compared.
func trimContent(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || isQuoteRune(r) })
}

// TestSeedReport is issue 2's acceptance test on the first real example:
// a telephone call between two officials, nine statements, quotation
// marks used inconsistently, a quote left open at a paragraph's end,
// speakers named by title, surname and pronoun.
func TestSeedReport(t *testing.T) {
	text, err := os.ReadFile("../testdata/seed/000_bd208590b675fc6e.txt")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../testdata/seed/000_bd208590b675fc6e.gold.json")
	if err != nil {
		t.Fatal(err)
	}
	var gold seedGold
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	x, err := New(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	published, _ := whosaid.ParseDate("2021-05-17")
	ex, err := x.Extract(whosaid.Article{ID: "seed", Text: string(text), Published: published})
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(string(text))
	byID := map[whosaid.EntityID]whosaid.Entity{}
	for _, e := range ex.Entities {
		byID[e.ID] = e
	}

	t.Run("attributions", func(t *testing.T) {
		for _, g := range gold.Attributions {
			want := trimContent(string(runes[g.ContentStart:g.ContentEnd]))
			var found *whosaid.Attribution
			for k, a := range ex.Attributions {
				for _, c := range a.Contents {
					if c.Start < g.ContentEnd && g.ContentStart < c.End {
						found = &ex.Attributions[k]
					}
				}
			}
			if found == nil {
				t.Errorf("no attribution for %q (cue %q)", clip(want), g.Cue)
				continue
			}
			var got []string
			for _, c := range found.Contents {
				got = append(got, trimContent(c.Text))
			}
			if strings.Join(got, " ") != want {
				t.Errorf("content %q, want %q", clip(strings.Join(got, " ")), clip(want))
			}
			if string(found.Kind) != g.Kind {
				t.Errorf("%q: kind %s, want %s", clip(want), found.Kind, g.Kind)
			}
			if name := byID[found.Speaker].Name; name != g.Speaker {
				t.Errorf("%q: speaker %q (source %v), want %q", clip(want), name, found.Source, g.Speaker)
			}
		}
		if len(ex.Attributions) != len(gold.Attributions) {
			t.Errorf("%d attributions, want %d", len(ex.Attributions), len(gold.Attributions))
		}
	})

	t.Run("people", func(t *testing.T) {
		goldNames := map[string]bool{}
		for _, p := range gold.People {
			goldNames[p.Name] = true
			var e *whosaid.Entity
			for k := range ex.Entities {
				if ex.Entities[k].Type == whosaid.EntityPerson && ex.Entities[k].Name == p.Name {
					e = &ex.Entities[k]
				}
			}
			if e == nil {
				t.Errorf("person %q not found", p.Name)
				continue
			}
			for _, r := range p.Roles {
				if !contains(e.Roles, r) {
					t.Errorf("%s: roles %q, want %q among them", p.Name, e.Roles, r)
				}
			}
			// Mention forms are compared without case: the gold lists "He"
			// and "he" for a person the text calls "He" twice.
			var mentions []string
			for _, m := range e.Mentions {
				mentions = append(mentions, strings.ToLower(m.Text))
			}
			for _, m := range p.Mentions {
				if !contains(mentions, strings.ToLower(m)) {
					t.Errorf("%s: mentions %q, want %q among them", p.Name, mentions, m)
				}
			}
		}
		for _, e := range ex.Entities {
			if e.Type == whosaid.EntityPerson && !goldNames[e.Name] {
				t.Errorf("invented person %q (mentions %v)", e.Name, e.Mentions)
			}
		}
	})

	t.Run("dateline", func(t *testing.T) {
		dl := ex.Dateline
		if dl == nil || dl.Place != gold.Dateline.Place || dl.Agency != gold.Dateline.AgencyCode || dl.AgencyName != gold.Dateline.Agency {
			t.Fatalf("dateline %+v, want place %q agency %q (%s)", dl, gold.Dateline.Place, gold.Dateline.AgencyCode, gold.Dateline.Agency)
		}
		if got := string(runes[dl.Start:dl.End]); got != "Tehran (IP)" {
			t.Errorf("dateline text %q", got)
		}
	})

	t.Run("telephone call", func(t *testing.T) {
		g := gold.Interactions[0]
		for _, in := range ex.Interactions {
			if string(in.Kind) != g.Kind || len(in.Participants) != 2 {
				continue
			}
			names := []string{byID[in.Participants[0]].Name, byID[in.Participants[1]].Name}
			if contains(names, g.Participants[0]) && contains(names, g.Participants[1]) {
				if in.When == nil || in.When.Text != g.When || in.When.Date.String() != "2021-05-16" {
					t.Errorf("call when = %+v, want %q resolved to 2021-05-16", in.When, g.When)
				}
				return
			}
		}
		t.Errorf("no %s between %q in %+v", g.Kind, g.Participants, ex.Interactions)
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
