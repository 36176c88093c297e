package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets below cover every parser of outside input. Run one with
//
//	go test ./ingest -run '^$' -fuzz=FuzzReadWARC -fuzztime=20s -fuzzminimizetime=2s
//
// The short minimisation time matters: with the default 60 s a worker
// spends a 20 s run minimising its first new input (each execution runs
// trafilatura) and hardly fuzzes.

// noNetwork is a transport that fails every request, so fuzzed feeds
// cannot reach out.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in fuzz tests")
}

// fuzzReader is a reader whose every Item is checked against the Item
// contract (an error naming the input, or an article with text).
func fuzzReader(t *testing.T) *reader {
	opts := Options{MaxBytes: 1 << 20, HTTPClient: &http.Client{Transport: noNetwork{}}}.withDefaults()
	return &reader{opts: opts, emit: func(it Item) error {
		checkItem(t, it)
		return nil
	}}
}

// tinyPage is a small news page. Fuzz seeds stay small: trafilatura on
// a full page costs a coverage-instrumented worker hundreds of
// milliseconds, on this one about one.
const tinyPage = `<html lang="en"><head><title>Mayor backs budget | City News</title>` +
	`<meta property="article:published_time" content="2016-09-12T23:30:00-04:00">` +
	`<meta name="author" content="Jo Reporter"></head><body><nav><a href="/">Home</a></nav>` +
	`<article><h1>Mayor backs budget</h1><p>The mayor said on Monday that the budget was “balanced”.</p>` +
	`<div class="ad-slot">Buy now</div><p>“We will hire more teachers,” she said.</p></article>` +
	`<footer>© City News</footer></body></html>`

// tinyWARC is a small WARC with the record kinds the reader handles.
func tinyWARC(t testing.TB, plain bool) []byte {
	var b bytes.Buffer
	w := newWARCWriter(t, &b)
	w.plain = plain
	w.warcinfo()
	w.response("https://news.example/a", "200 OK", "text/html; charset=utf-8", nil, []byte(tinyPage))
	w.response("https://news.example/gone", "404 Not Found", "text/html", nil, []byte("<p>gone</p>"))
	w.response("https://news.example/c", "200 OK", "text/html", map[string]string{"Transfer-Encoding": "chunked"}, chunked([]byte(tinyPage), 100))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(tinyPage))
	zw.Close()
	w.response("https://news.example/z", "200 OK", "text/html", map[string]string{"Content-Encoding": "gzip"}, gz.Bytes())
	return b.Bytes()
}

func FuzzReadWARC(f *testing.F) {
	gz := tinyWARC(f, false)
	f.Add(gz)
	f.Add(gz[:len(gz)/2])
	f.Add(tinyWARC(f, true))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>Hello there</p>\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := fuzzReader(t).warc(context.Background(), "fuzz.warc", bytes.NewReader(data)); err != nil {
			t.Fatalf("warc returned %v: only ctx and emit errors may stop Read", err)
		}
	})
}

func FuzzReadFeed(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>City News</title>` +
		`<item><title>Mayor</title><link>https://news.example/a</link><pubDate>Mon, 12 Sep 2016 23:30:00 -0400</pubDate>` +
		`<content:encoded><![CDATA[<p>The mayor said the budget was balanced.</p>]]></content:encoded></item>` +
		`<item><title>x</title><description>&lt;p&gt;Hi&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><author><name>Desk</name></author>` +
		`<entry><title>A</title><link href="/a"/><id>1</id><published>2016-09-17T20:05:00-04:00</published>` +
		`<content type="html">&lt;p&gt;The senator said no.&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"content_text":"Hello"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := fuzzReader(t).feed(context.Background(), "fuzz.xml", "", data); err != nil {
			t.Fatalf("feed returned %v", err)
		}
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(tinyPage))
	f.Add([]byte("<html><head><meta charset=\"shift_jis\"></head><body><p>\x82\xa0\x82\xa2</p></body></html>"))
	f.Add([]byte("<table><tr><td>a<td>b</table><ul><li>one<li>two</ul><br><pre>x  y</pre>"))
	f.Add([]byte("<p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := parseHTML("fuzz.html", data, "", "")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.html: ") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		if !hasLetter(a.Text) {
			t.Fatalf("article without text: %+v", a)
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","url":"https://news.example/a","title":"Mayor","published":"2016-09-12","text":"The mayor said “yes”."}` + "\n" +
		`not json` + "\n\n" + `{"html":` + strconv.Quote(tinyPage) + `}` + "\n" + `{"id":"x"}`))
	f.Add([]byte("{\"text\":\"a\\u0000b\"}\n\n{\"html\":\"<p>x</p>\",\"published\":\"2016-02-30\"}\n[1,2]\nnull\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := fuzzReader(t).jsonl(context.Background(), "fuzz.jsonl", bytes.NewReader(data)); err != nil {
			t.Fatalf("jsonl returned %v", err)
		}
	})
}

func FuzzDedup(f *testing.F) {
	f.Add(tinyPage)
	f.Add("  “We will win,” — she said\u00a0 ‘again’…  İstanbul ǅ ﬁ\u200b")
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeText(s)
		if !utf8.ValidString(n) && utf8.ValidString(s) {
			t.Fatalf("NormalizeText(%q) = %q: invalid UTF-8", s, n)
		}
		if n != strings.TrimSpace(n) || strings.Contains(n, "  ") {
			t.Fatalf("NormalizeText(%q) = %q: white space not collapsed", s, n)
		}
		if h := TextHash(s); len(h) != 64 {
			t.Fatalf("TextHash length %d", len(h))
		}
		if h := SimHash(s); !NearDuplicate(h, h) {
			t.Fatal("a SimHash is not its own near-duplicate")
		}
		if k := StatementKey(s); k != StatementKey(k) {
			t.Fatalf("StatementKey not stable: %q then %q", k, StatementKey(k))
		}
	})
}
