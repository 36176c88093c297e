-- The same model as the sqlite store. Days are 'YYYY-MM-DD' text ('' when
-- unknown) rather than date: they sort the same way, '' sorts before every
-- day (so newest-first puts undated rows last) and the keyset cursor
-- (published, id) needs no NULL handling.
CREATE TABLE articles (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	text_hash  text NOT NULL UNIQUE,
	simhash    bigint NOT NULL,
	band0      integer NOT NULL,
	band1      integer NOT NULL,
	band2      integer NOT NULL,
	band3      integer NOT NULL,
	ext_id     text NOT NULL,
	url        text NOT NULL,
	title      text NOT NULL,
	author     text NOT NULL,
	outlet     text NOT NULL,
	language   text NOT NULL,
	published  text NOT NULL CHECK (published = '' OR published ~ '^\d{4}-\d{2}-\d{2}$'),
	text       text NOT NULL,
	extraction jsonb,
	extractor  text NOT NULL,
	ingested   timestamptz NOT NULL,
	tsv        tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || text)) STORED
);
CREATE INDEX articles_band0 ON articles(band0);
CREATE INDEX articles_band1 ON articles(band1);
CREATE INDEX articles_band2 ON articles(band2);
CREATE INDEX articles_band3 ON articles(band3);
CREATE INDEX articles_extractor ON articles(extractor);
CREATE INDEX articles_tsv ON articles USING gin(tsv);

CREATE TABLE sightings (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	url        text NOT NULL,
	outlet     text NOT NULL,
	title      text NOT NULL,
	published  text NOT NULL,
	UNIQUE (article_id, url, outlet, published)
);

CREATE TABLE article_orgs (
	article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	name_key   text NOT NULL,
	PRIMARY KEY (article_id, name_key)
);

CREATE TABLE persons (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name_key       text NOT NULL UNIQUE,
	name           text NOT NULL,
	n_statements   integer NOT NULL DEFAULT 0,
	n_interactions integer NOT NULL DEFAULT 0
);

CREATE TABLE person_aliases (
	person_id bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	alias_key text NOT NULL,
	alias     text NOT NULL,
	PRIMARY KEY (person_id, alias_key)
);
CREATE INDEX person_aliases_key ON person_aliases(alias_key);

CREATE TABLE person_roles (
	person_id  bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	role       text NOT NULL,
	first_seen text NOT NULL,
	last_seen  text NOT NULL,
	PRIMARY KEY (person_id, role)
);

CREATE TABLE statements (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key          text NOT NULL UNIQUE,
	person_id    bigint REFERENCES persons(id),
	speaker      text NOT NULL,
	speaker_key  text NOT NULL,
	speaker_role text NOT NULL,
	content      text NOT NULL,
	kind         text NOT NULL,
	cue          text NOT NULL,
	article_id   bigint NOT NULL REFERENCES articles(id),
	published    text NOT NULL,
	attribution  jsonb NOT NULL,
	tsv          tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED
);
CREATE INDEX statements_published ON statements(published DESC, id DESC);
CREATE INDEX statements_person ON statements(person_id, published DESC, id DESC);
CREATE INDEX statements_speaker ON statements(speaker_key);
CREATE INDEX statements_article ON statements(article_id);
CREATE INDEX statements_tsv ON statements USING gin(tsv);

CREATE TABLE statement_sightings (
	statement_id bigint NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
	article_id   bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	published    text NOT NULL,
	attribution  jsonb NOT NULL,
	PRIMARY KEY (statement_id, article_id)
);
CREATE INDEX statement_sightings_article ON statement_sightings(article_id);

CREATE TABLE interactions (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	kind       text NOT NULL,
	happened   text NOT NULL,
	place      text NOT NULL,
	cue        text NOT NULL
);
CREATE INDEX interactions_article ON interactions(article_id);

CREATE TABLE interaction_participants (
	interaction_id bigint NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
	position       integer NOT NULL,
	person_id      bigint REFERENCES persons(id),
	name           text NOT NULL,
	PRIMARY KEY (interaction_id, position)
);
CREATE INDEX interaction_participants_person ON interaction_participants(person_id);

-- Claims hand each input to one ingest process at a time. A claim is a
-- lease: if its holder dies, another process takes the input over once
-- the lease expires. The article's text hash is the key.
CREATE TABLE claims (
	key     text PRIMARY KEY,
	owner   text NOT NULL,
	expires timestamptz NOT NULL
);
