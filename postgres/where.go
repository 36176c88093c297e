package postgres

import (
	"slices"
	"strings"

	"whosaid"
	"whosaid/archive"
)

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
