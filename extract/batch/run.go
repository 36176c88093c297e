package batch

import (
	"context"
	"iter"
	"runtime"
	"sync"

	"whosaid"
)

// Options configure Run.
type Options struct {
	// Workers is the number of extracting goroutines; all cores when < 1.
	Workers int
	// Window bounds the items read but not yet emitted (being extracted
	// or waiting for an earlier one); 4×Workers when < 1. Memory is
	// bounded by Window times the largest article.
	Window int
}

// EmitFunc receives each item in input order with its extraction, or the
// error reading or extracting it. An error it returns stops the run.
type EmitFunc func(it Item, x *whosaid.Extraction, err error) error

type job struct {
	seq int
	it  Item
	x   *whosaid.Extraction
	err error
}

// Run extracts from every item with a pool of workers and calls emit for
// each in input order. Items carrying an error are passed to emit as they
// are; an extraction that panics is reported as an EINTERNAL error for its
// item. Run returns the first error emit returns, or ctx's error when ctx
// ends first.
func Run(ctx context.Context, items iter.Seq[Item], extract ExtractFunc, opts Options, emit EmitFunc) error {
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	window := opts.Window
	if window < 1 {
		window = 4 * workers
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	slots := make(chan struct{}, window) // one per item read and not yet emitted
	jobs := make(chan job)
	results := make(chan job, window)

	go func() { // reader
		defer close(jobs)
		// A slot is taken before each item is read, so no more than
		// window items are ever held.
		acquire := func() bool {
			select {
			case slots <- struct{}{}:
				return ctx.Err() == nil
			case <-ctx.Done():
				return false
			}
		}
		if !acquire() {
			return
		}
		seq := 0
		for it := range items {
			jobs <- job{seq: seq, it: it}
			seq++
			if !acquire() {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				switch {
				case j.it.Err != nil:
					j.err = j.it.Err
				case ctx.Err() != nil:
					j.err = ctx.Err()
				default:
					j.x, j.err = safeExtract(extract, j.it)
				}
				results <- j
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Emit in order; at most window results wait here.
	pending := make(map[int]job, window)
	next := 0
	var err error
	for j := range results {
		if err == nil {
			err = ctx.Err() // cancelled from outside
		}
		if err != nil {
			<-slots // draining after a failure
			continue
		}
		pending[j.seq] = j
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if err = emit(p.it, p.x, p.err); err != nil {
				cancel()
				break
			}
		}
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}

// safeExtract runs extract, turning a panic into an error for the item:
// one article must not bring the whole run down.
func safeExtract(extract ExtractFunc, it Item) (x *whosaid.Extraction, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, whosaid.Errorf(whosaid.EINTERNAL, "%s: extractor panicked: %v", it.Name, r)
		}
	}()
	return extract(it.Article)
}
