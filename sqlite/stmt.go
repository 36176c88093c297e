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
	bound map[*sql.Stmt]*sql.Stmt // the store's statements bound to Tx
}

func newWtx(tx *sql.Tx, cache *stmtCache) wtx {
	return wtx{tx, cache, new(idCounter), map[*sql.Stmt]*sql.Stmt{}}
}

// stmt returns query's prepared statement bound to the transaction, or
// nil. Binding once per transaction, not per row: database/sql makes a
// new Stmt, with its locks and allocations, at every Tx.StmtContext.
func (t wtx) stmt(ctx context.Context, query string) *sql.Stmt {
	st := t.cache.get(query)
	if st == nil {
		return nil
	}
	b := t.bound[st]
	if b == nil {
		b = t.Tx.StmtContext(ctx, st)
		t.bound[st] = b
	}
	return b
}

// idCounter hands out statement, person and interaction ids inside a write
// transaction: a new statement's full-text key (which holds its id) is
// written with the row instead of by an UPDATE of every row afterwards,
// and new persons are inserted in batches without reading their ids back.
// SQLite has one writer, so nobody else takes ids meanwhile. Statements
// are inserted without their ids, which SQLite makes one more than the
// largest, as nextID does: laterRows.writeStatements checks they agree.
type idCounter struct{ statement, person, interaction int64 }

// statementID returns an unused statement id.
func (t wtx) statementID(ctx context.Context) (int64, error) {
	return t.nextID(ctx, &t.ids.statement, `SELECT coalesce(max(id), 0) + 1 FROM statements`)
}

// interactionID returns an unused interaction id.
func (t wtx) interactionID(ctx context.Context) (int64, error) {
	return t.nextID(ctx, &t.ids.interaction, `SELECT coalesce(max(id), 0) + 1 FROM interactions`)
}

// personID returns an unused person id.
func (t wtx) personID(ctx context.Context) (int64, error) {
	return t.nextID(ctx, &t.ids.person, `SELECT coalesce(max(id), 0) + 1 FROM persons`)
}

func (t wtx) nextID(ctx context.Context, next *int64, first string) (int64, error) {
	if *next == 0 {
		if err := t.Tx.QueryRowContext(ctx, first).Scan(next); err != nil {
			return 0, err
		}
	}
	*next++
	return *next - 1, nil
}

func (t wtx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t wtx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

func (t wtx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}
