package sqlite

import (
	"context"
	"strings"
)

// A batched insert writes many rows with few statements: every statement
// through database/sql and the pure-Go SQLite costs several microseconds
// before it does anything, and an article has dozens of rows. n rows go
// in statements of 32, 16, 8, 4, 2 and 1 rows, at most five for the
// last n%32; each size is a statement prepared once.
var chunkSizes = [...]int{32, 16, 8, 4, 2, 1}

// batched is a statement whose VALUES tuple is repeated for several rows.
type batched struct {
	bySize [len(chunkSizes)]string // the statement for chunkSizes[i] rows
	width  int                     // values per row
}

// newBatched builds the statements for head + VALUES tuple... + tail.
func newBatched(head, tuple, tail string) batched {
	b := batched{width: strings.Count(tuple, "?")}
	for i, n := range chunkSizes {
		b.bySize[i] = head + " VALUES " + strings.Repeat(tuple+", ", n-1) + tuple + " " + tail
	}
	return b
}

func (b batched) queries() []string { return b.bySize[:] }

// exec writes rows (each of b.width values, flattened into args) and
// returns the rowid of the last row inserted (0 if none).
func (b batched) exec(ctx context.Context, tx wtx, args []any) (last int64, err error) {
	for i, n := range chunkSizes {
		per := b.width * n
		for len(args) >= per {
			res, err := tx.exec(ctx, b.bySize[i], args[:per]...)
			if err != nil {
				return 0, err
			}
			args = args[per:]
			if len(args) == 0 {
				return res.LastInsertId()
			}
		}
	}
	return 0, nil
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

// lookupChunk is how many keys a lookup asks for at once.
const lookupChunk = 32

// keyLookup selects rows by key, lookupChunk keys per statement (a short
// last chunk repeats its last key).
type keyLookup struct{ query string }

func newKeyLookup(head string) keyLookup {
	return keyLookup{head + ` IN (` + strings.Repeat("?, ", lookupChunk-1) + `?)`}
}

func (k keyLookup) queries() []string { return []string{k.query} }

// each runs the lookup for keys and calls scan for every row found.
func (k keyLookup) each(ctx context.Context, tx wtx, keys []string, scan func(scan func(...any) error) error) error {
	args := make([]any, lookupChunk)
	for len(keys) > 0 {
		n := min(len(keys), lookupChunk)
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
