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
	// The walk reads one candidate more than it counts: that one passes
	// the filter as a marker (rn = scan + 1) that the walk went on past
	// scan candidates, so a search with few matches learns whether it saw
	// them all without walking again (a second walk of "said" for
	// `said --about Russia` cost 15 ms of its 53 at 100,000 articles).
	walk := `SELECT w.*, row_number() OVER () AS rn FROM (` + w.facetWalk() + ` ORDER BY ` + order + ` LIMIT ` + a.add(scan+1) + `) w`
	filter := ""
	if len(w.filter) > 0 {
		filter = ` WHERE s.rn <= ` + a.add(scan) + ` AND ` + strings.Join(w.filter, " AND ") + ` OR s.rn = ` + a.add(scan+1)
	}
	// The matches are cut to the window (and the marker) before their
	// articles are read.
	rows, err := tx.Query(ctx, `SELECT s.id, s.speaker, a.outlet, s.kind, s.rn FROM (
			SELECT * FROM (`+walk+`) s`+filter+` ORDER BY s.published DESC, s.id DESC LIMIT `+a.add(archive.FacetWindow+2)+`
		) s CROSS JOIN LATERAL (SELECT outlet FROM articles WHERE id = s.article_id LIMIT 1) a
		ORDER BY s.published DESC, s.id DESC`, a...)
	if err != nil {
		return nil, internal("counting statements", err)
	}
	fc := &facetCount{}
	walkedOn := false
	var (
		id, rn int64
		v      [3]string
	)
	if _, err := pgx.ForEachRow(rows, []any{&id, &v[0], &v[1], &v[2], &rn}, func() error {
		if rn > int64(scan) {
			walkedOn = true
			return nil
		}
		fc.Add(v[0], v[1], v[2])
		if len(fc.first) < keep {
			fc.first = append(fc.first, id)
		}
		return nil
	}); err != nil {
		return nil, internal("counting statements", err)
	}
	// Fewer matches than the window are all of them unless the walk
	// stopped at scan candidates with more to come.
	fc.capped = fc.Capped() || walkedOn && len(w.filter) > 0
	return fc, nil
}
