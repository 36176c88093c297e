package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"whosaid"
	"whosaid/archive"
)

// SnippetOpen and SnippetClose mark the query terms in Statement.Snippet.
const (
	SnippetOpen  = "**"
	SnippetClose = "**"
)

// FacetWindow is how many of the newest matching statements Total and the
// facets count (archive.FacetWindow), and FacetScan how many candidates
// (statements of the speaker, the day range, or the full-text matches)
// they look at to find them; beyond these Total is a lower bound and
// TotalCapped is set.
const (
	FacetWindow = archive.FacetWindow
	FacetScan   = archive.FacetScan
)

// SearchStatements returns the statements matching f, newest first (by the
// day of their earliest sighting), one page at a time, with the total and
// facets of the newest FacetWindow matches. EINVALID for a bad filter or
// cursor.
func (s *Store) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	tx, p, err := s.beginSearch(ctx, &f)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	page := &whosaid.StatementPage{Statements: []whosaid.Statement{}, Facets: emptyFacets()}
	if p.empty {
		return page, nil
	}
	if page.Statements, page.NextCursor, err = pageStatements(ctx, tx, p, f.Limit); err != nil {
		return nil, err
	}
	if page.Total, page.TotalCapped, page.Facets, err = facets(ctx, tx, p); err != nil {
		return nil, err
	}
	return page, nil
}

// beginSearch checks f, opens the read transaction a search runs in and
// plans it.
func (s *Store) beginSearch(ctx context.Context, f *whosaid.StatementFilter) (*sql.Tx, *plan, error) {
	if err := archive.CheckFilter(f); err != nil {
		return nil, nil, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, internal("begin", err)
	}
	p, err := newPlan(ctx, tx, *f, 0)
	if err != nil {
		tx.Rollback()
		return nil, nil, err
	}
	return tx, p, nil
}

// StatementsPage returns the page of f and the cursor of the next one
// without counting the total and facets (http.StatementPager): a next
// page has the first page's. Errors as SearchStatements.
func (s *Store) StatementsPage(ctx context.Context, f whosaid.StatementFilter) ([]whosaid.Statement, string, error) {
	tx, p, err := s.beginSearch(ctx, &f)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	if p.empty {
		return []whosaid.Statement{}, "", nil
	}
	return pageStatements(ctx, tx, p, f.Limit)
}

// plan is a statement filter as SQL. A full-text query without a speaker
// walks the day-keyed full-text index newest first (see migration 0004);
// anything else walks statements by day, speaker or person, probing the
// full-text index per row if there is a query.
type plan struct {
	query       string // the FTS5 expression, "" for none
	highlight   string // the user's query, for snippets
	empty       bool   // nothing can match
	byIndex     bool   // walk statements_fts
	conds       []string
	args        []any
	cursor      *archive.Cursor
	since       whosaid.Date
	until       whosaid.Date
	speakerKeys []string
	personID    int64
}

// newPlan builds the plan for f; personID > 0 restricts to one person.
func newPlan(ctx context.Context, q queryer, f whosaid.StatementFilter, personID int64) (*plan, error) {
	p := &plan{since: f.Since, until: f.Until, personID: personID, highlight: f.Query}
	if strings.TrimSpace(f.Query) != "" {
		if p.query = archive.FTS5Query(f.Query); p.query == "" {
			return &plan{empty: true}, nil
		}
	}
	if f.Speaker != "" {
		keys, err := speakerKeys(ctx, q, f.Speaker)
		if err != nil {
			return nil, err
		}
		p.speakerKeys = keys
	}
	// With a query, walk the full-text index: probing it per row of a
	// speaker's statements costs a doclist seek in every segment per row.
	p.byIndex = p.query != "" && personID == 0
	if f.Org != "" {
		k := "%" + archive.NameKey(f.Org) + "%"
		p.add(`(s.speaker_role LIKE ? OR EXISTS (SELECT 1 FROM article_orgs o WHERE o.article_id = s.article_id AND o.name_key LIKE ?))`, k, k)
	}
	if strings.TrimSpace(f.About) != "" {
		about := archive.FTS5Query(f.About)
		if about == "" {
			return &plan{empty: true}, nil
		}
		// A statement matches if any report of it is about it. The
		// articles about it are listed once (a subquery at the top level;
		// inside the correlated EXISTS SQLite would list them again for
		// every row: 3 s for a page at 100,000 articles), which settles
		// the report a statement shows; only its other reports, which
		// few statements have, are probed in the index one by one.
		p.add(`(s.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)
			OR EXISTS (SELECT 1 FROM statement_sightings ss WHERE ss.statement_id = s.id AND ss.article_id <> s.article_id
				AND EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ss.article_id)))`, about, about)
	}
	if f.Outlet != "" {
		p.add(`a.outlet = ? COLLATE NOCASE`, f.Outlet)
	}
	if f.Kind != "" {
		p.add(`s.kind = ?`, string(f.Kind))
	}
	if f.Cursor != "" {
		c, err := archive.ParseCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		p.cursor = &c
	}
	return p, nil
}

