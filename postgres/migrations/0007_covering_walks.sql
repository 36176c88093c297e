-- Filters that walk statements newest first (no filter, dates, an
-- organisation, --about) read a row of the statement heap for every
-- candidate: ~10,000 random pages for the newest 1,000 statements of
-- articles naming the FBI. With the columns these filters and the facets
-- read kept in the index, the walk reads the index alone (an index-only
-- scan, once VACUUM, by hand or autovacuum, has marked the pages visible).
DROP INDEX statements_published;
CREATE INDEX statements_published ON statements (published DESC, id DESC)
	INCLUDE (article_id, kind, speaker, speaker_role);

-- The organisations articles name, each once, so that a substring filter
-- (--org fbi) scans this small table for the matching names and reads the
-- articles naming them through an index, instead of scanning article_orgs.
CREATE TABLE orgs (name_key text PRIMARY KEY);
INSERT INTO orgs (name_key) SELECT DISTINCT name_key FROM article_orgs;
CREATE INDEX article_orgs_name ON article_orgs (name_key, article_id);
