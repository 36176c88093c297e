-- Near-duplicates are found through 16-bit blocks of the SimHash and their
-- one-bit variants (see archive.Blocks), as in the SQLite store: with up to
-- 7 bits apart, two hashes differ in at most one bit of some block. The
-- eight 8-bit bands of migration 0002 met ~8N/256 candidates per article
-- in an archive of N (3,100 at 100,000 articles, ~30,000 at a million);
-- the blocks meet ~N/1,000. The advisory locks that keep two near-duplicates
-- arriving at once apart stay on the bands (put.go): they need no table.
CREATE TABLE simhash_blocks (
	block      bigint NOT NULL,
	value      bigint NOT NULL,
	article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	simhash    bigint NOT NULL,
	PRIMARY KEY (block, value, article_id)
);
INSERT INTO simhash_blocks (block, value, article_id, simhash)
	SELECT n, (a.simhash >> (16 * n)) & 65535, a.id, a.simhash FROM articles a, generate_series(0, 3) n;
DROP TABLE simhash_bands;
