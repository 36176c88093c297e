package postgres

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
)

// SnippetOpen and SnippetClose mark the query terms in Statement.Snippet,
// as in the sqlite store.
const (
	SnippetOpen  = "**"
	SnippetClose = "**"
)

// SearchStatements returns the statements matching f, newest first (by the
// day of their earliest sighting), one page at a time, with the total and
// facets of the whole match. The query is web-search syntax
// (websearch_to_tsquery, English stemming). EINVALID for a bad filter.
func (s *Store) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	tx, w, err := s.beginSearch(ctx, &f)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	fc, err := facets(ctx, tx, w, f.Limit+1)
	if err != nil {
		return nil, err
	}
	page := &whosaid.StatementPage{Total: fc.Total(), TotalCapped: fc.capped, Facets: fc.Facets()}
	// The facets' walk found the newest matches: a first page that is
	// among them is read by id instead of walking again. Matches beyond
	// a capped walk are older than all it found, so its first limit+1
	// are the newest, and an uncapped walk found them all.
	if w.cursor == nil && (len(fc.first) > f.Limit || !fc.capped) {
		page.Statements, page.NextCursor, err = statementsByID(ctx, tx, w, fc.first, f.Limit)
	} else {
		page.Statements, page.NextCursor, err = pageStatements(ctx, tx, w, f.Limit)
	}
	if err != nil {
		return nil, err
	}
	return page, nil
}

