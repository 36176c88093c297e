package postgres

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"whosaid/archive"
)

// insertDerived stores what the extraction of article id says: the
// organisations it names, its persons, statements and interactions.
func insertDerived(ctx context.Context, tx pgx.Tx, id int64, d *archive.Doc) error {
	b := &pgx.Batch{}
	counts := queueDerived(b, id, d)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return internal("storing extraction", err)
	}
	return counts.update(ctx, tx)
}

// personCounts is what an article adds to its persons' counts of
// statements and interactions, known once its batch has run.
type personCounts struct {
	ids   map[string]int64 // person key → id
	delta map[string]*[2]int
}

func (c *personCounts) add(key string, statements, interactions int) {
	if c.delta[key] == nil {
		c.delta[key] = new([2]int)
	}
	c.delta[key][0] += statements
	c.delta[key][1] += interactions
}

// update adds the counts, one person at a time in id order like the
// inserts, so that concurrent writers never deadlock.
func (c *personCounts) update(ctx context.Context, tx pgx.Tx) error {
	if c == nil || len(c.delta) == 0 {
		return nil
	}
	type row struct {
		id int64
		d  [2]int
	}
	var rows []row
	for k, d := range c.delta {
		if id, ok := c.ids[k]; ok {
			rows = append(rows, row{id, *d})
		}
	}
	slices.SortFunc(rows, func(a, b row) int { return int(a.id - b.id) })
	b := &pgx.Batch{}
	for _, r := range rows {
		queueExec(b, "counting", `UPDATE persons SET n_statements = n_statements + $1, n_interactions = n_interactions + $2
			WHERE id = $3`, r.d[0], r.d[1], r.id)
	}
	return internal("counting", tx.SendBatch(ctx, b).Close())
}

// queueDerived queues on b the rows of d's extraction for article id. Rows
// that need a person's id look it up by key in the same statement, so the
// whole extraction is one round trip; the counts it adds are filled in
// when b has run.
//
// Nothing here locks a person's row for the rest of the article's
// transaction: most articles name the same few people, and an upsert "DO
// UPDATE" (which locks the row even when it changes nothing) made the
// writers of several ingest processes wait for each other's commits on
// them. A person already stored is only read; a role's row is written only
// when the new date widens its range.
func queueDerived(b *pgx.Batch, id int64, d *archive.Doc) *personCounts {
	c := &personCounts{ids: map[string]int64{}, delta: map[string]*[2]int{}}
	if len(d.Orgs) > 0 {
		// Sorted, so that two writers adding the same new names take
		// their locks in the same order.
		queueExec(b, "inserting organisation", `INSERT INTO orgs (name_key) SELECT k FROM unnest($1::text[]) k ORDER BY k
			ON CONFLICT DO NOTHING`, d.Orgs)
		queueExec(b, "inserting organisation", `INSERT INTO article_orgs (article_id, name_key) SELECT $1, k FROM unnest($2::text[]) k
			ON CONFLICT DO NOTHING`, id, d.Orgs)
	}
	published := archive.Day(d.Article.Published)
	// person is key if it is one of the article's persons (queuePersons
	// puts their keys in c.ids), else nil.
	person := func(key string) *string {
		if _, ok := c.ids[key]; ok && key != "" {
			return &key
		}
		return nil
	}
	if len(d.People) > 0 {
		queuePersons(b, d.People, published, c.ids)
	}
	if len(d.Statements) > 0 {
		queueStatements(b, id, d, person, c)
	}
	for _, in := range d.Interactions {
		var (
			pos   []int32
			keys  []*string
			names []string
		)
		for i, p := range in.Participants {
			k := person(p.PersonKey)
			if k != nil {
				c.add(*k, 0, 1)
			}
			pos, keys, names = append(pos, int32(i)), append(keys, k), append(names, p.Name)
		}
		queueExec(b, "inserting interaction", `WITH i AS (INSERT INTO interactions (article_id, kind, happened, place, cue)
				VALUES ($1, $2, $3, $4, $5) RETURNING id)
			INSERT INTO interaction_participants (interaction_id, position, person_id, name)
				SELECT i.id, x.pos, (SELECT id FROM persons WHERE name_key = x.k), x.name
				FROM i, unnest($6::int[], $7::text[], $8::text[]) AS x(pos, k, name)`,
			id, string(in.Kind), archive.Day(in.When), in.Where, in.Cue, pos, keys, names)
	}
	return c
}

// queuePersons queues the upsert of the article's persons (in key order),
// the reading of their ids into ids, and their aliases and roles.
func queuePersons(b *pgx.Batch, people []archive.PersonRow, published string, ids map[string]int64) {
	var keys, names, aliasOf, aliasKeys, aliases []string
	for _, p := range people {
		keys, names = append(keys, p.Key), append(names, p.Name)
		ids[p.Key] = 0 // a key of this article: filled in when read
		for _, al := range p.Aliases {
			aliasOf, aliasKeys, aliases = append(aliasOf, p.Key), append(aliasKeys, archive.NameKey(al)), append(aliases, al)
		}
	}
	queueExec(b, "upserting person", `INSERT INTO persons (name_key, name)
		SELECT k, n FROM unnest($1::text[], $2::text[]) AS x(k, n) ORDER BY k
		ON CONFLICT (name_key) DO NOTHING`, keys, names)
	// A statement of its own, so that it sees persons another writer
	// committed while the insert waited on them (persons are never deleted).
	b.Queue(`SELECT name_key, id FROM persons WHERE name_key = ANY($1)`, keys).Fn = func(br pgx.BatchResults) error {
		var (
			k  string
			id int64
		)
		rows, _ := br.Query() // ForEachRow returns the query's error
		_, err := pgx.ForEachRow(rows, []any{&k, &id}, func() error {
			ids[k] = id
			return nil
		})
		return internal("reading person", err)
	}
	if len(aliases) > 0 {
		queueExec(b, "inserting alias", `INSERT INTO person_aliases (person_id, alias_key, alias)
			SELECT p.id, x.k, x.a FROM unnest($1::text[], $2::text[], $3::text[]) AS x(pk, k, a)
				JOIN persons p ON p.name_key = x.pk ORDER BY p.id, x.k
			ON CONFLICT DO NOTHING`, aliasOf, aliasKeys, aliases)
	}
	for _, p := range people {
		for _, r := range p.Roles {
			queueExec(b, "upserting role", upsertRole, p.Key, r, published)
		}
	}
}

