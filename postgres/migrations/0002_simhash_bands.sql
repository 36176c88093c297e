-- Near-duplicates are found through the eight bytes of the SimHash (see
-- archive.Bands): with a threshold of up to 7 bits, a near-duplicate shares
-- at least one byte at the same place. This replaces the four 16-bit band
-- columns, which only guaranteed that for up to 3 bits.
CREATE TABLE simhash_bands (
	band       bigint NOT NULL,
	value      bigint NOT NULL,
	article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	simhash    bigint NOT NULL,
	PRIMARY KEY (band, value, article_id)
);
WITH bands(n) AS (SELECT generate_series(0, 7))
INSERT INTO simhash_bands (band, value, article_id, simhash)
	SELECT n, (a.simhash >> (8 * n)) & 255, a.id, a.simhash FROM articles a, bands;
DROP INDEX articles_band0;
DROP INDEX articles_band1;
DROP INDEX articles_band2;
DROP INDEX articles_band3;
ALTER TABLE articles DROP COLUMN band0;
ALTER TABLE articles DROP COLUMN band1;
ALTER TABLE articles DROP COLUMN band2;
ALTER TABLE articles DROP COLUMN band3;
