package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"whosaid"
	"whosaid/archive"
	"whosaid/ingest"
	"whosaid/sqlite"
)

func TestDefaultWorkers(t *testing.T) {
	tests := []struct {
		procs       int
		batchWriter bool
		want        int
	}{
		{1, true, 1}, // never none
		{2, true, 1}, // the writer gets the other core
		{8, true, 7},
		{1, false, 2},
		{2, false, 4}, // PostgreSQL: every worker writes its own articles, waiting on the server
		{8, false, 16},
	}
	for _, tt := range tests {
		if got := defaultWorkers(tt.procs, tt.batchWriter); got != tt.want {
			t.Errorf("defaultWorkers(%d, %v) = %d, want %d", tt.procs, tt.batchWriter, got, tt.want)
		}
	}
}

// heldClaims is a Claimer where one article is held by another process
// until every other article has been claimed, and stored after that; and,
// if set, more articles are held until they are claimed a second time.
type heldClaims struct {
	mu      sync.Mutex
	held    string
	others  int      // how many other articles there are
	mine    int      // how many of them were claimed
	heldLog []string // what each claim of the held article came to
	more    map[string]int
	onClaim func() // if set, called at every claim
}

func (c *heldClaims) Claim(_ context.Context, key string) (archive.ClaimState, error) {
	if c.onClaim != nil {
		c.onClaim()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.more[key]; ok {
		c.more[key]++
		if n == 0 {
			return archive.Busy, nil
		}
		return archive.Stored, nil
	}
	if key != c.held {
		c.mine++
		return archive.Mine, nil
	}
	state := archive.Busy
	if c.mine == c.others {
		state = archive.Stored
	}
	name := map[archive.ClaimState]string{archive.Busy: "busy", archive.Stored: "stored"}[state]
	c.heldLog = append(c.heldLog, fmt.Sprintf("%s after %d of %d", name, c.mine, c.others))
	return state, nil
}

func (c *heldClaims) Release(context.Context, string) error { return nil }

// plainArchive hides a store's batch writing.
type plainArchive struct{ whosaid.Archive }

// claimingIngester is an ingester with claims into a fresh SQLite store
// seen as a plain archive: workers only, as with PostgreSQL (no batch
// writer, which would also take items), so each worker finishes its item
// before the second pass starts. Its extraction takes the given time.
func claimingIngester(t *testing.T, claims archive.Claimer, workers int, extraction time.Duration) (*ingester, *strings.Builder) {
	t.Helper()
	a, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "whosaid.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	stderr := new(strings.Builder)
	return &ingester{archive: plainArchive{a}, claims: claims, workers: workers, stderr: stderr,
		extract: func(a whosaid.Article) (*whosaid.Extraction, error) {
			time.Sleep(extraction)
			return &whosaid.Extraction{ID: a.ID, Extractor: "test"}, nil
		}}, stderr
}

// TestIngestSetsAsideBusyArticles checks that an article another process
// holds does not stop a worker: the others are claimed first, and the held
// one is claimed again once, at the end, when it is stored.
func TestIngestSetsAsideBusyArticles(t *testing.T) {
	dir := t.TempDir()
	texts := []string{"The first minister said the talks would resume.", "The second minister said nothing at all.",
		"The third minister said the border would open.", "The fourth minister said the vote was close.",
		"The fifth minister said the budget would pass."}
	for i, text := range texts {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	claims := &heldClaims{held: archive.TextHash(texts[0]), others: len(texts) - 1}
	// Slow enough that a worker polling the held article (every claimPoll)
	// would claim it busy again meanwhile.
	in, stderr := claimingIngester(t, claims, 2, claimPoll*3/4)
	if err := in.run(context.Background(), []string{dir}, ingest.Options{}); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr.String())
	}
	// Busy when first met (whenever that was), then once more, stored,
	// after all the others: never polled while they wait.
	if len(claims.heldLog) != 2 || !strings.HasPrefix(claims.heldLog[0], "busy after ") ||
		claims.heldLog[1] != "stored after 4 of 4" {
		t.Errorf("claims of the held article: %q, want one busy, then stored after 4 of 4", claims.heldLog)
	}
	if got := in.stored.Load() + in.dups.Load(); got != int64(len(texts)) {
		t.Errorf("%d articles done, want %d\n%s", got, len(texts), stderr.String())
	}
}

// TestIngestLaterCap checks that the articles set aside stay few: past
// laterCap a worker takes up the oldest at once.
func TestIngestLaterCap(t *testing.T) {
	defer func(n int) { laterCap = n }(laterCap)
	laterCap = 1
	dir := t.TempDir()
	claims := &heldClaims{more: map[string]int{}}
	for i := range 6 {
		text := fmt.Sprintf("Minister number %d said the talks would resume on day %d.", i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			claims.more[archive.TextHash(text)] = 0 // busy once, then stored
		}
	}
	in, stderr := claimingIngester(t, claims, 1, 0)
	most := 0
	claims.onClaim = func() {
		in.laterMu.Lock()
		most = max(most, len(in.later))
		in.laterMu.Unlock()
	}
	if err := in.run(context.Background(), []string{dir}, ingest.Options{}); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr.String())
	}
	if got := in.stored.Load() + in.dups.Load(); got != 6 {
		t.Errorf("%d articles done, want 6\n%s", got, stderr.String())
	}
	// The held article appended goes over the cap until the worker's
	// next step: laterCap+1 at most.
	if most > laterCap+1 {
		t.Errorf("%d articles set aside at once, want at most %d", most, laterCap+1)
	}
	for key, n := range claims.more {
		if n != 2 {
			t.Errorf("held article %s… claimed %d times, want 2 (busy, then stored)", key[:8], n)
		}
	}
}
