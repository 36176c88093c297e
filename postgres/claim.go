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
// article over once the lease (10 minutes) has expired. Claims are kept
// after the article is stored, one small row per article.
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
	var owner string
	err := s.pool.QueryRow(ctx, `INSERT INTO claims AS c (key, owner, expires) VALUES ($1, $2, now() + make_interval(secs => $3))
		ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
		WHERE c.expires < now() OR c.owner = excluded.owner
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