func (p *plan) add(cond string, args ...any) {
	p.conds = append(p.conds, cond)
	p.args = append(p.args, args...)
}

// speakerKeys returns the speaker keys a name stands for: its own and the
// canonical names of the persons it is an alias of.
func speakerKeys(ctx context.Context, q queryer, name string) ([]string, error) {
	k := archive.NameKey(name)
	keys := []string{k}
	rows, err := q.QueryContext(ctx, `SELECT p.name_key FROM person_aliases al JOIN persons p ON p.id = al.person_id
		WHERE al.alias_key = ? AND p.name_key <> ? ORDER BY p.name_key`, k, k)
	if err != nil {
		return nil, internal("resolving speaker", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, internal("resolving speaker", err)
		}
		keys = append(keys, s)
	}
	return keys, internal("resolving speaker", rows.Err())
}

// sql returns the query selecting cols of the matching statements, newest
// first, at most limit of them, from the cursor on if withCursor. With
// scan > 0 it looks at no more than the newest scan candidates the index
// walk yields (for facets: bounded work whatever the filters).
func (p *plan) sql(cols string, limit int, withCursor bool, scan int) (string, []any) {
	walk, args := p.walk(withCursor, scan)
	var conds []string
	if p.byIndex && p.speakerKeys != nil {
		conds = append(conds, `s.speaker_key IN (`+placeholders(len(p.speakerKeys))+`)`)
		for _, k := range p.speakerKeys {
			args = append(args, k)
		}
	}
	conds, args = append(conds, p.conds...), append(args, p.args...)
	var b strings.Builder
	outer := ` ORDER BY c.pub DESC, c.sid DESC`
	if p.byIndex {
		outer = ` ORDER BY c.k DESC`
	}
	b.WriteString(`SELECT ` + cols + ` FROM (` + walk + `) c CROSS JOIN statements s ON s.id = c.sid JOIN articles a ON a.id = s.article_id`)
	if len(conds) > 0 {
		b.WriteString(" WHERE " + strings.Join(conds, " AND "))
	}
	b.WriteString(outer + ` LIMIT ?`)
	return b.String(), append(args, limit)
}

