package postgres

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
)

// attempts is how often a transaction that lost a deadlock is run again.
const attempts = 5

// PutArticle stores an article and everything derived from its extraction
// in one transaction, or only a sighting if it duplicates a stored article
// (same normalised text, or SimHash within archive.NearBits). Storing the
// same input twice adds nothing. Safe to call from many processes at once:
// the unique text hash and per-band advisory locks keep duplicates out.
func (s *Store) PutArticle(ctx context.Context, a whosaid.Article, x *whosaid.Extraction) (whosaid.PutResult, error) {
	d, err := archive.Prepare(a, x)
	if err != nil {
		return whosaid.PutResult{}, err
	}
	var res whosaid.PutResult
	for range attempts {
		if res, err = s.put(ctx, d); !retryable(err) {
			break
		}
	}
	return res, err
}

func (s *Store) put(ctx context.Context, d *archive.Doc) (whosaid.PutResult, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return whosaid.PutResult{}, internal("begin", err)
	}
	defer tx.Rollback(ctx)
	if err := lockBands(ctx, tx, d.SimHash); err != nil {
		return whosaid.PutResult{}, err
	}
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
	// With the article: a near-duplicate's own text hash is stored nowhere
	// else (claim.go).
	if _, err := tx.Exec(ctx, `UPDATE claims SET done = true WHERE key = $1 AND NOT done`, d.TextHash); err != nil {
		return whosaid.PutResult{}, internal("completing claim", err)
	}
	if err := commit(ctx, tx); err != nil {
		return whosaid.PutResult{}, err
	}
	return whosaid.PutResult{ArticleID: id, Duplicate: dup}, nil
}

// lockBands takes a transaction-scoped advisory lock per SimHash band, in
// order: two near-duplicates share a band, so the second waits for the
// first to commit and then finds it.
func lockBands(ctx context.Context, tx pgx.Tx, h uint64) error {
	var keys []int64
	for i, v := range archive.Bands(h) {
		keys = append(keys, int64(i)<<8|v)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, int32(0x77686f), int32(k)); err != nil {
			return internal("locking", err)
		}
	}
	return nil
}

func findDuplicate(ctx context.Context, tx pgx.Tx, d *archive.Doc) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE text_hash = $1`, d.TextHash).Scan(&id)
	if err == nil {
		return id, nil
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return 0, internal("finding duplicate", err)
	}
	var (
		conds []string
		a     args
	)
	for i, v := range archive.Bands(d.SimHash) {
		conds = append(conds, `(band = `+a.add(i)+` AND value = `+a.add(v)+`)`)
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT article_id, simhash FROM simhash_bands
		WHERE `+strings.Join(conds, " OR ")+` ORDER BY article_id`, a...)
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

func insertArticle(ctx context.Context, tx pgx.Tx, d *archive.Doc, now time.Time) (int64, error) {
	a := d.Article
	var extraction []byte
	if d.Extraction != nil {
		extraction = d.Extraction
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO articles (text_hash, simhash,
		ext_id, url, title, author, outlet, language, published, text, extraction, extractor, ingested)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		d.TextHash, int64(d.SimHash),
		a.ID, a.URL, a.Title, a.Author, a.Outlet, a.Language, archive.Day(a.Published), a.Text,
		extraction, d.Extractor, now.UTC()).Scan(&id)
	if err != nil {
		return 0, internal("inserting article", err)
	}
	// As the generated column before migration 0008 computed it.
	if _, err := tx.Exec(ctx, `INSERT INTO article_tsv (article_id, tsv) VALUES ($1, to_tsvector('english', $2 || ' ' || $3))`,
		id, a.Title, a.Text); err != nil {
		return 0, internal("indexing article", err)
	}
	for i, v := range archive.Bands(d.SimHash) {
		if _, err := tx.Exec(ctx, `INSERT INTO simhash_bands (band, value, article_id, simhash) VALUES ($1, $2, $3, $4)`,
			i, v, id, int64(d.SimHash)); err != nil {
			return 0, internal("inserting simhash bands", err)
		}
	}
	return id, nil
}

