package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"whosaid/archive"
)

// Claim tells an ingest process what to do with the article whose
// normalised text hash is key: archive.Stored if it is already stored
// or stored under a claim as a near-duplicate of another (record the
// sighting only), archive.Mine if this process now holds it
// (extract and store it), archive.Busy if another live process holds it.
// A claim is a lease: if its holder dies, another process takes the
// article over as soon as the holder's connection is gone (each process
// holds a session advisory lock keyed by its owner name on a connection of
// its own, which the server releases when the process dies, even by
// SIGKILL), or once the lease (10 minutes) has expired if the holder is
// alive but stuck. Claims are kept after the article is stored, one small
// row per article.
//
// Several `whosaid ingest` processes reading the same sources against one
// database therefore extract each article once between them.
func (s *Store) Claim(ctx context.Context, key string) (archive.ClaimState, error) {
	var stored bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE text_hash = $1)
		OR EXISTS (SELECT 1 FROM claims WHERE key = $1 AND done)`, key).Scan(&stored); err != nil {
		return 0, internal("claiming", err)
	}
	if stored {
		return archive.Stored, nil
	}
	if err := s.holdAlive(ctx); err != nil {
		return 0, err
	}
	var owner string
	err := s.pool.QueryRow(ctx, `INSERT INTO claims AS c (key, owner, expires) VALUES ($1, $2, now() + make_interval(secs => $3))
		ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
		WHERE c.expires < now() OR c.owner = excluded.owner OR NOT `+ownerAlive+`
		RETURNING owner`, key, s.owner, s.lease.Seconds()).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) {
		return archive.Busy, nil
	} else if err != nil {
		return 0, internal("claiming", err)
	}
	return archive.Mine, nil
}

// Release gives up this process's claim on key after it failed to store
// the article, so another process may try at once.
func (s *Store) Release(ctx context.Context, key string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM claims WHERE key = $1 AND owner = $2`, key, s.owner)
	return internal("releasing claim", err)
}

// ownerAlive is true when the owner of claim c holds its liveness lock: a
// session advisory lock on hashtextextended(owner, 0), which pg_locks
// shows split into classid (high 32 bits) and objid (low 32 bits).
const ownerAlive = `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
	AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
	AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(c.owner, 0))`

// holdAlive takes this process's liveness lock, once, on a connection of
// its own that stays open until Close.
func (s *Store) holdAlive(ctx context.Context) error {
	s.aliveMu.Lock()
	defer s.aliveMu.Unlock()
	if s.alive != nil {
		return nil
	}
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return internal("claiming", err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, s.owner); err != nil {
		conn.Close(ctx)
		return internal("claiming", err)
	}
	s.alive = conn
	return nil
}
