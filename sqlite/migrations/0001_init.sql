-- Articles are stored once per normalised text; every place an article was
-- seen is a sighting. Dates are 'YYYY-MM-DD' text ('' when unknown), so
-- they sort as dates and newest-first puts undated rows last.
CREATE TABLE articles (
	id         INTEGER PRIMARY KEY,
	text_hash  TEXT NOT NULL UNIQUE,
	simhash    INTEGER NOT NULL,
	band0      INTEGER NOT NULL,
	band1      INTEGER NOT NULL,
	band2      INTEGER NOT NULL,
	band3      INTEGER NOT NULL,
	ext_id     TEXT NOT NULL,
	url        TEXT NOT NULL,
	title      TEXT NOT NULL,
	author     TEXT NOT NULL,
	outlet     TEXT NOT NULL,
	language   TEXT NOT NULL,
	published  TEXT NOT NULL,
	text       TEXT NOT NULL,
	extraction TEXT,
	extractor  TEXT NOT NULL,
	ingested   TEXT NOT NULL
);
CREATE INDEX articles_band0 ON articles(band0);
CREATE INDEX articles_band1 ON articles(band1);
CREATE INDEX articles_band2 ON articles(band2);
CREATE INDEX articles_band3 ON articles(band3);
CREATE INDEX articles_extractor ON articles(extractor);

CREATE TABLE sightings (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	url        TEXT NOT NULL,
	outlet     TEXT NOT NULL,
	title      TEXT NOT NULL,
	published  TEXT NOT NULL,
	UNIQUE (article_id, url, outlet, published)
);

CREATE TABLE article_orgs (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	name_key   TEXT NOT NULL,
	PRIMARY KEY (article_id, name_key)
) WITHOUT ROWID;

CREATE TABLE persons (
	id             INTEGER PRIMARY KEY,
	name_key       TEXT NOT NULL UNIQUE,
	name           TEXT NOT NULL,
	n_statements   INTEGER NOT NULL DEFAULT 0,
	n_interactions INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE person_aliases (
	person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	alias_key TEXT NOT NULL,
	alias     TEXT NOT NULL,
	PRIMARY KEY (person_id, alias_key)
) WITHOUT ROWID;
CREATE INDEX person_aliases_key ON person_aliases(alias_key);

CREATE TABLE person_roles (
	person_id  INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	role       TEXT NOT NULL,
	first_seen TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	PRIMARY KEY (person_id, role)
) WITHOUT ROWID;

-- A statement is one quote by one speaker; article_id and published are
-- those of its earliest sighting.
CREATE TABLE statements (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL UNIQUE,
	person_id    INTEGER REFERENCES persons(id),
	speaker      TEXT NOT NULL,
	speaker_key  TEXT NOT NULL,
	speaker_role TEXT NOT NULL,
	content      TEXT NOT NULL,
	kind         TEXT NOT NULL,
	cue          TEXT NOT NULL,
	article_id   INTEGER NOT NULL REFERENCES articles(id),
	published    TEXT NOT NULL,
	attribution  TEXT NOT NULL
);
CREATE INDEX statements_published ON statements(published DESC, id DESC);
CREATE INDEX statements_person ON statements(person_id, published DESC, id DESC);
CREATE INDEX statements_speaker ON statements(speaker_key);
CREATE INDEX statements_article ON statements(article_id);

CREATE TABLE statement_sightings (
	statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
	article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	published    TEXT NOT NULL,
	attribution  TEXT NOT NULL,
	PRIMARY KEY (statement_id, article_id)
) WITHOUT ROWID;
CREATE INDEX statement_sightings_article ON statement_sightings(article_id);

CREATE TABLE interactions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	happened   TEXT NOT NULL,
	place      TEXT NOT NULL,
	cue        TEXT NOT NULL
);
CREATE INDEX interactions_article ON interactions(article_id);

CREATE TABLE interaction_participants (
	interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
	position       INTEGER NOT NULL,
	person_id      INTEGER REFERENCES persons(id),
	name           TEXT NOT NULL,
	PRIMARY KEY (interaction_id, position)
) WITHOUT ROWID;
CREATE INDEX interaction_participants_person ON interaction_participants(person_id);

-- Full-text indexes, kept in step with their tables by triggers.
CREATE VIRTUAL TABLE statements_fts USING fts5(content, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
	INSERT INTO statements_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
	INSERT INTO statements_fts(statements_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
