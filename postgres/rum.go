package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"whosaid"
)

// The rum extension (https://github.com/postgrespro/rum; Debian's
// postgresql-NN-rum) is GIN with extra data kept beside each match. With
// the statement's ord attached (migration 0006), a full-text search reads
// its newest matches straight out of the index in order. With plain GIN a
// word's matches come unordered, and newest first meant reading the row of
// every match: "believe" with kind direct read 8,655 heap pages for 1,001
// rows (72 ms at 13,000 articles; 15 ms with rum), and at 100,000 articles
// such searches took 100–300 ms.
//
// rum is optional: without it (or without the right to create it) the
// store keeps searching through GIN.

// noRUM keeps Open from using rum (tests of the GIN path).
var noRUM bool

// setUpRUM finds or creates the rum index over statements in tx (the
// migration transaction) and returns the schema-qualified ordering
// operator to search with, or "" to search without it.
func setUpRUM(ctx context.Context, tx pgx.Tx) (string, error) {
	if noRUM {
		return "", gin(ctx, tx)
	}
	var schema string
	err := tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'rum'`).Scan(&schema)
	if errors.Is(err, pgx.ErrNoRows) {
		// Created in public, never in the archive's schema: dropping an
		// archive's schema would drop the extension from under the others.
		var available bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')
			AND EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public')`).Scan(&available); err != nil {
			return "", internal("looking for rum", err)
		}
		if !available {
			return "", gin(ctx, tx)
		}
		if _, err := tx.Exec(ctx, `SAVEPOINT rum`); err != nil {
			return "", internal("creating rum", err)
		}
		if _, err := tx.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS rum SCHEMA public`); err != nil {
			// Typically not a superuser: search through GIN.
			if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT rum`); err != nil {
				return "", internal("creating rum", err)
			}
			return "", gin(ctx, tx)
		}
		schema = "public"
	} else if err != nil {
		return "", internal("looking for rum", err)
	}
	q := pgx.Identifier{schema}.Sanitize()
	if _, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS statements_rum ON statements
		USING rum (tsv `+q+`.rum_tsvector_addon_ops, ord) WITH (attach = 'ord', to = 'tsv')`); err != nil {
		return "", internal("creating the rum index", err)
	}
	// rum answers every search GIN did (bitmap scans too), and each index
	// on statements costs ingest: with both, PostgreSQL ingest of the
	// PolNeAR texts went from 104–110 to 77–85 articles/s.
	if _, err := tx.Exec(ctx, `DROP INDEX IF EXISTS statements_tsv`); err != nil {
		return "", internal("dropping the GIN index", err)
	}
	return `OPERATOR(` + q + `.<=|)`, nil
}

// gin makes sure statements have their GIN index when rum is not used
// (the rum index replaced it, and the extension may have gone since).
func gin(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS statements_tsv ON statements USING gin (tsv)`)
	return internal("creating the GIN index", err)
}

// rumMaxMatches is how many matches (the planner's estimate) make a
// full-text search walk statements by day, checking each, instead of
// reading its matches in order from the rum index: rum sorts every match
// first (464,000 of "Trump" at 100,000 articles: 156 ms for a page the
// walk by day finds in 0.2 ms), while a walk by day costs the fewer
// rows the more common the word ("president", 170,000 matches: the
// newest 1,001 in 10 ms by day, 63 ms through rum; "immigration -wall",
// 61,000: 53 ms by day, 21 ms through rum).
var rumMaxMatches = 100000.0

// rumSettings sets this read transaction up for reading matches in order
// from the rum index. rum sorts the matches in work_mem, and at the
// default 4 MB "economy OR jobs" (85,000 matches) spilled to disk: 39 →
// 22 ms with 32 MB. The planner's estimate of a phrase's matches is far
// too low ("health care": 315 for 12,865), so it read them all through a
// bitmap and sorted them (94 ms) rather than stop after the newest in rum
// order (13 ms): without --about, whose article lookups are bitmap scans
// of GIN, bitmap scans are off. work_mem is per sort and per connection,
// and the pool's connections (pgxpool: max(4, cores) unless the DSN sets
// pool_max_conns) bound how many searches run at once.
func rumSettings(ctx context.Context, tx pgx.Tx, noBitmaps bool) error {
	if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '32MB'`); err != nil {
		return internal("searching statements", err)
	}
	if noBitmaps {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_bitmapscan = off`); err != nil {
			return internal("searching statements", err)
		}
	}
	return nil
}

// estimateMatches returns the planner's estimate of the statements
// matching query.
func estimateMatches(ctx context.Context, tx pgx.Tx, query string) (float64, error) {
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	var js []byte
	if err := tx.QueryRow(ctx, `EXPLAIN (FORMAT JSON) SELECT 1 FROM statements s
		WHERE s.tsv @@ websearch_to_tsquery('english', $1)`, query).Scan(&js); err != nil {
		return 0, internal("estimating matches", err)
	}
	if err := json.Unmarshal(js, &plan); err != nil || len(plan) == 0 {
		return 0, whosaid.Errorf(whosaid.EINTERNAL, "postgres: estimating matches: plan %q", js)
	}
	return plan[0].Plan.Rows, nil
}
