package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"whosaid"
	"whosaid/archive"
)

// PutArticle stores an article and everything derived from its extraction
// in one transaction, so a crash leaves either all of it or none. An
// article whose normalised text is already stored, or whose SimHash is
// within archive.NearBits of a stored one, only adds a sighting (none if
// the same sighting is already there): storing the same input twice adds
// nothing.
func (s *Store) PutArticle(ctx context.Context, a whosaid.Article, x *whosaid.Extraction) (whosaid.PutResult, error) {
	d, err := archive.Prepare(a, x)
	if err != nil {
		return whosaid.PutResult{}, err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return whosaid.PutResult{}, internal("begin", err)
	}
	defer tx.Rollback()
	id, err := findDuplicate(ctx, tx, d)
	if err != nil {
		return whosaid.PutResult{}, err
	}
	dup := id != 0
	if !dup {
		if id, err = insertArticle(ctx, tx, d, s.now()); err != nil {
			return whosaid.PutResult{}, err
		}
		if err := insertDerived(ctx, tx, id, d); err != nil {
			return whosaid.PutResult{}, err
		}
	}
	if err := insertSighting(ctx, tx, id, d.Article); err != nil {
		return whosaid.PutResult{}, err
	}
	if err := commit(tx); err != nil {
		return whosaid.PutResult{}, err
	}
	return whosaid.PutResult{ArticleID: id, Duplicate: dup}, nil
}

// findDuplicate returns the id of the stored article d duplicates, or 0:
// first by exact normalised-text hash, then by SimHash through the bands.
func findDuplicate(ctx context.Context, tx *sql.Tx, d *archive.Doc) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE text_hash = ?`, d.TextHash).Scan(&id)
	if err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, internal("finding duplicate", err)
	}
	conds, args := bandConds(d.SimHash)
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT article_id, simhash FROM simhash_bands
		WHERE `+conds+` ORDER BY article_id`, args...)
	if err != nil {
		return 0, internal("finding near duplicate", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		if err := rows.Scan(&id, &h); err != nil {
			return 0, internal("finding near duplicate", err)
		}
		if archive.NearDuplicate(uint64(h), d.SimHash) {
			return id, nil
		}
	}
	return 0, internal("finding near duplicate", rows.Err())
}

// bandConds matches the rows of simhash_bands sharing a band with h.
func bandConds(h uint64) (string, []any) {
	var conds []string
	var args []any
	for i, v := range archive.Bands(h) {
		conds = append(conds, `(band = ? AND value = ?)`)
		args = append(args, i, v)
	}
	return strings.Join(conds, " OR "), args
}

