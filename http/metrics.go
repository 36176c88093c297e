package http

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics counts requests per route and status and their durations, and
// writes them in the Prometheus text exposition format (version 0.0.4).
// It is written by hand: a few dozen lines instead of a dependency.
type metrics struct {
	inFlight atomic.Int64
	// buckets are the histogram's upper bounds in seconds, chosen around
	// the 50 ms p95 target.
	buckets  []float64
	mu       sync.Mutex
	requests map[reqKey]int64
	hist     map[string]*histogram
}

type reqKey struct {
	route string
	code  int
}

type histogram struct {
	counts []int64 // per bucket; made cumulative when written
	count  int64
	sum    float64
}

func newMetrics() *metrics {
	return &metrics{
		buckets:  []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10},
		requests: map[reqKey]int64{},
		hist:     map[string]*histogram{},
	}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, code}]++
	h := m.hist[route]
	if h == nil {
		h = &histogram{counts: make([]int64, len(m.buckets))}
		m.hist[route] = h
	}
	for i, le := range m.buckets {
		if sec <= le {
			h.counts[i]++
			break
		}
	}
	h.count++
	h.sum += sec
}

// write writes every metric, sorted so scrapes are stable.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP whosaid_http_requests_total HTTP requests served, by route and status.")
	fmt.Fprintln(w, "# TYPE whosaid_http_requests_total counter")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "whosaid_http_requests_total{route=%s,code=\"%d\"} %d\n", quoteLabel(k.route), k.code, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP whosaid_http_request_duration_seconds Time to serve HTTP requests, by route.")
	fmt.Fprintln(w, "# TYPE whosaid_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.hist))
	for r := range m.hist {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h, q := m.hist[r], quoteLabel(r)
		var cum int64
		for i, le := range m.buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "whosaid_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", q, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "whosaid_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", q, h.count)
		fmt.Fprintf(w, "whosaid_http_request_duration_seconds_sum{route=%s} %g\n", q, h.sum)
		fmt.Fprintf(w, "whosaid_http_request_duration_seconds_count{route=%s} %d\n", q, h.count)
	}
	fmt.Fprintln(w, "# HELP whosaid_http_requests_in_flight HTTP requests being served now.")
	fmt.Fprintln(w, "# TYPE whosaid_http_requests_in_flight gauge")
	fmt.Fprintf(w, "whosaid_http_requests_in_flight %d\n", m.inFlight.Load())
	fmt.Fprintln(w, "# HELP go_goroutines Number of goroutines that currently exist.")
	fmt.Fprintln(w, "# TYPE go_goroutines gauge")
	fmt.Fprintf(w, "go_goroutines %d\n", runtime.NumGoroutine())
}

// quoteLabel quotes a label value as the exposition format wants:
// backslash, double quote and newline escaped.
func quoteLabel(s string) string {
	return strconv.Quote(s) // routes are ASCII; Quote's escapes are a superset
}

// serveMetrics answers GET /metrics.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
}
