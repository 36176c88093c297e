package main

import (
	"context"
	"strings"

	"whosaid"
	"whosaid/postgres"
	"whosaid/sqlite"
)

// defaultDB is the archive the commands use without --db.
const defaultDB = "./whosaid.db"

// openArchive opens the archive dsn names: a postgres:// or postgresql://
// URL is a PostgreSQL database, anything else the path of a SQLite file
// (created if missing). The serve command uses it too.
func openArchive(ctx context.Context, dsn string) (whosaid.Archive, error) {
	if isPostgres(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
