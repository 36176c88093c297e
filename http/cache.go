package http

import (
	"context"
	"fmt"
	"sync"
	"time"

	"whosaid"
)

// searchCache keeps recent statement pages for a short time and lets
// concurrent identical searches share one archive query. Searches repeat
// (the same popular names, the same facet links), counting facets over
// a large archive costs far more than a lookup here, and a few seconds of
// staleness is invisible next to how often articles arrive.
type searchCache struct {
	ttl     time.Duration
	max     int
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

// cacheEntry is one search, done or in flight (done is closed when page
// and err are set).
type cacheEntry struct {
	done    chan struct{}
	page    *whosaid.StatementPage
	err     error
	expires time.Time
}

func newSearchCache(ttl time.Duration, max int) *searchCache {
	return &searchCache{ttl: ttl, max: max, entries: map[string]*cacheEntry{}}
}

// search returns the page for f from the cache, or runs fetch once for
// all callers asking for the same f at the same time. Errors are not
// kept. The returned page is shared: callers must not modify it.
func (c *searchCache) search(ctx context.Context, f whosaid.StatementFilter,
	fetch func(context.Context, whosaid.StatementFilter) (*whosaid.StatementPage, error)) (*whosaid.StatementPage, error) {
	if c == nil || c.ttl <= 0 {
		return fetch(ctx, f)
	}
	key := fmt.Sprintf("%q|%q|%q|%q|%s|%s|%q|%d|%q", f.Query, f.Speaker, f.Org, f.Outlet, f.Since, f.Until, f.Kind, f.Limit, f.Cursor)
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok || !e.expires.IsZero() && !now.Before(e.expires) {
		if len(c.entries) >= c.max {
			c.evict(now)
		}
		e = &cacheEntry{done: make(chan struct{})}
		c.entries[key] = e
		go c.fill(ctx, key, e, f, fetch)
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.page, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fill runs one search for everyone waiting on e. It runs on its own
// deadline (the caller's timeout, detached from the caller), so one
// client going away does not fail the others waiting on the same search.
func (c *searchCache) fill(ctx context.Context, key string, e *cacheEntry, f whosaid.StatementFilter,
	fetch func(context.Context, whosaid.StatementFilter) (*whosaid.StatementPage, error)) {
	qctx := context.WithoutCancel(ctx)
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		qctx, cancel = context.WithDeadline(qctx, dl)
		defer cancel()
	}
	page, err := fetch(qctx, f)
	if err == nil && page.Statements == nil {
		page.Statements = []whosaid.Statement{}
	}
	c.mu.Lock()
	e.page, e.err = page, err
	if err != nil {
		delete(c.entries, key) // errors are not kept
	} else {
		e.expires = time.Now().Add(c.ttl)
	}
	c.mu.Unlock()
	close(e.done)
}

// evict drops expired entries, or every finished one when none has
// expired: crude, but bounded and cheap at this size.
func (c *searchCache) evict(now time.Time) {
	for k, e := range c.entries {
		if !e.expires.IsZero() && now.After(e.expires) {
			delete(c.entries, k)
		}
	}
	if len(c.entries) < c.max {
		return
	}
	for k, e := range c.entries {
		if !e.expires.IsZero() {
			delete(c.entries, k)
		}
	}
}

// clear forgets every finished search, after this server stored an
// article.
func (c *searchCache) clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if !e.expires.IsZero() {
			delete(c.entries, k)
		}
	}
}