// beginSearch checks f, opens the read transaction a search runs in and
// builds its conditions.
func (s *Store) beginSearch(ctx context.Context, f *whosaid.StatementFilter) (pgx.Tx, *where, error) {
	if err := archive.CheckFilter(f); err != nil {
		return nil, nil, err
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, nil, err
	}
	many := false
	if q := strings.TrimSpace(f.About); q != "" {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM article_tsv
			WHERE tsv @@ websearch_to_tsquery('english', $1) LIMIT `+strconv.Itoa(aboutMany)+`) m`, q).Scan(&n); err != nil {
			tx.Rollback(ctx)
			return nil, nil, internal("searching articles", err)
		}
		many = n >= aboutMany
		// The planner reads a common word's articles by a sequential scan,
		// costing the detoasting of every article's tsvector low: 1.3 s
		// for "immigration" at 100,000 articles, 44 ms through the GIN
		// index. SET LOCAL lasts for this read transaction only.
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			tx.Rollback(ctx)
			return nil, nil, internal("searching articles", err)
		}
	}
	w, err := statementWhere(*f, 0, many)
	if err != nil {
		tx.Rollback(ctx)
		return nil, nil, err
	}
	if w.query != "" && s.rumOrder != "" {
		n, err := estimateMatches(ctx, tx, w.queryText)
		if err != nil {
			tx.Rollback(ctx)
			return nil, nil, err
		}
		if n < rumMaxMatches {
			w.rumOrder = s.rumOrder
			if err := rumSettings(ctx, tx, f.About == ""); err != nil {
				tx.Rollback(ctx)
				return nil, nil, err
			}
		}
	}
	return tx, w, nil
}

// aboutMany is how many articles about something make a statement walk
// by day, checking each against them, cheaper than starting from the
// articles' reports (measured at 21,000 articles while the rest of the
// 100,000 were being stored: "immigration", 27 % of the articles, 0.8 s
// against 6.9 s; "cybersecurity" 0.5 s against over 20 s).
var aboutMany = 1000

// rumMaxMatches is how many matches (the planner's estimate) make a
// full-text search walk statements by day, checking each, instead of
// reading its matches in order from the rum index: rum sorts every match
// first (464,000 of "Trump" at 100,000 articles: 156 ms for a page the
// walk by day finds in 0.2 ms), while a walk by day costs the fewer
// rows the more common the word ("president", 170,000 matches: the
// newest 1,001 in 10 ms by day, 63 ms through rum; "immigration -wall",
// 61,000: 53 ms by day, 21 ms through rum).
var rumMaxMatches = 100000.0

// rumSettings sets this read transaction up for reading matches in order
// from the rum index. rum sorts the matches in work_mem, and at the
// default 4 MB "economy OR jobs" (85,000 matches) spilled to disk: 39 →
// 22 ms with 32 MB. The planner's estimate of a phrase's matches is far
// too low ("health care": 315 for 12,865), so it read them all through a
// bitmap and sorted them (94 ms) rather than stop after the newest in rum
// order (13 ms): without --about, whose article lookups are bitmap scans
// of GIN, bitmap scans are off.
func rumSettings(ctx context.Context, tx pgx.Tx, noBitmaps bool) error {
	if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '32MB'`); err != nil {
		return internal("searching statements", err)
	}
	if noBitmaps {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_bitmapscan = off`); err != nil {
			return internal("searching statements", err)
		}
	}
	return nil
}

// estimateMatches returns the planner's estimate of the statements
// matching query.
func estimateMatches(ctx context.Context, tx pgx.Tx, query string) (float64, error) {
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	var js []byte
	if err := tx.QueryRow(ctx, `EXPLAIN (FORMAT JSON) SELECT 1 FROM statements s
		WHERE s.tsv @@ websearch_to_tsquery('english', $1)`, query).Scan(&js); err != nil {
		return 0, internal("estimating matches", err)
	}
	if err := json.Unmarshal(js, &plan); err != nil || len(plan) == 0 {
		return 0, whosaid.Errorf(whosaid.EINTERNAL, "postgres: estimating matches: plan %q", js)
	}
	return plan[0].Plan.Rows, nil
}

// StatementsPage returns the page of f and the cursor of the next one
// without counting the total and facets (http.StatementPager): a next
// page has the first page's. Errors as SearchStatements.
func (s *Store) StatementsPage(ctx context.Context, f whosaid.StatementFilter) ([]whosaid.Statement, string, error) {
	tx, w, err := s.beginSearch(ctx, &f)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback(ctx)
	return pageStatements(ctx, tx, w, f.Limit)
}

// where is a statement filter as SQL over "statements s" alone: the
// newest matches are found on statements and their articles looked up
// after the LIMIT, one by one (LATERAL ... LIMIT 1 keeps the planner from
// hashing the whole articles table for a page of rows).
type where struct {
	conds []string
	// walk are the conditions the facets' bounded walk uses (the
	// full-text query, else the speaker or person, else the outlet, and
	// the dates), filter the others, checked on its candidates.
	walk, filter []string
	// need are the columns filters read beyond those statements_published
	// holds (outlet_key when the outlet is a filter, ...).
	need      []string
	args      args
	query     string // the tsquery placeholder, "" without a query
	queryText string // the query as given
	cursor    *archive.Cursor
	// rumOrder is Store.rumOrder: how to walk full-text matches by day.
	rumOrder string
}

// newest returns the query of cols (over "s", the matching statements,
// and "a", their articles) for the newest limit matches after the cursor
// (if any), newest first; a gets the cursor's arguments, limit is a
// placeholder. The walk selects only the columns statements_published
// holds (migration 0007), so that a walk by day reads the index alone;
// with full, the page's rows are then read whole, by id. A full-text
// search on a store with rum reads the matches in order from the rum index
// (rum.go): the distance of ord below a bound above every match (exact in
// float8 while within 2^53 of it: some 5,700 years of days).
func (w *where) newest(cols, limit string, a *args, cursor *archive.Cursor, full bool) string {
	order, after := w.order(a, cursor)
	q := `SELECT s.id, s.published, s.article_id, s.speaker, s.kind FROM statements s` +
		sqlWhere(append(append([]string{}, w.conds...), after...)) + ` ORDER BY ` + order + ` LIMIT ` + limit
	from := `(` + q + `) s`
	if full {
		from = `(` + q + `) m JOIN statements s ON s.id = m.id`
	}
	return `SELECT ` + cols + ` FROM ` + from + `
		CROSS JOIN LATERAL (SELECT title, outlet, url FROM articles WHERE id = s.article_id LIMIT 1) a
		ORDER BY s.published DESC, s.id DESC`
}

// order returns the ORDER BY of a walk newest first and the condition
// that starts it after the cursor (if any).
func (w *where) order(a *args, cursor *archive.Cursor) (string, []string) {
	if w.query != "" && w.rumOrder != "" {
		bound := `((SELECT whosaid_day(max(published)) FROM statements) + 1) << 32`
		var after []string
		if cursor != nil {
			bound = `(whosaid_day(` + a.add(cursor.Published) + `) << 32 | ` + a.add(cursor.ID) + `)`
			after = []string{`s.ord < ` + bound}
		}
		return `s.ord ` + w.rumOrder + ` (` + bound + `)`, after
	}
	if cursor != nil {
		return `s.published DESC, s.id DESC`, []string{`(s.published, s.id) < (` + a.add(cursor.Published) + `, ` + a.add(cursor.ID) + `)`}
	}
	return `s.published DESC, s.id DESC`, nil
}

// facetWalk selects the candidates of the facets' walk with the columns
// their filters read; without a speaker or outlet filter they are all in
// statements_published, for an index-only walk by day.
func (w *where) facetWalk() string {
	cols := `s.id, s.published, s.article_id, s.speaker, s.kind, s.speaker_role, s.reports`
	for _, c := range slices.Compact(slices.Sorted(slices.Values(w.need))) {
		cols += `, ` + c
	}
	return `SELECT ` + cols + ` FROM statements s` + sqlWhere(w.walk)
}

func sqlWhere(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(conds, " AND ")
}

// add adds a condition, to the facets' walk or to their filter.
func (w *where) add(walk bool, cond string) {
	w.conds = append(w.conds, cond)
	if walk {
		w.walk = append(w.walk, cond)
	} else {
		w.filter = append(w.filter, cond)
	}
}

// statementWhere builds the conditions for f; personID > 0 restricts to
// one person (for Person).
func statementWhere(f whosaid.StatementFilter, personID int64, aboutMany bool) (*where, error) {
	w := &where{}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.query, w.queryText = `websearch_to_tsquery('english', `+w.args.add(q)+`)`, q
		w.add(true, `s.tsv @@ `+w.query)
	}
	if q := strings.TrimSpace(f.About); q != "" {
		// A statement matches if any report of it is an article about it.
		about := `websearch_to_tsquery('english', ` + w.args.add(q) + `)`
		if aboutMany {
			// The articles are hashed once (a hashed SubPlan) for the walk
			// by day; only a statement's other reports are looked up.
			// Statements reported once (reports, migration 0009) have
			// no other report to look up.
			w.add(false, `(s.article_id IN (SELECT article_id FROM article_tsv WHERE tsv @@ `+about+`)
				OR s.reports > 1 AND EXISTS (SELECT 1 FROM statement_sightings ss JOIN article_tsv sa ON sa.article_id = ss.article_id
					WHERE ss.statement_id = s.id AND ss.article_id <> s.article_id AND sa.tsv @@ `+about+`))`)
		} else {
			// Few articles: start from them and their reports.
			w.add(false, `s.id IN (SELECT ss.statement_id FROM statement_sightings ss JOIN article_tsv sa ON sa.article_id = ss.article_id
				WHERE sa.tsv @@ `+about+`)`)
		}
	}
	if personID > 0 {
		if w.query != "" {
			w.need = append(w.need, `s.person_id`)
		}
		w.add(w.query == "", `s.person_id = `+w.args.add(personID))
	}
	if f.Speaker != "" {
		k := w.args.add(archive.NameKey(f.Speaker))
		// = ANY(ARRAY(...)) is computed once, so both sides of the OR can
		// use their indexes (IN (SELECT ...) became a filter on every row
		// of a walk in date order: 2.7 s instead of 0.1 s at 100,000
		// articles).
		walk := w.query == "" && personID == 0
		if !walk {
			w.need = append(w.need, `s.speaker_key`, `s.person_id`)
		}
		w.add(walk, `(s.speaker_key = `+k+` OR s.person_id = ANY(ARRAY(SELECT person_id FROM person_aliases WHERE alias_key = `+k+`)))`)
	}
	if f.Outlet != "" {
		// statements_outlet: the outlet's statements newest first.
		walk := w.query == "" && personID == 0 && f.Speaker == ""
		if !walk {
			w.need = append(w.need, `s.outlet_key`)
		}
		w.add(walk, `s.outlet_key = lower(`+w.args.add(f.Outlet)+`)`)
	}
	if f.Org != "" {
		k := w.args.add("%" + archive.NameKey(f.Org) + "%")
		// The matching names come from orgs (small) once; their articles
		// are hashed once for the walk by day.
		w.add(false, `(lower(s.speaker_role) LIKE `+k+` OR s.article_id IN (SELECT o.article_id FROM article_orgs o
			WHERE o.name_key = ANY(ARRAY(SELECT name_key FROM orgs WHERE name_key LIKE `+k+`))))`)
	}
	if !f.Since.IsZero() {
		w.add(true, `s.published >= `+w.args.add(archive.Day(f.Since)))
	}
	if !f.Until.IsZero() {
		w.add(true, `s.published <> '' AND s.published <= `+w.args.add(archive.Day(f.Until)))
	}
	if f.Kind != "" {
		w.add(false, `s.kind = `+w.args.add(string(f.Kind)))
	}
	if f.Cursor != "" {
		c, err := archive.ParseCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		w.cursor = &c
	}
	return w, nil
}

const statementColumns = `s.id, coalesce(s.person_id, 0), s.speaker, s.speaker_role, s.content, s.kind, s.cue,
	s.article_id, a.title, a.outlet, a.url, s.published, s.attribution`

// pageStatements reads one page (limit rows) and the cursor after it.
func pageStatements(ctx context.Context, tx pgx.Tx, w *where, limit int) ([]whosaid.Statement, string, error) {
	a := append(args{}, w.args...)
	// The headline is computed on the page only, not on every match.
	return readPage(ctx, tx, limit, `SELECT p.*, `+strings.ReplaceAll(w.snippet(), "s.content", "p.content")+` FROM (
		`+w.newest(statementColumns, a.add(limit+1), &a, w.cursor, true)+`) p ORDER BY p.published DESC, p.id DESC`, a)
}

// statementsByID reads the statements ids (newest first; limit+1 of them
// when there is a next page) as pageStatements would have found them.
func statementsByID(ctx context.Context, tx pgx.Tx, w *where, ids []int64, limit int) ([]whosaid.Statement, string, error) {
	// Only the query's own parameter: the filters' are not used here.
	var a args
	snippet := `''`
	if w.queryText != "" {
		snippet = headline(`websearch_to_tsquery('english', ` + a.add(w.queryText) + `)`)
	}
	return readPage(ctx, tx, limit, `SELECT `+statementColumns+`, `+snippet+` FROM statements s
		CROSS JOIN LATERAL (SELECT title, outlet, url FROM articles WHERE id = s.article_id LIMIT 1) a
		WHERE s.id = ANY(`+a.add(ids)+`) ORDER BY s.published DESC, s.id DESC`, a)
}

// readPage runs query, which selects up to limit+1 statements newest
// first, and returns the page of limit with the cursor after it and the
// statements' sightings.
func readPage(ctx context.Context, tx pgx.Tx, limit int, query string, a args) ([]whosaid.Statement, string, error) {
	rows, err := tx.Query(ctx, query, a...)
	if err != nil {
		return nil, "", internal("searching statements", err)
	}
	out, err := scanStatements(rows)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[len(out)-1]
		next = archive.Cursor{Published: archive.Day(last.Published), ID: last.ID}.String()
	}
	return out, next, statementSightings(ctx, tx, out)
}

// snippet is the SQL of a statement's headline: its content with the
// query's words marked, ” without a query.
func (w *where) snippet() string {
	if w.query == "" {
		return `''`
	}
	return headline(w.query)
}

// headline marks the words of tsquery (SQL) in s.content.
func headline(tsquery string) string {
	return `ts_headline('english', s.content, ` + tsquery + `, 'StartSel=` + SnippetOpen + `, StopSel=` + SnippetClose +
		`, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')`
}

func scanStatements(rows pgx.Rows) ([]whosaid.Statement, error) {
	defer rows.Close()
	out := []whosaid.Statement{}
	for rows.Next() {
		var (
			st                  whosaid.Statement
			published, kind, sn string
			attr                []byte
		)
		if err := rows.Scan(&st.ID, &st.PersonID, &st.Speaker, &st.SpeakerRole, &st.Content, &kind, &st.Cue,
			&st.ArticleID, &st.Title, &st.Outlet, &st.URL, &published, &attr, &sn); err != nil {
			return nil, internal("reading statements", err)
		}
		st.Kind, st.Published, st.Snippet = whosaid.AttributionKind(kind), archive.ParseDay(published), sn
		if err := json.Unmarshal(attr, &st.Attribution); err != nil {
			return nil, whosaid.Errorf(whosaid.EINTERNAL, "postgres: stored attribution: %v", err)
		}
		out = append(out, st)
	}
	return out, internal("reading statements", rows.Err())
}

// statementSightings fills in where each statement was seen: every
// sighting of every article carrying it, earliest first.
func statementSightings(ctx context.Context, q queryer, sts []whosaid.Statement) error {
	if len(sts) == 0 {
		return nil
	}
	ids := make([]int64, len(sts))
	for i := range sts {
		ids[i] = sts[i].ID
		sts[i].Sightings = []whosaid.Sighting{}
	}
	rows, err := q.Query(ctx, `SELECT ss.statement_id, si.article_id, si.url, si.outlet, si.title, si.published
		FROM statement_sightings ss JOIN sightings si ON si.article_id = ss.article_id
		WHERE ss.statement_id = ANY($1) ORDER BY si.published = '', si.published, si.id`, ids)
	if err != nil {
		return internal("reading statement sightings", err)
	}
	defer rows.Close()
	return internal("reading statement sightings", archive.AddStatementSightings(rows, sts))
}

// facetCount is what facets found: the counts, whether the window or the
// walk was cut short, and the ids of the first matches, newest first.
type facetCount struct {
	archive.FacetCounter
	capped bool
	first  []int64
}

// facets counts the newest archive.FacetWindow matches (not just the
// page) by speaker, outlet and kind, among the newest archive.FacetScan
// candidates of the walk (the full-text query, speaker, outlet or dates),
// as the SQLite store does: counting every match of a common word, or
// walking far for a rare combination, would cost seconds on a large
// archive. Beyond either bound it is capped. It keeps the ids of the
// first keep matches.
func facets(ctx context.Context, tx pgx.Tx, w *where, keep int) (*facetCount, error) {
	a := append(args{}, w.args...)
	order, _ := w.order(&a, nil)
	// Without filters every candidate matches: the walk can stop at the
	// window.
	scan := archive.FacetScan
	if len(w.filter) == 0 {
		scan = archive.FacetWindow + 1
	}
	walk := w.facetWalk() + ` ORDER BY ` + order + ` LIMIT ` + a.add(scan)
	// The matches are cut to the window before their articles are read.
	rows, err := tx.Query(ctx, `SELECT s.id, s.speaker, a.outlet, s.kind FROM (
			SELECT * FROM (`+walk+`) s`+sqlWhere(w.filter)+` ORDER BY s.published DESC, s.id DESC LIMIT `+a.add(archive.FacetWindow+1)+`
		) s CROSS JOIN LATERAL (SELECT outlet FROM articles WHERE id = s.article_id LIMIT 1) a
		ORDER BY s.published DESC, s.id DESC`, a...)
	if err != nil {
		return nil, internal("counting statements", err)
	}
	defer rows.Close()
	fc := &facetCount{}
	for rows.Next() {
		var (
			id int64
			v  [3]string
		)
		if err := rows.Scan(&id, &v[0], &v[1], &v[2]); err != nil {
			return nil, internal("counting statements", err)
		}
		fc.Add(v[0], v[1], v[2])
		if len(fc.first) < keep {
			fc.first = append(fc.first, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal("counting statements", err)
	}
	fc.capped = fc.Capped()
	if !fc.capped && len(w.filter) > 0 {
		// Fewer matches than the window: did the walk end, or stop at
		// FacetScan candidates? The filter is there for its parameters'
		// types only: the planner folds "true OR ..." away.
		a := append(args{}, w.args...)
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (`+w.facetWalk()+` LIMIT `+a.add(archive.FacetScan+1)+`) s
			WHERE true OR (`+strings.Join(w.filter, " AND ")+`)`, a...).Scan(&n); err != nil {
			return nil, internal("counting statements", err)
		}
		fc.capped = n > archive.FacetScan
	}
	return fc, nil
}
