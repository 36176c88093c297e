package extract

import (
	"strings"
	"testing"

	"whosaid"
)

func extractText(t *testing.T, text, published string) *whosaid.Extraction {
	t.Helper()
	x, err := New(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a := whosaid.Article{ID: "t", Text: text}
	if published != "" {
		a.Published, _ = whosaid.ParseDate(published)
	}
	ex, err := x.Extract(a)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestDateline(t *testing.T) {
	tests := []struct {
		text                 string
		place, agency, named string
		span                 string
	}{
		{"Tehran (IP) - The minister said the talks went well.", "Tehran", "IP", "Iran Press", "Tehran (IP)"},
		{"WASHINGTON (Reuters) \u2014 The Senate voted on Tuesday.", "Washington", "Reuters", "Reuters", "WASHINGTON (Reuters)"},
		{"LONDON, May 3 (AFP) - Prices rose again.", "London", "AFP", "Agence France-Presse", "LONDON, May 3 (AFP)"},
		{"BEIRUT \u2014 Protesters gathered downtown.", "Beirut", "", "", "BEIRUT"},
		{"Some Thing - is not a dateline.", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.span, func(t *testing.T) {
			ex := extractText(t, tt.text, "")
			if tt.place == "" {
				if ex.Dateline != nil {
					t.Fatalf("dateline %+v, want none", ex.Dateline)
				}
				return
			}
			dl := ex.Dateline
			if dl == nil || dl.Place != tt.place || dl.Agency != tt.agency || dl.AgencyName != tt.named {
				t.Fatalf("dateline %+v, want %s/%s/%s", dl, tt.place, tt.agency, tt.named)
			}
			if got := string([]rune(tt.text)[dl.Start:dl.End]); got != tt.span {
				t.Errorf("span %q, want %q", got, tt.span)
			}
		})
	}
}

func TestDates(t *testing.T) {
	// 2021-05-17 is a Monday.
	tests := []struct{ text, want string }{
		{"He spoke on Sunday in the city.", "Sunday=2021-05-16"},
		{"They met last Monday in the city.", "Monday=2021-05-10"},
		{"The vote is next Friday, she said.", "Friday=2021-05-21"},
		{"It happened yesterday, police said.", "yesterday=2021-05-16"},
		{"The deal was signed on May 3, 2020 in Doha.", "May 3, 2020=2020-05-03"},
		{"The law took effect on 2019-07-01 nationwide.", "2019-07-01=2019-07-01"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			ex := extractText(t, tt.text, "2021-05-17")
			var got []string
			for _, d := range ex.Dates {
				got = append(got, d.Text+"="+d.Date.String())
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("dates %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEntitiesAndSpeakers(t *testing.T) {
	text := "Iranian Foreign Minister Javad Zarif met with Russian President Vladimir Putin in Moscow on Tuesday.\n\n" +
		"\"We agreed on everything,\" Zarif told reporters.\n\n" +
		"Hillary Clinton, the Democratic presidential nominee, said the plan would fail. Clinton added that she would not back it.\n\n" +
		"The Justice Department said it would review the case. The department declined to comment further."
	ex := extractText(t, text, "2021-05-20")
	byName := map[string]whosaid.Entity{}
	byID := map[whosaid.EntityID]whosaid.Entity{}
	for _, e := range ex.Entities {
		byName[e.Name] = e
		byID[e.ID] = e
	}
	for name, want := range map[string]struct {
		typ  whosaid.EntityType
		role string
	}{
		"Javad Zarif":        {whosaid.EntityPerson, "Iranian Foreign Minister"},
		"Vladimir Putin":     {whosaid.EntityPerson, "Russian President"},
		"Hillary Clinton":    {whosaid.EntityPerson, "Democratic presidential nominee"},
		"Moscow":             {whosaid.EntityPlace, ""},
		"Justice Department": {whosaid.EntityOrganization, ""},
	} {
		e, ok := byName[name]
		if !ok {
			t.Errorf("entity %q not found in %v", name, names(ex.Entities))
			continue
		}
		if e.Type != want.typ || want.role != "" && !contains(e.Roles, want.role) {
			t.Errorf("%s: type %s roles %q, want %s with %q", name, e.Type, e.Roles, want.typ, want.role)
		}
	}
	var speakers []string
	for _, a := range ex.Attributions {
		speakers = append(speakers, a.Cue.Text+"="+byID[a.Speaker].Name)
	}
	want := "told=Javad Zarif,said=Hillary Clinton,added=Hillary Clinton,said=Justice Department,declined=Justice Department"
	if strings.Join(speakers, ",") != want {
		t.Errorf("speakers\n got %s\nwant %s", strings.Join(speakers, ","), want)
	}
	if len(ex.Interactions) != 1 || ex.Interactions[0].Kind != whosaid.Meeting {
		t.Fatalf("interactions %+v, want one meeting", ex.Interactions)
	}
	in := ex.Interactions[0]
	var parts []string
	for _, p := range in.Participants {
		parts = append(parts, byID[p].Name)
	}
	if strings.Join(parts, "+") != "Javad Zarif+Vladimir Putin" || in.When == nil || in.When.Date.String() != "2021-05-18" || in.Where == nil || in.Where.Name != "Moscow" {
		t.Errorf("meeting %v when %+v where %+v", parts, in.When, in.Where)
	}
}

func names(es []whosaid.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, string(e.Type)+":"+e.Name)
	}
	return out
}

// TestNamesAroundAbbreviations covers the ways a name's neighbours are not
// names: honorifics and title abbreviations with their periods, initials,
// possessives, and capitalised common words opening a sentence.
func TestNamesAroundAbbreviations(t *testing.T) {
	tests := []struct {
		name, text string
		speakers   string            // each attribution's cue=speaker entity ("": not checked)
		roles      map[string]string // person -> a role it must have
		absent     []string          // names no entity may have
		noMention  []string          // texts no mention may have
		badRoles   []string          // roles no entity may have
		persons    []string          // names that must be persons
	}{
		{
			name:     "honorific after the full name",
			text:     "Patrick McGinley teaches law.\n\n\"It is risky,\" said Mr. McGinley, the law professor. Ms. Smith said \"it is fine.\"",
			speakers: "said=Patrick McGinley,said=Smith",
			absent:   []string{"Mr", "Ms", "Mr. McGinley"},
		},
		{
			name:     "title abbreviation",
			text:     "Sen. Bernie Sanders said the plan \"will fail.\" Gov. Chris Christie said \"no.\"",
			speakers: "said=Bernie Sanders,said=Chris Christie",
			roles:    map[string]string{"Bernie Sanders": "Sen.", "Chris Christie": "Gov."},
			absent:   []string{"Sen", "Gov"},
		},
		{
			name:     "middle initial",
			text:     "Republican presidential nominee Donald J. Trump said \"we will win.\"",
			speakers: "said=Donald J. Trump",
			absent:   []string{"Donald J", "Republican"},
		},
		{
			name:     "possessive ends an organisation",
			text:     "The Media Research Center's Brent Bozell said \"it is bias.\"",
			speakers: "said=Brent Bozell",
			absent:   []string{"Media Research Center's Brent Bozell"},
		},
		{
			name:     "common word opening a sentence",
			text:     "Critics said \"it is bad.\" Some critics disagree. Several officials said \"less.\"",
			speakers: "said=,said=",
			absent:   []string{"Critics", "Several"},
		},
		{
			name:     "pronoun with a clitic",
			text:     "He's said \"more.\" Dr. Anthony Fauci said \"masks work.\"",
			speakers: "'s said=,said=Anthony Fauci", // the clitic opens the cue, as PolNeAR marks it
			absent:   []string{"He's", "He", "Dr"},
		},
		{
			name: "headline in title case",
			text: "Railing Against Trump, Sanders Vows To Eliminate Tax Breaks Used By Developers.\n\n" +
				"If Trump could make money doing it, Vermont Sen. Bernie Sanders is against it.\n\n\"We will win,\" Trump said.",
			absent: []string{"Railing Against Trump", "Sanders Vows"},
		},
		{
			name: "a name qualifying the source is not the speaker",
			text: "Donald Trump spoke in Ohio. \"He will win,\" a Trump campaign source said.\n\nSome Trump allies said \"maybe.\"\n\n" +
				"Sen. Ted Cruz of Texas said \"no.\"\n\nTrump's spokeswoman said \"yes.\"",
			speakers: "said=,said=,said=Ted Cruz,said=",
		},
		{
			name:      "organisations, groups and sentence openers",
			text:      "WikiLeaks said it \"will publish more.\"\n\nAmericans said \"no.\"\n\nMaybe Trump said \"yes.\"",
			speakers:  "said=WikiLeaks,said=,said=Trump",
			absent:    []string{"Americans", "Maybe Trump"},
			noMention: []string{"Maybe Trump"},
		},
		{
			name: "two names joined by and",
			text: "Trump and Sen. Bernie Sanders clashed on Monday. The Bill and Melinda Gates Foundation said \"fine.\" " +
				"Congress and President Barack Obama disagreed.",
			speakers: "said=Bill and Melinda Gates Foundation",
			roles:    map[string]string{"Bernie Sanders": "Sen.", "Barack Obama": "President"},
			badRoles: []string{"Trump and Sen.", "Congress and President"},
		},
		{
			name:     "a list after a name is not its role",
			text:     "\"We will win,\" Donald Trump said.\n\nDonald Trump, Sen. Ted Cruz of Texas and Gov. John Kasich of Ohio, spoke on Monday.",
			roles:    map[string]string{"Ted Cruz": "Sen.", "John Kasich": "Gov."},
			badRoles: []string{"Sen. Ted Cruz of Texas and Gov. John Kasich of Ohio"},
		},
		{
			name:     "title before a name",
			text:     "House Speaker Paul Ryan said \"fine.\" Admiral Harry Harris said \"ok.\"",
			speakers: "said=Paul Ryan,said=Harry Harris",
			roles:    map[string]string{"Paul Ryan": "House Speaker", "Harry Harris": "Admiral"},
		},
		{
			name:     "an attribution set off by commas is not a role",
			text:     "Clinton, a top aide said, \u201cis very confident\u201d about the debate. Josh Earnest, the White House press secretary, said \"fine.\"",
			roles:    map[string]string{"Josh Earnest": "White House press secretary"},
			badRoles: []string{"top aide said", "a top aide said"},
		},
		{
			name:    "a name that opens with a given name",
			text:    "He met Jane Doe on Monday in Paris, and the talks went well.\n\n\"It was good,\" an aide said.",
			persons: []string{"Jane Doe"},
		},
		{
			name:     "a list of titled names",
			text:     "Officials praised it, including President Barack Obama, Democratic presidential nominee Hillary Clinton, Vice President Joe Biden and others.",
			persons:  []string{"Barack Obama", "Hillary Clinton", "Joe Biden"},
			roles:    map[string]string{"Barack Obama": "President"},
			badRoles: []string{"Democratic presidential nominee Hillary Clinton"},
		},
		{
			name: "a surname alone is the one named most",
			text: "Hillary Clinton spoke in Ohio. Hillary Clinton said \"we will win.\" Her daughter, Chelsea Clinton, was there.\n\n" +
				"\"It was fine,\" Clinton said.",
			speakers: "said=Hillary Clinton,said=Hillary Clinton",
			persons:  []string{"Chelsea Clinton"},
		},
		{
			name: "a surname alone after a relative with a given name",
			text: "GOP presidential candidate Carly Fiorina spoke on Monday. She travelled with her husband, Frank Fiorina, that week.\n\n" +
				"\"We will win,\" Fiorina said.",
			speakers: "said=Carly Fiorina",
			persons:  []string{"Carly Fiorina", "Frank Fiorina"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractText(t, tt.text, "")
			byID := map[whosaid.EntityID]whosaid.Entity{}
			byName := map[string]whosaid.Entity{}
			for _, e := range ex.Entities {
				byID[e.ID], byName[e.Name] = e, e
			}
			var speakers []string
			for _, a := range ex.Attributions {
				speakers = append(speakers, a.Cue.Text+"="+byID[a.Speaker].Name)
			}
			if got := strings.Join(speakers, ","); tt.speakers != "" && got != tt.speakers {
				t.Errorf("speakers\n got %s\nwant %s", got, tt.speakers)
			}
			for person, role := range tt.roles {
				if !contains(byName[person].Roles, role) {
					t.Errorf("%s: roles %q, want %q among them", person, byName[person].Roles, role)
				}
			}
			for _, e := range ex.Entities {
				for _, r := range e.Roles {
					if contains(tt.badRoles, r) {
						t.Errorf("%s has the role %q", e.Name, r)
					}
				}
				for _, m := range e.Mentions {
					if contains(tt.noMention, m.Text) {
						t.Errorf("%s has a mention %q", e.Name, m.Text)
					}
				}
			}
			for _, n := range tt.persons {
				if byName[n].Type != whosaid.EntityPerson {
					t.Errorf("%q is not a person: %v", n, names(ex.Entities))
				}
			}
			for _, n := range tt.absent {
				if _, ok := byName[n]; ok {
					t.Errorf("entity %q should not exist: %v", n, names(ex.Entities))
				}
			}
		})
	}
}
