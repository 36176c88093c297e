package sqlite

import (
	"context"
	"strings"
)

// A batched insert writes many rows with few statements: every statement
// through database/sql and the pure-Go SQLite costs several microseconds
// before it does anything, and an article has dozens of rows. Rows go in
// chunks of rowChunk with one prepared statement, the rest one by one
// with another.
const rowChunk = 8

// batched is an INSERT whose VALUES tuple is repeated for several rows.
type batched struct {
	one, chunk string // the statement for one row and for rowChunk rows
	width      int    // values per row
}

// newBatched builds the statements for head + VALUES tuple... + tail.
func newBatched(head, tuple, tail string) batched {
	tuples := strings.Repeat(tuple+", ", rowChunk-1) + tuple
	return batched{
		one:   head + " VALUES " + tuple + " " + tail,
		chunk: head + " VALUES " + tuples + " " + tail,
		width: strings.Count(tuple, "?"),
	}
}

func (b batched) queries() []string { return []string{b.one, b.chunk} }

// exec inserts rows (each of b.width values, flattened into args).
func (b batched) exec(ctx context.Context, tx wtx, args []any) error {
	per := b.width * rowChunk
	for len(args) >= per {
		if _, err := tx.exec(ctx, b.chunk, args[:per]...); err != nil {
			return err
		}
		args = args[per:]
	}
	for len(args) > 0 {
		if _, err := tx.exec(ctx, b.one, args[:b.width]...); err != nil {
			return err
		}
		args = args[b.width:]
	}
	return nil
}

func scanAll(ctx context.Context, tx wtx, q string, args []any, scan func(scan func(...any) error) error) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// keyLookup selects rows by key, rowChunk keys per statement (a short
// last chunk repeats its first key).
type keyLookup struct{ query string }

func newKeyLookup(head string) keyLookup {
	return keyLookup{head + ` IN (` + strings.Repeat("?, ", rowChunk-1) + `?)`}
}

func (k keyLookup) queries() []string { return []string{k.query} }

// each runs the lookup for keys and calls scan for every row found.
func (k keyLookup) each(ctx context.Context, tx wtx, keys []string, scan func(scan func(...any) error) error) error {
	args := make([]any, rowChunk)
	for len(keys) > 0 {
		n := min(len(keys), rowChunk)
		for i := range args {
			args[i] = keys[min(i, n-1)]
		}
		keys = keys[n:]
		if err := scanAll(ctx, tx, k.query, args, scan); err != nil {
			return err
		}
	}
	return nil
}