// upsertRole widens the first/last seen dates of a person's role ($1 the
// person's key, $2 the role, $3 the day seen) and writes nothing when they
// already cover the day.
const upsertRole = `INSERT INTO person_roles AS r (person_id, role, first_seen, last_seen)
	SELECT p.id, $2, $3, $3 FROM persons p WHERE p.name_key = $1
		AND NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = p.id AND role = $2
			AND ($3 = '' OR (first_seen <> '' AND first_seen <= $3 AND last_seen >= $3)))
	ON CONFLICT (person_id, role) DO UPDATE SET
		first_seen = CASE WHEN r.first_seen = '' OR (excluded.first_seen <> '' AND excluded.first_seen < r.first_seen)
			THEN excluded.first_seen ELSE r.first_seen END,
		last_seen = greatest(r.last_seen, excluded.last_seen)`

// queueStatements queues the upsert of the article's statements, all in
// one statement (one per row spent a fifth of the server's time starting
// executors), in key order so that concurrent writers lock them in the
// same order; person maps a person key to its key if it is one of the
// article's persons, else nil.
func queueStatements(b *pgx.Batch, id int64, d *archive.Doc, person func(string) *string, c *personCounts) {
	n := len(d.Statements)
	var (
		keys                                         = make([]string, n)
		pkeys                                        = make([]*string, n)
		speakers, speakerKeys, roles, contents, cues = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		kinds, attrs                                 = make([]string, n), make([]string, n)
	)
	byKey := map[string]*string{}
	for i, st := range d.Statements {
		keys[i], pkeys[i] = st.Key, person(st.PersonKey)
		speakers[i], speakerKeys[i], roles[i] = st.Speaker, archive.NameKey(st.Speaker), st.Role
		contents[i], kinds[i], cues[i], attrs[i] = st.Content, string(st.Kind), st.Cue, string(st.Attribution)
		byKey[st.Key] = pkeys[i]
	}
	b.Queue(upsertStatements, keys, pkeys, speakers, speakerKeys, roles, contents, kinds, cues, attrs,
		id, archive.Day(d.Article.Published), d.Article.Outlet).Fn = func(br pgx.BatchResults) error {
		var (
			key   string
			fresh bool
		)
		rows, _ := br.Query() // ForEachRow returns the query's error
		_, err := pgx.ForEachRow(rows, []any{&key, &fresh}, func() error {
			if pk := byKey[key]; fresh && pk != nil {
				c.add(*pk, 1, 0)
			}
			return nil
		})
		return internal("upserting statement", err)
	}
}

// earlier is true when the incoming sighting is dated before the stored
// one (an undated stored sighting counts as later than any dated one).
const earlier = `(excluded.published <> '' AND (s.published = '' OR excluded.published < s.published))`

// upsertStatements adds a sighting of each statement ($1–$9, one array
// per column; $2 is the speaker's person key, NULL for none) in article
// $10, published $11 by outlet $12: it creates the statements whose key is
// new, moves a statement to this article if this sighting is earlier than
// the one it shows, and returns each key and whether it is new.
const upsertStatements = `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
		$6::text[], $7::text[], $8::text[], $9::text[]) AS u(key, pkey, speaker, speaker_key, role, content, kind, cue, attribution)),
	s AS (INSERT INTO statements AS s (key, person_id, speaker, speaker_key, speaker_role,
		content, kind, cue, article_id, published, attribution, outlet_key)
		SELECT u.key, (SELECT id FROM persons WHERE name_key = u.pkey), u.speaker, u.speaker_key, u.role,
			u.content, u.kind, u.cue, $10, $11, u.attribution::jsonb, lower($12)
		FROM u ORDER BY u.key
		ON CONFLICT (key) DO UPDATE SET
			article_id = CASE WHEN ` + earlier + ` THEN excluded.article_id ELSE s.article_id END,
			outlet_key = CASE WHEN ` + earlier + ` THEN excluded.outlet_key ELSE s.outlet_key END,
			attribution = CASE WHEN ` + earlier + ` THEN excluded.attribution ELSE s.attribution END,
			cue = CASE WHEN ` + earlier + ` THEN excluded.cue ELSE s.cue END,
			published = CASE WHEN ` + earlier + ` THEN excluded.published ELSE s.published END,
			reports = s.reports + 1
		RETURNING id, key, xmax = 0 AS fresh),
	x AS (INSERT INTO statement_sightings (statement_id, article_id, published, attribution)
		SELECT s.id, $10, $11, u.attribution::jsonb FROM s JOIN u ON u.key = s.key ON CONFLICT DO NOTHING)
	SELECT key, fresh FROM s`