func insertArticle(ctx context.Context, tx *sql.Tx, d *archive.Doc, now time.Time) (int64, error) {
	a := d.Article
	var extraction any
	if d.Extraction != nil {
		extraction = string(d.Extraction)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles (text_hash, simhash,
		ext_id, url, title, author, outlet, language, published, text, extraction, extractor, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.TextHash, int64(d.SimHash),
		a.ID, a.URL, a.Title, a.Author, a.Outlet, a.Language, day(a.Published), a.Text,
		extraction, d.Extractor, now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, internal("inserting article", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, internal("inserting article", err)
	}
	for i, v := range archive.Bands(d.SimHash) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO simhash_bands (band, value, article_id, simhash) VALUES (?, ?, ?, ?)`,
			i, v, id, int64(d.SimHash)); err != nil {
			return 0, internal("inserting simhash bands", err)
		}
	}
	return id, nil
}

func insertSighting(ctx context.Context, tx *sql.Tx, id int64, a whosaid.Article) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sightings (article_id, url, outlet, title, published)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, id, a.URL, a.Outlet, a.Title, day(a.Published))
	if err != nil {
		return internal("inserting sighting", err)
	}
	return nil
}

// insertDerived stores what the extraction of article id says: the
// organisations it names, its persons, statements and interactions.
func insertDerived(ctx context.Context, tx *sql.Tx, id int64, d *archive.Doc) error {
	for _, o := range d.Orgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_orgs (article_id, name_key) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, o); err != nil {
			return internal("inserting organisation", err)
		}
	}
	persons := map[string]int64{}
	for _, p := range d.People {
		pid, err := upsertPerson(ctx, tx, p, day(d.Article.Published))
		if err != nil {
			return err
		}
		persons[p.Key] = pid
	}
	for _, st := range d.Statements {
		if err := upsertStatement(ctx, tx, id, day(d.Article.Published), st, persons); err != nil {
			return err
		}
	}
	for _, in := range d.Interactions {
		if err := insertInteraction(ctx, tx, id, in, persons); err != nil {
			return err
		}
	}
	ids := make([]int64, 0, len(persons))
	for _, pid := range persons {
		ids = append(ids, pid)
	}
	return recount(ctx, tx, ids)
}

// upsertPerson merges p into the person with the same name key, adding its
// aliases and widening the first/last seen dates of its roles.
func upsertPerson(ctx context.Context, tx *sql.Tx, p archive.PersonRow, published string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO persons (name_key, name) VALUES (?, ?)
		ON CONFLICT (name_key) DO UPDATE SET name_key = excluded.name_key RETURNING id`, p.Key, p.Name).Scan(&id)
	if err != nil {
		return 0, internal("upserting person", err)
	}
	for _, al := range p.Aliases {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_aliases (person_id, alias_key, alias) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, id, archive.NameKey(al), al); err != nil {
			return 0, internal("inserting alias", err)
		}
	}
	for _, r := range p.Roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_roles (person_id, role, first_seen, last_seen) VALUES (?, ?, ?, ?)
			ON CONFLICT (person_id, role) DO UPDATE SET
				first_seen = CASE WHEN first_seen = '' OR (excluded.first_seen <> '' AND excluded.first_seen < first_seen)
					THEN excluded.first_seen ELSE first_seen END,
				last_seen = max(last_seen, excluded.last_seen)`, id, r, published, published); err != nil {
			return 0, internal("upserting role", err)
		}
	}
	return id, nil
}

// upsertStatement adds a sighting of st in article id, creating the
// statement if its key is new and moving it to this article if this
// sighting is earlier than the one it shows.
func upsertStatement(ctx context.Context, tx *sql.Tx, id int64, published string, st archive.StatementRow, persons map[string]int64) error {
	var pid any
	if v, ok := persons[st.PersonKey]; ok && st.PersonKey != "" {
		pid = v
	}
	var sid int64
	err := tx.QueryRowContext(ctx, `INSERT INTO statements (key, person_id, speaker, speaker_key, speaker_role,
		content, kind, cue, article_id, published, attribution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET
			article_id = CASE WHEN `+earlier+` THEN excluded.article_id ELSE article_id END,
			attribution = CASE WHEN `+earlier+` THEN excluded.attribution ELSE attribution END,
			cue = CASE WHEN `+earlier+` THEN excluded.cue ELSE cue END,
			published = CASE WHEN `+earlier+` THEN excluded.published ELSE published END
		RETURNING id`,
		st.Key, pid, st.Speaker, archive.NameKey(st.Speaker), st.Role, st.Content, string(st.Kind), st.Cue,
		id, published, string(st.Attribution)).Scan(&sid)
	if err != nil {
		return internal("upserting statement", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO statement_sightings (statement_id, article_id, published, attribution)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, sid, id, published, string(st.Attribution))
	return internal("inserting statement sighting", err)
}

// earlier is true when the incoming sighting is dated before the stored
// one (an undated stored sighting counts as later than any dated one).
const earlier = `(excluded.published <> '' AND (published = '' OR excluded.published < published))`

func insertInteraction(ctx context.Context, tx *sql.Tx, id int64, in archive.InteractionRow, persons map[string]int64) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO interactions (article_id, kind, happened, place, cue) VALUES (?, ?, ?, ?, ?)`,
		id, string(in.Kind), day(in.When), in.Where, in.Cue)
	if err != nil {
		return internal("inserting interaction", err)
	}
	iid, err := res.LastInsertId()
	if err != nil {
		return internal("inserting interaction", err)
	}
	for i, p := range in.Participants {
		var pid any
		if v, ok := persons[p.PersonKey]; ok && p.PersonKey != "" {
			pid = v
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO interaction_participants (interaction_id, position, person_id, name)
			VALUES (?, ?, ?, ?)`, iid, i, pid, p.Name); err != nil {
			return internal("inserting participant", err)
		}
	}
	return nil
}

// recount refreshes the statement and interaction counts of the persons an
// article touched; People sorts by them without counting every time.
func recount(ctx context.Context, tx *sql.Tx, persons []int64) error {
	for _, id := range persons {
		if _, err := tx.ExecContext(ctx, `UPDATE persons SET
			n_statements = (SELECT count(*) FROM statements WHERE person_id = persons.id),
			n_interactions = (SELECT count(DISTINCT interaction_id) FROM interaction_participants WHERE person_id = persons.id)
			WHERE id = ?`, id); err != nil {
			return internal("counting", err)
		}
	}
	return nil
}
