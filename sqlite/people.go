package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"whosaid"
	"whosaid/archive"
)

// People lists persons whose name or an alias contains query (all persons
// for ""), those with most statements first.
func (s *Store) People(ctx context.Context, query string, limit int) ([]whosaid.Person, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("begin", err)
	}
	defer tx.Rollback()
	k := "%" + archive.NameKey(query) + "%"
	rows, err := tx.QueryContext(ctx, `SELECT id, name, n_statements, n_interactions FROM persons p
		WHERE ? = '%%' OR name_key LIKE ? OR EXISTS (SELECT 1 FROM person_aliases al WHERE al.person_id = p.id AND al.alias_key LIKE ?)
		ORDER BY n_statements DESC, n_interactions DESC, name LIMIT ?`, k, k, k, archive.PeopleLimit(limit))
	if err != nil {
		return nil, internal("listing people", err)
	}
	out, err := archive.ScanAll(rows, archive.ScanPerson)
	rows.Close()
	if err != nil {
		return nil, internal("listing people", err)
	}
	for i := range out {
		if err := personDetails(ctx, tx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// personDetails fills in a person's aliases and roles (earliest first).
func personDetails(ctx context.Context, q queryer, p *whosaid.Person) error {
	p.Aliases, p.Roles = []string{}, []whosaid.RoleSeen{}
	rows, err := q.QueryContext(ctx, `SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY alias`, p.ID)
	if err != nil {
		return internal("reading aliases", err)
	}
	p.Aliases, err = archive.ScanAll(rows, archive.ScanString)
	rows.Close()
	if err != nil {
		return internal("reading aliases", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT role, first_seen, last_seen FROM person_roles WHERE person_id = ?
		ORDER BY first_seen = '', first_seen, role`, p.ID)
	if err != nil {
		return internal("reading roles", err)
	}
	defer rows.Close()
	p.Roles, err = archive.ScanAll(rows, archive.ScanRole)
	return internal("reading roles", err)
}

// latestLimit is how many statements and interactions Person shows.
const latestLimit = 20

// Person returns a person with their latest statements, interactions and
// weekly statement counts; ENOTFOUND if there is no such person.
func (s *Store) Person(ctx context.Context, id int64) (*whosaid.PersonDetail, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("begin", err)
	}
	defer tx.Rollback()
	pd := &whosaid.PersonDetail{}
	err = tx.QueryRowContext(ctx, `SELECT id, name, n_statements, n_interactions FROM persons WHERE id = ?`, id).
		Scan(&pd.ID, &pd.Name, &pd.Statements, &pd.Person.Interactions)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, whosaid.Errorf(whosaid.ENOTFOUND, "no person %d", id)
	} else if err != nil {
		return nil, internal("reading person", err)
	}
	if err := personDetails(ctx, tx, &pd.Person); err != nil {
		return nil, err
	}
	p, err := newPlan(ctx, tx, whosaid.StatementFilter{}, id)
	if err != nil {
		return nil, err
	}
	if pd.Latest, _, err = pageStatements(ctx, tx, p, latestLimit); err != nil {
		return nil, err
	}
	if pd.Interactions, err = interactions(ctx, tx, whosaid.InteractionFilter{PersonID: id, Limit: latestLimit}); err != nil {
		return nil, err
	}
	if pd.Weekly, err = weekly(ctx, tx, id); err != nil {
		return nil, err
	}
	return pd, nil
}

// weekly counts a person's dated statements per week starting Monday.
func weekly(ctx context.Context, q queryer, id int64) ([]whosaid.WeekCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT published, count(*) FROM statements
		WHERE person_id = ? AND published <> '' GROUP BY published`, id)
	if err != nil {
		return nil, internal("counting weeks", err)
	}
	defer rows.Close()
	out, err := archive.WeeklyCounts(rows)
	return out, internal("counting weeks", err)
}

func unmarshal(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return whosaid.Errorf(whosaid.EINTERNAL, "sqlite: stored JSON: %v", err)
	}
	return nil
}
