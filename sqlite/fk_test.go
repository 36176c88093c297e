package sqlite_test

import (
	"context"
	"testing"
	"time"

	"whosaid"
	"whosaid/archive"
	"whosaid/archivetest"
	"whosaid/extract"
)

// TestForeignKeysHold checks that the rows a batch writes (with foreign
// keys unchecked on the connection of PutArticles, sqlite.go) all refer to rows that exist, after
// real extractions of PolNeAR texts, a syndicated copy seen earlier (its
// statements move to it) and the seed reprocessed without its
// interaction (whose participants only the cascade, on again, deletes).
func TestForeignKeysHold(t *testing.T) {
	ctx := context.Background()
	s, db := openRaw(t)
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2016, 10, 1, 0, 0, 0, 0, time.UTC)
	puts := devPuts(t, x, 24, func(i int) time.Time { return day.AddDate(0, 0, i) })
	seed := whosaid.Article{ID: "seed", URL: "https://c.example/seed", Outlet: "Iran Press",
		Published: whosaid.Date{Time: day}, Text: archivetest.Seed(t)}
	seedX, err := x.Extract(seed)
	if err != nil {
		t.Fatal(err)
	}
	if len(seedX.Interactions) == 0 {
		t.Fatal("no interaction in the seed")
	}
	puts = append(puts, archive.Put{Article: seed, Extraction: seedX})
	copied := puts[3]
	copied.Article.URL, copied.Article.Outlet = "https://b.example/copy", "B"
	copied.Article.Published = whosaid.Date{Time: day.AddDate(0, 0, -10)}
	puts = append(puts, copied)
	out, err := s.PutArticles(ctx, puts)
	checkOutcomes(t, out, err, -1)
	if !out[len(out)-1].Result.Duplicate {
		t.Fatal("the copy was not recognised")
	}
	fewer := *seedX
	fewer.Attributions = fewer.Attributions[:len(fewer.Attributions)/2]
	fewer.Interactions = nil
	if err := s.ReplaceExtraction(ctx, out[len(out)-2].Result.ArticleID, &fewer); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s row %v refers to a missing %s row", table, rowid, parent)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var statements, participants int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM statements), (SELECT count(*) FROM interaction_participants)`).
		Scan(&statements, &participants); err != nil {
		t.Fatal(err)
	}
	if statements == 0 || participants != 0 {
		t.Errorf("%d statements, %d interaction participants left, want some and none", statements, participants)
	}
}
