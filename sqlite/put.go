package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"whosaid"
	"whosaid/archive"
)

// PutArticle stores an article and everything derived from its extraction
// in one transaction, so a crash leaves either all of it or none. An
// article whose normalised text is already stored, or whose SimHash is
// within archive.NearBits of a stored one, only adds a sighting (none if
// the same sighting is already there): storing the same input twice adds
// nothing.
func (s *Store) PutArticle(ctx context.Context, a whosaid.Article, x *whosaid.Extraction) (whosaid.PutResult, error) {
	out, err := s.PutArticles(ctx, []archive.Put{{Article: a, Extraction: x}})
	if err != nil {
		return whosaid.PutResult{}, err
	}
	return out[0].Result, out[0].Err
}

// PutArticles stores several articles in one transaction; an article
// that fails is rolled back alone and reported in its outcome. The
// full-text rows of the whole batch are written by one statement before
// the commit (FTS5 flushes its pending terms at every savepoint and
// commit, so this is most of the gain of batching).
func (s *Store) PutArticles(ctx context.Context, puts []archive.Put) ([]archive.PutOutcome, error) {
	prepared := make([]archive.PutOutcome, len(puts))
	docs := make([]*archive.Doc, len(puts))
	for i, p := range puts {
		if docs[i] = p.Doc; docs[i] == nil {
			docs[i], prepared[i].Err = archive.Prepare(p.Article, p.Extraction)
		}
	}
	// Batches almost always store cleanly, so the first try has no
	// savepoints: a savepoint copies every page it first touches to its
	// journal, a tenth of the writer's time. Only if an article fails is
	// the batch written again with one savepoint per article.
	out := slices.Clone(prepared)
	err := s.putBatch(ctx, docs, out, false)
	if errors.Is(err, errRetryIsolated) {
		out = prepared
		err = s.putBatch(ctx, docs, out, true)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// errRetryIsolated says a batch written without savepoints had an article
// fail and was rolled back.
var errRetryIsolated = errors.New("an article failed: retry with savepoints")

// putBatch stores docs (nil ones are skipped) in one transaction and fills
// in their outcomes. With isolate, each article is in a savepoint and one
// that fails is rolled back alone; without, the first failure rolls back
// everything and returns errRetryIsolated.
func (s *Store) putBatch(ctx context.Context, docs []*archive.Doc, out []archive.PutOutcome, isolate bool) error {
	// The statements run without ctx's cancellation, which is checked
	// between articles instead: with a cancellable context the driver
	// starts a goroutine per statement to watch it (modernc.org/sqlite's
	// interruptOnDone), some 30 per article, and a batch takes only tens
	// of milliseconds.
	cancel := ctx
	ctx = context.WithoutCancel(ctx)
	sqltx, err := s.put.BeginTx(ctx, nil)
	if err != nil {
		return internal("begin", err)
	}
	defer sqltx.Rollback()
	tx := newWtx(sqltx, &s.puts)
	var fts pending
	if !isolate {
		if err := fts.rows.prefetch(ctx, tx, docs); err != nil {
			return err
		}
	}
	for i, d := range docs {
		if d == nil {
			continue
		}
		if err := cancel.Err(); err != nil {
			return err
		}
		if isolate {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT put`); err != nil {
				return internal("savepoint", err)
			}
		}
		mark := fts.mark()
		out[i].Result, out[i].Err = putOne(ctx, tx, d, s.now(), &fts)
		if !isolate {
			if out[i].Err != nil {
				return errRetryIsolated
			}
			continue
		}
		if out[i].Err == nil {
			out[i].Err = fts.rows.write(ctx, tx)
		}
		release := `RELEASE put`
		if out[i].Err != nil {
			release = `ROLLBACK TO put; RELEASE put`
			fts.reset(mark)
			fts.rows.forget()
			// The article's rows are gone: SQLite gives their statement
			// ids again, so the counters must too.
			*tx.ids = idCounter{}
		}
		if _, err := tx.ExecContext(ctx, release); err != nil {
			return internal("savepoint", err)
		}
	}
	if !isolate && fts.rows.write(ctx, tx) != nil {
		return errRetryIsolated
	}
	if err := fts.write(ctx, tx); err != nil {
		return err
	}
	return commit(sqltx)
}

// putOne stores one article inside the batch's transaction.
func putOne(ctx context.Context, tx wtx, d *archive.Doc, now time.Time, fts *pending) (whosaid.PutResult, error) {
	id, err := findDuplicate(ctx, tx, d)
	if err != nil {
		return whosaid.PutResult{}, err
	}
	dup := id != 0
	if !dup {
		if id, err = insertArticle(ctx, tx, d, now); err != nil {
			return whosaid.PutResult{}, err
		}
		fts.addArticle(id)
		if err := insertDerived(ctx, tx, id, d, fts); err != nil {
			return whosaid.PutResult{}, err
		}
	}
	a := d.Article
	fts.rows.sightings = append(fts.rows.sightings, id, a.URL, a.Outlet, a.Title, archive.Day(a.Published))
	return whosaid.PutResult{ArticleID: id, Duplicate: dup}, nil
}

// ftsKeySQL computes statements.fts_key from the row's published and id,
// as ftsKey does in Go (see migration 0004).
const ftsKeySQL = `((CASE WHEN published = '' THEN 0
	ELSE CAST(julianday(published) - julianday('1900-01-01') AS INTEGER) + 1 END << 32) | id)`

// pending collects what a transaction writes at its end, in few
// statements: the rows derived from its articles (derived.go), what to
// index in one statement per full-text table, and the changes to
// persons' counts, once per person however many of the batch's articles
// name them. The articles and statements a transaction adds have ids
// from the first it added on (SQLite's next rowid for articles, the
// transaction's counter for statements, and there is one writer), so
// these are indexed by that first id with a prepared statement, not by
// a list of ids SQLite would parse anew every batch. moved are the
// statements whose full-text key must be computed again (they moved to
// an earlier day).
type pending struct {
	rows                   laterRows
	firstArticle, firstNew int64 // 0: none
	moved                  []string
	counts                 []countChange
}

func (f *pending) addArticle(id int64) {
	if f.firstArticle == 0 {
		f.firstArticle = id
	}
}

func (f *pending) addStatement(id int64) {
	if f.firstNew == 0 {
		f.firstNew = id
	}
}

// countChange adds to a person's statement and interaction counts.
type countChange struct {
	person                   int64
	statements, interactions int
}

func (f *pending) count(person int64, statements, interactions int) {
	f.counts = append(f.counts, countChange{person, statements, interactions})
}

// mark and reset take back what an article rolled back to its savepoint
// added (its rows are gone, so the first ids can stay).
func (f *pending) mark() [2]int {
	return [2]int{len(f.moved), len(f.counts)}
}

func (f *pending) reset(m [2]int) {
	f.moved, f.counts = f.moved[:m[0]], f.counts[:m[1]]
}

func (f *pending) write(ctx context.Context, tx wtx) error {
	if err := f.rows.write(ctx, tx); err != nil {
		return err
	}
	sum := map[int64]*[2]int{}
	var order []int64
	for _, c := range f.counts {
		if sum[c.person] == nil {
			sum[c.person] = new([2]int)
			order = append(order, c.person)
		}
		sum[c.person][0] += c.statements
		sum[c.person][1] += c.interactions
	}
	counts := make([]any, 0, bAddCounts.width*len(order))
	for _, pid := range order {
		counts = append(counts, pid, sum[pid][0], sum[pid][1])
	}
	if _, err := bAddCounts.exec(ctx, tx, counts); err != nil {
		return internal("counting", err)
	}
	// One statement per full-text table, the statements in key order:
	// FTS5 writes its pending terms out as a new segment at every
	// statement's savepoint and whenever a rowid is lower than the last
	// one (rows in id order, keys jumping between days, made a segment
	// every few rows).
	if len(f.moved) > 0 {
		ids := strings.Join(f.moved, ",")
		if _, err := tx.ExecContext(ctx, `UPDATE statements SET fts_key = `+ftsKeySQL+` WHERE id IN (`+ids+`)`); err != nil {
			return internal("indexing statements", err)
		}
		first := f.firstNew
		if first == 0 {
			first = math.MaxInt64
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO statements_fts (rowid, content) SELECT fts_key, content FROM statements
			WHERE id IN (`+ids+`) OR id >= ? ORDER BY fts_key`, first); err != nil {
			return internal("indexing statements", err)
		}
	} else if f.firstNew != 0 {
		if _, err := tx.exec(ctx, qIndexNewStatements, f.firstNew); err != nil {
			return internal("indexing statements", err)
		}
	}
	if f.firstArticle != 0 {
		if _, err := tx.exec(ctx, qIndexNewArticles, f.firstArticle); err != nil {
			return internal("indexing articles", err)
		}
	}
	return nil
}

// findDuplicate returns the id of the stored article d duplicates, or 0:
// first by exact normalised-text hash, then by SimHash through the bands.
func findDuplicate(ctx context.Context, tx wtx, d *archive.Doc) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, qArticleByHash, d.TextHash).Scan(&id)
	if err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, internal("finding duplicate", err)
	}
	args := make([]any, 0, archive.NBlocks*17)
	for _, block := range archive.BlockProbes(d.SimHash) {
		for _, v := range block {
			args = append(args, v)
		}
	}
	rows, err := tx.query(ctx, qNearCandidates, args...)
	if err != nil {
		return 0, internal("finding near duplicate", err)
	}
	defer rows.Close()
	// The earliest stored near-duplicate, as in the other store.
	var first int64
	for rows.Next() {
		var h int64
		if err := rows.Scan(&id, &h); err != nil {
			return 0, internal("finding near duplicate", err)
		}
		if (first == 0 || id < first) && archive.NearDuplicate(uint64(h), d.SimHash) {
			first = id
		}
	}
	return first, internal("finding near duplicate", rows.Err())
}

