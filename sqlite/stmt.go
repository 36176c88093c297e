package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the writer's prepared statements: parsing the same SQL
// again for every row of every article was a third of the cost of a write.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// prepare prepares queries on db, outside any transaction.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, queries ...string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		c.stmts[q] = st
	}
	return nil
}

// get returns the prepared statement for query, or nil if it was not
// prepared (the caller then runs the query unprepared).
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[query]
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// wtx is a write transaction whose statements are prepared once per store.
type wtx struct {
	*sql.Tx
	cache *stmtCache
	ids   *idCounter
}

// idCounter hands out statement ids inside a write transaction, so a new
// statement's full-text key (which holds its id) is written with the row
// instead of by an UPDATE of every row afterwards. SQLite has one writer,
// so nobody else takes ids meanwhile.
type idCounter struct{ next int64 }

// statementID returns an unused statement id.
func (t wtx) statementID(ctx context.Context) (int64, error) {
	if t.ids.next == 0 {
		if err := t.Tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM statements`).Scan(&t.ids.next); err != nil {
			return 0, err
		}
	}
	t.ids.next++
	return t.ids.next - 1, nil
}

func (t wtx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.cache.get(query); st != nil {
		return t.Tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t wtx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.cache.get(query); st != nil {
		return t.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

func (t wtx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.cache.get(query); st != nil {
		return t.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}
