-- --about finds the articles about something through their tsvectors.
-- Kept in the articles row, each match cost a visit to a wide heap page
-- (14,000 articles about "Russia": 4,493 pages, 29 ms at 100,000
-- articles). In a table of their own, stored out of line
-- (toast_tuple_target = 128), the rows are ~40 bytes and the matches of
-- a common word fit in a hundred pages; GIN needs the tsvector itself only
-- to recheck phrase and weight queries.
CREATE TABLE article_tsv (
	article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	tsv        tsvector NOT NULL
) WITH (toast_tuple_target = 128);
INSERT INTO article_tsv (article_id, tsv) SELECT id, tsv FROM articles;
CREATE INDEX article_tsv_tsv ON article_tsv USING gin (tsv);
DROP INDEX articles_tsv;
ALTER TABLE articles DROP COLUMN tsv;
