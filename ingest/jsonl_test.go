package ingest

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"whosaid"
)

func TestReadJSONL(t *testing.T) {
	seed, bb, nyt, pol := fixtureByName(t, "seed"), fixtureByName(t, "breitbart"), fixtureByName(t, "nyt"), fixtureByName(t, "politico")
	const file = "testdata/articles.jsonl"
	items := readAll(t, []string{file, "testdata/articles/seed.txt"}, Options{})
	checks := []func(testing.TB, Item){
		wantArticle{ID: "000_bd208590b675fc6e", URL: seed.URL, Title: seed.Title, Author: seed.Author,
			Outlet: seed.Outlet, Published: seed.Day, Text: seed.rawText(t)}.check,
		// A whole HTML page in "html" goes through the HTML path.
		wantArticle{ID: bb.URL, URL: bb.URL, Title: bb.Title, Author: bb.Author, Outlet: bb.Outlet,
			Language: "en", Published: bb.Day, Text: bb.bodyText(t)}.check,
		wantErr{Origin: file + ":3", Code: whosaid.EINVALID, Has: []string{file + ":3", "not a JSON object"}}.check,
		// Line 4 is blank: skipped. Without id or url, the ID is a text hash.
		wantArticle{ID: TextHash(nyt.bodyText(t))[:16], Title: nyt.Title, Text: nyt.bodyText(t)}.check,
		wantErr{Origin: file + ":6", Code: whosaid.EINVALID, Has: []string{file + ":6", `no "text" or "html"`}}.check,
		wantErr{Origin: file + ":7", Code: whosaid.EINVALID, Has: []string{file + ":7", "published", "last Thursday"}}.check,
		// 20:05 in New York is the next day in UTC: the publisher's day is kept.
		wantArticle{ID: "politico-1", URL: pol.URL, Outlet: pol.Outlet, Published: "2016-09-17", Text: pol.bodyText(t)}.check,
		// The next source still comes out.
		wantArticle{ID: "seed", Text: seed.rawText(t)}.check,
	}
	if len(items) != len(checks) {
		for _, it := range items {
			t.Log(it.Origin, it.Err)
		}
		t.Fatalf("%d items, want %d", len(items), len(checks))
	}
	for i, check := range checks {
		check(t, items[i])
	}
}

func TestReadJSONLStdin(t *testing.T) {
	in := `{"id":"a","text":"The mayor said the budget was balanced."}` + "\n" + `{"id":"b","text":` + "\n"
	items := readAll(t, []string{"-"}, Options{Stdin: strings.NewReader(in)})
	if len(items) != 2 {
		t.Fatalf("%d items, want 2", len(items))
	}
	wantArticle{ID: "a", Text: "The mayor said the budget was balanced."}.check(t, items[0])
	wantErr{Origin: "stdin:2", Has: []string{"stdin:2"}}.check(t, items[1])

	items = readAll(t, []string{"-"}, Options{})
	wantErr{Origin: "stdin", Has: []string{"no standard input"}}.check(t, items[0])
}

// A line longer than MaxBytes is an error for that line only, and is not
// held in memory; lines longer than the bufio buffer are read whole.
func TestReadJSONLLongLines(t *testing.T) {
	long := strings.Repeat("The senator said the vote would be close. ", 60_000) // 2.5 MB, over the 1 MiB buffer
	var b bytes.Buffer
	b.Write(jsonlLine(t, map[string]string{"id": "huge", "text": long}))
	b.Write(jsonlLine(t, map[string]string{"id": "ok", "text": "Short and fine."}))
	b.WriteString(`{"id":"no-newline-at-end","text":"Last line."}`)
	path := filepath.Join(t.TempDir(), "long.jsonl")
	writeFile(t, path, b.Bytes())

	items := readAll(t, []string{path}, Options{MaxBytes: 1 << 20})
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	wantErr{Origin: path + ":1", Has: []string{path + ":1", "longer than the 1048576-byte limit"}}.check(t, items[0])
	wantArticle{ID: "ok", Text: "Short and fine."}.check(t, items[1])
	wantArticle{ID: "no-newline-at-end", Text: "Last line."}.check(t, items[2])

	items = readAll(t, []string{path}, Options{})
	wantArticle{ID: "huge", Text: long}.check(t, items[0])
}

func TestReadLine(t *testing.T) {
	br := bufio.NewReaderSize(strings.NewReader("abc\r\n"+strings.Repeat("x", 40)+"\nlast"), 16)
	for _, want := range []struct {
		line    string
		tooLong bool
		eof     bool
	}{{"abc", false, false}, {"", true, false}, {"last", false, true}} {
		line, tooLong, err := readLine(br, nil, 20)
		if string(line) != want.line || tooLong != want.tooLong || (err != nil) != want.eof {
			t.Errorf("readLine = %q, %v, %v; want %q, %v, eof %v", line, tooLong, err, want.line, want.tooLong, want.eof)
		}
	}
}
