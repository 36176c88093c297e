package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
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
	puts := sy.Puts(b.N)
	ctx := context.Background()
	cpu := startCPU()
	b.ResetTimer()
	dups := 0
	for _, p := range puts {
		res, err := s.PutArticle(ctx, p.Article, p.Extraction)
		if err != nil {
			b.Fatal(err)
		}
		if res.Duplicate {
			dups++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(cpu()/float64(b.N)*1000, "cpu-ms/article")
	if dups > 0 {
		b.Logf("%d of %d were duplicates", dups, b.N)
	}
}

// BenchmarkPutArticlesBatch measures the store alone writing batches of
// 64 articles, as `whosaid ingest` does.
func BenchmarkPutArticlesBatch(b *testing.B) {
	sy := synth(b)
	s := benchStore(b, filepath.Join(b.TempDir(), "bench.db"))
	puts := sy.Puts(b.N)
	for i := range puts {
		// As in `whosaid ingest`, the workers make the rows.
		var err error
		if puts[i].Doc, err = archive.Prepare(puts[i].Article, puts[i].Extraction); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	cpu := startCPU()
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
	b.ReportMetric(cpu()/float64(b.N)*1000, "cpu-ms/article")
}

// startCPU returns a function that gives the CPU seconds (user and
// system, all threads) this process used since: on a shared machine whose
// hypervisor steals time, it varies less than the wall clock.
func startCPU() func() float64 {
	start := cpuSeconds()
	return func() float64 { return cpuSeconds() - start }
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
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
	cpu := startCPU()
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
	b.ReportMetric(cpu()/float64(b.N)*1000, "cpu-ms/article")
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
	if err := fill(b, s, n); err != nil {
		b.Fatal(err)
	}
	archivetest.BenchSearch(b, s, archivetest.SearchMix(b, s))
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
