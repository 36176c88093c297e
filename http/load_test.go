package http

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"whosaid"
	"whosaid/archive"
	"whosaid/sqlite"
)

// The load benchmark has two halves, both off unless asked for (see
// scripts/bench-serve and docs/serve.md):
//
//	WHOSAID_LOAD_BUILD=/tmp/load.db [WHOSAID_LOAD_N=100000] go test ./http -run TestLoadBuild -timeout 2h
//	WHOSAID_LOAD_URL=http://127.0.0.1:8080 go test ./http -run TestLoad$ -v
//	WHOSAID_LOAD_DB=/tmp/load.db go test ./http -run TestLoad$ -v   (in-process server;
//	                                        WHOSAID_LOAD_NOCACHE=1 turns the search cache off)

// TestLoadBuild fills a SQLite archive with WHOSAID_LOAD_N synthetic
// articles. Each is two PolNeAR articles joined, with their extractions
// (run once per corpus article) shifted to the joined text, an outlet and
// a date spread over two years: a realistic mix of statements, people and
// words without running the extractor 100,000 times. Every content gets
// two words appended (see vary), so statements are distinct rather than
// merged into a few thousand repeated ones.
func TestLoadBuild(t *testing.T) {
	path := os.Getenv("WHOSAID_LOAD_BUILD")
	if path == "" {
		t.Skip("set WHOSAID_LOAD_BUILD=path to build the load-test archive")
	}
	n := envInt(t, "WHOSAID_LOAD_N", 100000)
	bases := corpusBases(t)
	arch, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()
	rng := rand.New(rand.NewPCG(4, 2))
	start := time.Now()
	epoch := time.Date(2015, 1, 5, 0, 0, 0, 0, time.UTC)
	// In batches of 64, as `whosaid ingest` stores them.
	var batch []archive.Put
	flush := func() {
		out, err := arch.PutArticles(context.Background(), batch)
		if err != nil {
			t.Fatal(err)
		}
		for j, o := range out {
			if o.Err != nil {
				t.Fatalf("article %s: %v", batch[j].Article.ID, o.Err)
			}
		}
		batch = batch[:0]
	}
	for i := 0; i < n; i++ {
		parts := []base{vary(bases[rng.IntN(len(bases))], rng), vary(bases[rng.IntN(len(bases))], rng)}
		a, x := compose(parts)
		a.ID = fmt.Sprintf("load-%06d", i)
		a.URL = fmt.Sprintf("https://%s.example/%06d", parts[0].outlet, i)
		a.Published = whosaid.Date{Time: epoch.AddDate(0, 0, rng.IntN(730))}
		x.ID, x.Published = a.ID, a.Published
		if batch = append(batch, archive.Put{Article: a, Extraction: x}); len(batch) == 64 || i == n-1 {
			flush()
		}
		if (i+1)%10000 == 0 {
			t.Logf("%d articles in %v", i+1, time.Since(start).Round(time.Second))
		}
	}
	t.Logf("built %s: %d articles in %v", path, n, time.Since(start).Round(time.Second))
}

// base is one corpus article with its extraction.
type base struct {
	a      whosaid.Article
	x      *whosaid.Extraction
	outlet string
}

// corpusBases extracts every PolNeAR text shipped in corpora/.
func corpusBases(t *testing.T) []base {
	x := testExtractor(t)
	meta := map[string][2]string{} // file name → outlet, title
	if f, err := os.Open(filepath.Join("..", "corpora", "polnear", "metadata.tsv")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			c := strings.Split(sc.Text(), "\t")
			if len(c) > 7 {
				meta[c[1]] = [2]string{c[4], c[7]}
			}
		}
		f.Close()
	}
	files, _ := filepath.Glob(filepath.Join("..", "corpora", "polnear", "*", "text", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no PolNeAR texts under corpora/polnear")
	}
	sort.Strings(files)
	out := make([]base, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			b, err := os.ReadFile(f)
			if err != nil {
				t.Error(err)
				return
			}
			name := strings.TrimSuffix(filepath.Base(f), ".txt")
			a := whosaid.Article{ID: name, Text: string(b), Outlet: meta[name][0], Title: meta[name][1]}
			ex, err := x.Extract(a)
			if err != nil {
				t.Error(err)
				return
			}
			out[i] = base{a: a, x: ex, outlet: meta[name][0]}
		}()
	}
	wg.Wait()
	t.Logf("extracted %d corpus articles", len(out))
	return out
}

