package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
)

// People lists persons whose name or an alias contains query (all persons
// for ""), those with most statements first.
func (s *Store) People(ctx context.Context, query string, limit int) ([]whosaid.Person, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	k := "%" + archive.NameKey(query) + "%"
	rows, err := tx.Query(ctx, `SELECT id, name, n_statements, n_interactions FROM persons p
		WHERE $1 = '%%' OR name_key LIKE $1 OR EXISTS (SELECT 1 FROM person_aliases al WHERE al.person_id = p.id AND al.alias_key LIKE $1)
		ORDER BY n_statements DESC, n_interactions DESC, name LIMIT $2`, k, archive.PeopleLimit(limit))
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
	rows, err := q.Query(ctx, `SELECT alias FROM person_aliases WHERE person_id = $1 ORDER BY alias`, p.ID)
	if err != nil {
		return internal("reading aliases", err)
	}
	p.Aliases, err = archive.ScanAll(rows, archive.ScanString)
	rows.Close()
	if err != nil {
		return internal("reading aliases", err)
	}
	rows, err = q.Query(ctx, `SELECT role, first_seen, last_seen FROM person_roles WHERE person_id = $1
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
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	pd := &whosaid.PersonDetail{}
	err = tx.QueryRow(ctx, `SELECT id, name, n_statements, n_interactions FROM persons WHERE id = $1`, id).
		Scan(&pd.ID, &pd.Name, &pd.Statements, &pd.Person.Interactions)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, whosaid.Errorf(whosaid.ENOTFOUND, "no person %d", id)
	} else if err != nil {
		return nil, internal("reading person", err)
	}
	if err := personDetails(ctx, tx, &pd.Person); err != nil {
		return nil, err
	}
	w, _ := statementWhere(whosaid.StatementFilter{}, id, false)
	if pd.Latest, _, err = pageStatements(ctx, tx, w, latestLimit); err != nil {
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
	rows, err := q.Query(ctx, `SELECT published, count(*) FROM statements
		WHERE person_id = $1 AND published <> '' GROUP BY published`, id)
	if err != nil {
		return nil, internal("counting weeks", err)
	}
	defer rows.Close()
	out, err := archive.WeeklyCounts(rows)
	return out, internal("counting weeks", err)
}
