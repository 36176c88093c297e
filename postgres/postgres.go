// Package postgres is the whosaid.Archive on PostgreSQL (pgx/v5 and
// pgxpool) for archives shared by many ingest processes on one or many
// machines: tsvector columns with GIN indexes for full-text search,
// advisory locks so near-duplicates arriving at once are stored once, and
// a claims table so processes split the extraction work (see Claim and
// docs/archive.md).
package postgres

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"whosaid"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a whosaid.Archive in a PostgreSQL database (the schema the
// connection's search_path selects). It is safe for concurrent use.
type Store struct {
	pool  *pgxpool.Pool
	owner string        // names this process in claims
	lease time.Duration // how long a claim holds
	now   func() time.Time
	// rumOrder is the rum extension's ordering operator when statements
	// have a rum index (rum.go), "" to search through GIN.
	rumOrder string
	// alive holds, from the first claim to Close, the session advisory
	// lock that tells other processes the owner is alive (claim.go).
	aliveMu sync.Mutex
	alive   *pgx.Conn
}

// Open connects to the database at dsn (postgres://...; a search_path
// parameter selects the schema) and applies any migrations not yet
// applied. EINTERNAL if the server cannot be reached.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, whosaid.Errorf(whosaid.EINVALID, "postgres: %v", err)
	}
	// pgx prepares every statement; after five runs PostgreSQL may switch
	// a prepared statement to one generic plan, and a search's best plan
	// depends on its values (a rare word or a common one, a rare outlet
	// or a common one). Planning each search costs a few milliseconds.
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, internal("connecting", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, internal("connecting", err)
	}
	host, _ := os.Hostname()
	s := &Store{pool: pool, owner: host + ":" + strconv.Itoa(os.Getpid()) + ":" + randomHex(4), lease: 10 * time.Minute, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the pool and gives up the claims' liveness lock.
func (s *Store) Close() error {
	s.aliveMu.Lock()
	if s.alive != nil {
		s.alive.Close(context.Background())
		s.alive = nil
	}
	s.aliveMu.Unlock()
	s.pool.Close()
	return nil
}

// migrationLock is the advisory lock key that serialises migrations when
// several processes open the same database at once.
const migrationLock = 0x77686f73 // "whos"

func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return internal("listing migrations", err)
	}
	sort.Strings(names)
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return internal("begin", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return internal("locking migrations", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY)`); err != nil {
		return internal("creating migrations table", err)
	}
	for _, name := range names {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
			return internal("reading migrations", err)
		} else if n > 0 {
			continue
		}
		buf, err := fs.ReadFile(migrations, name)
		if err != nil {
			return internal("reading "+name, err)
		}
		if _, err := tx.Exec(ctx, string(buf)); err != nil {
			return internal("applying "+name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO migrations (name) VALUES ($1)`, name); err != nil {
			return internal("recording "+name, err)
		}
	}
	if s.rumOrder, err = setUpRUM(ctx, tx); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// internal wraps a database error as EINTERNAL, saying what was being done.
func internal(what string, err error) error {
	if err == nil {
		return nil
	}
	var e *whosaid.Error
	if errors.As(err, &e) {
		return e
	}
	return whosaid.Errorf(whosaid.EINTERNAL, "postgres: %s: %v", what, err)
}

func commit(ctx context.Context, tx pgx.Tx) error {
	return internal("commit", tx.Commit(ctx))
}

// retryable reports whether err is a deadlock or serialisation failure,
// which the whole transaction may simply be run again after.
// The helpers have already wrapped it as a *whosaid.Error, which keeps
// the SQLSTATE in its message.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40P01" || pe.Code == "40001"
	}
	return err != nil && (strings.Contains(err.Error(), "(SQLSTATE 40P01)") || strings.Contains(err.Error(), "(SQLSTATE 40001)"))
}

// args collects query arguments and hands out their $n placeholders.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
