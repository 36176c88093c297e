// Package archivetest is the one test suite every whosaid.Archive passes:
// the sqlite and postgres stores run it against real databases, so both
// behave the same. It uses the real seed article with a hand-made
// extraction of known entities and attributions, a second report sharing
// a quote, and the real extractor's output on the seed.
package archivetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/extract"
)

// Run runs the suite; open must return a new, empty archive for each call
// and close it when the test ends.
func Run(t *testing.T, open func(t *testing.T) whosaid.Archive) {
	tests := []struct {
		name string
		fn   func(t *testing.T, a whosaid.Archive)
	}{
		{"PutAndGet", testPutAndGet},
		{"Idempotent", testIdempotent},
		{"Syndicated", testSyndicated},
		{"NearDuplicate", testNearDuplicate},
		{"StatementGrouping", testGrouping},
		{"Search", testSearch},
		{"SearchPaging", testPaging},
		{"SearchInvalid", testSearchInvalid},
		{"SearchCapped", testSearchCapped},
		{"SearchScanCapped", testSearchScanCapped},
		{"SearchFarApart", testFarApart},
		{"People", testPeople},
		{"Person", testPerson},
		{"Interactions", testInteractions},
		{"NotFound", testNotFound},
		{"InvalidArticle", testInvalidArticle},
		{"Reprocess", testReprocess},
		{"RealExtractor", testRealExtractor},
		{"ConcurrentPuts", testConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

const v1 = "test-extractor/1"

func seedArticle(t testing.TB) whosaid.Article {
	return whosaid.Article{ID: "seed", URL: "https://en.iranpress.com/a/1", Title: "Velayati phones Nakhaleh",
		Outlet: "Iran Press", Language: "en", Published: date(t, "2021-05-16"), Text: Seed(t)}
}

func wireArticle(t testing.TB) whosaid.Article {
	return whosaid.Article{ID: "wire", URL: "https://wire.example/b", Title: "Velayati vows", Outlet: "Wire",
		Published: date(t, "2021-05-17"), Text: wire}
}

func put(t *testing.T, a whosaid.Archive, art whosaid.Article, x *whosaid.Extraction) whosaid.PutResult {
	t.Helper()
	res, err := a.PutArticle(context.Background(), art, x)
	if err != nil {
		t.Fatalf("PutArticle(%s): %v", art.ID, err)
	}
	return res
}

// putBoth stores the seed and the wire report.
func putBoth(t *testing.T, a whosaid.Archive) (seed, wire int64) {
	s := put(t, a, seedArticle(t), seedExtraction(t, Seed(t), v1))
	w := put(t, a, wireArticle(t), wireExtraction(t, v1))
	return s.ArticleID, w.ArticleID
}

func search(t *testing.T, a whosaid.Archive, f whosaid.StatementFilter) *whosaid.StatementPage {
	t.Helper()
	p, err := a.SearchStatements(context.Background(), f)
	if err != nil {
		t.Fatalf("SearchStatements(%+v): %v", f, err)
	}
	return p
}

func contents(p *whosaid.StatementPage) []string {
	var out []string
	for _, s := range p.Statements {
		out = append(out, s.Content)
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if whosaid.ErrorCode(err) != code {
		t.Fatalf("error %v: code %q, want %q", err, whosaid.ErrorCode(err), code)
	}
	var e *whosaid.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *whosaid.Error", err)
	}
}

func testPutAndGet(t *testing.T, a whosaid.Archive) {
	art := seedArticle(t)
	x := seedExtraction(t, art.Text, v1)
	res := put(t, a, art, x)
	if res.Duplicate || res.ArticleID == 0 {
		t.Fatalf("PutArticle = %+v, want a new article", res)
	}
	got, err := a.Article(context.Background(), res.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Article.Text != art.Text || got.Article.URL != art.URL || got.Article.Outlet != art.Outlet ||
		got.Article.Published != art.Published || got.Article.ID != art.ID || got.Article.Title != art.Title {
		t.Errorf("Article = %+v, want %+v", got.Article, art)
	}
	if got.Extractor != v1 || got.Extraction == nil || len(got.Extraction.Attributions) != 3 ||
		got.Extraction.Attributions[1].Contents[0] != x.Attributions[1].Contents[0] {
		t.Errorf("extraction not stored as given: %+v", got.Extraction)
	}
	if got.Ingested.IsZero() {
		t.Error("Ingested is zero")
	}
	if len(got.Sightings) != 1 || got.Sightings[0].URL != art.URL || got.Sightings[0].ArticleID != res.ArticleID {
		t.Errorf("Sightings = %+v", got.Sightings)
	}
}

func testIdempotent(t *testing.T, a whosaid.Archive) {
	first, _ := putBoth(t, a)
	before := search(t, a, whosaid.StatementFilter{Limit: 100})
	again := put(t, a, seedArticle(t), seedExtraction(t, Seed(t), v1))
	if !again.Duplicate || again.ArticleID != first {
		t.Fatalf("second put = %+v, want duplicate of %d", again, first)
	}
	after := search(t, a, whosaid.StatementFilter{Limit: 100})
	if after.Total != before.Total || after.Total != 5 {
		t.Errorf("statements %d then %d, want 5 both times", before.Total, after.Total)
	}
	got, _ := a.Article(context.Background(), first)
	if len(got.Sightings) != 1 {
		t.Errorf("same input twice: %d sightings, want 1", len(got.Sightings))
	}
	ps, _ := a.People(context.Background(), "", 0)
	if len(ps) != 3 {
		t.Errorf("%d people, want 3", len(ps))
	}
}

func testSyndicated(t *testing.T, a whosaid.Archive) {
	first := put(t, a, seedArticle(t), seedExtraction(t, Seed(t), v1))
	copyArt := seedArticle(t)
	copyArt.ID, copyArt.URL, copyArt.Outlet, copyArt.Published = "copy", "https://mirror.example/c", "Mirror", date(t, "2021-05-15")
	copyArt.Text = "  " + copyArt.Text + "\n\n" // whitespace only: same normalised text
	res := put(t, a, copyArt, seedExtraction(t, copyArt.Text, v1))
	if !res.Duplicate || res.ArticleID != first.ArticleID {
		t.Fatalf("syndicated copy = %+v, want duplicate of %d", res, first.ArticleID)
	}
	got, _ := a.Article(context.Background(), first.ArticleID)
	if len(got.Sightings) != 2 || got.Sightings[0].Outlet != "Mirror" || got.Sightings[1].Outlet != "Iran Press" {
		t.Errorf("Sightings = %+v, want Mirror then Iran Press (earliest first)", got.Sightings)
	}
	p := search(t, a, whosaid.StatementFilter{Query: "holy Quds"})
	if p.Total != 1 || len(p.Statements[0].Sightings) != 2 {
		t.Errorf("statement of a syndicated article: %+v", p.Statements)
	}
}

func testNearDuplicate(t *testing.T, a whosaid.Archive) {
	first := put(t, a, seedArticle(t), seedExtraction(t, Seed(t), v1))
	near := seedArticle(t)
	near.ID, near.URL, near.Outlet = "near", "https://other.example/n", "Other"
	near.Text = near.Text + "\n\nCopyright Other News."
	if !archive.NearDuplicate(archive.SimHash(near.Text), archive.SimHash(Seed(t))) {
		t.Skip("fixture is not a near duplicate under the current SimHash")
	}
	res := put(t, a, near, nil)
	if !res.Duplicate || res.ArticleID != first.ArticleID {
		t.Fatalf("near duplicate = %+v, want duplicate of %d", res, first.ArticleID)
	}
	other := wireArticle(t)
	if res := put(t, a, other, nil); res.Duplicate {
		t.Fatalf("different article stored as duplicate: %+v", res)
	}
}

func testGrouping(t *testing.T, a whosaid.Archive) {
	seed, wire := putBoth(t, a)
	p := search(t, a, whosaid.StatementFilter{Query: "promise liberate"})
	if p.Total != 1 || len(p.Statements) != 1 {
		t.Fatalf("quote in two articles: %d statements %q, want 1", p.Total, contents(p))
	}
	st := p.Statements[0]
	if st.ArticleID != seed || st.Outlet != "Iran Press" || st.Published != date(t, "2021-05-16") {
		t.Errorf("statement shows article %d %q %s, want the earliest (%d, Iran Press)", st.ArticleID, st.Outlet, st.Published, seed)
	}
	if len(st.Sightings) != 2 || st.Sightings[0].ArticleID != seed || st.Sightings[1].ArticleID != wire {
		t.Errorf("Sightings = %+v, want seed then wire", st.Sightings)
	}
	if st.Attribution.Contents[0].Text != quoteGod || st.Kind != whosaid.Direct || st.Cue != "saying" {
		t.Errorf("statement attribution = %+v", st.Attribution)
	}
	// An earlier report of the same quote becomes the one shown.
	early := wireArticle(t)
	early.ID, early.Outlet, early.Published = "early", "Early", date(t, "2021-05-10")
	early.Text = "BEIRUT — Ali Akbar Velayati, speaking to students, said: \"" + quoteGod + "\" He did not elaborate on the timing."
	x := &whosaid.Extraction{Extractor: v1,
		Entities: []whosaid.Entity{{ID: "e1", Type: whosaid.EntityPerson, Name: "Ali Akbar Velayati"}},
		Attributions: []whosaid.Attribution{{Speaker: "e1", SpeakerName: "Ali Akbar Velayati", Kind: whosaid.Direct,
			Cue: find(t, early.Text, "said", 0), Contents: []whosaid.Span{find(t, early.Text, quoteGod, 0)}}}}
	e := put(t, a, early, x)
	p = search(t, a, whosaid.StatementFilter{Query: "promise liberate"})
	if p.Total != 1 || p.Statements[0].ArticleID != e.ArticleID || len(p.Statements[0].Sightings) != 3 ||
		p.Statements[0].Sightings[0].Outlet != "Early" || p.Statements[0].Cue != "said" {
		t.Errorf("after an earlier report: %+v", p.Statements)
	}
	// The outlet filter follows the article a statement shows.
	outletHas(t, a, "promise liberate", map[string]int{"early": 1, "Iran Press": 0})
	// Re-extracted without the quote, the earlier report drops out and the
	// statement shows the seed again, with the seed's own attribution.
	r, ok := a.(archive.Reprocessor)
	if !ok {
		t.Fatal("store does not implement archive.Reprocessor")
	}
	x.Attributions = nil
	if err := r.ReplaceExtraction(context.Background(), e.ArticleID, x); err != nil {
		t.Fatal(err)
	}
	p = search(t, a, whosaid.StatementFilter{Query: "promise liberate"})
	if p.Total != 1 || len(p.Statements[0].Sightings) != 2 {
		t.Fatalf("after the earlier report lost the quote: %+v", p.Statements)
	}
	if st := p.Statements[0]; st.ArticleID != seed || st.Cue != "saying" || st.Attribution.Contents[0].Text != quoteGod ||
		st.Attribution.Cue.Text != "saying" {
		t.Errorf("statement shows article %d, cue %q, attribution %+v; want the seed's (%d, \"saying\")", st.ArticleID, st.Cue, st.Attribution, seed)
	}
	outletHas(t, a, "promise liberate", map[string]int{"Early": 0, "iran press": 1})
}

// outletHas checks how many statements matching query each outlet
// filter finds.
func outletHas(t *testing.T, a whosaid.Archive, query string, want map[string]int) {
	t.Helper()
	for outlet, n := range want {
		if p := search(t, a, whosaid.StatementFilter{Query: query, Outlet: outlet}); p.Total != n {
			t.Errorf("outlet %q: %d statements match %q, want %d", outlet, p.Total, query, n)
		}
	}
}

func testSearch(t *testing.T, a whosaid.Archive) {
	putBoth(t, a)
	tests := []struct {
		name string
		f    whosaid.StatementFilter
		want []string
	}{
		{"all newest first", whosaid.StatementFilter{}, []string{
			"restraint from every side in the coming days", "the United States was watching the region closely",
			quoteIran, quoteGod, quoteStress}},
		{"query", whosaid.StatementFilter{Query: "Palestinian"}, []string{quoteStress}},
		{"query stem-free words", whosaid.StatementFilter{Query: "restraint side"}, []string{"restraint from every side in the coming days"}},
		{"phrase", whosaid.StatementFilter{Query: `"Islamic Republic"`}, []string{quoteIran}},
		{"exclude", whosaid.StatementFilter{Query: `Iran -support`}, []string{quoteIran}},
		{"or", whosaid.StatementFilter{Query: `restraint OR Palestinian`}, []string{"restraint from every side in the coming days", quoteStress}},
		{"no match", whosaid.StatementFilter{Query: "zebra"}, nil},
		{"odd syntax", whosaid.StatementFilter{Query: `"unbalanced AND ( OR * NEAR:`}, nil},
		{"stop words only", whosaid.StatementFilter{Query: "the of and"}, nil},
		{"speaker", whosaid.StatementFilter{Speaker: "jane doe"}, []string{"restraint from every side in the coming days", "the United States was watching the region closely"}},
		{"speaker alias", whosaid.StatementFilter{Speaker: "Velayati", Kind: whosaid.Direct}, []string{quoteIran, quoteGod}},
		{"org in role", whosaid.StatementFilter{Org: "state department"}, []string{"restraint from every side in the coming days", "the United States was watching the region closely"}},
		{"org in article", whosaid.StatementFilter{Org: "Islamic Jihad"}, []string{quoteIran, quoteGod, quoteStress}},
		{"outlet", whosaid.StatementFilter{Outlet: "wire"}, []string{"restraint from every side in the coming days", "the United States was watching the region closely"}},
		{"since", whosaid.StatementFilter{Since: date(t, "2021-05-17")}, []string{"restraint from every side in the coming days", "the United States was watching the region closely"}},
		{"until", whosaid.StatementFilter{Until: date(t, "2021-05-16")}, []string{quoteIran, quoteGod, quoteStress}},
		{"kind", whosaid.StatementFilter{Kind: whosaid.Indirect, Query: "Iran"}, []string{quoteStress}},
		// A query with each other filter: the stores may walk the query's
		// matches and check the rest on them.
		{"query and speaker", whosaid.StatementFilter{Query: "Iran", Speaker: "Velayati"}, []string{quoteIran, quoteStress}},
		{"query and speaker elsewhere", whosaid.StatementFilter{Query: "Palestinian", Speaker: "jane doe"}, nil},
		{"query and outlet", whosaid.StatementFilter{Query: "restraint OR Iran", Outlet: "wire"}, []string{"restraint from every side in the coming days"}},
		{"query and org", whosaid.StatementFilter{Query: "restraint OR Palestinian", Org: "state department"}, []string{"restraint from every side in the coming days"}},
		{"query and dates", whosaid.StatementFilter{Query: "restraint OR Palestinian", Until: date(t, "2021-05-16")}, []string{quoteStress}},
		// About searches the articles' text: the seed's body says
		// "telephone", the wire's dateline "Washington"; quoteGod is shown
		// from the seed but reported by the wire too.
		{"about", whosaid.StatementFilter{About: "telephone"}, []string{quoteIran, quoteGod, quoteStress}},
		{"about any report", whosaid.StatementFilter{About: "Washington"}, []string{
			"restraint from every side in the coming days", "the United States was watching the region closely", quoteGod}},
		{"about and query", whosaid.StatementFilter{About: "Washington", Query: "liberate"}, []string{quoteGod}},
		{"about and speaker", whosaid.StatementFilter{About: "telephone", Speaker: "jane doe"}, nil},
		{"about nothing", whosaid.StatementFilter{About: "zebra"}, nil},
		{"about odd syntax", whosaid.StatementFilter{About: `"( NEAR:`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := search(t, a, tt.f)
			// Statements of one day may come in any order.
			got, want := contents(p), slices.Clone(tt.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", contents(p), tt.want)
			}
			newestFirst(t, p)
			if p.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", p.Total, len(tt.want))
			}
		})
	}
	p := search(t, a, whosaid.StatementFilter{Query: "Palestinian"})
	if s := p.Statements[0]; s.Snippet == "" || s.Speaker != "Ali Akbar Velayati" || s.SpeakerRole != roleVelayati ||
		s.PersonID == 0 || s.Title != "Velayati phones Nakhaleh" || s.URL == "" {
		t.Errorf("statement = %+v", s)
	}
	p = search(t, a, whosaid.StatementFilter{})
	want := whosaid.Facets{
		Speakers: []whosaid.FacetCount{{Value: "Ali Akbar Velayati", Count: 3}, {Value: "Jane Doe", Count: 2}},
		Outlets:  []whosaid.FacetCount{{Value: "Iran Press", Count: 3}, {Value: "Wire", Count: 2}},
		Kinds:    []whosaid.FacetCount{{Value: "indirect", Count: 3}, {Value: "direct", Count: 2}},
	}
	if fmt.Sprint(p.Facets) != fmt.Sprint(want) {
		t.Errorf("Facets = %+v\nwant %+v", p.Facets, want)
	}
}

// newestFirst checks that statements come newest first.
func newestFirst(t *testing.T, p *whosaid.StatementPage) {
	t.Helper()
	for i := 1; i < len(p.Statements); i++ {
		if p.Statements[i].Published.After(p.Statements[i-1].Published.Time) {
			t.Errorf("statement %d (%s) is newer than statement %d (%s)", i, p.Statements[i].Published, i-1, p.Statements[i-1].Published)
		}
	}
}

func testPaging(t *testing.T, a whosaid.Archive) {
	putBoth(t, a)
	var got []string
	cursor := ""
	pager, _ := a.(statementPager)
	for range 10 {
		f := whosaid.StatementFilter{Limit: 2, Cursor: cursor}
		p := search(t, a, f)
		if p.Total != 5 {
			t.Errorf("Total on a later page = %d, want 5", p.Total)
		}
		if pager != nil {
			// The page alone must be the search's page.
			sts, next, err := pager.StatementsPage(context.Background(), f)
			if err != nil || next != p.NextCursor || !slices.Equal(contents(&whosaid.StatementPage{Statements: sts}), contents(p)) {
				t.Errorf("StatementsPage(%+v) = %q, %q, %v; SearchStatements: %q, %q", f,
					contents(&whosaid.StatementPage{Statements: sts}), next, err, contents(p), p.NextCursor)
			}
		}
		got = append(got, contents(p)...)
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	all := contents(search(t, a, whosaid.StatementFilter{Limit: 100}))
	if !slices.Equal(got, all) || len(all) != 5 {
		t.Errorf("pages %q\nwant %q", got, all)
	}
}

// statementPager is http.StatementPager, which stores may implement to
// read a page without its total and facets.
type statementPager interface {
	StatementsPage(ctx context.Context, f whosaid.StatementFilter) ([]whosaid.Statement, string, error)
}

func testSearchInvalid(t *testing.T, a whosaid.Archive) {
	putBoth(t, a)
	for _, f := range []whosaid.StatementFilter{
		{Kind: "shouted"},
		{Cursor: "not-a-cursor"},
		{Since: date(t, "2022-01-01"), Until: date(t, "2021-01-01")},
		{Limit: -1},
	} {
		_, err := a.SearchStatements(context.Background(), f)
		wantCode(t, err, whosaid.EINVALID)
	}
}

func testPeople(t *testing.T, a whosaid.Archive) {
	putBoth(t, a)
	ps, err := a.People(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"Ali Akbar Velayati", "Jane Doe", "Ziad Nakhaleh"}) {
		t.Fatalf("People = %q", names)
	}
	v := ps[0]
	if v.Statements != 3 || v.Interactions != 1 || !slices.Equal(v.Aliases, []string{"Velayati"}) {
		t.Errorf("Velayati = %+v", v)
	}
	if len(v.Roles) != 1 || v.Roles[0].Role != roleVelayati || v.Roles[0].FirstSeen != date(t, "2021-05-16") {
		t.Errorf("Velayati roles = %+v", v.Roles)
	}
	for _, q := range []string{"velayati", "VELAY", "Ali Akbar"} {
		ps, err := a.People(context.Background(), q, 10)
		if err != nil || len(ps) != 1 || ps[0].ID != v.ID {
			t.Errorf("People(%q) = %+v, %v", q, ps, err)
		}
	}
	if ps, _ := a.People(context.Background(), "", 1); len(ps) != 1 {
		t.Errorf("limit 1: %d people", len(ps))
	}
}

func testPerson(t *testing.T, a whosaid.Archive) {
	putBoth(t, a)
	ps, _ := a.People(context.Background(), "Velayati", 1)
	p, err := a.Person(context.Background(), ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Ali Akbar Velayati" || len(p.Latest) != 3 || len(p.Interactions) != 1 || p.Statements != 3 {
		t.Errorf("Person = %+v", p)
	}
	if len(p.Weekly) != 1 || p.Weekly[0].Week != date(t, "2021-05-10") || p.Weekly[0].Count != 3 {
		t.Errorf("Weekly = %+v, want 3 in the week of Monday 2021-05-10", p.Weekly)
	}
}

func testInteractions(t *testing.T, a whosaid.Archive) {
	seed, _ := putBoth(t, a)
	ins, err := a.Interactions(context.Background(), whosaid.InteractionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 {
		t.Fatalf("Interactions = %+v", ins)
	}
	in := ins[0]
	if in.Kind != whosaid.TelephoneCall || in.ArticleID != seed || in.Where != "Tehran" || len(in.Participants) != 2 ||
		in.Participants[0].Name != "Ali Akbar Velayati" || in.Participants[1].Name != "Ziad Nakhaleh" || in.Participants[1].ID == 0 {
		t.Errorf("interaction = %+v", in)
	}
	ps, _ := a.People(context.Background(), "Jane", 1)
	tests := []struct {
		name string
		f    whosaid.InteractionFilter
		want int
	}{
		{"participant", whosaid.InteractionFilter{PersonID: in.Participants[1].ID}, 1},
		{"not a participant", whosaid.InteractionFilter{PersonID: ps[0].ID}, 0},
		{"since after", whosaid.InteractionFilter{Since: date(t, "2021-06-01")}, 0},
		{"until", whosaid.InteractionFilter{Until: date(t, "2021-05-16")}, 1},
	}
	for _, tt := range tests {
		got, err := a.Interactions(context.Background(), tt.f)
		if err != nil || len(got) != tt.want {
			t.Errorf("%s: %d interactions, %v; want %d", tt.name, len(got), err, tt.want)
		}
	}
}

func testNotFound(t *testing.T, a whosaid.Archive) {
	_, err := a.Article(context.Background(), 12345)
	wantCode(t, err, whosaid.ENOTFOUND)
	_, err = a.Person(context.Background(), 12345)
	wantCode(t, err, whosaid.ENOTFOUND)
	if r, ok := a.(archive.Reprocessor); ok {
		wantCode(t, r.ReplaceExtraction(context.Background(), 12345, &whosaid.Extraction{}), whosaid.ENOTFOUND)
	}
}

func testInvalidArticle(t *testing.T, a whosaid.Archive) {
	for _, art := range []whosaid.Article{{ID: "empty"}, {ID: "blank", Text: " \n "}, {ID: "bad", Text: "caf\xe9"}} {
		_, err := a.PutArticle(context.Background(), art, nil)
		wantCode(t, err, whosaid.EINVALID)
	}
}

func testReprocess(t *testing.T, a whosaid.Archive) {
	r, ok := a.(archive.Reprocessor)
	if !ok {
		t.Fatal("store does not implement archive.Reprocessor")
	}
	seed, _ := putBoth(t, a)
	ctx := context.Background()
	var seen []string
	err := r.ArticlesByExtractor(ctx, "v2", func(sa *whosaid.StoredArticle) error {
		seen = append(seen, sa.Article.ID)
		x := wireExtraction(t, "v2")
		if sa.Article.ID == "seed" {
			x = seedExtraction(t, sa.Article.Text, "v2")
		}
		if sa.ID == seed { // the new extractor finds one statement fewer
			x.Attributions = x.Attributions[1:]
		}
		return r.ReplaceExtraction(ctx, sa.ID, x)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []string{"seed", "wire"}) {
		t.Errorf("walked %q", seen)
	}
	if err := r.ArticlesByExtractor(ctx, "v2", func(sa *whosaid.StoredArticle) error {
		return fmt.Errorf("article %s still needs reprocessing", sa.Article.ID)
	}); err != nil {
		t.Error(err)
	}
	got, _ := a.Article(ctx, seed)
	if got.Extractor != "v2" || got.Extraction.Extractor != "v2" || len(got.Sightings) != 1 {
		t.Errorf("after reprocess: extractor %q, %d sightings", got.Extractor, len(got.Sightings))
	}
	p := search(t, a, whosaid.StatementFilter{Limit: 100})
	if p.Total != 4 {
		t.Errorf("after reprocess: %d statements %q, want 4", p.Total, contents(p))
	}
	g := search(t, a, whosaid.StatementFilter{Query: "promise liberate"})
	if g.Total != 1 || len(g.Statements[0].Sightings) != 2 || g.Statements[0].ArticleID != seed {
		t.Errorf("shared quote after reprocess: %+v", g.Statements)
	}
	ps, _ := a.People(ctx, "Velayati", 1)
	if ps[0].Statements != 2 {
		t.Errorf("Velayati has %d statements after reprocess, want 2", ps[0].Statements)
	}
}

func testRealExtractor(t *testing.T, a whosaid.Archive) {
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	art := seedArticle(t)
	ex, err := x.Extract(art)
	if err != nil {
		t.Fatal(err)
	}
	res := put(t, a, art, ex)
	got, err := a.Article(context.Background(), res.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Extractor != extract.Version || len(got.Extraction.Attributions) != len(ex.Attributions) ||
		len(got.Extraction.Entities) != len(ex.Entities) {
		t.Errorf("real extraction not stored as given")
	}
	d, err := archive.Prepare(art, ex)
	if err != nil {
		t.Fatal(err)
	}
	p := search(t, a, whosaid.StatementFilter{Limit: 1000})
	if p.Total != len(d.Statements) {
		t.Errorf("%d statements stored, want %d (from %d attributions)", p.Total, len(d.Statements), len(ex.Attributions))
	}
	if again := put(t, a, art, ex); !again.Duplicate {
		t.Error("real extraction stored twice")
	}
}

func testConcurrent(t *testing.T, a whosaid.Archive) {
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			art := seedArticle(t)
			art.URL = fmt.Sprintf("https://mirror%d.example/", i%4)
			_, err := a.PutArticle(context.Background(), art, seedExtraction(t, art.Text, v1))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	p := search(t, a, whosaid.StatementFilter{Limit: 100})
	if p.Total != 3 {
		t.Errorf("%d statements after concurrent puts of one article, want 3", p.Total)
	}
	if p.Statements[0].ArticleID == 0 {
		t.Fatal("no article")
	}
	got, _ := a.Article(context.Background(), p.Statements[0].ArticleID)
	if len(got.Sightings) != 4 {
		t.Errorf("%d sightings, want 4", len(got.Sightings))
	}
}
