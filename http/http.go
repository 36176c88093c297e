// Package http serves the archive to people and programs: a JSON API
// documented by an embedded OpenAPI 3 document, and a server-rendered web UI
// whose templates and assets are embedded in the binary. It is the only
// place whosaid error codes become HTTP statuses.
//
// Article text is untrusted input: every page and every API response shows
// it inert (escaped, bidi controls neutralised, only http(s) links).
package http

import (
	"log/slog"
	"net/http"
	"time"

	"whosaid"
	"whosaid/extract"
)

// Options configure a Server. The zero value of a field means its default.
type Options struct {
	// Token, when set, allows POST /api/articles with
	// "Authorization: Bearer <Token>"; without it the server is read-only.
	Token string
	// MaxBodyBytes caps request bodies; larger ones get 413.
	MaxBodyBytes int64
	// Timeout bounds each request's work; slower ones get 503.
	Timeout time.Duration
	// MaxExtractions bounds concurrent extractions, which are CPU-bound.
	MaxExtractions int
	// SearchCacheTTL is how long a statement search is answered from
	// memory; negative disables the cache.
	SearchCacheTTL time.Duration
	// Logger receives one line per failed request; nil discards.
	Logger *slog.Logger
}

// DefaultOptions returns the options `whosaid serve` uses.
func DefaultOptions() Options {
	return Options{
		MaxBodyBytes:   2 << 20,
		Timeout:        10 * time.Second,
		MaxExtractions: 2,
		SearchCacheTTL: 30 * time.Second,
	}
}

// Server is the HTTP face of an archive. It is safe for concurrent use.
type Server struct {
	archive    whosaid.Archive
	extractor  *extract.Extractor
	opts       Options
	log        *slog.Logger
	metrics    *metrics
	ui         *ui
	extractSem chan struct{}
	cache      *searchCache
	mux        *http.ServeMux
	handler    http.Handler
}

// NewServer returns a Server over archive, analysing posted articles with
// extractor. A nil extractor disables POST /api/extract and /api/articles.
func NewServer(archive whosaid.Archive, extractor *extract.Extractor, opts Options) *Server {
	def := DefaultOptions()
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = def.MaxBodyBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = def.Timeout
	}
	if opts.SearchCacheTTL == 0 {
		opts.SearchCacheTTL = def.SearchCacheTTL
	}
	if opts.MaxExtractions <= 0 {
		opts.MaxExtractions = def.MaxExtractions
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		archive:    archive,
		extractor:  extractor,
		opts:       opts,
		log:        log,
		metrics:    newMetrics(),
		ui:         newUI(),
		extractSem: make(chan struct{}, opts.MaxExtractions),
		cache:      newSearchCache(opts.SearchCacheTTL, 4096),
	}
	mux := http.NewServeMux()
	s.mux = mux
	for _, rt := range s.routes() {
		mux.Handle(rt.method+" "+rt.pattern, s.instrument(rt, rt.handler))
	}
	mux.Handle("/", s.instrument(route{pattern: "unmatched"}, http.HandlerFunc(s.notFound)))
	s.handler = s.secure(mux)
	return s
}

// ServeHTTP makes a Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// route is one registered endpoint. api routes are in the OpenAPI document.
type route struct {
	method  string
	pattern string
	api     bool
	handler http.HandlerFunc
}

// routes is the single table of endpoints: the mux, the metrics labels and
// the OpenAPI sync test all read it.
func (s *Server) routes() []route {
	return []route{
		{"GET", "/api/statements", true, s.apiStatements},
		{"GET", "/api/people", true, s.apiPeople},
		{"GET", "/api/people/{id}", true, s.apiPerson},
		{"GET", "/api/articles/{id}", true, s.apiArticle},
		{"POST", "/api/articles", true, s.apiPutArticle},
		{"GET", "/api/interactions", true, s.apiInteractions},
		{"POST", "/api/extract", true, s.apiExtract},
		{"GET", "/api/openapi.json", true, s.apiOpenAPI},
		{"GET", "/healthz", true, s.healthz},
		{"GET", "/metrics", true, s.serveMetrics},

		{"GET", "/{$}", false, s.pageSearch},
		{"GET", "/articles/{id}", false, s.pageArticle},
		{"GET", "/people", false, s.pagePeople},
		{"GET", "/people/{id}", false, s.pagePerson},
		{"GET", "/network", false, s.pageNetwork},
		{"GET", "/extract", false, s.pageExtract},
		{"POST", "/extract", false, s.pageExtract},
		{"GET", "/assets/", false, s.assets},
	}
}
