package ingest

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"whosaid"
)

// readAll reads sources and returns every Item.
func readAll(t testing.TB, sources []string, opts Options) []Item {
	t.Helper()
	var items []Item
	err := Read(context.Background(), sources, opts, func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	for _, it := range items {
		checkItem(t, it)
	}
	return items
}

// checkItem enforces the Item contract: an error, or an article with text,
// and always an origin.
func checkItem(t testing.TB, it Item) {
	t.Helper()
	if it.Origin == "" {
		t.Errorf("item without origin: %+v", it)
	}
	if it.Err != nil {
		if it.Article != (whosaid.Article{}) {
			t.Errorf("%s: failed item carries an article", it.Origin)
		}
		if !strings.Contains(it.Err.Error(), strings.SplitN(it.Origin, ":", 2)[0]) {
			t.Errorf("%s: error %q does not name the input", it.Origin, it.Err)
		}
		if whosaid.ErrorCode(it.Err) == whosaid.EINTERNAL {
			t.Errorf("%s: error %q has no whosaid code", it.Origin, it.Err)
		}
		return
	}
	if strings.TrimSpace(it.Article.Text) == "" {
		t.Errorf("%s: article without text and without error", it.Origin)
	}
}

// wantArticle compares the fields of a read article that a case sets.
type wantArticle struct {
	ID, URL, Title, Author, Outlet, Language, Published string
	Text                                                string
}

func (w wantArticle) check(t testing.TB, it Item) {
	t.Helper()
	if it.Err != nil {
		t.Fatalf("%s: unexpected error: %v", it.Origin, it.Err)
	}
	a := it.Article
	for _, f := range []struct{ name, got, want string }{
		{"ID", a.ID, w.ID}, {"URL", a.URL, w.URL}, {"Title", a.Title, w.Title},
		{"Author", a.Author, w.Author}, {"Outlet", a.Outlet, w.Outlet},
		{"Language", a.Language, w.Language}, {"Published", a.Published.String(), w.Published},
	} {
		if f.got != f.want {
			t.Errorf("%s: %s = %q, want %q", it.Origin, f.name, f.got, f.want)
		}
	}
	if w.Text != "" && a.Text != w.Text {
		t.Errorf("%s: text differs from the real article:\n%s", it.Origin, firstDiff(a.Text, w.Text))
	}
	for _, n := range noise {
		if strings.Contains(a.Text, n) {
			t.Errorf("%s: page boilerplate %q leaked into the text", it.Origin, n)
		}
	}
}

// firstDiff shows where two texts part.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-60)
	return "got  …" + got[lo:min(len(got), i+60)] + "…\nwant …" + want[lo:min(len(want), i+60)] + "…"
}

// wantErr is a failed input: its origin and words its message must hold.
type wantErr struct {
	Origin string
	Code   string
	Has    []string
}

func (w wantErr) check(t testing.TB, it Item) {
	t.Helper()
	if it.Err == nil {
		t.Fatalf("%s: no error, want one containing %q", it.Origin, w.Has)
	}
	if w.Origin != "" && it.Origin != w.Origin {
		t.Errorf("origin = %q, want %q", it.Origin, w.Origin)
	}
	if code := whosaid.ErrorCode(it.Err); w.Code != "" && code != w.Code {
		t.Errorf("%s: code = %q, want %q", it.Origin, code, w.Code)
	}
	for _, h := range w.Has {
		if !strings.Contains(it.Err.Error(), h) {
			t.Errorf("%s: error %q does not contain %q", it.Origin, it.Err, h)
		}
	}
}

func TestReadStopsWhenEmitFails(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), []string{"testdata/articles"}, Options{}, func(Item) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("Read = %v after %d items, want stop after 1", err, n)
	}
}

func TestReadStopsWhenContextDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Read(ctx, []string{"testdata/articles", "testdata/html"}, Options{}, func(Item) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Fatalf("Read = %v after %d items, want context.Canceled after 1", err, n)
	}
}

func TestReadDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/a/seed.txt", []byte(fixtureByName(t, "seed").rawText(t)))
	writeFile(t, dir+"/a/.hidden.txt", []byte("hidden"))
	writeFile(t, dir+"/.git/x.txt", []byte("hidden dir"))
	writeFile(t, dir+"/b/page.html", []byte(fixtureByName(t, "nyt").page(t)))
	writeFile(t, dir+"/b/logo.png", []byte("\x89PNG"))
	writeFile(t, dir+"/b/notes", []byte("no extension"))
	items := readAll(t, []string{dir}, Options{})
	var got []string
	for _, it := range items {
		got = append(got, it.Article.ID)
	}
	if strings.Join(got, ",") != "seed,page" {
		t.Fatalf("read %v, want [seed page]: hidden files and unknown extensions are skipped", got)
	}
	if n := Count([]string{dir}); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		sources []string
		want    int
	}{
		{[]string{"testdata/articles"}, 5},
		{[]string{"testdata/articles.jsonl"}, 7}, // 8 lines, one blank
		{[]string{"testdata/html", "testdata/articles/seed.txt"}, 6},
		{[]string{"testdata/news.warc.gz"}, -1},
		{[]string{"testdata/articles", "https://example.com/feed.xml"}, -1},
		{[]string{"-"}, -1},
	} {
		if got := Count(c.sources); got != c.want {
			t.Errorf("Count(%v) = %d, want %d", c.sources, got, c.want)
		}
	}
}

// Files named explicitly with an extension that says nothing are sniffed.
func TestReadSniffed(t *testing.T) {
	dir := t.TempDir()
	gz, _ := fixtureWARC(t)
	nyt := fixtureByName(t, "nyt")
	rss, err := os.ReadFile("testdata/feeds/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		content []byte
		wantID  string // ID of the first article
	}{
		{"page", []byte(nyt.page(t)), "page"},
		{"crawl.gz", gz, fixtureByName(t, "seed").URL},
		{"export.data", jsonlLine(t, map[string]string{"id": "j1", "text": "The mayor said yes."}), "j1"},
		{"feed.php", rss, "breitbart-2016-09-12-stealth"},
		{"page.xml", []byte("<?xml version=\"1.0\"?>\n" + nyt.page(t)), "page"},
		{"notes", []byte("The governor said no.\n"), "notes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			writeFile(t, path, c.content)
			items := readAll(t, []string{path}, Options{HTTPClient: &http.Client{Transport: noNetwork{}}})
			if len(items) == 0 || items[0].Err != nil || items[0].Article.ID != c.wantID {
				for _, it := range items {
					t.Log(it.Origin, it.Article.ID, it.Err)
				}
				t.Fatalf("first article should be %q", c.wantID)
			}
		})
	}
}
