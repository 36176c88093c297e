package sqlite

// The writer's statements, prepared once when the store opens (see
// stmtCache). Preparing them lazily inside a transaction would wait for
// the writer's only connection, which the transaction holds.
const (
	qArticleByHash = `SELECT id FROM articles WHERE text_hash = ?`
	// One probe of the primary key per archive.BlockProbes value (4
	// blocks × 17), in no order: findDuplicate keeps the smallest
	// matching id.
	qNearCandidates = `SELECT article_id, simhash FROM simhash_blocks WHERE block = 0 AND value IN (` + probes + `)
		UNION ALL SELECT article_id, simhash FROM simhash_blocks WHERE block = 1 AND value IN (` + probes + `)
		UNION ALL SELECT article_id, simhash FROM simhash_blocks WHERE block = 2 AND value IN (` + probes + `)
		UNION ALL SELECT article_id, simhash FROM simhash_blocks WHERE block = 3 AND value IN (` + probes + `)`
	qInsertArticle = `INSERT INTO articles (text_hash, simhash,
		ext_id, url, title, author, outlet, language, published, text, extraction, extractor, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qUnindexStatement = `DELETE FROM statements_fts WHERE rowid = (SELECT fts_key FROM statements WHERE id = ? AND fts_key <> 0)`
	qMoveStatement    = `UPDATE statements SET article_id = ?, published = ?, attribution = ?, cue = ? WHERE id = ?`
	// statement_sightings has a statement's other reports, not the one
	// it shows (derived.go).
	qKeepShownSighting = `INSERT INTO statement_sightings (statement_id, article_id, published, attribution)
		SELECT id, article_id, published, attribution FROM statements WHERE id = ? ON CONFLICT DO NOTHING`
	qRecount = `UPDATE persons SET
			n_statements = (SELECT count(*) FROM statements WHERE person_id = persons.id),
			n_interactions = (SELECT count(DISTINCT interaction_id) FROM interaction_participants WHERE person_id = persons.id)
			WHERE id = ?`
	qUpdateExtraction = `UPDATE articles SET extraction = ?, extractor = ? WHERE id = ?`
	// The full-text rows of what a transaction added (pending in put.go).
	qIndexNewStatements = `INSERT INTO statements_fts (rowid, content) SELECT fts_key, content FROM statements
		WHERE id >= ? ORDER BY fts_key`
	qIndexNewArticles = `INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id >= ?`
)

// probes are the placeholders of one block's values in qNearCandidates.
const probes = `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`

// The writer's inserts of many rows at once (rows.go).
var (
	bInsertBlock  = newBatched(`INSERT INTO simhash_blocks (block, value, article_id, simhash)`, `(?, ?, ?, ?)`, ``)
	bInsertOrg    = newBatched(`INSERT INTO article_orgs (article_id, name_key)`, `(?, ?)`, `ON CONFLICT DO NOTHING`)
	bInsertPerson = newBatched(`INSERT INTO persons (id, name_key, name)`, `(?, ?, ?)`, ``)
	bInsertAlias  = newBatched(`INSERT INTO person_aliases (person_id, alias_key, alias)`, `(?, ?, ?)`, `ON CONFLICT DO NOTHING`)
	bUpsertRole   = newBatched(`INSERT INTO person_roles (person_id, role, first_seen, last_seen)`, `(?, ?, ?, ?)`,
		`ON CONFLICT (person_id, role) DO UPDATE SET
			first_seen = CASE WHEN first_seen = '' OR (excluded.first_seen <> '' AND excluded.first_seen < first_seen)
				THEN excluded.first_seen ELSE first_seen END,
			last_seen = max(last_seen, excluded.last_seen)`)
	// A statement's id is not given but predicted (idCounter in stmt.go,
	// checked after the rows are in): with ids given, or with a
	// constraint that aborts, a statement of many rows may stop half-way
	// and SQLite journals every page it touches to undo that (a quarter
	// of the statements' cost). OR FAIL stops without undoing; a batch
	// that fails is rolled back whole anyway.
	bInsertStatement = newBatched(`INSERT OR FAIL INTO statements (fts_key, key, person_id, speaker, speaker_key, speaker_role,
			content, kind, cue, article_id, published, attribution)`, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``)
	bInsertStatementSighting = newBatched(`INSERT INTO statement_sightings (statement_id, article_id, published, attribution)`,
		`(?, ?, ?, ?)`, `ON CONFLICT DO NOTHING`)
	bInsertInteraction = newBatched(`INSERT INTO interactions (id, article_id, kind, happened, place, cue)`,
		`(?, ?, ?, ?, ?, ?)`, ``)
	bInsertParticipant = newBatched(`INSERT INTO interaction_participants (interaction_id, position, person_id, name)`,
		`(?, ?, ?, ?)`, ``)
	bInsertSighting = newBatched(`INSERT INTO sightings (article_id, url, outlet, title, published)`,
		`(?, ?, ?, ?, ?)`, `ON CONFLICT DO NOTHING`)
	// A person's counts grow by the sum over a transaction's articles;
	// each person once per statement (the Go side sums).
	bAddCounts = newBatched(`UPDATE persons SET n_statements = n_statements + c.column2,
			n_interactions = n_interactions + c.column3 FROM (`, `(?, ?, ?)`, `) AS c WHERE persons.id = c.column1`)
	lStatementsByKey = newKeyLookup(`SELECT id, key, published FROM statements WHERE key`)
	lPersonsByKey    = newKeyLookup(`SELECT id, name_key FROM persons WHERE name_key`)
)

func writeQueries() []string {
	qs := []string{qArticleByHash, qNearCandidates, qInsertArticle, qUnindexStatement, qMoveStatement, qKeepShownSighting, qRecount, qUpdateExtraction, qIndexNewStatements, qIndexNewArticles}
	for _, b := range []batched{bInsertBlock, bInsertOrg, bInsertPerson, bInsertAlias, bUpsertRole, bInsertStatement, bInsertStatementSighting,
		bInsertInteraction, bInsertParticipant, bInsertSighting, bAddCounts} {
		qs = append(qs, b.queries()...)
	}
	qs = append(qs, lStatementsByKey.queries()...)
	return append(qs, lPersonsByKey.queries()...)
}
