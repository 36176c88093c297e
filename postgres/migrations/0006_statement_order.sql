-- Newest first as one number, as the SQLite store's fts_key: the day of
-- the statement's earliest sighting (1 for 1900-01-01, 0 when undated)
-- shifted left 32 bits, or'ed with its id, so ord DESC is published DESC,
-- id DESC while ids stay below 2^32. The full-text index attaches it to
-- each match when the server has the rum extension (rum.go): a word's
-- newest matches then come out of the index in order, without reading the
-- row of every match.
CREATE FUNCTION whosaid_day(published text) RETURNS bigint
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE WHEN published = '' THEN 0
		ELSE make_date(substr(published, 1, 4)::int, substr(published, 6, 2)::int, substr(published, 9, 2)::int) - date '1900-01-01' + 1 END;
ALTER TABLE statements ADD COLUMN ord bigint GENERATED ALWAYS AS (whosaid_day(published) << 32 | id) STORED;
