package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"os"
	"strings"

	"github.com/nlnwa/gowarc/v3"
)

// warcFile reads the articles of a WARC or WARC.gz file: every response
// record with HTTP status 200 and an HTML body goes through the HTML path,
// with the record's target URI as URL and its WARC-Date's day as the
// fallback publication date. Other records are skipped.
//
// Records stream one at a time; gowarc buffers a record's block in at most
// 1 MiB of memory and spills the rest to a temporary file, and the body is
// read up to MaxBytes, so memory does not grow with the file. A corrupt or
// truncated file yields one Item naming the file and record number, and
// the file is abandoned there (the offset of the next record is unknown).
func (r *reader) warcFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(path, wrapf(path, unwrapPathError(err), "cannot read"))
	}
	defer f.Close()
	return r.warc(ctx, path, f)
}

// warc reads WARC records from rd; name is the file named in messages.
func (r *reader) warc(ctx context.Context, name string, rd io.Reader) error {
	wr, err := gowarc.NewWarcFileReaderFromStream(rd, 0,
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore))
	if err != nil {
		return r.fail(name, wrapf(name, err, "open WARC"))
	}
	defer wr.Close()
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var rec gowarc.Record
		err := guard("gowarc", func() (err error) {
			rec, err = wr.Next()
			return err
		})
		if errors.Is(err, io.EOF) && rec.WarcRecord == nil {
			if n == 1 {
				return r.fail(name, invalidf(name, "empty WARC file: no records"))
			}
			return nil
		}
		origin := fmt.Sprintf("%s: record %d", name, n)
		if err != nil {
			rec.Close()
			return r.fail(origin, wrapf(origin, err, "corrupt or truncated WARC"))
		}
		stop, err := r.warcRecord(origin, rec)
		rec.Close()
		if err != nil || stop {
			return err
		}
	}
}

// warcRecord emits the article of one record, if it holds one. stop is set
// when the record shows the file is truncated.
func (r *reader) warcRecord(origin string, rec gowarc.Record) (stop bool, err error) {
	wrec := rec.WarcRecord
	uri := strings.Trim(wrec.WarcHeader().Get(gowarc.WarcTargetURI), "<>")
	if uri != "" {
		origin = fmt.Sprintf("%s (%s)", origin, uri)
	}
	if v := truncation(rec.Validation); v != nil {
		return true, r.fail(origin, invalidf(origin, "truncated WARC record: %v", v))
	}
	if len(rec.Validation) > 0 {
		r.opts.Logger.Debug("ingest: WARC record warnings", "origin", origin, "warnings", errors.Join(rec.Validation...))
	}
	if wrec.Type() != gowarc.Response {
		return false, nil
	}
	block, ok := wrec.Block().(gowarc.HttpResponseBlock)
	if !ok || block.HttpStatusCode() != http.StatusOK {
		return false, nil
	}
	hdr := rawHeader(block.ProtocolHeaderBytes())
	ctype := hdr.Get("Content-Type")
	if !isHTMLType(ctype) {
		return false, nil
	}
	body, err := r.warcBody(origin, block, hdr)
	if err != nil {
		return false, r.fail(origin, err)
	}
	a, err := parseHTML(origin, body, uri, ctype)
	if err != nil {
		return false, r.fail(origin, err)
	}
	a.ID = uri
	if a.ID == "" {
		a.ID = strings.Trim(wrec.RecordId(), "<>")
	}
	if a.Published.IsZero() {
		if t, err := wrec.Date(); err == nil {
			a.Published = dayOf(t.UTC().Date())
		}
	}
	return false, r.article(origin, a)
}

// truncation returns the validation finding that shows a record was cut
// short: a block shorter than its Content-Length, or the file ending where
// the end-of-record marker should be. gowarc reports both as warnings.
func truncation(validation []error) error {
	for _, v := range validation {
		var cl *gowarc.ContentLengthError
		if errors.As(v, &cl) || strings.HasPrefix(v.Error(), "too few bytes in end of record marker") ||
			strings.HasPrefix(v.Error(), "unexpected end of record") {
			return v
		}
	}
	return nil
}

// rawHeader parses the header lines of an HTTP response as recorded.
// net/http's parsed header (what gowarc offers) moves Transfer-Encoding out
// of the map, and the reader must see it.
func rawHeader(b []byte) http.Header {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(b)))
	if _, err := tp.ReadLine(); err != nil { // the status line
		return http.Header{}
	}
	h, _ := tp.ReadMIMEHeader()
	return http.Header(h)
}

// looksChunked reports whether br starts with an HTTP chunk-size line.
func looksChunked(br *bufio.Reader) bool {
	head, _ := br.Peek(32)
	i := 0
	for i < len(head) && strings.IndexByte("0123456789abcdefABCDEF", head[i]) >= 0 {
		i++
	}
	return i > 0 && i < len(head) && (head[i] == '\r' || head[i] == '\n' || head[i] == ';' || head[i] == ' ')
}

// isHTMLType reports whether a Content-Type names an HTML document. An
// absent type counts: many crawls drop it.
func isHTMLType(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// warcBody reads a response payload, undoing chunked transfer encoding and
// gzip/deflate content encoding as crawlers store them, capped at MaxBytes.
func (r *reader) warcBody(origin string, block gowarc.HttpResponseBlock, hdr http.Header) ([]byte, error) {
	payload, err := block.PayloadBytes()
	if err != nil {
		return nil, wrapf(origin, err, "read record body")
	}
	if strings.Contains(strings.ToLower(hdr.Get("Transfer-Encoding")), "chunked") {
		// Some crawlers store the body de-chunked but keep the header:
		// decode only what looks like a chunk-size line.
		br := bufio.NewReader(payload)
		if looksChunked(br) {
			payload = httputil.NewChunkedReader(br)
		} else {
			payload = br
		}
	}
	switch enc := strings.ToLower(strings.TrimSpace(hdr.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(payload)
		if err != nil {
			return nil, wrapf(origin, err, "gzip body")
		}
		defer zr.Close()
		payload = zr
	case "deflate":
		fr := flate.NewReader(payload)
		defer fr.Close()
		payload = fr
	default:
		return nil, invalidf(origin, "unsupported Content-Encoding %q", enc)
	}
	return readCapped(origin, payload, r.opts.MaxBytes)
}
