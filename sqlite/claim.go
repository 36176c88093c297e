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
	ctx = context.WithoutCancel(ctx)
	empty, err := s.emptyAtFirstClaim(ctx)
	if err != nil {
		return 0, internal("claiming", err)
	}
	if empty {
		return archive.Mine, nil
	}
	var n int
	if err := s.claim.QueryRowContext(ctx, key).Scan(&n); err != nil {
		return 0, internal("claiming", err)
	}
	if n > 0 {
		return archive.Stored, nil
	}
	return archive.Mine, nil
}

// emptyAtFirstClaim says whether the archive had no article when it was
// first asked for a claim. Into an archive that started empty the claims
// can only find what this ingest stored itself, which its writer
// recognises anyway, so they answer Mine without a lookup (a point
// lookup per article, ~1 % of a first ingest). Another process ingesting the same sources into
// the same new file at the same time then extracts articles this one
// stored, in vain but harmlessly; sharing work is PostgreSQL's business.
func (s *Store) emptyAtFirstClaim(ctx context.Context) (bool, error) {
	s.emptyOnce.Do(func() {
		var stored bool
		s.emptyErr = s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles)`).Scan(&stored)
		s.empty = !stored
	})
	return s.empty, s.emptyErr
}

// qClaim is prepared once: parsing it anew cost as much as running it.
const qClaim = `SELECT count(*) FROM articles WHERE text_hash = ?`

// Release does nothing: SQLite claims hold no state.
func (s *Store) Release(ctx context.Context, key string) error { return nil }
