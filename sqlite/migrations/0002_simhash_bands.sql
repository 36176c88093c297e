-- Near-duplicates are found through the eight bytes of the SimHash (see
-- archive.Bands): with a threshold of up to 7 bits, a near-duplicate shares
-- at least one byte at the same place. This replaces the four 16-bit band
-- columns, which only guaranteed that for up to 3 bits.
CREATE TABLE simhash_bands (
	band       INTEGER NOT NULL,
	value      INTEGER NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	simhash    INTEGER NOT NULL,
	PRIMARY KEY (band, value, article_id)
) WITHOUT ROWID;
WITH bands(n) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7))
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
