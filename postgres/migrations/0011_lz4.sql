-- Article texts and extractions are compressed with lz4 where the server
-- has it (PostgreSQL 14 and later, built with lz4, as Debian's is): pglz
-- was ~4 % of the server's time while ingesting. Only new values change;
-- a server without lz4 keeps pglz.
DO $$
BEGIN
	ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN extraction SET COMPRESSION lz4;
	ALTER TABLE article_tsv ALTER COLUMN tsv SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'lz4 compression not available: %', SQLERRM;
END $$;
