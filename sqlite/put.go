package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
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
	conn, done, err := s.batchConn(ctx)
	if err != nil {
		return err
	}
	defer done()
	sqltx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return internal("begin", err)
	}
	defer sqltx.Rollback()
	tx := newWtx(sqltx, &s.stmts)
	var fts pending
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
		release := `RELEASE put`
		if out[i].Err != nil {
			release = `ROLLBACK TO put; RELEASE put`
			fts.reset(mark)
		}
		if _, err := tx.ExecContext(ctx, release); err != nil {
			return internal("savepoint", err)
		}
	}
	if err := fts.write(ctx, tx); err != nil {
		return err
	}
	return commit(sqltx)
}

// batchConn takes the writer's connection for one batch, with foreign
// keys unchecked: the batch's rows refer only to rows it has just written
// or read, and checking them cost a lookup in the parent table for each
// of some hundred references per article. done turns them on again for
// everything else, whose deletes cascade, and gives the connection back;
// one on which they cannot be turned on again is discarded.
func (s *Store) batchConn(ctx context.Context) (conn *sql.Conn, done func(), err error) {
	if conn, err = s.w.Conn(ctx); err != nil {
		return nil, nil, internal("begin", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		conn.Close()
		return nil, nil, internal("begin", err)
	}
	return conn, func() {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
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
		fts.articles = append(fts.articles, itoa(id))
		if err := insertDerived(ctx, tx, id, d, fts); err != nil {
			return whosaid.PutResult{}, err
		}
	}
	if err := insertSighting(ctx, tx, id, d.Article); err != nil {
		return whosaid.PutResult{}, err
	}
	return whosaid.PutResult{ArticleID: id, Duplicate: dup}, nil
}

// ftsKeySQL computes statements.fts_key from the row's published and id,
// as ftsKey does in Go (see migration 0004).
const ftsKeySQL = `((CASE WHEN published = '' THEN 0
	ELSE CAST(julianday(published) - julianday('1900-01-01') AS INTEGER) + 1 END << 32) | id)`

// pending collects what a transaction writes at its end, in few
// statements: the ids of the articles and statements it added, to index
// them in one statement each (statements are those whose full-text key
// must be (re)computed first, moved to another day; fresh those inserted
// with it), and the changes to persons' counts, once per person however
// many of the batch's articles name them.
type pending struct {
	articles, statements, fresh []string
	counts                      []countChange
}

// countChange adds to a person's statement and interaction counts.
type countChange struct {
	person                   int64
	statements, interactions int
}

func (f *pending) count(person int64, statements, interactions int) {
	f.counts = append(f.counts, countChange{person, statements, interactions})
}

func (f *pending) mark() [4]int {
	return [4]int{len(f.articles), len(f.statements), len(f.fresh), len(f.counts)}
}

func (f *pending) reset(m [4]int) {
	f.articles, f.statements, f.fresh, f.counts = f.articles[:m[0]], f.statements[:m[1]], f.fresh[:m[2]], f.counts[:m[3]]
}

func (f *pending) write(ctx context.Context, tx wtx) error {
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
	for _, pid := range order {
		if _, err := tx.exec(ctx, qAddCounts, sum[pid][0], sum[pid][1], pid); err != nil {
			return internal("counting", err)
		}
	}
	if len(f.statements) > 0 {
		ids := strings.Join(f.statements, ",")
		if _, err := tx.ExecContext(ctx, `UPDATE statements SET fts_key = `+ftsKeySQL+` WHERE id IN (`+ids+`)`); err != nil {
			return internal("indexing statements", err)
		}
	}
	if all := append(f.statements[:len(f.statements):len(f.statements)], f.fresh...); len(all) > 0 {
		// In key order: FTS5 writes its pending terms out as a new segment
		// whenever a rowid is lower than the last one, so rows in id order
		// (keys jumping between days) made a segment every few rows.
		if _, err := tx.ExecContext(ctx, `INSERT INTO statements_fts (rowid, content) SELECT fts_key, content FROM statements
			WHERE id IN (`+strings.Join(all, ",")+`) ORDER BY fts_key`); err != nil {
			return internal("indexing statements", err)
		}
	}
	if len(f.articles) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles
			WHERE id IN (`+strings.Join(f.articles, ",")+`)`); err != nil {
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
	args := make([]any, 0, archive.NBands)
	for _, v := range archive.Bands(d.SimHash) {
		args = append(args, v)
	}
	rows, err := tx.query(ctx, qNearCandidates, args...)
	if err != nil {
		return 0, internal("finding near duplicate", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		if err := rows.Scan(&id, &h); err != nil {
			return 0, internal("finding near duplicate", err)
		}
		if archive.NearDuplicate(uint64(h), d.SimHash) {
			return id, nil
		}
	}
	return 0, internal("finding near duplicate", rows.Err())
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
	bands := make([]any, 0, bInsertBand.width*archive.NBands)
	for i, v := range archive.Bands(d.SimHash) {
		bands = append(bands, i, v, id, int64(d.SimHash))
	}
	if err := bInsertBand.exec(ctx, tx, bands); err != nil {
		return 0, internal("inserting simhash bands", err)
	}
	return id, nil
}

func insertSighting(ctx context.Context, tx wtx, id int64, a whosaid.Article) error {
	_, err := tx.exec(ctx, qInsertSighting, id, a.URL, a.Outlet, a.Title, archive.Day(a.Published))
	return internal("inserting sighting", err)
}

// insertDerived stores what the extraction of article id says: the
// organisations it names, its persons, statements (and their full-text
// rows) and interactions. Rows of a kind go in few statements (rows.go).
func insertDerived(ctx context.Context, tx wtx, id int64, d *archive.Doc, fts *pending) error {
	orgs := make([]any, 0, bInsertOrg.width*len(d.Orgs))
	for _, o := range d.Orgs {
		orgs = append(orgs, id, o)
	}
	if err := bInsertOrg.exec(ctx, tx, orgs); err != nil {
		return internal("inserting organisation", err)
	}
	persons, err := upsertPersons(ctx, tx, d.People, archive.Day(d.Article.Published))
	if err != nil {
		return err
	}
	if err := upsertStatements(ctx, tx, id, archive.Day(d.Article.Published), d.Statements, persons, fts); err != nil {
		return err
	}
	for _, in := range d.Interactions {
		if err := insertInteraction(ctx, tx, id, in, persons, fts); err != nil {
			return err
		}
	}
	return nil
}

// upsertPersons merges each person into the one with the same name key,
// adding its aliases and widening the first/last seen dates of its roles.
// It returns the person ids by key. Known persons are looked up and new
// ones inserted, each in few statements (rows.go).
func upsertPersons(ctx context.Context, tx wtx, people []archive.PersonRow, published string) (map[string]int64, error) {
	ids := make(map[string]int64, len(people))
	keys := make([]string, len(people))
	for i, p := range people {
		keys[i] = p.Key
	}
	err := lPersonsByKey.each(ctx, tx, keys, func(scan func(...any) error) error {
		var id int64
		var key string
		if err := scan(&id, &key); err != nil {
			return err
		}
		ids[key] = id
		return nil
	})
	if err != nil {
		return nil, internal("finding persons", err)
	}
	fresh := make([]any, 0, bInsertPerson.width*len(people))
	var aliases, roles []any
	for _, p := range people {
		id, ok := ids[p.Key]
		if !ok {
			if id, err = tx.personID(ctx); err != nil {
				return nil, internal("inserting person", err)
			}
			ids[p.Key] = id
			fresh = append(fresh, id, p.Key, p.Name)
		}
		for _, al := range p.Aliases {
			aliases = append(aliases, id, archive.NameKey(al), al)
		}
		for _, r := range p.Roles {
			roles = append(roles, id, r, published, published)
		}
	}
	if err := bInsertPerson.exec(ctx, tx, fresh); err != nil {
		return nil, internal("inserting person", err)
	}
	if err := bInsertAlias.exec(ctx, tx, aliases); err != nil {
		return nil, internal("inserting alias", err)
	}
	if err := bUpsertRole.exec(ctx, tx, roles); err != nil {
		return nil, internal("upserting role", err)
	}
	return ids, nil
}

// upsertStatements adds a sighting in article id of each statement,
// creating the statements whose keys are new (counted in fts and
// indexed) and moving to this article those whose shown sighting is
// later than this one. SQLite has one writer, so reading before writing
// is safe.
func upsertStatements(ctx context.Context, tx wtx, id int64, published string, sts []archive.StatementRow, persons map[string]int64, fts *pending) error {
	if len(sts) == 0 {
		return nil
	}
	type stored struct {
		id    int64
		shown string
		own   bool // this article is (now) the one the statement shows
	}
	keys := make([]string, len(sts))
	for i, st := range sts {
		keys[i] = st.Key
	}
	found := make(map[string]stored, len(sts))
	err := lStatementsByKey.each(ctx, tx, keys, func(scan func(...any) error) error {
		var s stored
		var key string
		if err := scan(&s.id, &key, &s.shown); err != nil {
			return err
		}
		found[key] = s
		return nil
	})
	if err != nil {
		return internal("finding statements", err)
	}
	fresh := make([]any, 0, bInsertStatement.width*len(sts))
	for _, st := range sts {
		s, ok := found[st.Key]
		if !ok {
			var pid any
			if v, ok := persons[st.PersonKey]; ok && st.PersonKey != "" {
				pid = v
				fts.count(v, 1, 0)
			}
			sid, err := tx.statementID(ctx)
			if err != nil {
				return internal("inserting statement", err)
			}
			found[st.Key] = stored{id: sid, own: true}
			fts.fresh = append(fts.fresh, itoa(sid))
			fresh = append(fresh, sid, ftsKey(published, sid), st.Key, pid, st.Speaker, archive.NameKey(st.Speaker), st.Role, st.Content,
				string(st.Kind), st.Cue, id, published, string(st.Attribution))
			continue
		}
		if published != "" && (s.shown == "" || published < s.shown) {
			// Its full-text row is keyed by day: drop it, pending re-adds it.
			if _, err := tx.exec(ctx, qUnindexStatement, s.id); err != nil {
				return internal("updating statement", err)
			}
			fts.statements = append(fts.statements, itoa(s.id))
			// The sighting it showed becomes one of its other reports.
			if _, err := tx.exec(ctx, qKeepShownSighting, s.id); err != nil {
				return internal("updating statement", err)
			}
			if _, err := tx.exec(ctx, qMoveStatement, id, published, string(st.Attribution), st.Cue, s.id); err != nil {
				return internal("updating statement", err)
			}
			s.own = true
			found[st.Key] = s
		}
	}
	if err := bInsertStatement.exec(ctx, tx, fresh); err != nil {
		return internal("inserting statement", err)
	}
	sightings := make([]any, 0, 4*len(sts))
	for _, st := range sts {
		s, ok := found[st.Key]
		if !ok {
			return internal("inserting statement", errors.New("statement "+st.Key+" not stored"))
		}
		// statement_sightings holds a statement's other reports only:
		// the one it shows is the statement row itself (two index
		// entries per statement fewer to write, 2 % of an ingest).
		if !s.own {
			sightings = append(sightings, s.id, id, published, string(st.Attribution))
		}
	}
	if err := bInsertStatementSighting.exec(ctx, tx, sightings); err != nil {
		return internal("inserting statement sighting", err)
	}
	return nil
}

func insertInteraction(ctx context.Context, tx wtx, id int64, in archive.InteractionRow, persons map[string]int64, fts *pending) error {
	res, err := tx.exec(ctx, qInsertInteraction,
		id, string(in.Kind), archive.Day(in.When), in.Where, in.Cue)
	if err != nil {
		return internal("inserting interaction", err)
	}
	iid, err := res.LastInsertId()
	if err != nil {
		return internal("inserting interaction", err)
	}
	for i, p := range in.Participants {
		var pid any
		if v, ok := persons[p.PersonKey]; ok && p.PersonKey != "" {
			pid = v
			fts.count(v, 0, 1)
		}
		if _, err := tx.exec(ctx, qInsertParticipant, iid, i, pid, p.Name); err != nil {
			return internal("inserting participant", err)
		}
	}
	return nil
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