func insertArticle(ctx context.Context, tx wtx, d *archive.Doc, now time.Time) (int64, error) {
	a := d.Article
	var extraction any
	switch {
	case d.Packed != nil:
		extraction = d.Packed
	case d.Extraction != nil:
		extraction = packExtraction(d.Extraction)
	}
	res, err := tx.exec(ctx, qInsertArticle,
		d.TextHash, int64(d.SimHash),
		a.ID, a.URL, a.Title, a.Author, a.Outlet, a.Language, archive.Day(a.Published), a.Text,
		extraction, d.Extractor, now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, internal("inserting article", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, internal("inserting article", err)
	}
	blocks := make([]any, 0, bInsertBlock.width*archive.NBlocks)
	for i, v := range archive.Blocks(d.SimHash) {
		blocks = append(blocks, i, v, id, int64(d.SimHash))
	}
	if _, err := bInsertBlock.exec(ctx, tx, blocks); err != nil {
		return 0, internal("inserting simhash blocks", err)
	}
	return id, nil
}

// recount recomputes the counts of the given persons from scratch; used
// after ReplaceExtraction removed what an old extraction added.
func recount(ctx context.Context, tx wtx, persons []int64) error {
	for _, id := range persons {
		if _, err := tx.exec(ctx, qRecount, id); err != nil {
			return internal("counting", err)
		}
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
