package postgres_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archivetest"
	"whosaid/postgres"
)

// TestSimhashBlocksMigration checks migration 0012 (archivetest.BlocksMigration).
func TestSimhashBlocksMigration(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t, testDSN(t))
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	open := func() whosaid.Archive {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	revert := func() {
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
	}
	rows := func() [][3]int64 {
		rows, err := conn.Query(ctx, `SELECT a.simhash, b.block, b.value FROM simhash_blocks b JOIN articles a ON a.id = b.article_id`)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([3]int64, error) {
			var v [3]int64
			return v, r.Scan(&v[0], &v[1], &v[2])
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	archivetest.BlocksMigration(t, filepath.Join("..", "corpora", "polnear", "dev", "text"), open, revert, rows)
}