func insertSighting(ctx context.Context, tx pgx.Tx, id int64, a whosaid.Article) error {
	_, err := tx.Exec(ctx, `INSERT INTO sightings (article_id, url, outlet, title, published)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, id, a.URL, a.Outlet, a.Title, archive.Day(a.Published))
	return internal("inserting sighting", err)
}

// insertDerived stores what the extraction of article id says: the
// organisations it names, its persons, statements and interactions.
func insertDerived(ctx context.Context, tx pgx.Tx, id int64, d *archive.Doc) error {
	if len(d.Orgs) > 0 {
		// Sorted, so that two writers adding the same new names take
		// their locks in the same order.
		if _, err := tx.Exec(ctx, `INSERT INTO orgs (name_key) SELECT k FROM unnest($1::text[]) k ORDER BY k
			ON CONFLICT DO NOTHING`, d.Orgs); err != nil {
			return internal("inserting organisation", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO article_orgs (article_id, name_key) SELECT $1, k FROM unnest($2::text[]) k
			ON CONFLICT DO NOTHING`, id, d.Orgs); err != nil {
			return internal("inserting organisation", err)
		}
	}
	persons := map[string]int64{}
	for _, p := range d.People {
		pid, err := upsertPerson(ctx, tx, p, archive.Day(d.Article.Published))
		if err != nil {
			return err
		}
		persons[p.Key] = pid
	}
	delta := map[int64]*[2]int{}
	add := func(pid int64, st, in int) {
		if delta[pid] == nil {
			delta[pid] = new([2]int)
		}
		delta[pid][0] += st
		delta[pid][1] += in
	}
	for _, st := range d.Statements {
		isNew, err := upsertStatement(ctx, tx, id, d.Article, st, persons)
		if err != nil {
			return err
		}
		if pid, ok := persons[st.PersonKey]; ok && isNew && st.PersonKey != "" {
			add(pid, 1, 0)
		}
	}
	for _, in := range d.Interactions {
		pids, err := insertInteraction(ctx, tx, id, in, persons)
		if err != nil {
			return err
		}
		for _, pid := range pids {
			add(pid, 0, 1)
		}
	}
	// In key order, like the upserts, so concurrent writers never deadlock.
	ids := make([]int64, 0, len(delta))
	for pid := range delta {
		ids = append(ids, pid)
	}
	slices.Sort(ids)
	for _, pid := range ids {
		if _, err := tx.Exec(ctx, `UPDATE persons SET n_statements = n_statements + $1, n_interactions = n_interactions + $2
			WHERE id = $3`, delta[pid][0], delta[pid][1], pid); err != nil {
			return internal("counting", err)
		}
	}
	return nil
}

// upsertPerson merges p into the person with the same name key, adding its
// aliases and widening the first/last seen dates of its roles.
//
// Nothing here locks a person's row for the rest of the article's
// transaction: most articles name the same few people, and an upsert "DO
// UPDATE" (which locks the row even when it changes nothing) made the
// writers of several ingest processes wait for each other's commits on
// them. A person already stored is only read; a role's row is written only
// when the new date widens its range.
func upsertPerson(ctx context.Context, tx pgx.Tx, p archive.PersonRow, published string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO persons (name_key, name) VALUES ($1, $2)
		ON CONFLICT (name_key) DO NOTHING RETURNING id`, p.Key, p.Name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		// Persons are never deleted, so the conflicting row is there.
		err = tx.QueryRow(ctx, `SELECT id FROM persons WHERE name_key = $1`, p.Key).Scan(&id)
	}
	if err != nil {
		return 0, internal("upserting person", err)
	}
	for _, al := range p.Aliases {
		if _, err := tx.Exec(ctx, `INSERT INTO person_aliases (person_id, alias_key, alias) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, id, archive.NameKey(al), al); err != nil {
			return 0, internal("inserting alias", err)
		}
	}
	for _, r := range p.Roles {
		var covered bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = $1 AND role = $2
			AND ($3 = '' OR (first_seen <> '' AND first_seen <= $3 AND last_seen >= $3)))`, id, r, published).Scan(&covered); err != nil {
			return 0, internal("reading role", err)
		}
		if covered {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO person_roles AS r (person_id, role, first_seen, last_seen) VALUES ($1, $2, $3, $3)
			ON CONFLICT (person_id, role) DO UPDATE SET
				first_seen = CASE WHEN r.first_seen = '' OR (excluded.first_seen <> '' AND excluded.first_seen < r.first_seen)
					THEN excluded.first_seen ELSE r.first_seen END,
				last_seen = greatest(r.last_seen, excluded.last_seen)`, id, r, published); err != nil {
			return 0, internal("upserting role", err)
		}
	}
	return id, nil
}

