package http

import (
	"context"
	"fmt"
	"sync"
	"time"

	"whosaid"
)

// searchCache keeps recent first pages of statement searches. Searches
// repeat (popular names, facet links), and counting facets over a large
// archive costs far more than a lookup here. An expired page is still
// served while one background query refreshes it (stale-while-revalidate),
// and concurrent identical misses share one query, so a popular search
// never makes a crowd wait on the archive. A few seconds of staleness is
// invisible next to how often articles arrive.
type searchCache struct {
	ttl     time.Duration
	max     int
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

// cacheEntry is one search. done is closed once the first query ended;
// page then stays set until a refresh replaces it.
type cacheEntry struct {
	done       chan struct{}
	page       *cachedPage
	err        error
	expires    time.Time
	refreshing bool
}

// cachedPage is a search result with its JSON encoding made once, on
// first use, so a popular search is encoded once per refresh, not once
// per request.
type cachedPage struct {
	page *whosaid.StatementPage
	once sync.Once
	body []byte
}

// JSON returns the page as the API writes it.
func (c *cachedPage) JSON() []byte {
	c.once.Do(func() { c.body = encodeJSON(c.page) })
	return c.body
}

type searchFunc func(context.Context, whosaid.StatementFilter) (*whosaid.StatementPage, error)

func newSearchCache(ttl time.Duration, max int) *searchCache {
	return &searchCache{ttl: ttl, max: max, entries: map[string]*cacheEntry{}}
}

func cacheKey(f whosaid.StatementFilter) string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%s|%s|%q|%d|%q", f.Query, f.About, f.Speaker, f.Org, f.Outlet, f.Since, f.Until, f.Kind, f.Limit, f.Cursor)
}

// search returns the page for f from the cache or from fetch. Errors are
// not kept. The returned page is shared: callers must not modify it.
func (c *searchCache) search(ctx context.Context, f whosaid.StatementFilter, fetch searchFunc) (*cachedPage, error) {
	if c == nil || c.ttl <= 0 {
		page, err := fetch(ctx, f)
		if err != nil {
			return nil, err
		}
		return &cachedPage{page: page}, nil
	}
	key := cacheKey(f)
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[key]
	switch {
	case !ok:
		if len(c.entries) >= c.max {
			c.evict(now)
		}
		e = &cacheEntry{done: make(chan struct{})}
		c.entries[key] = e
		go c.fill(ctx, key, e, f, fetch)
	case e.page != nil && now.After(e.expires) && !e.refreshing:
		e.refreshing = true
		go c.fill(ctx, key, e, f, fetch)
	}
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.page, e.err
}

// fill runs one search for everyone waiting on e, or refreshes e. It runs
// on a deadline detached from the caller's (the same length), so one
// client going away does not fail the others waiting on the search.
func (c *searchCache) fill(ctx context.Context, key string, e *cacheEntry, f whosaid.StatementFilter, fetch searchFunc) {
	qctx := context.WithoutCancel(ctx)
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		qctx, cancel = context.WithTimeout(qctx, time.Until(dl))
		defer cancel()
	}
	page, err := fetch(qctx, f)
	if err == nil && page.Statements == nil {
		page.Statements = []whosaid.Statement{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e.refreshing = false
	switch {
	case err == nil:
		e.page, e.err, e.expires = &cachedPage{page: page}, nil, time.Now().Add(c.ttl)
	case e.page == nil: // first query failed: tell the waiters, keep nothing
		e.err = err
		if c.entries[key] == e {
			delete(c.entries, key)
		}
	}
	// A failed refresh keeps serving the stale page; the next request
	// after expiry tries again.
	select {
	case <-e.done:
	default:
		close(e.done)
	}
}

// evict drops the entries expired longest ago, or any finished ones when
// none has expired: crude, but bounded and cheap at this size.
func (c *searchCache) evict(now time.Time) {
	for k, e := range c.entries {
		if e.page != nil && now.After(e.expires.Add(c.ttl)) && !e.refreshing {
			delete(c.entries, k)
		}
	}
	for k, e := range c.entries {
		if len(c.entries) < c.max {
			return
		}
		if e.page != nil && !e.refreshing {
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
		if e.page != nil && !e.refreshing {
			delete(c.entries, k)
		}
	}
}
