// Package archive holds what the sqlite and postgres stores share: turning
// an article and its extraction into the rows to store (Prepare), the
// fingerprints that find duplicates, search cursors, filter checks and the
// full-text query syntax. It has no database code, so both stores store
// exactly the same thing and one test suite (archivetest) covers both.
package archive

import (
	"context"
	"time"

	"whosaid"
)

// Reprocessor is implemented by the stores for `whosaid reprocess`: it
// walks the articles an older extractor produced and swaps in a new
// extraction without touching the article or its sightings.
type Reprocessor interface {
	// ArticlesByExtractor calls fn for every stored article whose
	// extractor version is not version, in id order.
	ArticlesByExtractor(ctx context.Context, notVersion string, fn func(*whosaid.StoredArticle) error) error
	// ReplaceExtraction replaces the extraction of article id, and with it
	// the statements, persons and interactions derived from it, in one
	// transaction. ENOTFOUND if there is no such article.
	ReplaceExtraction(ctx context.Context, id int64, x *whosaid.Extraction) error
}

// Claimer is implemented by stores that several ingest processes share
// (postgres), so each article is extracted once across processes and
// machines. The key is the article's TextHash.
type Claimer interface {
	// Claim says whether this process should extract the article (Mine),
	// only record its sighting (Stored), or wait because another live
	// process is extracting it now (Busy).
	Claim(ctx context.Context, key string) (ClaimState, error)
	// Release gives up a claim whose article could not be stored, so
	// another process may try it at once instead of after the lease.
	Release(ctx context.Context, key string) error
}

// ClaimState is the answer to a Claim.
type ClaimState int

// The claim states.
const (
	Mine ClaimState = iota
	Stored
	Busy
)

// DefaultLimit and MaxLimit bound a page of search results.
const (
	DefaultLimit = 20
	MaxLimit     = 1000
)

// CheckFilter validates f and fills in the default limit. It returns
// EINVALID for an unknown kind, a reversed date range or a bad limit.
func CheckFilter(f *whosaid.StatementFilter) error {
	switch f.Kind {
	case "", whosaid.Direct, whosaid.Indirect, whosaid.Mixed:
	default:
		return whosaid.Errorf(whosaid.EINVALID, "kind %q: want direct, indirect or mixed", f.Kind)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since.Time) {
		return whosaid.Errorf(whosaid.EINVALID, "until %s is before since %s", f.Until, f.Since)
	}
	if f.Limit < 0 {
		return whosaid.Errorf(whosaid.EINVALID, "limit %d: must not be negative", f.Limit)
	}
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxLimit)
	return nil
}

// PeopleLimit is the limit People uses for limit <= 0.
func PeopleLimit(limit int) int {
	if limit <= 0 {
		return 50
	}
	return min(limit, MaxLimit)
}

// Monday is the Monday starting the week of t, at midnight UTC.
func Monday(t time.Time) time.Time {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

// Put is one article and its extraction to store.
type Put struct {
	Article    whosaid.Article
	Extraction *whosaid.Extraction
	// Doc, if not nil, is Prepare's rows of the two, made by the caller
	// (e.g. on the ingest workers, so the one SQLite writer only writes).
	Doc *Doc
}

// PutOutcome is what storing one article of a batch did.
type PutOutcome struct {
	Result whosaid.PutResult
	Err    error // this article failed; the others are stored
}

// BatchPutter is implemented by stores that write faster in batches
// (sqlite: one commit and one full-text flush per batch instead of per
// article). Each article is still all or nothing; a failed article does
// not fail the others. The returned error is for the whole batch (nothing
// stored).
type BatchPutter interface {
	PutArticles(ctx context.Context, puts []Put) ([]PutOutcome, error)
}

// Packer is a store that keeps extractions in a form of its own (sqlite:
// compressed). Pack sets d.Packed; ingest calls it in its workers, so that
// a store with one writer only writes.
type Packer interface {
	Pack(d *Doc)
}

// WalkBatches calls fn for every article next returns, batch by batch:
// next gets the id of the last article handed out (0 at first) and
// returns the following ones in id order, none at the end. Reading in
// batches lets fn write to the store (ReplaceExtraction) during the walk.
func WalkBatches(next func(after int64) ([]*whosaid.StoredArticle, error), fn func(*whosaid.StoredArticle) error) error {
	var after int64
	for {
		batch, err := next(after)
		if err != nil || len(batch) == 0 {
			return err
		}
		for _, sa := range batch {
			if err := fn(sa); err != nil {
				return err
			}
			after = sa.ID
		}
	}
}