// earlier is true when the incoming sighting is dated before the stored
// one (an undated stored sighting counts as later than any dated one).
const earlier = `(excluded.published <> '' AND (s.published = '' OR excluded.published < s.published))`

// upsertStatement adds a sighting of st in article id, creating the
// statement if its key is new and moving it to this article if this
// sighting is earlier than the one it shows.
func upsertStatement(ctx context.Context, tx pgx.Tx, id int64, a whosaid.Article, st archive.StatementRow, persons map[string]int64) (isNew bool, err error) {
	published := archive.Day(a.Published)
	var pid *int64
	if v, ok := persons[st.PersonKey]; ok && st.PersonKey != "" {
		pid = &v
	}
	var sid int64
	err = tx.QueryRow(ctx, `INSERT INTO statements AS s (key, person_id, speaker, speaker_key, speaker_role,
		content, kind, cue, article_id, published, attribution, outlet_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, lower($12))
		ON CONFLICT (key) DO UPDATE SET
			article_id = CASE WHEN `+earlier+` THEN excluded.article_id ELSE s.article_id END,
			outlet_key = CASE WHEN `+earlier+` THEN excluded.outlet_key ELSE s.outlet_key END,
			attribution = CASE WHEN `+earlier+` THEN excluded.attribution ELSE s.attribution END,
			cue = CASE WHEN `+earlier+` THEN excluded.cue ELSE s.cue END,
			published = CASE WHEN `+earlier+` THEN excluded.published ELSE s.published END,
			reports = s.reports + 1
		RETURNING id, xmax = 0`,
		st.Key, pid, st.Speaker, archive.NameKey(st.Speaker), st.Role, st.Content, string(st.Kind), st.Cue,
		id, published, st.Attribution, a.Outlet).Scan(&sid, &isNew)
	if err != nil {
		return false, internal("upserting statement", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO statement_sightings (statement_id, article_id, published, attribution)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, sid, id, published, st.Attribution)
	return isNew, internal("inserting statement sighting", err)
}

// insertInteraction stores an interaction and returns the persons taking
// part in it.
func insertInteraction(ctx context.Context, tx pgx.Tx, id int64, in archive.InteractionRow, persons map[string]int64) ([]int64, error) {
	var iid int64
	err := tx.QueryRow(ctx, `INSERT INTO interactions (article_id, kind, happened, place, cue) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		id, string(in.Kind), archive.Day(in.When), in.Where, in.Cue).Scan(&iid)
	if err != nil {
		return nil, internal("inserting interaction", err)
	}
	var pids []int64
	for i, p := range in.Participants {
		var pid *int64
		if v, ok := persons[p.PersonKey]; ok && p.PersonKey != "" {
			pid = &v
			pids = append(pids, v)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO interaction_participants (interaction_id, position, person_id, name)
			VALUES ($1, $2, $3, $4)`, iid, i, pid, p.Name); err != nil {
			return nil, internal("inserting participant", err)
		}
	}
	return pids, nil
}

// recount recomputes the counts of the given persons from scratch; used
// after ReplaceExtraction removed what an old extraction added.
func recount(ctx context.Context, tx pgx.Tx, persons []int64) error {
	if len(persons) == 0 {
		return nil
	}
	slices.Sort(persons)
	_, err := tx.Exec(ctx, `UPDATE persons p SET
		n_statements = (SELECT count(*) FROM statements WHERE person_id = p.id),
		n_interactions = (SELECT count(DISTINCT interaction_id) FROM interaction_participants WHERE person_id = p.id)
		WHERE p.id = ANY($1)`, persons)
	return internal("counting", err)
}
