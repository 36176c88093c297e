-- Statements of a speaker newest first, as the search pages them (the
-- SQLite store has the same index since its migration 0004).
DROP INDEX statements_speaker;
CREATE INDEX statements_speaker ON statements(speaker_key, published DESC, id DESC);
