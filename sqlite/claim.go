package sqlite

import (
	"context"

	"whosaid/archive"
)

// Claim says whether an ingest should extract the article whose
// normalised text hash is key (archive.Mine) or only record its sighting
// because it is already stored (archive.Stored), so a rerun after a crash
// does not extract again what was stored. A SQLite archive has one writer,
// so it never answers archive.Busy.
func (s *Store) Claim(ctx context.Context, key string) (archive.ClaimState, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// A point lookup: not worth the goroutine the driver starts to watch
	// a cancellable context (see putBatch).
	var n int
	if err := s.claim.QueryRowContext(context.WithoutCancel(ctx), key).Scan(&n); err != nil {
		return 0, internal("claiming", err)
	}
	if n > 0 {
		return archive.Stored, nil
	}
	return archive.Mine, nil
}

// qClaim is prepared once: parsing it anew cost as much as running it.
const qClaim = `SELECT count(*) FROM articles WHERE text_hash = ?`

// Release does nothing: SQLite claims hold no state.
func (s *Store) Release(ctx context.Context, key string) error { return nil }
