// Package ingest reads news articles from every kind of input whosaid
// accepts — plain text, HTML pages, JSON Lines, WARC files and RSS/Atom
// feeds — and turns each into a whosaid.Article. It also holds the
// normalisation and hashing helpers the archive uses to recognise
// syndicated copies and repeated statements.
//
// Sources are dispatched by extension, and by their first bytes when the
// extension says nothing (or ".gz", or an ".xml" that is a page):
//
//	.txt                  plain UTF-8 text, taken as it is (offsets stay the file's)
//	.html .htm .xhtml     a page: main text and metadata through go-trafilatura
//	.jsonl .ndjson, "-"   one {"id","url","title","published","outlet","author","text"|"html"} per line
//	.warc .warc.gz        every HTTP 200 HTML response record (gowarc)
//	.xml .rss .atom .feed an RSS/Atom feed (gofeed); http(s) URLs are feeds too
//	directories           walked in lexical order; hidden and unknown files skipped
//
// Readers stream: one bad input (a file, a WARC record, a feed item, a JSON
// line) becomes an Item carrying an error that names it, and the rest of the
// batch goes on. Memory stays bounded by Options.MaxBytes per article, not
// by the size of an input: a 1 GB WARC.gz is read in under 100 MB of heap
// (TestWARCMemoryBounded).
package ingest

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"whosaid"
)

// Item is one article read from a source, or the error for one input (a
// file, a WARC record, a feed item, a JSONL line).
type Item struct {
	Article whosaid.Article
	// Origin names where it came from for messages:
	// "path/file.warc.gz: record 12 (https://...)", "feed.xml: item 3", "a.jsonl:17".
	Origin string
	// Err is non-nil when this input failed; Article is then empty. Its
	// message names the input; whosaid.ErrorCode gives its code.
	Err error
}

// Options configure Read. The zero value is usable.
type Options struct {
	// AllowPrivate allows fetching loopback, private and link-local
	// addresses (feeds and item links). Off by default so a feed cannot
	// make whosaid probe the network it runs in.
	AllowPrivate bool
	// HTTPClient fetches feeds and item links. Nil: a client with timeouts
	// whose dialer refuses non-public addresses unless AllowPrivate. A
	// caller-supplied client is used as given, with only the literal-address
	// check of the URL applied.
	HTTPClient *http.Client
	// MaxBytes caps the size of one fetched page, one article file, one
	// JSON line and one WARC record body. Default DefaultMaxBytes.
	MaxBytes int64
	// UserAgent is sent with every request. Default DefaultUserAgent.
	UserAgent string
	// Logger receives debug and warning messages. Nil: discarded.
	Logger *slog.Logger
	// Stdin is read as JSON Lines for the source "-". Nil: "-" is an error.
	Stdin io.Reader
}

// Defaults for Options.
const (
	DefaultMaxBytes  = 50 << 20
	DefaultUserAgent = "whosaid/0.1 (+https://github.com/whosaid)"
)

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.HTTPClient == nil {
		o.HTTPClient = newClient(o.AllowPrivate)
	}
	return o
}

// Read streams the articles of every source to emit, in order, one Item per
// article or per failed input. A source is a file, a directory (walked;
// files dispatched by extension), "-" (JSON Lines read from opts.Stdin), or
// an http(s) URL of an RSS/Atom feed.
//
// It returns early only when ctx is done (ctx.Err()) or emit returns an
// error (that error); failed inputs are reported through emit, never
// returned.
func Read(ctx context.Context, sources []string, opts Options, emit func(Item) error) error {
	r := &reader{opts: opts.withDefaults(), emit: emit}
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.source(ctx, src); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// reader carries the options and the sink through one Read call. Its
// methods return a non-nil error only when Read must stop (ctx done or emit
// failed); failures of inputs go to emit as Items.
type reader struct {
	opts Options
	emit func(Item) error
}

// article emits a read article.
func (r *reader) article(origin string, a whosaid.Article) error {
	return r.emit(Item{Article: a, Origin: origin})
}

// fail emits the error for one input, logging it at debug level.
func (r *reader) fail(origin string, err error) error {
	r.opts.Logger.Debug("ingest: input failed", "origin", origin, "err", err)
	return r.emit(Item{Origin: origin, Err: err})
}
