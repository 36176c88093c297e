-- Near-duplicates are found through 16-bit blocks of the SimHash and their
-- one-bit variants (see archive.Blocks): with up to 7 bits apart, two
-- hashes differ in at most one bit of some block. The eight 8-bit bands
-- of migration 0002 met ~8N/256 candidates per article in an archive of N
-- (3,100 at 100,000 articles, 2.2 ms of each article's ingest); the blocks
-- meet ~N/1,000.
CREATE TABLE simhash_blocks (
	block      INTEGER NOT NULL,
	value      INTEGER NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	simhash    INTEGER NOT NULL,
	PRIMARY KEY (block, value, article_id)
) WITHOUT ROWID;
WITH blocks(n) AS (VALUES (0), (1), (2), (3))
INSERT INTO simhash_blocks (block, value, article_id, simhash)
	SELECT n, (a.simhash >> (16 * n)) & 65535, a.id, a.simhash FROM articles a, blocks;
DROP TABLE simhash_bands;
