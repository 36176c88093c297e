package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"whosaid"
	"whosaid/archive"
)

// Interactions lists interactions matching f, most recent first (by the
// day they happened, or the article's day when the text gives none).
func (s *Store) Interactions(ctx context.Context, f whosaid.InteractionFilter) ([]whosaid.InteractionSeen, error) {
	if f.Limit < 0 {
		return nil, whosaid.Errorf(whosaid.EINVALID, "limit %d: must not be negative", f.Limit)
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("begin", err)
	}
	defer tx.Rollback()
	return interactions(ctx, tx, f)
}

// interactionDay is the day an interaction is sorted and filtered by.
const interactionDay = `coalesce(nullif(i.happened, ''), a.published)`

func interactions(ctx context.Context, q queryer, f whosaid.InteractionFilter) ([]whosaid.InteractionSeen, error) {
	var (
		conds []string
		args  []any
	)
	if f.PersonID > 0 {
		conds = append(conds, `i.id IN (SELECT interaction_id FROM interaction_participants WHERE person_id = ?)`)
		args = append(args, f.PersonID)
	}
	if !f.Since.IsZero() {
		conds = append(conds, interactionDay+` >= ?`)
		args = append(args, archive.Day(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, interactionDay+` <> '' AND `+interactionDay+` <= ?`)
		args = append(args, archive.Day(f.Until))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit == 0 {
		limit = archive.DefaultLimit * 5
	}
	args = append(args, min(limit, archive.MaxLimit))
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.kind, i.happened, i.place, i.article_id, a.title, a.published
		FROM interactions i JOIN articles a ON a.id = i.article_id`+where+`
		ORDER BY `+interactionDay+` DESC, i.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, internal("listing interactions", err)
	}
	out, err := archive.ScanAll(rows, archive.ScanInteraction)
	rows.Close()
	if err != nil {
		return nil, internal("listing interactions", err)
	}
	return out, participants(ctx, q, out)
}

// participants fills in who took part in each interaction, in the order
// the text gives them; PersonRef.ID is 0 for organisations.
func participants(ctx context.Context, q queryer, ins []whosaid.InteractionSeen) error {
	if len(ins) == 0 {
		return nil
	}
	args := make([]any, len(ins))
	for i, in := range ins {
		args[i] = in.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT interaction_id, coalesce(person_id, 0), name FROM interaction_participants
		WHERE interaction_id IN (`+placeholders(len(args))+`) ORDER BY interaction_id, position`, args...)
	if err != nil {
		return internal("reading participants", err)
	}
	defer rows.Close()
	return internal("reading participants", archive.AddParticipants(rows, ins))
}
