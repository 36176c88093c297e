package postgres

import (
	"context"
	"encoding/json"
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
