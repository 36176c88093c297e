package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"whosaid"
)

// jsonRecord is one line of a JSON Lines input. Text is plain article
// text; HTML is a page that goes through the HTML path. Fields given here
// win over what the HTML says.
type jsonRecord struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Language  string `json:"language"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
}

// jsonlFile reads a JSON Lines file.
func (r *reader) jsonlFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(path, wrapf(path, unwrapPathError(err), "cannot read"))
	}
	defer f.Close()
	return r.jsonl(ctx, path, f)
}

// jsonl reads JSON Lines from rd, one article per non-blank line. A bad
// line is an Item naming "name:LINE" and the rest goes on; a line longer
// than MaxBytes is skipped without being held in memory.
func (r *reader) jsonl(ctx context.Context, name string, rd io.Reader) error {
	br := bufio.NewReaderSize(rd, 1<<20)
	var buf []byte
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(br, buf[:0], r.opts.MaxBytes)
		buf = line
		origin := fmt.Sprintf("%s:%d", name, lineNo)
		if err != nil && !errors.Is(err, io.EOF) {
			return r.fail(origin, wrapf(origin, err, "read"))
		}
		eof := err != nil
		switch {
		case tooLong:
			if err := r.fail(origin, invalidf(origin, "line longer than the %d-byte limit", r.opts.MaxBytes)); err != nil {
				return err
			}
		case len(trimSpaceBytes(line)) > 0:
			a, lerr := parseJSONLine(origin, line)
			if lerr != nil {
				err = r.fail(origin, lerr)
			} else {
				err = r.article(origin, a)
			}
			if err != nil {
				return err
			}
		}
		if eof {
			return nil
		}
	}
}

// readLine reads one line (without its newline) into buf, which it grows
// as needed up to max bytes. A longer line is consumed and dropped:
// tooLong is set and the line returned empty. err is io.EOF after the
// last line.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max+2 { // +2: "\r\n"
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		for len(buf) > 0 && (buf[len(buf)-1] == '\n' || buf[len(buf)-1] == '\r') {
			buf = buf[:len(buf)-1]
		}
		return buf, tooLong, err
	}
}

// trimSpaceBytes trims ASCII white space.
func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	return b
}

// parseJSONLine turns one JSON line into an article.
func parseJSONLine(origin string, line []byte) (whosaid.Article, error) {
	var rec jsonRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		return whosaid.Article{}, invalidf(origin, "not a JSON object: %v", err)
	}
	var a whosaid.Article
	switch {
	case rec.Text != "":
		text, err := checkText(origin, rec.Text)
		if err != nil {
			return whosaid.Article{}, err
		}
		a.Text = text
	case rec.HTML != "":
		var err error
		a, err = parseHTML(origin, []byte(rec.HTML), rec.URL, "text/html; charset=utf-8")
		if err != nil {
			return whosaid.Article{}, err
		}
	default:
		return whosaid.Article{}, invalidf(origin, `no "text" or "html" field`)
	}
	if rec.Published != "" {
		d, err := whosaid.ParseDate(rec.Published)
		if err != nil {
			var ok bool
			if d, ok = parseDay(rec.Published); !ok {
				return whosaid.Article{}, invalidf(origin, "published: %v", whosaid.ErrorMessage(err))
			}
		}
		a.Published = d
	}
	override(&a.ID, rec.ID)
	override(&a.URL, rec.URL)
	override(&a.Title, rec.Title)
	override(&a.Outlet, rec.Outlet)
	override(&a.Author, rec.Author)
	override(&a.Language, rec.Language)
	if a.ID == "" {
		a.ID = contentID(a)
	}
	return a, nil
}

// override sets *dst to v when v is given.
func override(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// contentID is the ID of an article that came without one: its URL, else
// the first 16 hex digits of its text hash, so reading the same input
// again gives the same ID.
func contentID(a whosaid.Article) string {
	if a.URL != "" {
		return a.URL
	}
	return TextHash(a.Text)[:16]
}
