package postgres_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
	"whosaid/archivetest"
	"whosaid/postgres"
)

// TestSimhashBlocksMigration checks that an archive from before migration
// 0012 (near-duplicates found through 8-bit bands) gets the 16-bit blocks
// of every stored article, the same as archive.Blocks computes, so that a
// syndicated copy of an article stored before is still found.
func TestSimhashBlocksMigration(t *testing.T) {
	ctx := context.Background()
	originals, copied := archivetest.NearCopy(t, filepath.Join("..", "corpora", "polnear", "dev", "text"), 20)
	dsn := freshSchema(t, testDSN(t))
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	for i, text := range originals {
		res, err := s.PutArticle(ctx, whosaid.Article{ID: strconv.Itoa(i), Text: text}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.ArticleID
		}
	}
	s.Close()
	// Back to the old layout.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`DROP TABLE simhash_blocks`,
		`CREATE TABLE simhash_bands (band bigint NOT NULL, value bigint NOT NULL,
			article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE, simhash bigint NOT NULL,
			PRIMARY KEY (band, value, article_id))`,
		`DELETE FROM migrations WHERE name LIKE '%0012_simhash_blocks.sql'`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if s, err = postgres.Open(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := conn.Query(ctx, `SELECT a.simhash, b.block, b.value FROM simhash_blocks b JOIN articles a ON a.id = b.article_id`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var h, block, value int64
		if err := rows.Scan(&h, &block, &value); err != nil {
			t.Fatal(err)
		}
		if want := archive.Blocks(uint64(h))[block]; value != want {
			t.Errorf("simhash %x block %d = %x, want %x", uint64(h), block, value, want)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != archive.NBlocks*len(originals) {
		t.Errorf("%d block rows for %d articles", n, len(originals))
	}
	res, err := s.PutArticle(ctx, whosaid.Article{ID: "copy", URL: "https://copy.example/", Text: copied}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Duplicate || res.ArticleID != first {
		t.Errorf("the copy: %+v, want a duplicate of article %d", res, first)
	}
}
