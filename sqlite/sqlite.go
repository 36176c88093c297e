// Package sqlite is the whosaid.Archive on an embedded SQLite database
// (modernc.org/sqlite, pure Go): WAL mode so searches run while an ingest
// writes, writes serialised by SQLite's lock (transactions take it when they
// begin, so none waits for another half-way), FTS5 over statement content
// and article text, and migrations embedded in the binary and applied on
// Open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"whosaid"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a whosaid.Archive in one SQLite file. It is safe for concurrent
// use; writes are serialised by SQLite's write lock.
type Store struct {
	path  string
	w     *sql.DB // the writer; BEGIN IMMEDIATE
	put   *sql.DB // the writer of PutArticles: foreign keys unchecked
	r     *sql.DB // readers
	stmts stmtCache
	puts  stmtCache // prepared on put
	claim *sql.Stmt // on the readers: asked once per article of an ingest
	now   func() time.Time
}

// pragmas every pooled connection gets. synchronous(NORMAL) in WAL mode
// survives a killed process (not a power cut) and commits ~10x faster; a
// 64 MB page cache keeps a batch's index pages from spilling to the WAL
// before its commit; journal_size_limit truncates the WAL after a
// checkpoint, which a long ingest otherwise grows to the size of the data;
// a checkpoint every 16,384 pages instead of 1,000 writes the pages that
// every batch touches (index interiors, full-text segments) back less
// often (+8 % store throughput).
const pragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
	"&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_pragma=journal_size_limit(67108864)&_pragma=wal_autocheckpoint(16384)"

// Open opens (creating if needed) the database at path and applies any
// migrations it has not seen. path is a file name or a "file:" URI.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, whosaid.Errorf(whosaid.EINVALID, "sqlite: empty database path")
	}
	base := path
	if !strings.HasPrefix(base, "file:") {
		base = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	s := &Store{path: path, now: time.Now}
	var err error
	if s.w, err = sql.Open("sqlite", base+sep+pragmas+"&_txlock=immediate"); err != nil {
		return nil, whosaid.Errorf(whosaid.EINTERNAL, "sqlite: open %s: %v", path, err)
	}
	s.w.SetMaxOpenConns(1)
	if s.r, err = sql.Open("sqlite", base+sep+pragmas+"&_pragma=query_only(1)"); err != nil {
		s.w.Close()
		return nil, whosaid.Errorf(whosaid.EINTERNAL, "sqlite: open %s: %v", path, err)
	}
	s.r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	if err := s.setPageSize(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// The rows of a batch of articles refer only to rows it has just
	// written or read, and checking them cost a lookup in the parent
	// table for each of some hundred references per article. Turning the
	// checks off and on again around each batch on one connection made
	// SQLite prepare every statement again twice per batch (a pragma
	// expires them): PutArticles has a connection of its own instead.
	// Deletes, whose cascades need the checks, go through w.
	if s.put, err = sql.Open("sqlite", base+sep+strings.Replace(pragmas, "foreign_keys(1)", "foreign_keys(0)", 1)+"&_txlock=immediate"); err != nil {
		s.Close()
		return nil, whosaid.Errorf(whosaid.EINTERNAL, "sqlite: open %s: %v", path, err)
	}
	s.put.SetMaxOpenConns(1)
	if err := s.stmts.prepare(ctx, s.w, writeQueries()...); err != nil {
		s.Close()
		return nil, internal("preparing statements", err)
	}
	if err := s.puts.prepare(ctx, s.put, writeQueries()...); err != nil {
		s.Close()
		return nil, internal("preparing statements", err)
	}
	if s.claim, err = s.r.PrepareContext(ctx, qClaim); err != nil {
		s.Close()
		return nil, internal("preparing statements", err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.close()
	s.puts.close()
	if s.claim != nil {
		s.claim.Close()
	}
	err := s.r.Close()
	if s.put != nil {
		if perr := s.put.Close(); err == nil {
			err = perr
		}
	}
	if werr := s.w.Close(); err == nil {
		err = werr
	}
	return err
}

// pageSize is the page size of new archives. With 8 KB pages instead of
// SQLite's 4 KB, a batch's commit writes fewer, fuller pages (index
// interiors and full-text segments are touched by every batch): ingest of
// the PolNeAR texts ran 4 % faster (median of four interleaved runs; 16 KB
// was no better than 8).
const pageSize = 8192

// setPageSize gives a new, empty database pageSize pages. The page size of
// a database in WAL mode cannot change, so it leaves WAL for the change
// and returns to it.
func (s *Store) setPageSize(ctx context.Context) error {
	var tables int64
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&tables); err != nil {
		return internal("reading schema", err)
	}
	if tables > 0 {
		return nil
	}
	for _, q := range []string{`PRAGMA journal_mode=DELETE`, `PRAGMA page_size=` + strconv.Itoa(pageSize), `VACUUM`} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			// Another process has the new file open: the page size is
			// only a matter of speed, so keep the default.
			break
		}
	}
	if _, err := s.w.ExecContext(ctx, `PRAGMA journal_mode=WAL`); err != nil {
		return internal("setting WAL mode", err)
	}
	return nil
}

// migrate applies the embedded migrations not yet recorded, in name
// order, each in its own transaction with its record.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return internal("creating migrations table", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return internal("listing migrations", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.migrateFile(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) migrateFile(ctx context.Context, name string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return internal("begin", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return internal("reading migrations", err)
	} else if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrations, name)
	if err != nil {
		return internal("reading "+name, err)
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return internal("applying "+name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
		return internal("recording "+name, err)
	}
	return commit(tx)
}

// internal wraps a database error as EINTERNAL, saying what was being done.
func internal(what string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*whosaid.Error); ok {
		return e
	}
	return whosaid.Errorf(whosaid.EINTERNAL, "sqlite: %s: %v", what, err)
}

func commit(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return internal("commit", err)
	}
	return nil
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
