package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
)

// queryer is what both a pool and a transaction offer.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// readTx begins a read-only transaction with one snapshot, so a page and
// its total and facets agree while ingests write.
func (s *Store) readTx(ctx context.Context) (pgx.Tx, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	return tx, internal("begin", err)
}

// Article returns a stored article with its extraction and sightings;
// ENOTFOUND if there is none with that id.
func (s *Store) Article(ctx context.Context, id int64) (*whosaid.StoredArticle, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	return readArticle(ctx, tx, id)
}

const articleColumns = `id, ext_id, url, title, author, outlet, language, published, text, extraction, extractor, ingested`

func readArticle(ctx context.Context, q queryer, id int64) (*whosaid.StoredArticle, error) {
	sa, err := scanArticle(q.QueryRow(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, whosaid.Errorf(whosaid.ENOTFOUND, "no article %d", id)
	} else if err != nil {
		return nil, internal("reading article", err)
	}
	if sa.Sightings, err = articleSightings(ctx, q, id); err != nil {
		return nil, err
	}
	return sa, nil
}

func scanArticle(row pgx.Row) (*whosaid.StoredArticle, error) {
	var (
		sa         whosaid.StoredArticle
		published  string
		extraction []byte
	)
	a := &sa.Article
	if err := row.Scan(&sa.ID, &a.ID, &a.URL, &a.Title, &a.Author, &a.Outlet, &a.Language, &published, &a.Text,
		&extraction, &sa.Extractor, &sa.Ingested); err != nil {
		return nil, err
	}
	a.Published = archive.ParseDay(published)
	sa.Ingested = sa.Ingested.UTC()
	if extraction != nil {
		sa.Extraction = new(whosaid.Extraction)
		if err := json.Unmarshal(extraction, sa.Extraction); err != nil {
			return nil, whosaid.Errorf(whosaid.EINTERNAL, "article %d: stored extraction: %v", sa.ID, err)
		}
	}
	return &sa, nil
}

// articleSightings lists where an article was seen, earliest first and
// undated last.
func articleSightings(ctx context.Context, q queryer, id int64) ([]whosaid.Sighting, error) {
	rows, err := q.Query(ctx, `SELECT article_id, url, outlet, title, published FROM sightings
		WHERE article_id = $1 ORDER BY published = '', published, id`, id)
	if err != nil {
		return nil, internal("reading sightings", err)
	}
	defer rows.Close()
	out, err := archive.ScanAll(rows, archive.ScanSighting)
	return out, internal("reading sightings", err)
}

// ArticlesByExtractor calls fn for every article whose extractor version
// is not notVersion, in id order, reading in batches so fn may write.
func (s *Store) ArticlesByExtractor(ctx context.Context, notVersion string, fn func(*whosaid.StoredArticle) error) error {
	return archive.WalkBatches(func(after int64) ([]*whosaid.StoredArticle, error) {
		return s.articlesAfter(ctx, notVersion, after, 100)
	}, fn)
}

func (s *Store) articlesAfter(ctx context.Context, notVersion string, after int64, n int) ([]*whosaid.StoredArticle, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE extractor <> $1 AND id > $2 ORDER BY id LIMIT $3`, notVersion, after, n)
	if err != nil {
		return nil, internal("listing articles", err)
	}
	defer rows.Close()
	var out []*whosaid.StoredArticle
	for rows.Next() {
		sa, err := scanArticle(rows)
		if err != nil {
			return nil, internal("listing articles", err)
		}
		out = append(out, sa)
	}
	return out, internal("listing articles", rows.Err())
}

// ReplaceExtraction swaps the extraction of article id for x in one
// transaction: statements only this article carried go, statements shared
// with other articles move to their next earliest sighting, interactions
// are replaced. ENOTFOUND if there is no article id.
func (s *Store) ReplaceExtraction(ctx context.Context, id int64, x *whosaid.Extraction) error {
	var err error
	for range attempts {
		if err = s.replace(ctx, id, x); !retryable(err) {
			break
		}
	}
	return err
}

func (s *Store) replace(ctx context.Context, id int64, x *whosaid.Extraction) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return internal("begin", err)
	}
	defer tx.Rollback(ctx)
	sa, err := readArticle(ctx, tx, id)
	if err != nil {
		return err
	}
	d, err := archive.Prepare(sa.Article, x)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM articles WHERE id = $1 FOR UPDATE`, id); err != nil {
		return internal("locking article", err)
	}
	touched, err := removeDerived(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE articles SET extraction = $1, extractor = $2 WHERE id = $3`,
		d.Extraction, d.Extractor, id); err != nil {
		return internal("updating extraction", err)
	}
	if err := insertDerived(ctx, tx, id, d); err != nil {
		return err
	}
	if err := recount(ctx, tx, touched); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// removeDerived deletes what article id's extraction added and returns the
// persons whose counts changed.
func removeDerived(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT person_id FROM statements WHERE article_id = $1 AND person_id IS NOT NULL
		UNION SELECT p.person_id FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
		WHERE i.article_id = $1 AND p.person_id IS NOT NULL`, id)
	if err != nil {
		return nil, internal("finding persons", err)
	}
	touched, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, internal("finding persons", err)
	}
	for _, q := range []string{
		`DELETE FROM statement_sightings WHERE article_id = $1`,
		// Statements seen elsewhere move to their earliest other sighting.
		`UPDATE statements s SET (article_id, published, attribution, cue, outlet_key) = (
			SELECT ss.article_id, ss.published, ss.attribution, coalesce(ss.attribution->'cue'->>'text', s.cue), lower(a.outlet)
			FROM statement_sightings ss JOIN articles a ON a.id = ss.article_id
			WHERE ss.statement_id = s.id ORDER BY ss.published = '', ss.published, ss.article_id LIMIT 1)
		WHERE s.article_id = $1 AND EXISTS (SELECT 1 FROM statement_sightings ss WHERE ss.statement_id = s.id)`,
		`DELETE FROM statements WHERE article_id = $1`,
		`DELETE FROM interactions WHERE article_id = $1`,
		`DELETE FROM article_orgs WHERE article_id = $1`,
	} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return nil, internal("removing old extraction", err)
		}
	}
	return touched, nil
}
