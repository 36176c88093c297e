package http

import (
	"context"
	"errors"
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
			if err != nil || p.Total != 7 || p.Statements == nil {
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
	// Disabled: every search fetches.
	off := newSearchCache(-1, 10)
	before := calls.Load()
	off.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
	off.search(ctx, whosaid.StatementFilter{Query: "a"}, fetch)
	if n := calls.Load() - before; n != 2 {
		t.Errorf("disabled cache: %d fetches, want 2", n)
	}
}
