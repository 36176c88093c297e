package ingest

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"whosaid"
)

func TestReadWARC(t *testing.T) {
	seed, pol, wp := fixtureByName(t, "seed"), fixtureByName(t, "politico"), fixtureByName(t, "washpost")
	items := readAll(t, []string{"testdata/news.warc.gz"}, Options{})
	// Records: 1 warcinfo, 2 request, 3 seed, 4 a 404, 5 a PNG, 6 politico
	// (gzip-encoded, no meta date), 7 washpost (chunked), 8 metadata.
	want := []struct {
		origin string
		a      wantArticle
	}{
		{"testdata/news.warc.gz: record 3 (" + seed.URL + ")", wantArticle{ID: seed.URL, URL: seed.URL, Title: seed.Title,
			Author: seed.Author, Outlet: seed.Outlet, Language: "en", Published: seed.Day, Text: seed.bodyText(t)}},
		// Without a date in the page, the day of WARC-Date (2016-09-17T23:00Z).
		{"testdata/news.warc.gz: record 6 (" + pol.URL + ")", wantArticle{ID: pol.URL, URL: pol.URL, Title: pol.Title,
			Author: pol.Author, Outlet: pol.Outlet, Language: "en", Published: "2016-09-17", Text: pol.bodyText(t)}},
		{"testdata/news.warc.gz: record 7 (" + wp.URL + ")", wantArticle{ID: wp.URL, URL: wp.URL, Title: wp.Title,
			Author: wp.Author, Outlet: wp.Outlet, Language: "en", Published: wp.Day, Text: wp.bodyText(t)}},
	}
	if len(items) != len(want) {
		for _, it := range items {
			t.Log(it.Origin, it.Err)
		}
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i, w := range want {
		if items[i].Origin != w.origin {
			t.Errorf("origin = %q, want %q", items[i].Origin, w.origin)
		}
		w.a.check(t, items[i])
	}
}

// fixtureWARC returns the committed WARC.gz and its records uncompressed.
func fixtureWARC(t *testing.T) (gz, plain []byte) {
	gz, err := os.ReadFile("testdata/news.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, err = io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return gz, plain
}

// A truncated or corrupt WARC gives one error naming the file and the
// record, after the articles before the damage; the other sources of the
// same Read still come out.
func TestReadWARCCorrupt(t *testing.T) {
	gz, plain := fixtureWARC(t)
	flipped := bytes.Clone(gz)
	for i := len(gz) / 2; i < len(gz)/2+32; i++ {
		flipped[i] ^= 0x5a
	}
	for _, c := range []struct {
		name     string
		data     []byte
		articles int    // articles read before the error
		has      string // in the error message
	}{
		{"cut.warc.gz", gz[:len(gz)*2/3], 2, "unexpected EOF"},
		{"flipped.warc.gz", flipped, 2, "corrupt or truncated WARC"},
		{"cut.warc", plain[:len(plain)*2/3], 2, "truncated WARC record"},
		{"garbage.warc.gz", []byte("this is not a WARC file at all\n"), 0, "no WARC record found"},
		{"empty.warc.gz", nil, 0, "empty WARC file"},
		{"lonely-header.warc", []byte("WARC/1.1\r\nWARC-Type: response\r\n"), 0, "record 1: truncated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.name)
			writeFile(t, path, c.data)
			items := readAll(t, []string{path, "testdata/articles/seed.txt"}, Options{})
			if len(items) != c.articles+2 {
				for _, it := range items {
					t.Log(it.Origin, it.Err)
				}
				t.Fatalf("%d items, want %d articles, an error and the next source", len(items), c.articles)
			}
			for _, it := range items[:c.articles] {
				if it.Err != nil {
					t.Errorf("%s: %v before the damage", it.Origin, it.Err)
				}
			}
			bad := items[c.articles]
			wantErr{Code: whosaid.EINVALID, Has: []string{path, c.has}}.check(t, bad)
			if c.data != nil && !strings.Contains(bad.Origin, ": record ") {
				t.Errorf("origin %q does not name the record", bad.Origin)
			}
			wantArticle{ID: "seed", Text: fixtureByName(t, "seed").rawText(t)}.check(t, items[len(items)-1])
		})
	}
}

func TestReadWARCBodyCap(t *testing.T) {
	items := readAll(t, []string{"testdata/news.warc.gz"}, Options{MaxBytes: 4000})
	var capped int
	for _, it := range items {
		if it.Err != nil && strings.Contains(it.Err.Error(), "4000-byte limit") && strings.Contains(it.Origin, "record ") {
			capped++
		}
	}
	if capped == 0 {
		t.Errorf("no record reported over the 4000-byte cap")
	}
}

func TestSniff(t *testing.T) {
	gz, _ := fixtureWARC(t)
	for _, c := range []struct {
		head string
		want kind
	}{
		{string(gz[:200]), kindWARC},
		{"WARC/1.0\r\n", kindWARC},
		{"\ufeff  <!DOCTYPE html><html>", kindHTML},
		{"<?xml version=\"1.0\"?><rss version=\"2.0\">", kindFeed},
		{"<feed xmlns=\"http://www.w3.org/2005/Atom\">", kindFeed},
		{`{"text":"x"}`, kindJSONL},
		{"Plain words.", kindUnknown},
	} {
		if got := sniff([]byte(c.head)); got != c.want {
			t.Errorf("sniff(%.20q) = %v, want %v", c.head, got, c.want)
		}
	}
}
