package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"whosaid/archive"
	"whosaid/archivetest"
	"whosaid/extract"
	"whosaid/postgres"
)

// BenchmarkSearch measures search latency (p50 and p95 over the mix of
// queries and filters the SQLite benchmark uses) on an archive of
// synthetic articles (archivetest.Synth): 2,000 in the schema
// whosaid_bench_2k, or with WHOSAID_BENCH_BIG=1 100,000 in whosaid_bench
// (WHOSAID_BENCH_SCHEMA overrides), built once, resumed if interrupted,
// and kept for the next run.
//
//	WHOSAID_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	WHOSAID_BENCH_BIG=1 go test -run '^$' -bench Search -benchtime 400x -timeout 0 ./postgres
//
// WHOSAID_BENCH_NO_RUM=1 searches through GIN alone, as on a server
// without the rum extension.
func BenchmarkSearch(b *testing.B) {
	if os.Getenv("WHOSAID_BENCH_NO_RUM") != "" {
		defer postgres.SetNoRUM()()
	}
	s := benchArchive(b)
	archivetest.BenchSearch(b, s, archivetest.SearchMix(b, s))
}

// benchArchive opens (and fills) the benchmark's archive once per test
// binary: the testing package calls a benchmark more than once.
var benchArchive = func() func(b *testing.B) *postgres.Store {
	var once sync.Once
	var s *postgres.Store
	var err error
	return func(b *testing.B) *postgres.Store {
		dsn := testDSN(b)
		once.Do(func() {
			n, schema := 2000, "whosaid_bench_2k"
			if os.Getenv("WHOSAID_BENCH_BIG") != "" {
				n, schema = 100000, "whosaid_bench"
			}
			if v := os.Getenv("WHOSAID_BENCH_SCHEMA"); v != "" {
				schema = v
			}
			var conn *pgx.Conn
			if conn, err = pgx.Connect(context.Background(), dsn); err != nil {
				return
			}
			_, err = conn.Exec(context.Background(), `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize())
			conn.Close(context.Background())
			if err != nil {
				return
			}
			schemaDSN := withSchema(dsn, schema)
			if s, err = postgres.Open(context.Background(), schemaDSN); err != nil {
				return
			}
			err = fill(b, schemaDSN, s, n)
		})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
}()

// fill stores synthetic articles until n have been put (each put adds one
// sighting, so the sightings count how far an earlier build got), from
// as many goroutines as there are cores: PostgreSQL takes them at once.
func fill(b *testing.B, dsn string, s *postgres.Store, n int) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	// Planner statistics and the visibility map, as autovacuum would
	// leave them after a bulk load: a fresh schema without statistics gets
	// nested-loop plans 30x slower, and walks by day are index-only scans
	// only on pages marked all-visible.
	defer conn.Exec(ctx, `VACUUM ANALYZE`)
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM sightings`).Scan(&have); err != nil || have >= n {
		return err
	}
	sy, err := newSynth()
	if err != nil {
		return err
	}
	start := time.Now()
	next := make(chan int)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range next {
				a, x := sy.Article(i)
				if _, err := s.PutArticle(ctx, a, x); err != nil {
					errs <- err
					return
				}
			}
		})
	}
feed:
	for i := have; i < n; i++ {
		select {
		case next <- i:
		case err = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return err
	}
	select {
	case err = <-errs:
		return err
	default:
	}
	b.Logf("stored %d synthetic articles in %s", n-have, time.Since(start).Round(time.Second))
	return nil
}

// BenchmarkPutArticle measures the store alone: synthetic articles (two
// PolNeAR articles joined, ~40 statements each, already extracted) stored
// into a fresh schema by two goroutines per core, as `whosaid ingest` does.
//
//	WHOSAID_TEST_POSTGRES=… go test -run '^$' -bench PutArticle -benchtime 1000x ./postgres
func BenchmarkPutArticle(b *testing.B) {
	sy, err := newSynth()
	if err != nil {
		b.Fatal(err)
	}
	s, err := postgres.Open(context.Background(), freshSchema(b, testDSN(b)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	puts := sy.Puts(b.N)
	ctx := context.Background()
	next := make(chan archive.Put)
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range next {
				if _, err := s.PutArticle(ctx, p.Article, p.Extraction); err != nil {
					failed.Store(err)
				}
			}
		})
	}
	for _, p := range puts {
		next <- p
	}
	close(next)
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// newSynth makes synthetic articles from the PolNeAR texts and their real
// extractions (seconds of extraction).
func newSynth() (*archivetest.Synth, error) {
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		return nil, err
	}
	bases, err := archivetest.LoadPolNeAR(filepath.Join("..", "corpora", "polnear"), x.Extract)
	if err != nil {
		return nil, err
	}
	return archivetest.NewSynth(bases), nil
}
