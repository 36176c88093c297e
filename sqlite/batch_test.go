package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"whosaid"
	"whosaid/archive"
	"whosaid/extract"
)

// TestBatchMatchesOneByOne checks that a batch, whose derived rows are
// written at its end with what its earlier articles added kept in memory
// (derived.go), leaves the archive that storing its articles one by one
// leaves: the same persons with the same counts, aliases and roles, the
// same statements showing the same (earliest) report with the others
// listed, the same interactions and full-text rows. The articles are real
// extractions of PolNeAR texts plus reports of one statement by one
// person whose days go back and forth, an undated one among them, and a
// syndicated copy. A third archive gets the batch with an article that
// fails inside the transaction, which makes the store write the batch
// again article by article; it must end as the others without it.
func TestBatchMatchesOneByOne(t *testing.T) {
	ctx := context.Background()
	puts := batchPuts(t)

	batched, batchedDB := openRaw(t)
	out, err := batched.PutArticles(ctx, puts)
	checkOutcomes(t, out, err, -1)

	single, singleDB := openRaw(t)
	for _, p := range puts { // PutArticle has no Doc to take
		out, err := single.PutArticles(ctx, []archive.Put{p})
		checkOutcomes(t, out, err, -1)
	}

	retried, retriedDB := openRaw(t)
	if _, err := retriedDB.ExecContext(ctx, `CREATE TRIGGER refuse BEFORE INSERT ON statements
		WHEN new.content = 'the refused words' BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	bad := report(t, "refused", "2024-03-04", "the refused words")
	bad.Doc.Statements[0].Key = "k:refused"
	withBad := append(append(append([]archive.Put{}, puts[:5]...), bad), puts[5:]...)
	out, err = retried.PutArticles(ctx, withBad)
	checkOutcomes(t, out, err, 5)

	want := dump(t, singleDB)
	if strings.Contains(want, "keyed by its id 0") {
		t.Fatalf("a statement's full-text key does not hold its id:\n%s", want)
	}
	if !strings.Contains(want, "statement k:minister shown by r3 on 2024-03-01") {
		t.Fatalf("the reported statement does not show its earliest report:\n%s", want)
	}
	for name, db := range map[string]*sql.DB{"one batch": batchedDB, "batch retried article by article": retriedDB} {
		if got := dump(t, db); got != want {
			t.Errorf("%s differs from one by one:\n%s", name, diffLines(got, want))
		}
	}
}

// batchPuts returns real extractions of some PolNeAR texts (several name
// the same persons), reports of one statement on days out of order, and
// a syndicated copy of a text dated before it.
func batchPuts(t *testing.T) []archive.Put {
	t.Helper()
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2016, 10, 1, 0, 0, 0, 0, time.UTC)
	texts := devPuts(t, x, 12, func(i int) time.Time { return day.AddDate(0, 0, (i*7)%5) })
	puts := append([]archive.Put{}, texts[:4]...)
	for j, d := range []string{"2024-03-05", "2024-03-02", "", "2024-03-01", "2024-03-03"} {
		puts = append(puts, report(t, fmt.Sprintf("r%d", j), d, "the talks would resume on Monday"))
	}
	puts = append(puts, texts[4:]...)
	copied := puts[2]
	copied.Article.URL, copied.Article.Outlet = "https://b.example/copy", "B"
	copied.Article.Published = whosaid.Date{Time: day.AddDate(0, 0, -10)}
	return append(puts, copied)
}

// devPuts returns real extractions of the first n PolNeAR dev texts,
// published on day(i) and seen at a.example.
func devPuts(t *testing.T, x *extract.Extractor, n int, day func(i int) time.Time) []archive.Put {
	t.Helper()
	dir := filepath.Join("..", "corpora", "polnear", "dev", "text")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var puts []archive.Put
	for i, e := range entries[:min(len(entries), n)] {
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		a := whosaid.Article{ID: e.Name(), URL: "https://a.example/" + e.Name(), Outlet: "A",
			Published: whosaid.Date{Time: day(i)}, Text: string(text)}
		ex, err := x.Extract(a)
		if err != nil {
			t.Fatal(err)
		}
		puts = append(puts, archive.Put{Article: a, Extraction: ex})
	}
	return puts
}

// scenes keep the reports apart from each other (not near-duplicates).
var scenes = map[string]string{
	"r0":      "Farmers blocked the ring road with tractors for a third day.",
	"r1":      "The central bank left its key rate unchanged at four per cent.",
	"r2":      "A storm closed two ports and grounded most flights in the north.",
	"r3":      "Teachers in twelve provinces voted to extend their strike.",
	"r4":      "The football federation named a new coach after the defeat.",
	"refused": "Opposition deputies walked out of the budget debate.",
}

// report is an article reporting the minister's statement on day ("" for
// none), naming the minister by another alias and role each time.
func report(t *testing.T, id, day, quote string) archive.Put {
	t.Helper()
	a := whosaid.Article{ID: id, URL: "https://" + id + ".example/", Outlet: id,
		Published: archive.ParseDay(day), Text: scenes[id] + " The minister said " + quote + "."}
	d, err := archive.Prepare(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.People = append(d.People, archive.PersonRow{Key: "jane doe", Name: "Jane Doe",
		Aliases: []string{"Doe " + id}, Roles: []string{"minister " + id}})
	d.Orgs = append(d.Orgs, "ministry")
	d.Statements = append(d.Statements, archive.StatementRow{Key: "k:minister", PersonKey: "jane doe", Speaker: "Jane Doe",
		Content: quote, Kind: whosaid.Indirect, Cue: "said " + id, Attribution: []byte(`{"id":"` + id + `"}`)})
	d.Interactions = append(d.Interactions, archive.InteractionRow{Kind: whosaid.InteractionKind("meeting"), Where: "Paris " + id,
		Cue: "met", Participants: []archive.Participant{{PersonKey: "jane doe", Name: "Jane Doe"}, {Name: "the envoy"}}})
	return archive.Put{Article: a, Doc: d}
}

func checkOutcomes(t *testing.T, out []archive.PutOutcome, err error, failing int) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if (o.Err != nil) != (i == failing) {
			t.Fatalf("article %d: %v", i, o.Err)
		}
	}
}

// dump lists an archive's rows by what they say, not by their ids.
func dump(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT 'article ' || ext_id || ' ' || published || ' orgs ' ||
			coalesce((SELECT group_concat(name_key, ',') FROM (SELECT name_key FROM article_orgs WHERE article_id = a.id ORDER BY 1)), '')
			FROM articles a ORDER BY ext_id`,
		`SELECT 'sighting ' || a.ext_id || ' ' || s.url || ' ' || s.outlet || ' ' || s.published
			FROM sightings s JOIN articles a ON a.id = s.article_id ORDER BY 1`,
		`SELECT 'person ' || name_key || ' ' || name || ' ' || n_statements || ' ' || n_interactions FROM persons ORDER BY 1`,
		`SELECT 'alias ' || p.name_key || ' ' || x.alias_key || ' ' || x.alias
			FROM person_aliases x JOIN persons p ON p.id = x.person_id ORDER BY 1`,
		`SELECT 'role ' || p.name_key || ' ' || r.role || ' ' || r.first_seen || ' ' || r.last_seen
			FROM person_roles r JOIN persons p ON p.id = r.person_id ORDER BY 1`,
		`SELECT 'statement ' || s.key || ' shown by ' || a.ext_id || ' on ' || s.published || ' day ' || (s.fts_key >> 32) ||
			' person ' || coalesce(p.name_key, '-') || ' ' || s.speaker || ' ' || s.speaker_key || ' ' || s.speaker_role || ' ' ||
			s.kind || ' ' || s.cue || ' ' || s.attribution || ' ' || s.content ||
			' indexed ' || (SELECT count(*) FROM statements_fts WHERE rowid = s.fts_key) ||
			' keyed by its id ' || (s.fts_key & 4294967295 = s.id)
			FROM statements s JOIN articles a ON a.id = s.article_id LEFT JOIN persons p ON p.id = s.person_id ORDER BY 1`,
		`SELECT 'report ' || s.key || ' in ' || a.ext_id || ' on ' || x.published || ' ' || x.attribution
			FROM statement_sightings x JOIN statements s ON s.id = x.statement_id JOIN articles a ON a.id = x.article_id ORDER BY 1`,
		`SELECT 'interaction ' || a.ext_id || ' ' || i.kind || ' ' || i.happened || ' ' || i.place || ' ' || i.cue || ': ' ||
			(SELECT group_concat(x.position || '=' || coalesce(p.name_key, '-') || '/' || x.name, ',')
				FROM (SELECT * FROM interaction_participants WHERE interaction_id = i.id ORDER BY position) x
				LEFT JOIN persons p ON p.id = x.person_id)
			FROM interactions i JOIN articles a ON a.id = i.article_id ORDER BY 1`,
		`SELECT 'fts rows ' || (SELECT count(*) FROM statements_fts) || ' ' || (SELECT count(*) FROM articles_fts)`,
		`SELECT 'fts said ' || (SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'the') || ' ' ||
			(SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'said')`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			b.WriteString(line + "\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

// diffLines lists the lines only one of got and want has.
func diffLines(got, want string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var b strings.Builder
	for l, n := range count {
		if n > 0 {
			fmt.Fprintf(&b, "- %s\n", l)
		} else if n < 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}