// compose joins articles into one, shifting every span of their
// extractions to the joined text and keeping entity ids apart.
func compose(parts []base) (whosaid.Article, *whosaid.Extraction) {
	var text strings.Builder
	x := &whosaid.Extraction{Extractor: parts[0].x.Extractor, Title: parts[0].a.Title}
	off := 0
	for k, p := range parts {
		if k > 0 {
			text.WriteString("\n\n")
			off += 2
		}
		text.WriteString(p.a.Text)
		pre := whosaid.EntityID(fmt.Sprintf("p%d-", k))
		id := func(e whosaid.EntityID) whosaid.EntityID {
			if e == "" {
				return ""
			}
			return pre + e
		}
		sh := func(s whosaid.Span) whosaid.Span { s.Start += off; s.End += off; return s }
		for _, e := range p.x.Entities {
			e.ID = id(e.ID)
			e.RoleSpans = mapSlice(e.RoleSpans, sh)
			e.Mentions = mapSlice(e.Mentions, func(m whosaid.Mention) whosaid.Mention { m.Span = sh(m.Span); return m })
			x.Entities = append(x.Entities, e)
		}
		for _, at := range p.x.Attributions {
			at.Speaker = id(at.Speaker)
			if at.Source != nil {
				s := sh(*at.Source)
				at.Source = &s
			}
			at.Cue = sh(at.Cue)
			at.Contents = mapSlice(at.Contents, sh)
			x.Attributions = append(x.Attributions, at)
		}
		for _, in := range p.x.Interactions {
			in.Participants = mapSlice(in.Participants, id)
			in.Cue = sh(in.Cue)
			if in.When != nil {
				w := *in.When
				w.Span = sh(w.Span)
				in.When = &w
			}
			if in.Where != nil {
				w := *in.Where
				w.Entity, w.Span = id(w.Entity), sh(w.Span)
				in.Where = &w
			}
			x.Interactions = append(x.Interactions, in)
		}
		for _, d := range p.x.Dates {
			d.Span = sh(d.Span)
			x.Dates = append(x.Dates, d)
		}
		off += len([]rune(p.a.Text))
	}
	a := whosaid.Article{Title: parts[0].a.Title, Outlet: parts[0].outlet, Text: text.String()}
	return a, x
}

// variantWords end contents so that each copy of a statement differs.
func variantWords() []string {
	return strings.Fields(`again indeed today now also still clearly certainly openly firmly
		quickly soon later there here too already largely mostly simply plainly directly fully
		strongly rightly truly surely broadly deeply fairly highly jointly keenly loudly newly
		nearly partly quietly rarely sharply slowly squarely starkly steadily strictly swiftly
		tightly urgently widely wisely`)
}

// vary returns a copy of b with two random words appended to every
// content, every span of its extraction moved to match.
func vary(b base, rng *rand.Rand) base {
	words := variantWords()
	ins := map[int]string{} // code-point offset → text inserted there
	for _, at := range b.x.Attributions {
		for _, c := range at.Contents {
			ins[c.End] = " " + words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
		}
	}
	at := make([]int, 0, len(ins))
	for p := range ins {
		at = append(at, p)
	}
	sort.Ints(at)
	old := []rune(b.a.Text)
	var text []rune
	prev := 0
	for _, p := range at {
		p = clamp(p, prev, len(old))
		text = append(text, old[prev:p]...)
		text = append(text, []rune(ins[p])...)
		prev = p
	}
	text = append(text, old[prev:]...)
	// moved is where offset p lands: after the insertions before it, and
	// after one at p too when the span ends there and owns it (contents).
	moved := func(p int, own bool) int {
		n := p
		for _, q := range at {
			if q < p || q == p && own {
				n += len([]rune(ins[q]))
			}
		}
		return n
	}
	fix := func(sp whosaid.Span, content bool) whosaid.Span {
		sp.Start, sp.End = moved(sp.Start, true), moved(sp.End, content)
		if sp.Start > sp.End {
			sp.Start = sp.End
		}
		sp.Text = string(text[sp.Start:sp.End])
		return sp
	}
	span := func(sp whosaid.Span) whosaid.Span { return fix(sp, false) }
	x := *b.x
	x.Entities = mapSlice(x.Entities, func(e whosaid.Entity) whosaid.Entity {
		e.RoleSpans = mapSlice(e.RoleSpans, span)
		e.Mentions = mapSlice(e.Mentions, func(m whosaid.Mention) whosaid.Mention { m.Span = span(m.Span); return m })
		return e
	})
	x.Attributions = mapSlice(x.Attributions, func(a whosaid.Attribution) whosaid.Attribution {
		if a.Source != nil {
			s := span(*a.Source)
			a.Source = &s
		}
		a.Cue = span(a.Cue)
		a.Contents = mapSlice(a.Contents, func(c whosaid.Span) whosaid.Span { return fix(c, true) })
		return a
	})
	x.Interactions = mapSlice(x.Interactions, func(in whosaid.Interaction) whosaid.Interaction {
		in.Cue = span(in.Cue)
		if in.When != nil {
			w := *in.When
			w.Span = span(w.Span)
			in.When = &w
		}
		if in.Where != nil {
			w := *in.Where
			w.Span = span(w.Span)
			in.Where = &w
		}
		return in
	})
	x.Dates = mapSlice(x.Dates, func(d whosaid.TimeExpr) whosaid.TimeExpr { d.Span = span(d.Span); return d })
	if x.Dateline != nil {
		d := *x.Dateline
		d.Start, d.End = moved(d.Start, true), moved(d.End, false)
		x.Dateline = &d
	}
	a := b.a
	a.Text = string(text)
	return base{a: a, x: &x, outlet: b.outlet}
}