// walk is the subquery yielding candidate statements (sid) with their
// order key (k), newest first, at most scan of them (0: all): the
// day-keyed full-text index for a query, else the statements of a
// speaker, a person or a date range by day.
func (p *plan) walk(withCursor bool, scan int) (string, []any) {
	var (
		q     string
		conds []string
		args  []any
	)
	if p.byIndex {
		conds, args = append(conds, `statements_fts MATCH ?`), append(args, p.query)
		if withCursor && p.cursor != nil {
			conds, args = append(conds, `rowid < ?`), append(args, ftsKey(p.cursor.Published, p.cursor.ID))
		}
		if !p.since.IsZero() {
			conds, args = append(conds, `rowid >= ?`), append(args, ftsKey(archive.Day(p.since), 0))
		}
		if !p.until.IsZero() {
			conds, args = append(conds, `rowid >= ? AND rowid < ?`), append(args, int64(1)<<32, ftsKey(archive.Day(whosaid.Date{Time: p.until.AddDate(0, 0, 1)}), 0))
		}
		q = `SELECT rowid AS k, rowid & 4294967295 AS sid FROM statements_fts WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY rowid DESC`
	} else {
		if p.personID > 0 {
			conds, args = append(conds, `person_id = ?`), append(args, p.personID)
		}
		if !p.since.IsZero() {
			conds, args = append(conds, `published >= ?`), append(args, archive.Day(p.since))
		}
		if !p.until.IsZero() {
			conds, args = append(conds, `published <> '' AND published <= ?`), append(args, archive.Day(p.until))
		}
		if withCursor && p.cursor != nil {
			conds, args = append(conds, `(published, id) < (?, ?)`), append(args, p.cursor.Published, p.cursor.ID)
		}
		q, args = byDay(p.speakerKeys, conds, args)
	}
	if scan > 0 {
		q, args = q+` LIMIT ?`, append(args, scan)
	}
	return q, args
}

// byDay walks the statements matching conds newest first, one walk of the
// speaker index per speaker key, merged (SQLite merges a compound ORDER BY
// without sorting): with `speaker_key IN (…)` it read and sorted every
// statement of every key (a whole archive's worth for a common name with
// an alias: 50 ms at 100,000 articles against 7 merged).
func byDay(speakerKeys []string, conds []string, args []any) (string, []any) {
	const order = ` ORDER BY pub DESC, sid DESC`
	walk := func(conds []string) string {
		q := `SELECT id AS sid, published AS pub, fts_key AS k FROM statements`
		if len(conds) > 0 {
			q += ` WHERE ` + strings.Join(conds, " AND ")
		}
		return q
	}
	if len(speakerKeys) == 0 {
		return walk(conds) + order, args
	}
	arm := walk(append([]string{`speaker_key = ?`}, conds...))
	arms := make([]string, len(speakerKeys))
	var all []any
	for i, k := range speakerKeys {
		arms[i] = arm
		all = append(append(all, k), args...)
	}
	return strings.Join(arms, ` UNION ALL `) + order, all
}

// cut returns the position of the last candidate if the page's walk
// stopped at PageScan candidates (there may be more matches after it), or
// nil if it saw them all.
func (p *plan) cut(ctx context.Context, tx *sql.Tx) (*archive.Cursor, error) {
	walk, args := p.walk(true, PageScan)
	var (
		n int
		k sql.NullInt64
	)
	if err := tx.QueryRowContext(ctx, `SELECT count(*), min(k) FROM (`+walk+`)`, args...).Scan(&n, &k); err != nil {
		return nil, internal("searching statements", err)
	}
	if n < PageScan || !k.Valid {
		return nil, nil
	}
	// Keys order as (day, id), so the smallest is the last candidate.
	return &archive.Cursor{Published: keyDay(k.Int64 >> 32), ID: k.Int64 & 0xffffffff}, nil
}

// keyDay is the "YYYY-MM-DD" of a full-text key's day ("" for 0).
func keyDay(d int64) string {
	if d <= 0 {
		return ""
	}
	return dayZero.AddDate(0, 0, int(d-1)).Format(whosaid.DateLayout)
}

// dayZero is day 1 of the full-text keys.
var dayZero = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// ftsKey is a statement's full-text rowid, as migration 0004 computes it:
// the day of published counted from 1900-01-01 (0 for undated) << 32 | id.
func ftsKey(published string, id int64) int64 {
	if published == "" {
		return id
	}
	days := int64(archive.ParseDay(published).Sub(dayZero).Hours()/24) + 1
	return days<<32 | id
}

const statementColumns = `s.id, coalesce(s.person_id, 0), s.speaker, s.speaker_role, s.content, s.kind, s.cue,
	s.article_id, a.title, a.outlet, a.url, s.published, s.attribution`

// pageStatements reads one page (limit rows) and the cursor after it.
// PageScan is how many candidates one page looks at. A page of a rare
// combination (a common word said by a rare speaker, a rare organisation)
// may come back short, with a cursor to go on from where it stopped,
// rather than walk the whole archive in one request.
const PageScan = 20000

