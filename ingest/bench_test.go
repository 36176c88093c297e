package ingest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchJSONL writes n JSON lines cycling the fixture texts.
func benchJSONL(b testing.TB, dir string, n int) string {
	path := filepath.Join(dir, "bench.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fx := fixtures[i%len(fixtures)]
		w.Write(jsonlLine(b, map[string]string{"id": fmt.Sprintf("%s-%d", fx.Name, i), "url": fx.URL,
			"title": fx.Title, "published": fx.Day, "text": fx.rawText(b)}))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// benchWARC writes a WARC.gz of n HTML responses cycling the fixture pages.
func benchWARC(b testing.TB, dir string, n int) string {
	path := filepath.Join(dir, "bench.warc.gz")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	w := newWARCWriter(b, bw)
	w.warcinfo()
	for i := range n {
		fx := fixtures[i%len(fixtures)]
		w.response(fx.URL+"?v="+strconv.Itoa(i), "200 OK", "text/html; charset=utf-8", nil, []byte(fx.page(b)))
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// benchRead reads path b.N times and reports articles/s and MB/s.
func benchRead(b *testing.B, path string) {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	b.ResetTimer()
	articles := 0
	for b.Loop() {
		err := Read(context.Background(), []string{path}, Options{}, func(it Item) error {
			if it.Err != nil {
				return it.Err
			}
			articles++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkReadJSONL reads 2,000 real article texts from JSON Lines.
func BenchmarkReadJSONL(b *testing.B) { benchRead(b, benchJSONL(b, b.TempDir(), 2000)) }

// BenchmarkReadWARC reads 100 real articles wrapped as news pages from a
// WARC.gz: gowarc, gzip, and the HTML path (trafilatura) for each.
func BenchmarkReadWARC(b *testing.B) { benchRead(b, benchWARC(b, b.TempDir(), 100)) }

// TestWARCMemoryBounded reads a large generated WARC.gz and checks the
// heap stays bounded. It is slow, so it runs only when WHOSAID_BIG_WARC
// gives the size to generate in MB:
//
//	WHOSAID_BIG_WARC=200 go test ./ingest -run TestWARCMemoryBounded -v
//
// The file mixes what a news crawl holds: 1 MiB incompressible binary
// responses (skipped, but gowarc still reads and buffers each), real
// article pages, every 40th round a 2 MB page bloated with scripts, and
// one page of 6,000 paragraphs that must be refused, not extracted.
func TestWARCMemoryBounded(t *testing.T) {
	mb, _ := strconv.Atoi(os.Getenv("WHOSAID_BIG_WARC"))
	if mb <= 0 {
		t.Skip("set WHOSAID_BIG_WARC=<MB> to run")
	}
	path := filepath.Join(t.TempDir(), "big.warc.gz")
	keep := os.Getenv("WHOSAID_BIG_WARC_OUT") // write the file there and stop: scripts/bench-warc-ingest
	if keep != "" {
		path = keep
	}
	start := time.Now()
	pages := bigWARC(t, path, int64(mb)<<20)
	info, _ := os.Stat(path)
	t.Logf("generated %s: %.0f MB, %d article pages, in %s", filepath.Base(path), float64(info.Size())/(1<<20), pages, time.Since(start).Round(time.Second))
	if keep != "" {
		return
	}

	runtime.GC()
	var peak, peakSys uint64
	var last, peakAfter atomic.Value
	last.Store("start")
	peakAfter.Store("")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak {
				peak = ms.HeapInuse
				peakAfter.Store(last.Load())
			}
			peakSys = max(peakSys, ms.Sys)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	start = time.Now()
	articles, failed := 0, 0
	err := Read(context.Background(), []string{path}, Options{}, func(it Item) error {
		last.Store(it.Origin)
		if it.Err != nil {
			failed++
			t.Log(it.Err)
		} else {
			articles++
		}
		return nil
	})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	t.Logf("read %d articles (%d failed) in %s: %.0f articles/s, %.1f MB/s; peak HeapInuse %.1f MB, peak Sys %.1f MB",
		articles, failed, elapsed.Round(time.Millisecond), float64(articles)/elapsed.Seconds(),
		float64(info.Size())/(1<<20)/elapsed.Seconds(), float64(peak)/(1<<20), float64(peakSys)/(1<<20))
	t.Logf("peak reached after %s", peakAfter.Load())
	if articles != pages || failed != 1 {
		t.Errorf("read %d articles and %d errors, want %d articles and the huge page's error", articles, failed, pages)
	}
	if peak > 100<<20 {
		t.Errorf("peak HeapInuse %.1f MB, want under 100 MB", float64(peak)/(1<<20))
	}
}

// bigWARC writes a WARC.gz of about size bytes and returns the number of
// article pages in it.
func bigWARC(t *testing.T, path string, size int64) int {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := newWARCWriter(t, bw)
	w.level = 1
	w.warcinfo()
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	blob := make([]byte, 1<<20)
	nyt := fixtureByName(t, "nyt")
	// A 2 MB page as modern sites serve them: the article among inline
	// scripts, styles and SVG.
	bloat := "<script>var state = " + strings.Repeat(`{"k":"v","list":[1,2,3]},`, 40_000) + "0;</script>\n" +
		"<style>" + strings.Repeat(".c{color:red;margin:0 auto}\n", 20_000) + "</style>\n" +
		"<svg>" + strings.Repeat(`<path d="M0 0L10 10"/>`, 10_000) + "</svg>\n"
	bigPage := strings.Replace(nyt.page(t), "<main>", bloat+"<main>", 1)
	// A page of 6,000 paragraphs trafilatura cannot extract in bounded
	// memory: it must be reported, once.
	hugePage := "<html><body>" + strings.Repeat("<p>"+strings.Join(nyt.paras(t)[:3], " ")+"</p>\n", 6000) + "</body></html>"
	w.response(nyt.URL+"?huge", "200 OK", "text/html", nil, []byte(hugePage))
	pages := 0
	for round := 0; ; round++ {
		if info, _ := f.Stat(); info.Size()+int64(bw.Buffered()) >= size {
			break
		}
		for i := range blob {
			blob[i] = byte(rng.Uint32())
		}
		w.response(fmt.Sprintf("https://cdn.example.com/img/%d.jpg", round), "200 OK", "image/jpeg", nil, blob)
		for i, fx := range fixtures {
			w.response(fmt.Sprintf("%s?round=%d&i=%d", fx.URL, round, i), "200 OK", "text/html; charset=utf-8", nil, []byte(fx.page(t)))
			pages++
		}
		if round%40 == 0 {
			w.response(fmt.Sprintf("%s?big=%d", nyt.URL, round), "200 OK", "text/html; charset=utf-8", nil, []byte(bigPage))
			pages++
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return pages
}
