package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"whosaid"
)

func TestSearchCache(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	fetch := func(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
		calls.Add(1)
		<-release
		if f.Query == "fail" {
			return nil, errors.New("boom")
		}
		return &whosaid.StatementPage{Total: 7}, nil
	}
	c := newSearchCache(time.Hour, 10)
	ctx := context.Background()

	// Concurrent identical searches share one fetch.
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
			if err != nil || p.page.Total != 7 || p.page.Statements == nil {
				t.Errorf("got %+v, %v", p, err)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d fetches for one search, want 1", n)
	}
	// A repeat is served from memory; another filter is not.
	c.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
	c.search(ctx, whosaid.StatementFilter{Query: "a", Cursor: "x"}, fetch)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d fetches, want 2", n)
	}
	// Errors are not kept.
	for i := 0; i < 2; i++ {
		if _, err := c.search(ctx, whosaid.StatementFilter{Query: "fail"}, fetch); err == nil {
			t.Error("no error")
		}
	}
	if n := calls.Load(); n != 4 {
		t.Errorf("%d fetches, want 4 (errors refetched)", n)
	}
	// clear forgets; a caller's deadline is honoured while waiting.
	c.clear()
	c.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
	if n := calls.Load(); n != 5 {
		t.Errorf("%d fetches after clear, want 5", n)
	}
	slow := func(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	dctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := c.search(dctx, whosaid.StatementFilter{Query: "slow"}, slow); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want deadline exceeded", err)
	}
	// Stale-while-revalidate: after the TTL the old page comes back at
	// once and one background query refreshes it.
	short := newSearchCache(30*time.Millisecond, 10)
	var n atomic.Int32
	gate := make(chan struct{}, 10)
	counting := func(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
		v := n.Add(1)
		if v > 1 {
			<-gate
		}
		return &whosaid.StatementPage{Total: int(v)}, nil
	}
	if p, _ := short.search(ctx, whosaid.StatementFilter{}, counting); p.page.Total != 1 {
		t.Fatalf("first total %d", p.page.Total)
	}
	time.Sleep(40 * time.Millisecond)
	for i := 0; i < 5; i++ {
		if p, _ := short.search(ctx, whosaid.StatementFilter{}, counting); p.page.Total != 1 {
			t.Errorf("stale read %d: total %d, want the old page", i, p.page.Total)
		}
	}
	gate <- struct{}{}
	time.Sleep(20 * time.Millisecond)
	if p, _ := short.search(ctx, whosaid.StatementFilter{}, counting); p.page.Total != 2 || n.Load() != 2 {
		t.Errorf("after refresh: total %d, %d queries; want 2, 2", p.page.Total, n.Load())
	}
	// Disabled: every search fetches.
	off := newSearchCache(-1, 10)
	before := calls.Load()
	off.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
	off.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
	if n := calls.Load() - before; n != 2 {
		t.Errorf("disabled cache: %d fetches, want 2", n)
	}
}

// pagerArchive adds StatementsPage to an archive and counts full searches.
type pagerArchive struct {
	whosaid.Archive
	full, pages atomic.Int32
}

func (p *pagerArchive) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	p.full.Add(1)
	return p.Archive.SearchStatements(ctx, f)
}

func (p *pagerArchive) StatementsPage(ctx context.Context, f whosaid.StatementFilter) ([]whosaid.Statement, string, error) {
	p.pages.Add(1)
	page, err := p.Archive.SearchStatements(ctx, f)
	if err != nil {
		return nil, "", err
	}
	return page.Statements, page.NextCursor, nil
}

func TestNextPagesUseStatementPager(t *testing.T) {
	arch := &pagerArchive{Archive: newMemArchive()}
	srv := newTestServer(t, arch, Options{})
	_, body := do(t, "GET", srv.URL+"/api/statements?limit=1", "", "")
	var first whosaid.StatementPage
	if err := json.Unmarshal([]byte(body), &first); err != nil || first.NextCursor == "" {
		t.Fatalf("first page %s (%v)", body, err)
	}
	_, body = do(t, "GET", srv.URL+"/api/statements?limit=1&cursor="+url.QueryEscape(first.NextCursor), "", "")
	var second whosaid.StatementPage
	if err := json.Unmarshal([]byte(body), &second); err != nil {
		t.Fatal(err)
	}
	// Asked again, the next page comes from the cache.
	do(t, "GET", srv.URL+"/api/statements?limit=1&cursor="+url.QueryEscape(first.NextCursor), "", "")
	if arch.full.Load() != 1 || arch.pages.Load() != 1 {
		t.Errorf("%d full searches and %d pages, want 1 and 1", arch.full.Load(), arch.pages.Load())
	}
	if second.Total != first.Total || len(second.Facets.Speakers) != len(first.Facets.Speakers) || len(second.Statements) != 1 ||
		second.Statements[0].ID == first.Statements[0].ID {
		t.Errorf("second page %+v", second)
	}
}
