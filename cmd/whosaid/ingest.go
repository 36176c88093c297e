package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"whosaid"
	"whosaid/archive"
	"whosaid/extract"
	"whosaid/ingest"
)

func newIngestCmd() *cobra.Command {
	var (
		db           string
		workers      int
		allowPrivate bool
	)
	cmd := &cobra.Command{
		Use:   "ingest [--db DSN] SOURCE...",
		Short: "Read articles, extract who said what and store them in the archive",
		Long: `Read every article of the sources (text, HTML, JSON Lines, WARC, RSS/Atom
feeds as files or http(s) URLs, or - for JSON Lines on standard input),
extract it and store it with its extraction in the archive. Syndicated
copies and near-duplicates are stored once with every place they were
seen; the same input twice adds nothing, so an interrupted ingest can
simply be run again.

--db is a SQLite file (default ./whosaid.db) or a postgres:// URL. Several
ingest processes, on one machine or many, may share one PostgreSQL
archive: they split the articles between them and extract each once.

Each failed input gets one line on standard error naming it; the rest
goes on, a summary line ends the run and the exit status is 1 if anything
failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, sources []string) error {
			batchGC()
			a, err := openArchive(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer a.Close()
			x, err := extract.New(extract.DefaultOptions())
			if err != nil {
				return err
			}
			in := &ingester{archive: a, extract: x.Extract, workers: workers, stderr: cmd.ErrOrStderr()}
			in.claims, _ = a.(archive.Claimer)
			in.packer, _ = a.(archive.Packer)
			opts := ingest.Options{AllowPrivate: allowPrivate, Stdin: cmd.InOrStdin()}
			return in.run(cmd.Context(), sources, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&db, "db", defaultDB, "archive: a SQLite file or a postgres:// URL")
	f.IntVar(&workers, "workers", 0, "extraction goroutines (0: one per core, less one for the SQLite writer; two per core for PostgreSQL)")
	f.BoolVar(&allowPrivate, "allow-private", false, "allow fetching feeds and links on loopback and private addresses")
	return cmd
}

// batchGC lets the heap grow to six times what is live before a
// collection (GOGC=500) unless the user set GOGC. Some 30 MB of the live
// heap are regular expressions that go-dateparser (through go-trafilatura)
// compiles at start-up, and marking them every few megabytes of
// allocation took ~10 % of an ingest's CPU. Against the default, 300 used
// 8 % less CPU and ran 4 % faster; 500 against 300, 4 % less CPU and 6 %
// faster (median of 20 interleaved runs of the PolNeAR texts), for ~70 MB
// more peak RSS (340 against 270 MB). 600 and 800 were no faster.
func batchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(500)
	}
}

// ingester runs reader → worker pool (claim, extract, store) and counts.
type ingester struct {
	archive whosaid.Archive
	claims  archive.Claimer // nil: extract everything
	packer  archive.Packer  // nil: the store takes extractions as JSON
	extract func(whosaid.Article) (*whosaid.Extraction, error)
	workers int
	stderr  io.Writer

	stored, dups, failed atomic.Int64
	readDone             atomic.Bool // every item is queued for the workers
	mu                   sync.Mutex  // one error line at a time
	laterMu              sync.Mutex
	later                []ingest.Item // held by another process when first met
	out                  io.Writer     // error lines: stderr, or above the bar
	bar                  *mpb.Bar      // nil when not on a terminal
}

func (in *ingester) run(ctx context.Context, sources []string, opts ingest.Options) error {
	batches, batched := in.archive.(archive.BatchPutter)
	if in.workers <= 0 {
		in.workers = defaultWorkers(runtime.GOMAXPROCS(0), batched)
	}
	start := time.Now()
	in.out = in.stderr
	bar, wait := in.progress(ctx, sources)
	in.bar = bar
	// The reader runs only when a core is free: with a short queue the
	// workers found it empty every few articles (30 ms idle per 924
	// PolNeAR texts), with readAhead it fills the queue in one go.
	items := make(chan ingest.Item, readAhead)
	var puts chan put
	var writer sync.WaitGroup
	if batched {
		// Room for two batches: with one, the workers stopped whenever a
		// batch took the writer longer than usual (+3 % rate with two).
		puts = make(chan put, 2*batchSize)
		writer.Add(1)
		go func() {
			defer writer.Done()
			in.writeBatches(ctx, batches, puts, items)
		}()
	}
	var wg sync.WaitGroup
	for range in.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				in.one(ctx, it, puts, false)
			}
		}()
	}
	readErr := ingest.Read(ctx, sources, opts, func(it ingest.Item) error {
		select {
		case items <- it:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	in.readDone.Store(true)
	close(items)
	wg.Wait()
	in.second(ctx, puts)
	if puts != nil {
		close(puts)
		writer.Wait()
	}
	if bar != nil {
		bar.SetTotal(-1, true)
		wait()
	}
	n := in.stored.Load() + in.dups.Load() + in.failed.Load()
	el := time.Since(start)
	fmt.Fprintf(in.stderr, "whosaid: %d articles in %s (%.0f/s): %d stored, %d duplicates, %d failed\n",
		n, el.Round(time.Millisecond), float64(n)/max(el.Seconds(), 1e-9), in.stored.Load(), in.dups.Load(), in.failed.Load())
	if readErr != nil {
		return readErr
	}
	if f := in.failed.Load(); f > 0 {
		return errSilent{int(f)}
	}
	return nil
}

// defaultWorkers is how many extraction goroutines run on procs cores.
// With one batch writer (SQLite), a core is left to it, and it extracts
// too while a batch fills (writeBatches): three busy goroutines on two
// cores were slower (median of six runs of the PolNeAR texts on 2 cores:
// 562 against 634 articles/s before the writer helped; 748 against 815
// after). A store that each worker writes to itself (PostgreSQL) gets two
// per core: a worker spends much of its time waiting for the server (the
// PolNeAR texts with 4 workers on 2 cores: +14 % over 2, three runs each).
func defaultWorkers(procs int, batchWriter bool) int {
	if batchWriter {
		return max(1, procs-1)
	}
	return 2 * procs
}

// put is an article ready to store; key is its claim ("" for none), fp
// its fingerprints if computed.
type put struct {
	origin string
	key    string
	fp     archive.Fingerprint
	p      archive.Put
}

// readAhead is how many read articles wait for a worker at most.
const readAhead = 64

// batchSize is how many articles one SQLite transaction stores at most.
const batchSize = 64

// batchWait is how long the writer waits to fill a batch.
const batchWait = 50 * time.Millisecond

// second goes back to the articles another process held when they were
// first met: by now that process has mostly stored them, and only their
// sightings are left to record; one it still holds is waited for.
func (in *ingester) second(ctx context.Context, puts chan<- put) {
	in.laterMu.Lock()
	later := in.later
	in.later = nil
	in.laterMu.Unlock()
	if len(later) == 0 {
		return
	}
	items := make(chan ingest.Item)
	var wg sync.WaitGroup
	for range in.workers {
		wg.Go(func() {
			for it := range items {
				in.one(ctx, it, puts, true)
			}
		})
	}
	for _, it := range later {
		select {
		case items <- it:
		case <-ctx.Done():
		}
	}
	close(items)
	wg.Wait()
}

// laterCap bounds the articles set aside, which hold their text: past it
// a worker takes up the oldest, long claimed and most likely stored by
// now, waiting for it if need be. Memory stays bounded whatever the
// sources' size.
var laterCap = 256

// catchUp takes up set-aside articles, oldest first, until at most
// laterCap are left.
func (in *ingester) catchUp(ctx context.Context, puts chan<- put) {
	for ctx.Err() == nil {
		in.laterMu.Lock()
		if len(in.later) <= laterCap {
			in.laterMu.Unlock()
			return
		}
		it := in.later[0]
		in.later[0] = ingest.Item{} // let the text go
		in.later = in.later[1:]
		in.laterMu.Unlock()
		in.one(ctx, it, puts, true)
	}
}

// one handles one item: reports a failed input, or claims and extracts
// an article and stores it (or hands it to the batch writer). Without
// wait, an article another process holds is set aside for second.
func (in *ingester) one(ctx context.Context, it ingest.Item, puts chan<- put, wait bool) {
	p, ok := in.ready(ctx, it, puts != nil, wait)
	if !ok {
		if !wait {
			in.catchUp(ctx, puts)
		}
		return
	}
	if puts != nil {
		select {
		case puts <- p:
		case <-ctx.Done():
		}
		return
	}
	res, err := in.archive.PutArticle(ctx, p.p.Article, p.p.Extraction)
	in.finish(ctx, p, res, err)
}

// ready claims and extracts the item's article, and with rows also makes the
// rows a batch writer stores; false if it failed (and was reported) or was
// set aside because another process holds it (without wait).
func (in *ingester) ready(ctx context.Context, it ingest.Item, rows, wait bool) (put, bool) {
	if it.Err != nil {
		in.done(ctx, it.Origin, whosaid.PutResult{}, it.Err)
		return put{}, false
	}
	p, err := in.prepare(ctx, it, wait)
	if errors.Is(err, errBusy) {
		in.laterMu.Lock()
		in.later = append(in.later, it)
		in.laterMu.Unlock()
		return put{}, false
	}
	if err != nil {
		in.done(ctx, it.Origin, whosaid.PutResult{}, err)
		return put{}, false
	}
	if rows {
		// The rows are made here, before the one writer, so that it only
		// writes.
		if p.p.Doc, err = archive.PrepareHashed(p.p.Article, p.p.Extraction, p.fp); err != nil {
			in.finish(ctx, p, whosaid.PutResult{}, err)
			return put{}, false
		}
		if in.packer != nil {
			in.packer.Pack(p.p.Doc)
		}
	}
	return p, true
}

// done counts one finished input and reports it if it failed.
func (in *ingester) done(ctx context.Context, origin string, res whosaid.PutResult, err error) {
	if in.bar != nil {
		defer in.bar.Increment()
	}
	switch {
	case err == nil && res.Duplicate:
		in.dups.Add(1)
	case err == nil:
		in.stored.Add(1)
	case ctx.Err() != nil:
		// interrupted: not the input's fault
	default:
		in.failed.Add(1)
		in.mu.Lock()
		fmt.Fprintf(in.out, "whosaid: %s\n", inputError(origin, err))
		in.mu.Unlock()
	}
}

// finish records a stored (or failed) article and releases its claim if
// it failed, so another process may try it.
func (in *ingester) finish(ctx context.Context, p put, res whosaid.PutResult, err error) {
	if err != nil && p.key != "" {
		in.claims.Release(context.WithoutCancel(ctx), p.key)
	}
	in.done(ctx, p.origin, res, err)
}

// writeBatches stores what the workers extracted, in batches. While a
// batch fills it extracts articles from items itself: the writer needs
// less CPU than the extraction, and this fills its idle time without a
// third busy goroutine on two cores (which the scheduler would share out
// evenly, starving the writer).
func (in *ingester) writeBatches(ctx context.Context, b archive.BatchPutter, puts <-chan put, items <-chan ingest.Item) {
	var batch []put
	var deadline <-chan time.Time
	for puts != nil || len(batch) > 0 {
		if len(batch) == batchSize || (puts == nil && len(batch) > 0) {
			in.write(ctx, b, batch)
			batch, deadline = nil, nil
			continue
		}
		// What the workers made comes first: the writer extracts only
		// when nothing waits. Choosing at random between the two, as a
		// plain select does, it extracted while up to two batches waited
		// (−20 % rate).
		next := items
		if len(puts) > 0 {
			next = nil
		}
		if in.readDone.Load() {
			// The end is near (at most readAhead items left): the writer
			// only writes, as soon as nothing waits, and the workers
			// extract what is left. Extracting its share, it ended with a
			// batch or more to write while the other cores had nothing
			// to do (~80 ms of a 1.3 s ingest).
			if len(batch) > 0 && len(puts) == 0 {
				in.write(ctx, b, batch)
				batch, deadline = nil, nil
				continue
			}
			next = nil
		}
		select {
		case p, ok := <-puts:
			if !ok {
				puts = nil
				continue
			}
			batch = append(batch, p)
		case it, ok := <-next:
			if !ok {
				items = nil
				continue
			}
			if p, ok := in.ready(ctx, it, true, false); ok {
				batch = append(batch, p)
			}
		case <-deadline:
			in.write(ctx, b, batch)
			batch, deadline = nil, nil
			continue
		}
		if len(batch) == 1 && deadline == nil {
			// Wait a little for more: a commit (and its full-text flush)
			// costs as much as several articles, so one-article batches
			// would halve the rate; a trickle still lands within batchWait.
			deadline = time.After(batchWait)
		}
	}
}

// write stores one batch and records each article's outcome.
func (in *ingester) write(ctx context.Context, b archive.BatchPutter, batch []put) {
	ps := make([]archive.Put, len(batch))
	for i, p := range batch {
		ps[i] = p.p
	}
	out, err := b.PutArticles(ctx, ps)
	for i, p := range batch {
		if err != nil {
			in.finish(ctx, p, whosaid.PutResult{}, err)
			continue
		}
		in.finish(ctx, p, out[i].Result, out[i].Err)
	}
}

// claimPoll is how often an article another process is extracting is
// checked again.
const claimPoll = 200 * time.Millisecond

// errBusy says another process holds an article (archive.Busy).
var errBusy = errors.New("held by another process")

// prepare claims the article and extracts it; an article already stored
// is not extracted again (storing it only records the sighting). One
// another process holds is waited for with wait, else errBusy: several
// processes reading the same sources in the same order would otherwise
// trail each other, one extracting and the others waiting.
func (in *ingester) prepare(ctx context.Context, it ingest.Item, wait bool) (put, error) {
	p := put{origin: it.Origin, p: archive.Put{Article: it.Article}}
	if in.claims != nil {
		p.fp = archive.Fingerprints(it.Article.Text)
		key := p.fp.TextHash
		for {
			state, err := in.claims.Claim(ctx, key)
			if err != nil {
				return p, err
			}
			if state == archive.Stored {
				return p, nil
			}
			if state == archive.Mine {
				p.key = key
				break
			}
			if !wait {
				return p, errBusy
			}
			select {
			case <-time.After(claimPoll):
			case <-ctx.Done():
				return p, ctx.Err()
			}
		}
	}
	x, err := in.extract(it.Article)
	if err != nil {
		if p.key != "" {
			in.claims.Release(context.WithoutCancel(ctx), p.key)
		}
		return p, err
	}
	p.p.Extraction = x
	return p, nil
}

// progress starts a progress bar on a terminal (nothing otherwise): count,
// articles/s, errors and, when the sources' size is known, an ETA.
func (in *ingester) progress(ctx context.Context, sources []string) (*mpb.Bar, func()) {
	f, ok := in.stderr.(*os.File)
	if !ok {
		return nil, nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil, nil
	}
	total := int64(ingest.Count(sources))
	p := mpb.NewWithContext(ctx, mpb.WithOutput(f), mpb.WithWidth(30))
	in.out = p
	errs := decor.Any(func(decor.Statistics) string { return fmt.Sprintf("%d errors", in.failed.Load()) })
	speed := decor.AverageSpeed(0, "%.0f articles/s")
	var bar *mpb.Bar
	if total > 0 {
		bar = p.AddBar(total,
			mpb.PrependDecorators(decor.CountersNoUnit("%d / %d"), decor.Name(" "), errs),
			mpb.AppendDecorators(speed, decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
	} else {
		bar = p.AddSpinner(0,
			mpb.PrependDecorators(decor.CurrentNoUnit("%d articles"), decor.Name(" "), errs),
			mpb.AppendDecorators(speed))
	}
	return bar, p.Wait
}
