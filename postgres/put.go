package postgres

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
)

// attempts is how often a transaction that lost a deadlock is run again.
const attempts = 5

// PutArticle stores an article and everything derived from its extraction
// in one transaction, or only a sighting if it duplicates a stored article
// (same normalised text, or SimHash within archive.NearBits). Storing the
// same input twice adds nothing. Safe to call from many processes at once:
// the unique text hash and per-band advisory locks keep duplicates out.
func (s *Store) PutArticle(ctx context.Context, a whosaid.Article, x *whosaid.Extraction) (whosaid.PutResult, error) {
	d, err := archive.Prepare(a, x)
	if err != nil {
		return whosaid.PutResult{}, err
	}
	var res whosaid.PutResult
	for range attempts {
		if res, err = s.put(ctx, d); !retryable(err) {
			break
		}
	}
	return res, err
}

// put stores d in one transaction of six round trips to the server: the
// statements of each step go in one pipelined batch (pgx.Batch). One
// statement per round trip, ~150 per article, left the writer and the
// server mostly waiting on each other (63 articles/s for the PolNeAR texts).
func (s *Store) put(ctx context.Context, d *archive.Doc) (whosaid.PutResult, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return whosaid.PutResult{}, internal("begin", err)
	}
	defer tx.Rollback(ctx)
	id, err := lockAndFindDuplicate(ctx, tx, d)
	if err != nil {
		return whosaid.PutResult{}, err
	}
	dup := id != 0
	if !dup {
		if id, err = insertArticle(ctx, tx, d, s.now()); err != nil {
			return whosaid.PutResult{}, err
		}
	}
	b := &pgx.Batch{}
	var counts *personCounts
	if !dup {
		counts = queueDerived(b, id, d)
	}
	queueExec(b, "inserting sighting", `INSERT INTO sightings (article_id, url, outlet, title, published)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		id, d.Article.URL, d.Article.Outlet, d.Article.Title, archive.Day(d.Article.Published))
	// With the article: a near-duplicate's own text hash is stored nowhere
	// else (claim.go).
	queueExec(b, "completing claim", `UPDATE claims SET done = true WHERE key = $1 AND NOT done`, d.TextHash)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return whosaid.PutResult{}, internal("storing article", err)
	}
	if err := counts.update(ctx, tx); err != nil {
		return whosaid.PutResult{}, err
	}
	if err := commit(ctx, tx); err != nil {
		return whosaid.PutResult{}, err
	}
	return whosaid.PutResult{ArticleID: id, Duplicate: dup}, nil
}

// queueExec queues a statement whose error, if any, says what failed.
func queueExec(b *pgx.Batch, what, sql string, args ...any) {
	b.Queue(sql, args...).Fn = func(br pgx.BatchResults) error {
		_, err := br.Exec()
		return internal(what, err)
	}
}

// lockAndFindDuplicate takes a transaction-scoped advisory lock per
// SimHash band, in order: two near-duplicates share a band, so the second
// waits for the first to commit and then finds it. It returns the stored
// article d duplicates (same text hash, or SimHash within NearBits), 0 if
// none.
func lockAndFindDuplicate(ctx context.Context, tx pgx.Tx, d *archive.Doc) (int64, error) {
	b := &pgx.Batch{}
	// The writes are single rows looked up by key, whose generic plans
	// are as good as custom ones; planning each one again (the store's
	// connections use force_custom_plan, for searches) was a quarter of
	// the server's time.
	queueExec(b, "setting plan cache mode", `SET LOCAL plan_cache_mode = force_generic_plan`)
	var keys []int64
	for i, v := range archive.Bands(d.SimHash) {
		keys = append(keys, int64(i)<<8|v)
	}
	slices.Sort(keys)
	for _, k := range keys {
		queueExec(b, "locking", `SELECT pg_advisory_xact_lock($1, $2)`, int32(0x77686f), int32(k))
	}
	var exact int64
	b.Queue(`SELECT id FROM articles WHERE text_hash = $1`, d.TextHash).Fn = func(br pgx.BatchResults) error {
		err := br.QueryRow().Scan(&exact)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return internal("finding duplicate", err)
	}
	var (
		arms []string
		a    args
		near int64
	)
	// Each block's value and its one-bit variants (archive.BlockProbes),
	// in no order and not made distinct: the smallest matching id is kept.
	for i, probes := range archive.BlockProbes(d.SimHash) {
		arms = append(arms, `SELECT article_id, simhash FROM simhash_blocks WHERE block = `+a.add(i)+
			` AND value = ANY(`+a.add(probes[:])+`::bigint[])`)
	}
	b.Queue(strings.Join(arms, " UNION ALL "), a...).Fn = func(br pgx.BatchResults) error {
		rows, err := br.Query()
		if err != nil {
			return internal("finding near duplicate", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, h int64
			if err := rows.Scan(&id, &h); err != nil {
				return internal("finding near duplicate", err)
			}
			if (near == 0 || id < near) && archive.NearDuplicate(uint64(h), d.SimHash) {
				near = id // the earliest stored, as in the other store
			}
		}
		return internal("finding near duplicate", rows.Err())
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return 0, internal("finding duplicate", err)
	}
	if exact != 0 {
		return exact, nil
	}
	return near, nil
}

// insertArticle stores the article with its full-text row and SimHash
// blocks, in one statement, and returns its id.
func insertArticle(ctx context.Context, tx pgx.Tx, d *archive.Doc, now time.Time) (int64, error) {
	a := d.Article
	var extraction []byte
	if d.Extraction != nil {
		extraction = d.Extraction
	}
	blocks := archive.Blocks(d.SimHash)
	var id int64
	// article_tsv as the generated column before migration 0008 computed it.
	err := tx.QueryRow(ctx, `WITH a AS (INSERT INTO articles (text_hash, simhash,
			ext_id, url, title, author, outlet, language, published, text, extraction, extractor, ingested)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id),
		t AS (INSERT INTO article_tsv (article_id, tsv) SELECT id, to_tsvector('english', $5 || ' ' || $10) FROM a),
		b AS (INSERT INTO simhash_blocks (block, value, article_id, simhash)
			SELECT x.block - 1, x.value, a.id, $2 FROM a, unnest($14::bigint[]) WITH ORDINALITY AS x(value, block))
		SELECT id FROM a`,
		d.TextHash, int64(d.SimHash),
		a.ID, a.URL, a.Title, a.Author, a.Outlet, a.Language, archive.Day(a.Published), a.Text,
		extraction, d.Extractor, now.UTC(), blocks[:]).Scan(&id)
	if err != nil {
		return 0, internal("inserting article", err)
	}
	return id, nil
}

// recount recomputes the counts of the given persons from scratch; used
// after ReplaceExtraction removed what an old extraction added.
func recount(ctx context.Context, tx pgx.Tx, persons []int64) error {
	if len(persons) == 0 {
		return nil
	}
	slices.Sort(persons)
	_, err := tx.Exec(ctx, `UPDATE persons p SET
		n_statements = (SELECT count(*) FROM statements WHERE person_id = p.id),
		n_interactions = (SELECT count(DISTINCT interaction_id) FROM interaction_participants WHERE person_id = p.id)
		WHERE p.id = ANY($1)`, persons)
	return internal("counting", err)
}
