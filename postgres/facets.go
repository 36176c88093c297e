package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"whosaid/archive"
)

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
