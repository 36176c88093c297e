-- The outlet filter read the outlet of each candidate statement's article
-- (outlet + dates took ~200 ms at 100,000 articles). Kept on the statement,
-- lower-cased, it is one index walk newest first. A statement's outlet is
-- that of the article it shows (its earliest sighting), kept in step where
-- that article changes (put.go, article.go).
ALTER TABLE statements ADD COLUMN outlet_key text NOT NULL DEFAULT '';
UPDATE statements s SET outlet_key = lower(a.outlet) FROM articles a WHERE a.id = s.article_id AND a.outlet <> '';
CREATE INDEX statements_outlet ON statements (outlet_key, published DESC, id DESC);
DROP INDEX articles_outlet;
