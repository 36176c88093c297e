-- statement_sightings keeps a statement's other reports only: the report
-- it shows is the statement row itself (put.go).
DELETE FROM statement_sightings
	WHERE article_id = (SELECT s.article_id FROM statements s WHERE s.id = statement_sightings.statement_id);
