package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"whosaid"
	"whosaid/archive"
)

// queryer is what both *sql.DB and *sql.Tx offer, so reads can run inside
// a write transaction or on the reader pool.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Article returns a stored article with its extraction and sightings;
// ENOTFOUND if there is none with that id.
func (s *Store) Article(ctx context.Context, id int64) (*whosaid.StoredArticle, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("begin", err)
	}
	defer tx.Rollback()
	return readArticle(ctx, tx, id)
}

const articleColumns = `id, ext_id, url, title, author, outlet, language, published, text, extraction, extractor, ingested`

func readArticle(ctx context.Context, q queryer, id int64) (*whosaid.StoredArticle, error) {
	sa, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, whosaid.Errorf(whosaid.ENOTFOUND, "no article %d", id)
	} else if err != nil {
		return nil, internal("reading article", err)
	}
	if sa.Sightings, err = articleSightings(ctx, q, id); err != nil {
		return nil, err
	}
	return sa, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanArticle(row scanner) (*whosaid.StoredArticle, error) {
	var (
		sa                  whosaid.StoredArticle
		published, ingested string
		extraction          any
	)
	a := &sa.Article
	if err := row.Scan(&sa.ID, &a.ID, &a.URL, &a.Title, &a.Author, &a.Outlet, &a.Language, &published, &a.Text,
		&extraction, &sa.Extractor, &ingested); err != nil {
		return nil, err
	}
	a.Published = archive.ParseDay(published)
	sa.Ingested, _ = time.Parse(time.RFC3339Nano, ingested)
	if extraction != nil {
		js, err := unpackExtraction(extraction)
		if err != nil {
			return nil, whosaid.Errorf(whosaid.EINTERNAL, "article %d: stored extraction: %v", sa.ID, err)
		}
		sa.Extraction = new(whosaid.Extraction)
		if err := json.Unmarshal(js, sa.Extraction); err != nil {
			return nil, whosaid.Errorf(whosaid.EINTERNAL, "article %d: stored extraction: %v", sa.ID, err)
		}
	}
	return &sa, nil
}

// articleSightings lists where an article was seen, earliest first and
// undated last.
func articleSightings(ctx context.Context, q queryer, id int64) ([]whosaid.Sighting, error) {
	rows, err := q.QueryContext(ctx, `SELECT article_id, url, outlet, title, published FROM sightings
		WHERE article_id = ? ORDER BY published = '', published, id`, id)
	if err != nil {
		return nil, internal("reading sightings", err)
	}
	defer rows.Close()
	out, err := archive.ScanAll(rows, archive.ScanSighting)
	return out, internal("reading sightings", err)
}

// ArticlesByExtractor calls fn for every article whose extractor version
// is not notVersion, in id order. It reads in batches, so fn may write to
// the store (ReplaceExtraction) while the walk goes on.
func (s *Store) ArticlesByExtractor(ctx context.Context, notVersion string, fn func(*whosaid.StoredArticle) error) error {
	return archive.WalkBatches(func(after int64) ([]*whosaid.StoredArticle, error) {
		return s.articlesAfter(ctx, notVersion, after, 100)
	}, fn)
}

func (s *Store) articlesAfter(ctx context.Context, notVersion string, after int64, n int) ([]*whosaid.StoredArticle, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE extractor <> ? AND id > ? ORDER BY id LIMIT ?`, notVersion, after, n)
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
// transaction: the statements only this article carried go, statements it
// shared with other articles move to their next earliest sighting, its
// interactions go, and x's are added. ENOTFOUND if there is no article id.
func (s *Store) ReplaceExtraction(ctx context.Context, id int64, x *whosaid.Extraction) error {
	sqltx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return internal("begin", err)
	}
	defer sqltx.Rollback()
	tx := newWtx(sqltx, &s.stmts)
	sa, err := readArticle(ctx, tx, id)
	if err != nil {
		return err
	}
	d, err := archive.Prepare(sa.Article, x)
	if err != nil {
		return err
	}
	touched, moved, err := removeDerived(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, qUpdateExtraction,
		packExtraction(d.Extraction), d.Extractor, id); err != nil {
		return internal("updating extraction", err)
	}
	var fts pending
	fts.moved = moved
	if err := insertDerived(ctx, tx, id, d, &fts); err != nil {
		return err
	}
	if err := fts.write(ctx, tx); err != nil {
		return err
	}
	if err := recount(ctx, tx, touched); err != nil {
		return err
	}
	return commit(sqltx)
}

// removeDerived deletes what article id's extraction added. It returns
// the persons whose counts changed and the statements that moved to
// another article's sighting (their full-text rows must be re-added).
func removeDerived(ctx context.Context, tx wtx, id int64) (touched []int64, moved []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM statements WHERE article_id = ? AND person_id IS NOT NULL
		UNION SELECT p.person_id FROM interaction_participants p JOIN interactions i ON i.id = p.interaction_id
		WHERE i.article_id = ? AND p.person_id IS NOT NULL`, id, id)
	if err != nil {
		return nil, nil, internal("finding persons", err)
	}
	for rows.Next() {
		var pid int64
		if err := rows.Scan(&pid); err != nil {
			rows.Close()
			return nil, nil, internal("finding persons", err)
		}
		touched = append(touched, pid)
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, `DELETE FROM statement_sightings WHERE article_id = ?`, id); err != nil {
		return nil, nil, internal("removing old extraction", err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT id FROM statements s WHERE article_id = ?
		AND EXISTS (SELECT 1 FROM statement_sightings ss WHERE ss.statement_id = s.id)`, id)
	if err != nil {
		return nil, nil, internal("removing old extraction", err)
	}
	for rows.Next() {
		var sid int64
		if err := rows.Scan(&sid); err != nil {
			rows.Close()
			return nil, nil, internal("removing old extraction", err)
		}
		moved = append(moved, itoa(sid))
	}
	rows.Close()
	for _, q := range []string{
		`DELETE FROM statements_fts WHERE rowid IN (SELECT fts_key FROM statements WHERE article_id = ? AND fts_key <> 0)`,
		// Statements seen elsewhere move to their earliest other report,
		// which stops being an other report (derived.go).
		`UPDATE statements SET (article_id, published, attribution, cue) = (
			SELECT ss.article_id, ss.published, ss.attribution, coalesce(json_extract(ss.attribution, '$.cue.text'), statements.cue)
			FROM statement_sightings ss WHERE ss.statement_id = statements.id
			ORDER BY ss.published = '', ss.published, ss.article_id LIMIT 1)
		WHERE article_id = ? AND EXISTS (SELECT 1 FROM statement_sightings ss WHERE ss.statement_id = statements.id)`,
		`DELETE FROM statements WHERE article_id = ?`,
		`DELETE FROM interactions WHERE article_id = ?`,
		`DELETE FROM article_orgs WHERE article_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return nil, nil, internal("removing old extraction", err)
		}
	}
	if len(moved) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM statement_sightings WHERE statement_id IN (`+strings.Join(moved, ",")+`)
			AND article_id = (SELECT article_id FROM statements WHERE id = statement_id)`); err != nil {
			return nil, nil, internal("removing old extraction", err)
		}
	}
	return touched, moved, nil
}
