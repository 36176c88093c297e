package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/sqlite"
)

// TestOtherReportsMigration checks that an archive from before migration
// 0005, whose statement_sightings also held the report each statement
// shows, lists every report once after it is opened again.
func TestOtherReportsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whosaid.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	text := "The minister said the talks would resume on Monday."
	doc := func(id, day string) archive.Put {
		a := whosaid.Article{ID: id, URL: "https://" + id + ".example/", Outlet: id,
			Published: archive.ParseDay(day), Text: text + " (" + id + ")"}
		d, err := archive.Prepare(a, nil)
		if err != nil {
			t.Fatal(err)
		}
		d.Statements = append(d.Statements, archive.StatementRow{Key: "k:minister", Speaker: "The minister",
			Content: "the talks would resume on Monday", Kind: whosaid.Indirect, Cue: "said", Attribution: []byte(`{}`)})
		return archive.Put{Article: a, Doc: d}
	}
	out, err := s.PutArticles(ctx, []archive.Put{doc("a", "2024-03-02"), doc("b", "2024-03-01")})
	if err != nil || out[0].Err != nil || out[1].Err != nil {
		t.Fatalf("put: %v %+v", err, out)
	}
	s.Close()
	// Back to the old layout: the shown report among the others too.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO statement_sightings (statement_id, article_id, published, attribution)
			SELECT id, article_id, published, '' FROM statements`,
		`DELETE FROM migrations WHERE name LIKE '%0005_other_reports.sql'`,
	} {
		if res, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s: %d rows", q, n)
		}
	}
	db.Close()
	if s, err = sqlite.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, err := s.SearchStatements(ctx, whosaid.StatementFilter{Query: "talks"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Statements) != 1 {
		t.Fatalf("%d statements", len(page.Statements))
	}
	var outlets []string
	for _, si := range page.Statements[0].Sightings {
		outlets = append(outlets, si.Outlet)
	}
	if len(outlets) != 2 || outlets[0] != "b" || outlets[1] != "a" {
		t.Errorf("reports %q, want [b a]", outlets)
	}
}
