package eval

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"whosaid"
)

// ExtractFunc extracts from one article; *extract.Extractor's Extract
// method is one.
type ExtractFunc func(whosaid.Article) (*whosaid.Extraction, error)

// Run is the outcome of Evaluate.
type Run struct {
	Report  Report
	Results []DocResult // in the order of the docs
	// Failed names the articles the extractor failed on (error or panic),
	// with the error; they are scored as empty extractions.
	Failed  []error
	Bytes   int64
	Elapsed time.Duration
	Workers int
}

// Evaluate extracts from every doc with workers goroutines (all cores when
// workers < 1) and scores each against its gold. A failing or panicking
// extraction does not stop the run: the article scores as empty and is
// listed in Failed. It stops early, with ctx's error, when ctx is done.
func Evaluate(ctx context.Context, docs []Doc, extract ExtractFunc, workers int) (*Run, error) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	run := &Run{Results: make([]DocResult, len(docs)), Workers: workers}
	errs := make([]error, len(docs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				d := &docs[i]
				x, err := safeExtract(extract, whosaid.Article{ID: d.Name, Text: d.Text, Published: d.Published})
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", d.Name, err)
					x = nil
				}
				run.Results[i] = ScoreDoc(d, x)
			}
		}()
	}
feed:
	for i := range docs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	run.Elapsed = time.Since(start)
	for i := range docs {
		run.Bytes += int64(len(docs[i].Text))
		run.Report.Add(run.Results[i])
		if errs[i] != nil {
			run.Failed = append(run.Failed, errs[i])
		}
	}
	return run, nil
}

// safeExtract calls extract, turning a panic into an error so one bad
// article does not end an evaluation.
func safeExtract(extract ExtractFunc, a whosaid.Article) (x *whosaid.Extraction, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return extract(a)
}
