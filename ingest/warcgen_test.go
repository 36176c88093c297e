package ingest

import (
	"compress/gzip"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// warcWriter writes WARC records with gowarc, each in its own gzip member
// as crawlers do. Record IDs and dates are deterministic so a generated
// fixture is reproducible byte for byte.
type warcWriter struct {
	t    testing.TB
	w    io.Writer
	m    gowarc.Marshaler
	n    int
	date time.Time
	// level is the gzip level (gzip.DefaultCompression unless set).
	level int
	// plain writes records uncompressed.
	plain bool
}

func newWARCWriter(t testing.TB, w io.Writer) *warcWriter {
	return &warcWriter{t: t, w: w, m: gowarc.NewMarshaler(), date: warcDate, level: gzip.DefaultCompression}
}

// record builds and writes one record.
func (w *warcWriter) record(rt gowarc.RecordType, uri, contentType string, block []byte) {
	w.t.Helper()
	w.n++
	b := gowarc.NewRecordBuilder(rt, gowarc.WithAddMissingContentLength(true), gowarc.WithAddMissingDigest(true),
		gowarc.WithBufferMaxMemBytes(64<<20))
	if _, err := b.Write(block); err != nil {
		w.t.Fatal(err)
	}
	b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", w.n))
	b.AddWarcHeaderTime(gowarc.WarcDate, w.date)
	if uri != "" {
		b.AddWarcHeader(gowarc.WarcTargetURI, uri)
	}
	b.AddWarcHeader(gowarc.ContentType, contentType)
	rec, _, err := b.Build()
	if err != nil {
		w.t.Fatalf("build WARC record %d: %v", w.n, err)
	}
	defer rec.Close()
	if w.plain {
		if _, _, err := w.m.Marshal(w.w, rec, 0); err != nil {
			w.t.Fatal(err)
		}
		return
	}
	zw, _ := gzip.NewWriterLevel(w.w, w.level)
	if _, _, err := w.m.Marshal(zw, rec, 0); err != nil {
		w.t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		w.t.Fatal(err)
	}
}

func (w *warcWriter) warcinfo() {
	w.record(gowarc.Warcinfo, "", "application/warc-fields",
		[]byte("software: whosaid ingest tests\r\nformat: WARC File Format 1.1\r\n"))
}

func (w *warcWriter) request(uri string) {
	host := strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(uri, "https://"), "http://"), "/", 2)[0]
	path := "/" + strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(uri, "https://"), "http://"), "/", 2)[1]
	w.record(gowarc.Request, uri, "application/http;msgtype=request",
		[]byte("GET "+path+" HTTP/1.1\r\nHost: "+host+"\r\nUser-Agent: whosaid-test\r\n\r\n"))
}

// response writes an HTTP response record; body is written as given (already
// encoded when hdr says so).
func (w *warcWriter) response(uri, status, contentType string, hdr map[string]string, body []byte) {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %s\r\nDate: %s\r\nServer: nginx\r\nContent-Type: %s\r\n", status, w.date.Format(time.RFC1123), contentType)
	keys := make([]string, 0, len(hdr))
	for k := range hdr {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\r\n", k, hdr[k])
	}
	if hdr["Transfer-Encoding"] == "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	w.record(gowarc.Response, uri, "application/http;msgtype=response", append([]byte(b.String()), body...))
}

func (w *warcWriter) metadata(uri string) {
	w.record(gowarc.Metadata, uri, "application/warc-fields", []byte("fetchTimeMs: 120\r\n"))
}
