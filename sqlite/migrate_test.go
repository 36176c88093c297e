package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/archivetest"
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

// TestSimhashBlocksMigration checks migration 0006 (archivetest.BlocksMigration).
func TestSimhashBlocksMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whosaid.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	open := func() whosaid.Archive {
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	revert := func() {
		for _, q := range []string{
			`DROP TABLE simhash_blocks`,
			`CREATE TABLE simhash_bands (band INTEGER NOT NULL, value INTEGER NOT NULL,
				article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE, simhash INTEGER NOT NULL,
				PRIMARY KEY (band, value, article_id)) WITHOUT ROWID`,
			`DELETE FROM migrations WHERE name LIKE '%0006_simhash_blocks.sql'`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows := func() [][3]int64 {
		rows, err := db.QueryContext(ctx, `SELECT a.simhash, b.block, b.value FROM simhash_blocks b JOIN articles a ON a.id = b.article_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out [][3]int64
		for rows.Next() {
			var r [3]int64
			if err := rows.Scan(&r[0], &r[1], &r[2]); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	archivetest.BlocksMigration(t, filepath.Join("..", "corpora", "polnear", "dev", "text"), open, revert, rows)
}
