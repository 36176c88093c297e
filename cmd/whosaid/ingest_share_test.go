package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestIngestProcessesShareWork runs two `whosaid ingest` processes at
// once on the same texts and the same PostgreSQL schema, and checks that
// between them they stored every article once (claims: each article is
// extracted and stored by one process, the other records its sighting)
// and recorded every input once.
func TestIngestProcessesShareWork(t *testing.T) {
	ctx := context.Background()
	conn, db := testSchema(t, "whosaid_share")
	src := cleanTexts(t, filepath.Join("..", "..", "corpora", "polnear", "dev", "text"))
	inputs, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	args, _ := json.Marshal([]string{"ingest", "--db", db, src})
	var cmds [2]*exec.Cmd
	var outs [2]strings.Builder
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestIngestChild$")
		cmds[i].Env = append(os.Environ(), childEnv+"="+string(args))
		cmds[i].Stderr = &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	summary := regexp.MustCompile(`(\d+) stored, (\d+) duplicates, (\d+) failed`)
	storedBy := 0
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i].String())
		}
		m := summary.FindStringSubmatch(outs[i].String())
		if m == nil {
			t.Fatalf("process %d: no summary line:\n%s", i, outs[i].String())
		}
		n, _ := strconv.Atoi(m[1])
		storedBy += n
		t.Logf("process %d: %s stored, %s duplicates or stored by the other", i, m[1], m[2])
	}
	var articles, sightings int
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sightings)`).
		Scan(&articles, &sightings); err != nil {
		t.Fatal(err)
	}
	if storedBy != articles {
		t.Errorf("the processes stored %d articles between them; the archive holds %d: some were stored twice or lost", storedBy, articles)
	}
	if sightings != len(inputs) {
		t.Errorf("%d sightings, want one per input (%d)", sightings, len(inputs))
	}
}

// testSchema makes a schema of its own for a test on the PostgreSQL server
// at WHOSAID_TEST_POSTGRES (skipping the test if unset), dropped at the
// end; it returns a connection to it and its DSN.
func testSchema(t *testing.T, prefix string) (*pgx.Conn, string) {
	dsn := os.Getenv("WHOSAID_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("WHOSAID_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("WHOSAID_TEST_POSTGRES is set but the server cannot be reached: %v", err)
	}
	schema := fmt.Sprintf("%s_%d", prefix, os.Getpid())
	if _, err := admin.Exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db := dsn + sep + "search_path=" + schema
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last first: the schema is dropped before the
	// connections close.
	t.Cleanup(func() { admin.Close(context.Background()) })
	t.Cleanup(func() { conn.Close(context.Background()) })
	t.Cleanup(func() { admin.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+schema+` CASCADE`) })
	return conn, db
}