// pageStatements reads one page (limit rows) and the cursor after it.
func pageStatements(ctx context.Context, tx *sql.Tx, p *plan, limit int) ([]whosaid.Statement, string, error) {
	query, args := p.sql(statementColumns, limit+1, true, PageScan)
	rows, err := tx.QueryContext(ctx, query, args...)
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
	} else if c, err := p.cut(ctx, tx); err != nil {
		return nil, "", err
	} else if c != nil {
		next = c.String()
	}
	if p.highlight != "" {
		for i := range out {
			out[i].Snippet = archive.Highlight(out[i].Content, p.highlight, SnippetOpen, SnippetClose)
		}
	}
	return out, next, statementSightings(ctx, tx, out)
}

func scanStatements(rows *sql.Rows) ([]whosaid.Statement, error) {
	defer rows.Close()
	out := []whosaid.Statement{}
	for rows.Next() {
		var (
			st                    whosaid.Statement
			published, attr, kind string
		)
		if err := rows.Scan(&st.ID, &st.PersonID, &st.Speaker, &st.SpeakerRole, &st.Content, &kind, &st.Cue,
			&st.ArticleID, &st.Title, &st.Outlet, &st.URL, &published, &attr); err != nil {
			return nil, internal("reading statements", err)
		}
		st.Kind, st.Published = whosaid.AttributionKind(kind), archive.ParseDay(published)
		if err := unmarshal(attr, &st.Attribution); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, internal("reading statements", rows.Err())
}

// statementSightings fills in where each statement was seen: every
// sighting of every article carrying it (the one it shows and its other
// reports), earliest first.
func statementSightings(ctx context.Context, q queryer, sts []whosaid.Statement) error {
	if len(sts) == 0 {
		return nil
	}
	args := make([]any, len(sts))
	for i := range sts {
		args[i] = sts[i].ID
		sts[i].Sightings = []whosaid.Sighting{}
	}
	in := placeholders(len(args))
	rows, err := q.QueryContext(ctx, `SELECT r.statement_id, si.article_id, si.url, si.outlet, si.title, si.published
		FROM (SELECT id AS statement_id, article_id FROM statements WHERE id IN (`+in+`)
			UNION ALL SELECT statement_id, article_id FROM statement_sightings WHERE statement_id IN (`+in+`)) r
		JOIN sightings si ON si.article_id = r.article_id
		ORDER BY si.published = '', si.published, si.id`, append(args, args...)...)
	if err != nil {
		return internal("reading statement sightings", err)
	}
	defer rows.Close()
	return internal("reading statement sightings", archive.AddStatementSightings(rows, sts))
}

// facets counts the newest FacetWindow matches (not just the page) by
// speaker, outlet and kind, in one walk.
func facets(ctx context.Context, tx *sql.Tx, p *plan) (int, bool, whosaid.Facets, error) {
	query, args := p.sql(`s.speaker, a.outlet, s.kind`, FacetWindow+1, false, FacetScan)
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, false, emptyFacets(), internal("counting statements", err)
	}
	defer rows.Close()
	var c archive.FacetCounter
	for rows.Next() {
		var v [3]string
		if err := rows.Scan(&v[0], &v[1], &v[2]); err != nil {
			return 0, false, emptyFacets(), internal("counting statements", err)
		}
		if !c.Add(v[0], v[1], v[2]) {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return 0, false, emptyFacets(), internal("counting statements", err)
	}
	capped := c.Capped()
	if !capped {
		// Fewer matches than the window: did the walk end, or stop at
		// FacetScan candidates?
		walk, args := p.walk(false, FacetScan+1)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+walk+`)`, args...).Scan(&n); err != nil {
			return 0, false, emptyFacets(), internal("counting statements", err)
		}
		capped = n > FacetScan
	}
	return c.Total(), capped, c.Facets(), nil
}

func emptyFacets() whosaid.Facets {
	return whosaid.Facets{Speakers: []whosaid.FacetCount{}, Outlets: []whosaid.FacetCount{}, Kinds: []whosaid.FacetCount{}}
}
