package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"whosaid"
	"whosaid/archive"
	"whosaid/archivetest"
	"whosaid/postgres"
)

// testDSN returns the server the tests use: WHOSAID_TEST_POSTGRES. Unset,
// the tests skip; set to a server that cannot be reached, they fail.
func testDSN(t testing.TB) string {
	dsn := os.Getenv("WHOSAID_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("WHOSAID_TEST_POSTGRES not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable): skipping PostgreSQL tests")
	}
	return dsn
}

// withSchema returns dsn with its search_path set to schema.
func withSchema(dsn, schema string) string {
	switch {
	case !strings.Contains(dsn, "://"):
		return dsn + " search_path=" + schema
	case strings.Contains(dsn, "?"):
		return dsn + "&search_path=" + schema
	default:
		return dsn + "?search_path=" + schema
	}
}

// freshSchema creates a schema of its own for one test, so parallel runs
// never collide, and drops it afterwards.
func freshSchema(t testing.TB, dsn string) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("WHOSAID_TEST_POSTGRES is set but the server cannot be reached: %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "whosaid_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	})
	return withSchema(dsn, schema)
}

func open(t *testing.T) whosaid.Archive {
	s, err := postgres.Open(context.Background(), freshSchema(t, testDSN(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestArchive(t *testing.T) { archivetest.Run(t, open) }

// TestArchiveAboutWalk runs the suite with every --about search walking
// statements by day, the plan for words many articles have.
func TestArchiveAboutWalk(t *testing.T) {
	defer postgres.SetAboutMany(1)()
	archivetest.Run(t, open)
}

// TestArchiveWithoutRUM runs the suite on a store that searches through
// GIN, as on a server without the rum extension.
func TestArchiveWithoutRUM(t *testing.T) {
	defer postgres.SetNoRUM()()
	archivetest.Run(t, open)
}

// TestArchiveCommonWords runs the suite with every full-text search
// walking statements by day, as common words do on a store with rum.
func TestArchiveCommonWords(t *testing.T) {
	defer postgres.SetRUMMaxMatches(0)()
	archivetest.Run(t, open)
}

// TestRUM checks that a store uses the rum extension when the server has
// it (CI installs it), and that without it the store still opens.
func TestRUM(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var available bool
	err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')`).Scan(&available)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s, err := postgres.Open(ctx, freshSchema(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.RUMOrder() != ""; got != available {
		t.Errorf("store uses rum: %v; server has it: %v", got, available)
	}
	if os.Getenv("WHOSAID_TEST_RUM") != "" && !available {
		t.Error("WHOSAID_TEST_RUM is set but the server has no rum extension")
	}
}

// TestClaims checks that of two processes (stores) claiming one article,
// exactly one extracts it, and that the other then only records it.
func TestClaims(t *testing.T) {
	dsn := freshSchema(t, testDSN(t))
	ctx := context.Background()
	var stores [2]*postgres.Store
	for i := range stores {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	art := whosaid.Article{ID: "a", Text: "The minister said the talks would resume on Monday."}
	key := archive.TextHash(art.Text)
	tests := []struct {
		name  string
		store int
		want  archive.ClaimState
	}{
		{"first process claims", 0, archive.Mine},
		{"claiming again keeps it", 0, archive.Mine},
		{"second process waits", 1, archive.Busy},
	}
	for _, tt := range tests {
		got, err := stores[tt.store].Claim(ctx, key)
		if err != nil || got != tt.want {
			t.Fatalf("%s: Claim = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	if err := stores[0].Release(ctx, key); err != nil {
		t.Fatal(err)
	}
	if got, _ := stores[1].Claim(ctx, key); got != archive.Mine {
		t.Fatalf("after release: %v, want Mine", got)
	}
	if _, err := stores[1].PutArticle(ctx, art, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := stores[0].Claim(ctx, key); got != archive.Stored {
		t.Fatalf("after store: %v, want Stored", got)
	}

	// A near-duplicate is stored as a sighting of the first article; its
	// own text hash is then done, not busy until the lease runs out.
	long := strings.Repeat("The minister said the talks on the border would resume on Monday in the capital. ", 12)
	first := whosaid.Article{ID: "long", Text: long}
	if _, err := stores[0].PutArticle(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	near := whosaid.Article{ID: "near", URL: "https://copy.example/near", Text: long + "Reported by the wire."}
	nearKey := archive.TextHash(near.Text)
	if got, _ := stores[0].Claim(ctx, nearKey); got != archive.Mine {
		t.Fatalf("near-duplicate: %v, want Mine", got)
	}
	res, err := stores[0].PutArticle(ctx, near, nil)
	if err != nil || !res.Duplicate {
		t.Fatalf("near-duplicate stored as %+v, %v; want a duplicate", res, err)
	}
	if got, _ := stores[1].Claim(ctx, nearKey); got != archive.Stored {
		t.Fatalf("after the near-duplicate is stored: %v, want Stored", got)
	}
}

// TestUnreachable checks that a server that is down is an error, not a
// hang or a panic.
func TestUnreachable(t *testing.T) {
	testDSN(t)
	_, err := postgres.Open(context.Background(), "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if whosaid.ErrorCode(err) != whosaid.EINTERNAL {
		t.Fatalf("Open(down server) = %v, want EINTERNAL", err)
	}
}

// TestClaimOfGoneProcess checks that an article claimed by a process that
// is gone (its connections closed, as when it is killed) can be claimed
// at once by another, without waiting for the lease to run out.
func TestClaimOfGoneProcess(t *testing.T) {
	dsn := freshSchema(t, testDSN(t))
	ctx := context.Background()
	gone, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	other, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	key := archive.TextHash("The minister said the talks would resume on Monday.")
	if got, err := gone.Claim(ctx, key); err != nil || got != archive.Mine {
		t.Fatalf("first claim: %v, %v", got, err)
	}
	if got, err := other.Claim(ctx, key); err != nil || got != archive.Busy {
		t.Fatalf("while its holder lives: %v, %v; want Busy", got, err)
	}
	gone.Close() // no Release: the claim stays, its lease 10 minutes long
	if got, err := other.Claim(ctx, key); err != nil || got != archive.Mine {
		t.Fatalf("after its holder is gone: %v, %v; want Mine", got, err)
	}
}
