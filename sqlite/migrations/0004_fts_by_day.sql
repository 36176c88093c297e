-- Newest-first full-text search. The statements' full-text rows are keyed
-- by fts_key = day << 32 | id, where day counts from 1900-01-01 (1 for
-- that day, 0 for undated). FTS5 walks a term's matches in rowid order, so
-- "newest first" becomes a walk that stops after one page, for common and
-- rare terms alike, instead of collecting and sorting every match.
-- The index is contentless (the text is in statements) with deletes
-- enabled, since a statement's key changes when an earlier report of it
-- arrives. Statement ids must stay below 2^32.
DROP TRIGGER statements_ad;
DROP TABLE statements_fts;
ALTER TABLE statements ADD COLUMN fts_key INTEGER NOT NULL DEFAULT 0;
UPDATE statements SET fts_key = (CASE WHEN published = '' THEN 0
	ELSE CAST(julianday(published) - julianday('1900-01-01') AS INTEGER) + 1 END << 32) | id;
CREATE VIRTUAL TABLE statements_fts USING fts5(content, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
INSERT INTO statements_fts (rowid, content) SELECT fts_key, content FROM statements;
-- Speaker searches walk one speaker's statements newest first.
DROP INDEX statements_speaker;
CREATE INDEX statements_speaker ON statements(speaker_key, published DESC, id DESC);
