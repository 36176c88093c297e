package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
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
		return "", nil
	}
	var schema string
	err := tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'rum'`).Scan(&schema)
	if err == pgx.ErrNoRows {
		// Created in public, never in the archive's schema: dropping an
		// archive's schema would drop the extension from under the others.
		var available bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')
			AND EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public')`).Scan(&available); err != nil {
			return "", internal("looking for rum", err)
		}
		if !available {
			return "", nil
		}
		if _, err := tx.Exec(ctx, `SAVEPOINT rum`); err != nil {
			return "", internal("creating rum", err)
		}
		if _, err := tx.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS rum SCHEMA public`); err != nil {
			// Typically not a superuser: search through GIN.
			if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT rum`); err != nil {
				return "", internal("creating rum", err)
			}
			return "", nil
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
	return `OPERATOR(` + q + `.<=|)`, nil
}