func mapSlice[T any](s []T, f func(T) T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

// loadQueries are the searches the clients send: common and rare words,
// speakers, filters, and second pages.
func loadQueries() []string {
	words := []string{"Trump", "Clinton", "emails", "health", "campaign", "debate", "tax", "Russia", "immigration",
		"voters", "police", "economy", "jobs", "wall", "Obama", "Sanders", "foundation", "polls", "said", "women"}
	var qs []string
	for _, w := range words {
		qs = append(qs, "q="+w, "q="+w+"&limit=50", "q="+w+"&kind=direct", "q="+w+"&since=2016-01-01&until=2016-06-30")
	}
	qs = append(qs, "", "kind=indirect", "outlet=nyt", "speaker=Donald+Trump", "speaker=Hillary+Clinton&q=emails",
		"since=2015-06-01&until=2015-06-30", "q=Trump+Clinton", "q=%22health+care%22")
	return qs
}

// TestLoad sends WHOSAID_LOAD_REQUESTS (default 20,000) searches from
// WHOSAID_LOAD_CLIENTS (default 100) concurrent clients, for at most
// WHOSAID_LOAD_SECONDS (default 120), to a loopback server only, and
// reports latency percentiles and throughput. WHOSAID_LOAD_NEXT (default
// 10) is the percentage of requests that ask for the next page of the
// client's previous search; WHOSAID_LOAD_WARMUP=0 skips asking each search
// once before measuring.
func TestLoad(t *testing.T) {
	target := os.Getenv("WHOSAID_LOAD_URL")
	if db := os.Getenv("WHOSAID_LOAD_DB"); target == "" && db != "" {
		arch, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer arch.Close()
		opts := DefaultOptions()
		if os.Getenv("WHOSAID_LOAD_NOCACHE") == "1" {
			opts.SearchCacheTTL = -1
		}
		srv := httptest.NewServer(NewServer(arch, nil, opts))
		defer srv.Close()
		target = srv.URL
	}
	if target == "" {
		t.Skip("set WHOSAID_LOAD_URL (a running whosaid serve) or WHOSAID_LOAD_DB to run the load benchmark")
	}
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		t.Fatalf("the load benchmark only targets loopback addresses, not %q", u.Host)
	}
	clients := envInt(t, "WHOSAID_LOAD_CLIENTS", 100)
	total := envInt(t, "WHOSAID_LOAD_REQUESTS", 20000)
	limit := time.Duration(envInt(t, "WHOSAID_LOAD_SECONDS", 120)) * time.Second
	next := envInt(t, "WHOSAID_LOAD_NEXT", 10)
	if envInt(t, "WHOSAID_LOAD_WARMUP", 1) == 1 {
		warmUp(t, target)
	}
	res := runLoad(t, target, clients, total, next, limit)
	fmt.Println(res)
	if res.failed > 0 {
		t.Errorf("%d of %d requests failed (first: %s)", res.failed, res.n, res.firstErr)
	}
}

type loadResult struct {
	n, failed          int
	p50, p95, p99, max time.Duration
	elapsed            time.Duration
	clients, nextPct   int
	nextN              int
	nextP50, nextP95   time.Duration
	firstErr           string
}

func (r loadResult) String() string {
	return fmt.Sprintf("GET /api/statements: %d requests (%d%% next pages), %d clients, %v: %.0f req/s; p50 %v p95 %v p99 %v max %v; %d failed",
		r.n, r.nextPct, r.clients, r.elapsed.Round(time.Millisecond), float64(r.n)/r.elapsed.Seconds(),
		r.p50.Round(100*time.Microsecond), r.p95.Round(100*time.Microsecond), r.p99.Round(100*time.Microsecond), r.max.Round(time.Millisecond), r.failed) +
		fmt.Sprintf("; next pages alone: %d, p50 %v p95 %v", r.nextN, r.nextP50.Round(100*time.Microsecond), r.nextP95.Round(100*time.Microsecond))
}

