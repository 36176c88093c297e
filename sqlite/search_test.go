package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"whosaid"
	"whosaid/archive"
)

// TestSearchSpeakerAliases checks a speaker filter that stands for
// several speaker keys (the name itself and the person it is an alias
// of): the walks of the keys are merged newest first, with the other
// filters applied to each, across pages and in the totals.
func TestSearchSpeakerAliases(t *testing.T) {
	s, _ := openRaw(t)
	ctx := context.Background()
	var puts []archive.Put
	var all []string // newest first
	for day := 1; day <= 9; day++ {
		id := fmt.Sprintf("a%d", day)
		// Odd days name him by surname only, even days in full; day 5
		// quotes someone else.
		speaker, person := "Trump", ""
		if day%2 == 0 {
			speaker, person = "Donald Trump", "donald trump"
		}
		if day == 5 {
			speaker = "Jane Doe"
		}
		quote := fmt.Sprintf("the plan number %d will work", day)
		a := whosaid.Article{ID: id, URL: "https://" + id + ".example/", Outlet: "Wire",
			Published: archive.ParseDay(fmt.Sprintf("2020-01-%02d", day)),
			Text:      fmt.Sprintf("Report %d of a long campaign. %s said %s.", day, speaker, quote)}
		d, err := archive.Prepare(a, nil)
		if err != nil {
			t.Fatal(err)
		}
		if person != "" {
			d.People = append(d.People, archive.PersonRow{Key: person, Name: speaker, Aliases: []string{"Trump"}})
		}
		d.Statements = append(d.Statements, archive.StatementRow{Key: id + ":s", PersonKey: person, Speaker: speaker,
			Content: quote, Kind: whosaid.Indirect, Cue: "said", Attribution: []byte(`{}`)})
		puts = append(puts, archive.Put{Article: a, Doc: d})
		if day != 5 {
			all = slices.Insert(all, 0, quote)
		}
	}
	out, err := s.PutArticles(ctx, puts)
	checkOutcomes(t, out, err, -1)
	tests := []struct {
		name string
		f    whosaid.StatementFilter
		want []string
	}{
		{"alias", whosaid.StatementFilter{Speaker: "trump"}, all},
		{"full name", whosaid.StatementFilter{Speaker: "Donald Trump"}, []string{all[1], all[3], all[4], all[6]}},
		{"alias and dates", whosaid.StatementFilter{Speaker: "Trump", Since: archive.ParseDay("2020-01-03"), Until: archive.ParseDay("2020-01-07")},
			[]string{"the plan number 7 will work", "the plan number 6 will work", "the plan number 4 will work", "the plan number 3 will work"}},
		{"alias and query", whosaid.StatementFilter{Speaker: "Trump", Query: "plan"}, all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.SearchStatements(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := contentsOf(p.Statements); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			if p.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", p.Total, len(tt.want))
			}
			// Two at a time, the pages add up to the same list.
			var paged []string
			f := tt.f
			f.Limit = 2
			for range 10 {
				p, err := s.SearchStatements(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, contentsOf(p.Statements)...)
				if f.Cursor = p.NextCursor; f.Cursor == "" {
					break
				}
			}
			if !slices.Equal(paged, tt.want) {
				t.Errorf("pages %q\nwant %q", paged, tt.want)
			}
		})
	}
}

func contentsOf(sts []whosaid.Statement) []string {
	var out []string
	for _, s := range sts {
		out = append(out, s.Content)
	}
	return out
}
