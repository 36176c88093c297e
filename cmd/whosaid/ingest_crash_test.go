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

	"github.com/jackc/pgx/v5"

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
	crashAndRerun(t, []string{"ingest", "--db", db, "--workers", "2", src}, func() int { return storedArticles(t, db) })
	checkArchive(t, sqliteFacts(t, db), src)
}

// TestIngestCrashPostgres is TestIngestCrash on PostgreSQL: a rerun must
// also take over the articles the killed process had claimed (at once, not
// after the claims' 10-minute lease).
func TestIngestCrashPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the crash test runs several ingests")
	}
	conn, db := testSchema(t, "whosaid_crash")
	src := cleanTexts(t, filepath.Join("..", "..", "corpora", "polnear", "train", "text"))
	stored := func() int {
		var n int
		conn.QueryRow(context.Background(), `SELECT count(*) FROM articles`).Scan(&n) // 0 before the first migration
		return n
	}
	start := time.Now()
	crashAndRerun(t, []string{"ingest", "--db", db, src}, stored)
	t.Logf("six killed runs and the final one: %s", time.Since(start).Round(time.Millisecond))
	checkArchive(t, postgresFacts(t, conn), src)
}

// crashAndRerun runs `whosaid args` in a child process, SIGKILLs it at
// random moments six times (stored counts the articles stored so far),
// then runs it once more to the end.
func crashAndRerun(t *testing.T, args []string, stored func() int) {
	t.Helper()
	raw, _ := json.Marshal(args)
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$")
		cmd.Env = append(os.Environ(), childEnv+"="+string(raw))
		return cmd
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	kills := 0
	for range 6 {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Within a fresh SQLite ingest of the train texts (~1.5 s with
		// start-up), so that the kills land while it writes.
		time.Sleep(time.Duration(100+rng.IntN(1300)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		cmd.Wait()
		t.Logf("killed after %d articles", stored())
	}
	t.Logf("killed the ingest %d times", kills)
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("final ingest: %v\n%s", err, out)
	}
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

// archiveFacts is what checkArchive looks at in an archive: each stored
// article's text hash and SimHash, sightings, and per article the
// statements and interactions stored against those its extraction implies.
type archiveFacts struct {
	stored       map[string]uint64 // text hash → SimHash
	sightings    int
	noExtraction int
	articles     []articleFacts
}

type articleFacts struct {
	name                       string
	statements, wantStatements int
	interactions, wantInter    int
}

// wantRows sets the statement and interaction counts an article's stored
// extraction implies.
func (a *articleFacts) wantRows(t *testing.T, text string, x *whosaid.Extraction) {
	d, err := archive.Prepare(whosaid.Article{ID: a.name, Text: text}, x)
	if err != nil {
		t.Fatal(err)
	}
	a.wantStatements, a.wantInter = len(d.Statements), len(d.Interactions)
}

// checkArchive checks that an archive holds every text of dir exactly
// once (as itself or as the near-duplicate it was merged into), with one
// sighting, and with every statement and interaction its stored
// extraction implies.
func checkArchive(t *testing.T, f archiveFacts, dir string) {
	inputs := map[string]uint64{} // text hash → simhash
	err := ingest.Read(context.Background(), []string{dir}, ingest.Options{}, func(it ingest.Item) error {
		if it.Err == nil {
			inputs[archive.TextHash(it.Article.Text)] = archive.SimHash(it.Article.Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for h, sh := range inputs {
		if _, ok := f.stored[h]; ok {
			continue
		}
		found := false
		for _, o := range f.stored {
			found = found || archive.NearDuplicate(sh, o)
		}
		if !found {
			t.Errorf("input %s… is not stored, nor a near-duplicate of a stored article", h[:12])
		}
	}
	var sims []uint64
	for h, sh := range f.stored {
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
	if f.sightings != len(f.stored) {
		t.Errorf("%d sightings, want one per article (%d)", f.sightings, len(f.stored))
	}
	if f.noExtraction != 0 {
		t.Errorf("%d articles stored without their extraction", f.noExtraction)
	}
	for _, a := range f.articles {
		if a.statements != a.wantStatements {
			t.Errorf("article %s: %d statements stored, its extraction has %d", a.name, a.statements, a.wantStatements)
		}
		if a.interactions != a.wantInter {
			t.Errorf("article %s: %d interactions stored, its extraction has %d", a.name, a.interactions, a.wantInter)
		}
	}
	t.Logf("%d inputs, %d articles stored", len(inputs), len(f.stored))
}

// sqliteFacts reads the facts of the SQLite archive db, and checks what
// only that store has (its full-text rows, reports kept once).
func sqliteFacts(t *testing.T, db string) archiveFacts {
	ctx := context.Background()
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
	f := archiveFacts{stored: map[string]uint64{}}
	f.sightings = count(`SELECT count(*) FROM sightings`)
	f.noExtraction = count(`SELECT count(*) FROM articles WHERE extraction IS NULL`)
	rows, err := conn.Query(`SELECT id, ext_id, text, text_hash, simhash FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id   int64
		text string
		a    articleFacts
	}
	var rs []row
	for rows.Next() {
		var (
			r  row
			h  string
			sh int64
		)
		if err := rows.Scan(&r.id, &r.a.name, &r.text, &h, &sh); err != nil {
			t.Fatal(err)
		}
		f.stored[h] = uint64(sh)
		rs = append(rs, r)
	}
	rows.Close()
	for _, r := range rs {
		// Extractions are read through the store: it keeps them compressed.
		sa, err := store.Article(ctx, r.id)
		if err != nil {
			t.Fatal(err)
		}
		r.a.wantRows(t, r.text, sa.Extraction)
		// Its reports: the statements it shows and those others show.
		r.a.statements = count(`SELECT (SELECT count(*) FROM statements WHERE article_id = ?1)
			+ (SELECT count(*) FROM statement_sightings WHERE article_id = ?1)`, r.id)
		r.a.interactions = count(`SELECT count(*) FROM interactions WHERE article_id = ?`, r.id)
		f.articles = append(f.articles, r.a)
	}
	if n := count(`SELECT count(*) FROM statement_sightings ss JOIN statements s ON s.id = ss.statement_id
		WHERE ss.article_id = s.article_id`); n != 0 {
		t.Errorf("%d statements have the report they show among their other reports", n)
	}
	if n := count(`SELECT count(*) FROM statements_fts`); n != count(`SELECT count(*) FROM statements`) {
		t.Errorf("full-text index has %d rows, statements %d", n, count(`SELECT count(*) FROM statements`))
	}
	return f
}

// postgresFacts reads the facts of the PostgreSQL archive conn's
// search_path selects, and checks that no claim is left undone.
func postgresFacts(t *testing.T, conn *pgx.Conn) archiveFacts {
	ctx := context.Background()
	count := func(q string, args ...any) int {
		var n int
		if err := conn.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	f := archiveFacts{stored: map[string]uint64{}}
	f.sightings = count(`SELECT count(*) FROM sightings`)
	f.noExtraction = count(`SELECT count(*) FROM articles WHERE extraction IS NULL`)
	rows, err := conn.Query(ctx, `SELECT a.ext_id, a.text, a.text_hash, a.simhash, a.extraction,
		(SELECT count(*) FROM statement_sightings WHERE article_id = a.id),
		(SELECT count(*) FROM interactions WHERE article_id = a.id) FROM articles a`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var (
			a        articleFacts
			text, h  string
			sh       int64
			raw      []byte
			st, inte int64
		)
		if err := rows.Scan(&a.name, &text, &h, &sh, &raw, &st, &inte); err != nil {
			t.Fatal(err)
		}
		var x whosaid.Extraction
		if err := json.Unmarshal(raw, &x); err != nil {
			t.Fatal(err)
		}
		a.wantRows(t, text, &x)
		// Here every report of a statement is a sighting, the shown one too.
		a.statements, a.interactions = int(st), int(inte)
		f.stored[h] = uint64(sh)
		f.articles = append(f.articles, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM claims WHERE NOT done`); n != 0 {
		t.Errorf("%d claims left undone", n)
	}
	return f
}
