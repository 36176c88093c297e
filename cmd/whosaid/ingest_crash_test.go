package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"whosaid"
	"whosaid/archive"
	"whosaid/ingest"
	"whosaid/sqlite"
)

// childEnv makes the test binary run `whosaid` with the JSON-encoded
// arguments it holds instead of the tests (see TestIngestChild).
const childEnv = "WHOSAID_TEST_CHILD_ARGS"

// TestIngestChild is the child process of TestIngestCrash: a whole
// `whosaid ingest` in this process, so the parent can SIGKILL it.
func TestIngestChild(t *testing.T) {
	raw := os.Getenv(childEnv)
	if raw == "" {
		t.Skip("only run as a child of TestIngestCrash")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd()
	root.SetArgs(args)
	if err := root.ExecuteContext(context.Background()); err != nil {
		os.Exit(exitStatus(err))
	}
	os.Exit(0)
}

// TestIngestCrash ingests the PolNeAR train texts into SQLite in a child
// process, SIGKILLs it at random moments several times, runs it once more
// to the end, and checks that every article is stored exactly once and
// none is half-written.
func TestIngestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the crash test runs several ingests")
	}
	src := cleanTexts(t, filepath.Join("..", "..", "corpora", "polnear", "train", "text"))
	db := filepath.Join(t.TempDir(), "crash.db")
	args, _ := json.Marshal([]string{"ingest", "--db", db, "--workers", "2", src})
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$")
		cmd.Env = append(os.Environ(), childEnv+"="+string(args))
		return cmd
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	kills := 0
	for range 6 {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(200+rng.IntN(2500)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		cmd.Wait()
		t.Logf("killed after %d articles", storedArticles(t, db))
	}
	t.Logf("killed the ingest %d times", kills)
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("final ingest: %v\n%s", err, out)
	}
	checkArchive(t, db, src)
}

// storedArticles counts the articles in db (0 before it exists).
func storedArticles(t *testing.T, db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	conn.QueryRow(`SELECT count(*) FROM articles`).Scan(&n)
	return n
}

// cleanTexts copies the texts of dir that ingest reads without error to a
// temporary directory, so the final run must succeed.
func cleanTexts(t *testing.T, dir string) string {
	out := t.TempDir()
	err := ingest.Read(context.Background(), []string{dir}, ingest.Options{}, func(it ingest.Item) error {
		if it.Err != nil {
			return nil
		}
		return os.WriteFile(filepath.Join(out, it.Article.ID+".txt"), []byte(it.Article.Text), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkArchive checks that db holds every text of dir exactly once (as
// itself or as the near-duplicate it was merged into), with one sighting,
// and with every statement and interaction its stored extraction implies.
func checkArchive(t *testing.T, db, dir string) {
	ctx := context.Background()
	inputs := map[string]uint64{} // text hash → simhash
	err := ingest.Read(ctx, []string{dir}, ingest.Options{}, func(it ingest.Item) error {
		if it.Err == nil {
			inputs[archive.TextHash(it.Article.Text)] = archive.SimHash(it.Article.Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, db) // applies no migration twice
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	count := func(q string, args ...any) int {
		var n int
		if err := conn.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	stored := map[string]uint64{}
	hrows, err := conn.Query(`SELECT text_hash, simhash FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	for hrows.Next() {
		var h string
		var sh int64
		hrows.Scan(&h, &sh)
		stored[h] = uint64(sh)
	}
	hrows.Close()
	for h, sh := range inputs {
		if _, ok := stored[h]; ok {
			continue
		}
		found := false
		for _, o := range stored {
			found = found || archive.NearDuplicate(sh, o)
		}
		if !found {
			t.Errorf("input %s… is not stored, nor a near-duplicate of a stored article", h[:12])
		}
	}
	var sims []uint64
	for h, sh := range stored {
		if _, ok := inputs[h]; !ok {
			t.Errorf("stored article %s… is not among the inputs", h[:12])
		}
		for _, o := range sims {
			if archive.NearDuplicate(sh, o) {
				t.Errorf("two stored articles are near-duplicates of each other")
			}
		}
		sims = append(sims, sh)
	}
	if n := count(`SELECT count(*) FROM sightings`); n != len(stored) {
		t.Errorf("%d sightings, want one per article (%d)", n, len(stored))
	}
	if n := count(`SELECT count(*) FROM articles WHERE extraction IS NULL`); n != 0 {
		t.Errorf("%d articles stored without their extraction", n)
	}
	t.Logf("%d inputs, %d articles stored", len(inputs), len(stored))
	// Extractions are read through the store: it keeps them compressed.
	rows, err := conn.Query(`SELECT id, ext_id, text FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	type art struct {
		id        int64
		name      string
		statement int
		inter     int
	}
	var arts []art
	for rows.Next() {
		var (
			a    art
			text string
		)
		if err := rows.Scan(&a.id, &a.name, &text); err != nil {
			t.Fatal(err)
		}
		sa, err := store.Article(ctx, a.id)
		if err != nil {
			t.Fatal(err)
		}
		d, err := archive.Prepare(whosaid.Article{ID: a.name, Text: text}, sa.Extraction)
		if err != nil {
			t.Fatal(err)
		}
		a.statement, a.inter = len(d.Statements), len(d.Interactions)
		arts = append(arts, a)
	}
	rows.Close()
	for _, a := range arts {
		// Its reports: the statements it shows and those others show.
		if n := count(`SELECT (SELECT count(*) FROM statements WHERE article_id = ?1)
			+ (SELECT count(*) FROM statement_sightings WHERE article_id = ?1)`, a.id); n != a.statement {
			t.Errorf("article %s: %d statements stored, its extraction has %d", a.name, n, a.statement)
		}
		if n := count(`SELECT count(*) FROM interactions WHERE article_id = ?`, a.id); n != a.inter {
			t.Errorf("article %s: %d interactions stored, its extraction has %d", a.name, n, a.inter)
		}
	}
	if n := count(`SELECT count(*) FROM statement_sightings ss JOIN statements s ON s.id = ss.statement_id
		WHERE ss.article_id = s.article_id`); n != 0 {
		t.Errorf("%d statements have the report they show among their other reports", n)
	}
	if n := count(`SELECT count(*) FROM statements_fts`); n != count(`SELECT count(*) FROM statements`) {
		t.Errorf("full-text index has %d rows, statements %d", n, count(`SELECT count(*) FROM statements`))
	}
}
