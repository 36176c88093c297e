package ingest

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"whosaid"
)

// newsServer serves the fixture feeds and pages over loopback HTTP and
// counts the requests of each path.
type newsServer struct {
	*httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	agents map[string]bool
}

func newNewsServer(t *testing.T) *newsServer {
	s := &newsServer{hits: map[string]int{}, agents: map[string]bool{}}
	feed := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.ReplaceAll(b, []byte(feedBase), []byte(s.URL))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(feed("atom.xml"))
	})
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed("rss.xml"))
	})
	mux.HandleFunc("/truncated.xml", func(w http.ResponseWriter, r *http.Request) {
		b := feed("rss.xml")
		w.Write(b[:len(b)/3])
	})
	mux.HandleFunc("/garbage.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("\x00\x01\x02 this is { not a feed"))
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join("testdata", "html", strings.TrimPrefix(r.URL.Path, "/page/")+".html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.agents[r.Header.Get("User-Agent")] = true
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *newsServer) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func TestReadFeeds(t *testing.T) {
	srv := newNewsServer(t)
	seed, nyt, pol, bb, wp := fixtureByName(t, "seed"), fixtureByName(t, "nyt"), fixtureByName(t, "politico"),
		fixtureByName(t, "breitbart"), fixtureByName(t, "washpost")
	atom, rss := srv.URL+"/atom.xml", srv.URL+"/rss.xml"
	items := readAll(t, []string{atom, rss}, Options{AllowPrivate: true})
	checks := []func(testing.TB, Item){
		// Fetched page; the entry's title and date, the page's author.
		wantArticle{ID: "urn:whosaid:nyt", URL: srv.URL + "/page/nyt", Title: nyt.Title, Author: nyt.Author,
			Outlet: nyt.Outlet, Language: "en", Published: nyt.Day, Text: nyt.bodyText(t)}.check,
		// Full content, not fetched; no entry author: the feed's.
		wantArticle{ID: "urn:whosaid:seed", URL: srv.URL + "/page/seed", Title: seed.Title, Author: "Wire Desk",
			Outlet: "Whosaid Test Wire", Language: "en", Published: seed.Day, Text: seed.bodyText(t)}.check,
		wantErr{Origin: atom + ": item 3 (" + srv.URL + "/missing)", Code: whosaid.EINVALID,
			Has: []string{atom + ": item 3", srv.URL + "/missing", "404"}}.check,
		// Relative link resolved against the feed's URL.
		wantArticle{ID: "urn:whosaid:politico", URL: srv.URL + "/page/politico", Title: pol.Title, Author: pol.Author,
			Outlet: pol.Outlet, Language: "en", Published: "2016-09-17", Text: pol.bodyText(t)}.check,
		// content:encoded in full, its inline ad stripped.
		wantArticle{ID: "breitbart-2016-09-12-stealth", URL: srv.URL + "/page/breitbart", Title: bb.Title, Author: bb.Author,
			Outlet: "Test Politics Desk", Language: "en-us", Published: bb.Day, Text: bb.bodyText(t)}.check,
		wantArticle{ID: srv.URL + "/page/washpost", URL: srv.URL + "/page/washpost", Title: wp.Title, Author: wp.Author,
			Outlet: wp.Outlet, Language: "en", Published: wp.Day, Text: wp.bodyText(t)}.check,
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
	for _, p := range []string{"/page/seed", "/page/breitbart"} {
		if n := srv.hitCount(p); n != 0 {
			t.Errorf("%s fetched %d times although the feed carries the full text", p, n)
		}
	}
	if len(srv.agents) != 1 || !srv.agents[DefaultUserAgent] {
		t.Errorf("user agents sent: %v, want only %q", srv.agents, DefaultUserAgent)
	}
}

func TestReadFeedBroken(t *testing.T) {
	srv := newNewsServer(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.rss")
	writeFile(t, junk, []byte("<rss><channel><item><title>unclosed"))
	sources := []string{srv.URL + "/truncated.xml", srv.URL + "/garbage.xml", srv.URL + "/nowhere.xml", junk, srv.URL + "/rss.xml"}
	items := readAll(t, sources, Options{AllowPrivate: true})
	for i, src := range sources[:4] {
		if i >= len(items) {
			t.Fatalf("only %d items", len(items))
		}
		wantErr{Code: whosaid.EINVALID, Has: []string{src}}.check(t, items[i])
	}
	// The good feed after the broken ones still comes out.
	if n := len(items) - 4; n != 2 {
		t.Fatalf("%d items from the good feed, want 2", n)
	}
	for _, it := range items[4:] {
		if it.Err != nil {
			t.Errorf("%s: %v", it.Origin, it.Err)
		}
	}
}

// Without AllowPrivate nothing on loopback is fetched: neither a feed URL
// nor the item links of a feed file.
func TestReadFeedRefusesPrivate(t *testing.T) {
	srv := newNewsServer(t)
	items := readAll(t, []string{srv.URL + "/atom.xml"}, Options{})
	if len(items) != 1 {
		t.Fatalf("%d items, want 1 error", len(items))
	}
	wantErr{Origin: srv.URL + "/atom.xml", Has: []string{srv.URL + "/atom.xml", "refusing", "private"}}.check(t, items[0])

	b, err := os.ReadFile("testdata/feeds/atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wire.atom")
	writeFile(t, path, bytes.ReplaceAll(b, []byte(feedBase), []byte(srv.URL)))
	items = readAll(t, []string{path}, Options{})
	if len(items) != 4 {
		t.Fatalf("%d items, want 4", len(items))
	}
	wantErr{Has: []string{path + ": item 1", srv.URL + "/page/nyt", "refusing"}}.check(t, items[0])
	if items[1].Err != nil { // full content needs no fetch
		t.Errorf("%s: %v", items[1].Origin, items[1].Err)
	}
	if srv.hitCount("/page/nyt")+srv.hitCount("/atom.xml")+srv.hitCount("/page/politico") != 0 {
		t.Errorf("loopback server was reached: %v", srv.hits)
	}

	// The dialer itself refuses, whatever name resolved to the address
	// (DNS rebinding, redirects).
	_, err = newClient(false).Get(srv.URL + "/page/nyt")
	if !errors.Is(err, errPrivateAddress) {
		t.Errorf("default client reached loopback: err = %v", err)
	}
	if _, err := newClient(true).Get(srv.URL + "/page/nyt"); err != nil {
		t.Errorf("AllowPrivate client: %v", err)
	}
}

func TestIsPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "100.64.0.1": false, "0.0.0.0": false, "::1": false,
		"fe80::1": false, "fc00::1": false, "::ffff:127.0.0.1": false, "224.0.0.1": false,
		"8.8.8.8": true, "93.184.216.34": true, "2606:4700:4700::1111": true,
	} {
		if got := isPublic(netip.MustParseAddr(addr)); got != want {
			t.Errorf("isPublic(%s) = %v, want %v", addr, got, want)
		}
	}
	for _, u := range []string{"http://localhost/x", "http://127.0.0.1:8080/", "http://[::1]/", "http://10.0.0.1/", "file:///etc/passwd", "ftp://example.com/"} {
		if _, err := checkURL(u, false); err == nil {
			t.Errorf("checkURL(%q) accepted", u)
		}
	}
}

func TestFetchSizeCap(t *testing.T) {
	srv := newNewsServer(t)
	items := readAll(t, []string{srv.URL + "/rss.xml"}, Options{AllowPrivate: true, MaxBytes: 9000})
	// The feed (7 KB) fits; washpost's page (13 KB) does not.
	var capped bool
	for _, it := range items {
		if it.Err != nil && strings.Contains(it.Err.Error(), "9000-byte limit") && strings.Contains(it.Err.Error(), "/page/washpost") {
			capped = true
		}
	}
	if !capped {
		for _, it := range items {
			t.Log(it.Origin, it.Err)
		}
		t.Error("no item reported the page over the size cap")
	}
}
