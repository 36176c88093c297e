package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"whosaid"
	"whosaid/archive"
	"whosaid/archivetest"
	"whosaid/extract"
	"whosaid/sqlite"
)

// polnear is the real material of the benchmarks: the PolNeAR texts with
// their real extractions, made once per test binary (it takes seconds).
var polnear = sync.OnceValues(func() ([]archivetest.Base, error) {
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		return nil, err
	}
	return archivetest.LoadPolNeAR(filepath.Join("..", "corpora", "polnear"), x.Extract)
})

func synth(b *testing.B) *archivetest.Synth {
	bases, err := polnear()
	if err != nil {
		b.Fatal(err)
	}
	return archivetest.NewSynth(bases)
}

func benchStore(b *testing.B, path string) *sqlite.Store {
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkPutArticle measures the store alone: already extracted
// articles (two PolNeAR articles joined, ~30 statements each) stored one
// transaction each.
func BenchmarkPutArticle(b *testing.B) {
	sy := synth(b)
	s := benchStore(b, filepath.Join(b.TempDir(), "bench.db"))
	type item struct {
		a whosaid.Article
		x *whosaid.Extraction
	}
	items := make([]item, b.N)
	for i := range items {
		items[i].a, items[i].x = sy.Article(i)
	}
	ctx := context.Background()
	b.ResetTimer()
	dups := 0
	for _, it := range items {
		res, err := s.PutArticle(ctx, it.a, it.x)
		if err != nil {
			b.Fatal(err)
		}
		if res.Duplicate {
			dups++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	if dups > 0 {
		b.Logf("%d of %d were duplicates", dups, b.N)
	}
}

// BenchmarkPutArticlesBatch measures the store alone writing batches of
// 64 articles, as `whosaid ingest` does.
func BenchmarkPutArticlesBatch(b *testing.B) {
	sy := synth(b)
	s := benchStore(b, filepath.Join(b.TempDir(), "bench.db"))
	puts := make([]archive.Put, b.N)
	for i := range puts {
		puts[i].Article, puts[i].Extraction = sy.Article(i)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < len(puts); i += 64 {
		out, err := s.PutArticles(ctx, puts[i:min(i+64, len(puts))])
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range out {
			if o.Err != nil {
				b.Fatal(o.Err)
			}
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkIngestPlainText measures what `whosaid ingest` does with plain
// text: the real extractor on every core, one writer storing the results.
func BenchmarkIngestPlainText(b *testing.B) {
	sy := synth(b)
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	s := benchStore(b, filepath.Join(b.TempDir(), "bench.db"))
	arts := make([]whosaid.Article, b.N)
	for i := range arts {
		arts[i], _ = sy.Article(i)
	}
	ctx := context.Background()
	type result struct {
		a whosaid.Article
		x *whosaid.Extraction
	}
	b.ResetTimer()
	jobs := make(chan whosaid.Article)
	results := make(chan result, 64)
	var wg sync.WaitGroup
	for range max(1, runtimeProcs()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				ex, err := x.Extract(a)
				if err != nil {
					b.Error(err)
					continue
				}
				results <- result{a, ex}
			}
		}()
	}
	go func() {
		for _, a := range arts {
			jobs <- a
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if _, err := s.PutArticle(ctx, r.a, r.x); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch measures search latency (p50 and p95 over a mix of
// queries and filters) on an archive of synthetic articles:
// 100,000 with WHOSAID_BENCH_BIG=1 (built once, in WHOSAID_BENCH_DB if set,
// reused when that file exists), 2,000 otherwise.
func BenchmarkSearch(b *testing.B) {
	n := 2000
	if os.Getenv("WHOSAID_BENCH_BIG") != "" {
		n = 100000
	}
	if v, err := strconv.Atoi(os.Getenv("WHOSAID_BENCH_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	path := os.Getenv("WHOSAID_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "search.db")
	}
	s := benchStore(b, path)
	ctx := context.Background()
	if err := fill(b, s, n); err != nil {
		b.Fatal(err)
	}
	filters := searchMix(b, s)
	durs := make([]time.Duration, 0, b.N)
	worst := make([]time.Duration, len(filters))
	b.ResetTimer()
	for i := range b.N {
		f := filters[i%len(filters)]
		start := time.Now()
		if _, err := s.SearchStatements(ctx, f); err != nil {
			b.Fatalf("%+v: %v", f, err)
		}
		d := time.Since(start)
		durs = append(durs, d)
		worst[i%len(filters)] = max(worst[i%len(filters)], d)
	}
	b.StopTimer()
	for i, f := range filters {
		b.Logf("slowest %8.2f ms  %+v", float64(worst[i].Microseconds())/1000, f)
	}
	p50, p95 := percentiles(durs)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(0, "ns/op")
}

// fill adds synthetic articles until the archive holds n.
func fill(b *testing.B, s *sqlite.Store, n int) error {
	ctx := context.Background()
	have := 0
	for {
		res, err := s.SearchStatements(ctx, whosaid.StatementFilter{Limit: 1})
		if err != nil {
			return err
		}
		if len(res.Statements) == 0 {
			break
		}
		// Articles are numbered from 1 in insertion order.
		for have < n {
			if _, err := s.Article(ctx, int64(have+1)); err != nil {
				break
			}
			have += 1000
		}
		have -= 1000
		for have < n {
			if _, err := s.Article(ctx, int64(have+1)); err != nil {
				break
			}
			have++
		}
		break
	}
	if have >= n {
		return nil
	}
	sy := synth(b)
	start := time.Now()
	for i := have; i < n; i += 64 {
		var puts []archive.Put
		for j := i; j < min(i+64, n); j++ {
			a, x := sy.Article(j)
			puts = append(puts, archive.Put{Article: a, Extraction: x})
		}
		if _, err := s.PutArticles(ctx, puts); err != nil {
			return err
		}
	}
	b.Logf("built an archive of %d articles in %s", n, time.Since(start).Round(time.Second))
	return nil
}

// searchMix is the set of searches measured: full-text queries of common
// and rare words, phrases, exclusions, speaker, outlet, date, kind and org
// filters, and a second page.
func searchMix(b *testing.B, s *sqlite.Store) []whosaid.StatementFilter {
	ctx := context.Background()
	ps, err := s.People(ctx, "", 3)
	if err != nil {
		b.Fatal(err)
	}
	day := func(v string) whosaid.Date { d, _ := whosaid.ParseDate(v); return d }
	fs := []whosaid.StatementFilter{
		{},
		{Query: "Trump"},
		{Query: "president"},
		{Query: "Clinton email"},
		{Query: `"health care"`},
		{Query: "immigration -wall"},
		{Query: "economy OR jobs"},
		{Query: "cybersecurity"},
		{Outlet: "Reuters", Since: day("2016-01-01"), Until: day("2016-06-30")},
		{Kind: whosaid.Direct, Query: "believe"},
		{Org: "FBI"},
		{Since: day("2017-06-01")},
	}
	for _, p := range ps {
		fs = append(fs, whosaid.StatementFilter{Speaker: p.Name}, whosaid.StatementFilter{Speaker: p.Name, Query: "said"})
	}
	page, err := s.SearchStatements(ctx, whosaid.StatementFilter{Query: "Trump"})
	if err != nil {
		b.Fatal(err)
	}
	fs = append(fs, whosaid.StatementFilter{Query: "Trump", Cursor: page.NextCursor})
	return fs
}

func percentiles(d []time.Duration) (p50, p95 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	slices.Sort(d)
	return d[len(d)*50/100], d[min(len(d)-1, len(d)*95/100)]
}
