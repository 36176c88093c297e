-- The full-text rows of new statements and articles are written by
-- PutArticle in one statement at the end of its transaction instead of by
-- row triggers: FTS5 flushes its pending terms at every statement
-- savepoint, so per-row triggers wrote dozens of tiny segments per article
-- and made ingest several times slower. Deletes keep their triggers
-- (ReplaceExtraction is rare).
DROP TRIGGER statements_ai;
DROP TRIGGER articles_ai;
