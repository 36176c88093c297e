package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"whosaid"
	"whosaid/archive"
)

// SnippetOpen and SnippetClose mark the query terms in Statement.Snippet.
const (
	SnippetOpen  = "**"
	SnippetClose = "**"
)

// SearchStatements returns the statements matching f, newest first (by the
// day of their earliest sighting), one page at a time, with the total and
// facets of the whole match. EINVALID for a bad filter or cursor.
func (s *Store) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	if err := archive.CheckFilter(&f); err != nil {
		return nil, err
	}
	w, err := statementWhere(f, 0)
	if err != nil {
		return nil, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("begin", err)
	}
	defer tx.Rollback()
	page := &whosaid.StatementPage{Statements: []whosaid.Statement{}}
	if w.empty {
		page.Facets = emptyFacets()
		return page, nil
	}
	if page.Statements, page.NextCursor, err = pageStatements(ctx, tx, w, f); err != nil {
		return nil, err
	}
	if page.Total, page.Facets, err = facets(ctx, tx, w); err != nil {
		return nil, err
	}
	return page, nil
}

// where is a statement filter as SQL over "statements s JOIN articles a"
// (and statements_fts when there is a query).
type where struct {
	from   string
	conds  []string
	args   []any
	query  bool
	empty  bool            // the query has no terms: nothing can match
	cursor *archive.Cursor // where the page starts; not part of the match
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// sql is the FROM and WHERE clauses, with extra conditions that take no
// arguments.
func (w *where) sql(extra ...string) string {
	conds := append(append([]string{}, w.conds...), extra...)
	if len(conds) == 0 {
		return w.from
	}
	return w.from + " WHERE " + strings.Join(conds, " AND ")
}

// statementWhere builds the conditions for f; personID > 0 restricts to
// one person (for Person).
func statementWhere(f whosaid.StatementFilter, personID int64) (*where, error) {
	w := &where{from: `statements s JOIN articles a ON a.id = s.article_id`}
	if strings.TrimSpace(f.Query) != "" {
		q := archive.FTS5Query(f.Query)
		if q == "" {
			return &where{empty: true}, nil
		}
		w.from = `statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN articles a ON a.id = s.article_id`
		w.query = true
		w.add(`statements_fts MATCH ?`, q)
	}
	if personID > 0 {
		w.add(`s.person_id = ?`, personID)
	}
	if f.Speaker != "" {
		k := archive.NameKey(f.Speaker)
		w.add(`(s.speaker_key = ? OR s.person_id IN (SELECT person_id FROM person_aliases WHERE alias_key = ?))`, k, k)
	}
	if f.Org != "" {
		k := "%" + archive.NameKey(f.Org) + "%"
		w.add(`(s.speaker_role LIKE ? OR EXISTS (SELECT 1 FROM article_orgs o WHERE o.article_id = s.article_id AND o.name_key LIKE ?))`, k, k)
	}
	if f.Outlet != "" {
		w.add(`a.outlet = ? COLLATE NOCASE`, f.Outlet)
	}
	if !f.Since.IsZero() {
		w.add(`s.published >= ?`, day(f.Since))
	}
	if !f.Until.IsZero() {
		w.add(`s.published <> '' AND s.published <= ?`, day(f.Until))
	}
	if f.Kind != "" {
		w.add(`s.kind = ?`, string(f.Kind))
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

// pageStatements reads one page (f.Limit rows) and the cursor after it.
func pageStatements(ctx context.Context, tx *sql.Tx, w *where, f whosaid.StatementFilter) ([]whosaid.Statement, string, error) {
	snippet := `''`
	if w.query {
		snippet = `snippet(statements_fts, 0, '` + SnippetOpen + `', '` + SnippetClose + `', '…', 40)`
	}
	args := append([]any{}, w.args...)
	var extra []string
	if w.cursor != nil {
		extra = append(extra, `(s.published, s.id) < (?, ?)`)
		args = append(args, w.cursor.Published, w.cursor.ID)
	}
	args = append(args, f.Limit+1)
	rows, err := tx.QueryContext(ctx, `SELECT `+statementColumns+`, `+snippet+` FROM `+w.sql(extra...)+`
		ORDER BY s.published DESC, s.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, "", internal("searching statements", err)
	}
	out, err := scanStatements(rows, true)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		next = archive.Cursor{Published: day(last.Published), ID: last.ID}.String()
	}
	return out, next, statementSightings(ctx, tx, out)
}

func scanStatements(rows *sql.Rows, withSnippet bool) ([]whosaid.Statement, error) {
	defer rows.Close()
	out := []whosaid.Statement{}
	for rows.Next() {
		var (
			st                  whosaid.Statement
			published, attr, sn string
			kind                string
		)
		dest := []any{&st.ID, &st.PersonID, &st.Speaker, &st.SpeakerRole, &st.Content, &kind, &st.Cue,
			&st.ArticleID, &st.Title, &st.Outlet, &st.URL, &published, &attr}
		if withSnippet {
			dest = append(dest, &sn)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, internal("reading statements", err)
		}
		st.Kind, st.Published, st.Snippet = whosaid.AttributionKind(kind), parseDay(published), sn
		if err := unmarshal(attr, &st.Attribution); err != nil {
			return nil, err
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
	at := map[int64]int{}
	args := make([]any, len(sts))
	for i := range sts {
		at[sts[i].ID] = i
		args[i] = sts[i].ID
		sts[i].Sightings = []whosaid.Sighting{}
	}
	rows, err := q.QueryContext(ctx, `SELECT ss.statement_id, si.article_id, si.url, si.outlet, si.title, si.published
		FROM statement_sightings ss JOIN sightings si ON si.article_id = ss.article_id
		WHERE ss.statement_id IN (`+placeholders(len(args))+`)
		ORDER BY si.published = '', si.published, si.id`, args...)
	if err != nil {
		return internal("reading statement sightings", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			sid       int64
			sg        whosaid.Sighting
			published string
		)
		if err := rows.Scan(&sid, &sg.ArticleID, &sg.URL, &sg.Outlet, &sg.Title, &published); err != nil {
			return internal("reading statement sightings", err)
		}
		sg.Published = parseDay(published)
		st := &sts[at[sid]]
		st.Sightings = append(st.Sightings, sg)
	}
	return internal("reading statement sightings", rows.Err())
}

// facetLimit is how many values each facet lists.
const facetLimit = 10

// facets counts the whole match (not just the page) by speaker, outlet and
// kind.
func facets(ctx context.Context, tx *sql.Tx, w *where) (int, whosaid.Facets, error) {
	fs := emptyFacets()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+w.sql(), w.args...).Scan(&total); err != nil {
		return 0, fs, internal("counting statements", err)
	}
	for _, c := range []struct {
		col string
		out *[]whosaid.FacetCount
	}{{"s.speaker", &fs.Speakers}, {"a.outlet", &fs.Outlets}, {"s.kind", &fs.Kinds}} {
		rows, err := tx.QueryContext(ctx, `SELECT `+c.col+`, count(*) FROM `+w.sql(c.col+` <> ''`)+`
			GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?`, append(append([]any{}, w.args...), facetLimit)...)
		if err != nil {
			return 0, fs, internal("counting facets", err)
		}
		for rows.Next() {
			var fc whosaid.FacetCount
			if err := rows.Scan(&fc.Value, &fc.Count); err != nil {
				rows.Close()
				return 0, fs, internal("counting facets", err)
			}
			*c.out = append(*c.out, fc)
		}
		rows.Close()
	}
	return total, fs, nil
}

func emptyFacets() whosaid.Facets {
	return whosaid.Facets{Speakers: []whosaid.FacetCount{}, Outlets: []whosaid.FacetCount{}, Kinds: []whosaid.FacetCount{}}
}
