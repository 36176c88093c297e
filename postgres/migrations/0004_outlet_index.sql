-- The outlet filter finds a rare outlet's articles by this index (see
-- outletCondition in search.go).
CREATE INDEX articles_outlet ON articles (lower(outlet));