func runLoad(t *testing.T, target string, clients, total, nextPct int, limit time.Duration) loadResult {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true},
	}
	queries := loadQueries()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var next atomic.Int64
	var mu sync.Mutex
	var lat, nextLat []time.Duration
	var failed int
	var firstErr string
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			var mine, mineNext []time.Duration
			var buf bytes.Buffer
			bad := 0
			cursor, search := "", "" // the search being read on, without its cursor
			for next.Add(1) <= int64(total) && ctx.Err() == nil {
				q := queries[rng.IntN(len(queries))]
				isNext := cursor != "" && rng.IntN(100) < nextPct // read on
				if isNext {
					// The next page of the same search: its filters and the cursor.
					q = search + "&cursor=" + url.QueryEscape(cursor)
				} else {
					search = q
				}
				t0 := time.Now()
				next, err := fetchPage(ctx, client, target+"/api/statements?"+q, &buf)
				d := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					bad++
					mu.Lock()
					if firstErr == "" {
						firstErr = err.Error()
					}
					mu.Unlock()
				}
				cursor = next
				mine = append(mine, d)
				if isNext {
					mineNext = append(mineNext, d)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			nextLat = append(nextLat, mineNext...)
			failed += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(nextLat, func(i, j int) bool { return nextLat[i] < nextLat[j] })
	pct := func(lat []time.Duration, p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	r := loadResult{n: len(lat), failed: failed, elapsed: elapsed, clients: clients, firstErr: firstErr, nextPct: nextPct,
		p50: pct(lat, 0.50), p95: pct(lat, 0.95), p99: pct(lat, 0.99),
		nextN: len(nextLat), nextP50: pct(nextLat, 0.50), nextP95: pct(nextLat, 0.95)}
	if len(lat) > 0 {
		r.max = lat[len(lat)-1]
	}
	return r
}

// warmUp asks each search once, four at a time, so the figures describe
// the steady state rather than the first minute after a start.
func warmUp(t *testing.T, target string) {
	start := time.Now()
	qs := loadQueries()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, q := range qs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := fetchPage(context.Background(), http.DefaultClient, target+"/api/statements?"+q, new(bytes.Buffer)); err != nil {
				t.Logf("warm-up: %v", err)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("warm-up: %d searches in %v\n", len(qs), time.Since(start).Round(time.Millisecond))
}

// fetchPage gets one page and returns its next cursor.
// buf is the caller's, reused across requests: reading each 25 KB page
// into a fresh slice made the generator spend a third of its CPU on
// allocation and garbage collection, CPU the server then lacked.
func fetchPage(ctx context.Context, c *http.Client, u string, buf *bytes.Buffer) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return "", err
	}
	res, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(res.Body); err != nil {
		return "", err
	}
	b := buf.Bytes()
	if res.StatusCode != 200 {
		return "", fmt.Errorf("%s: %d %s", u, res.StatusCode, strings.TrimSpace(string(b)))
	}
	// Only the cursor is needed: find it rather than decode the page, so
	// the generator spends the machine's CPU on the server, not on itself.
	const key = `"next_cursor":"`
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return "", nil
	}
	rest := b[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", fmt.Errorf("%s: truncated next_cursor", u)
	}
	return string(rest[:j]), nil
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a whole number", name, v)
	}
	return n
}

// TestVary checks the load archive's variation keeps every span on its
// text.
func TestVary(t *testing.T) {
	a, x := fixtureArticle(t)
	v := vary(base{a: a, x: x}, rand.New(rand.NewPCG(1, 2)))
	runes := []rune(v.a.Text)
	for _, sp := range extractionSpans(v.x) {
		if sp.Kind == kindDateline {
			continue
		}
		if got := string(runes[sp.Start:sp.End]); got != sp.Text {
			t.Errorf("%s span %q covers %q", sp.Kind, sp.Text, got)
		}
	}
	c := v.x.Attributions[0].Contents[0].Text
	if !strings.HasPrefix(c, "We will soon pray in the Holy Quds.") || len(strings.Fields(c)) != 10 {
		t.Errorf("content %q: want the quote and two more words", c)
	}
	if src := v.x.Attributions[1].Source.Text; src != "Nakhaleh" {
		t.Errorf("source %q", src)
	}
}
