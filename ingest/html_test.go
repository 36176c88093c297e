package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestReadHTML(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			items := readAll(t, []string{filepath.Join("testdata", "html", f.Name+".html")}, Options{})
			if len(items) != 1 {
				t.Fatalf("%d items, want 1", len(items))
			}
			want := wantArticle{
				ID: f.Name, URL: f.URL, Title: f.Title, Author: f.Author, Outlet: f.Outlet,
				Language: "en", Published: f.Day, Text: f.bodyText(t),
			}
			if f.Published == "" {
				want.Published = "" // no date on the page at all
			}
			want.check(t, items[0])
		})
	}
}

func TestParseHTML(t *testing.T) {
	body := strings.Join(fixtureByName(t, "breitbart").paras(t), "</p><p>")
	for _, c := range []struct {
		name, page, ctype string
		want              string // a piece of the text, or of the error
		fail              bool
	}{
		{"latin-1 declared", "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><article><p>" +
			strings.Repeat("Le caf\xe9 est tr\xe8s bon, dit le maire. ", 20) + "</p></article></body></html>", "", "Le café est très bon", false},
		{"utf-8 mislabelled latin-1", "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>" + body + "</p></article></body></html>",
			"text/html; charset=iso-8859-1", "Hillary Clinton’s team", false},
		{"time itemprop date", "<html><body><article><time itemprop=\"datePublished\" datetime=\"2016-09-12T23:30:00-04:00\">Sept. 12</time><p>" + body + "</p></article></body></html>", "", "", false},
		{"json-ld metadata", "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Stealth Over Health\",\"datePublished\":\"2016-09-12T23:30:00-04:00\",\"author\":{\"@type\":\"Person\",\"name\":\"Jane Doe\"}}</script></head><body><article><p>" + body + "</p></article></body></html>", "", "Hillary Clinton", false},
		{"pathological page", "<html><body>" + strings.Repeat("<p>"+strings.Repeat("word ", 200)+"</p>", 2000) + "</body></html>", "", "page too large to extract: 2000 paragraphs", true},
		{"empty page", "<html><body></body></html>", "", "no article text", true},
		{"not html", "\x00\x01\x02", "", "no article text", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := parseHTML("page.html", []byte(c.page), "", c.ctype)
			if c.fail {
				if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "page.html: ") {
					t.Fatalf("err = %v, want one naming page.html and saying %q", err, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, c.want) {
				t.Errorf("text %.200q does not contain %q", a.Text, c.want)
			}
			if c.name == "time itemprop date" && a.Published.String() != "2016-09-12" {
				t.Errorf("published = %s, want 2016-09-12", a.Published)
			}
			if c.name == "json-ld metadata" && (a.Author != "Jane Doe" || a.Published.String() != "2016-09-12") {
				t.Errorf("JSON-LD metadata lost: author %q, published %s", a.Author, a.Published)
			}
		})
	}
}

func TestIsAd(t *testing.T) {
	for class, want := range map[string]bool{
		"ad": true, "ad-slot": true, "top-ads": true, "inline-block advertisement": true,
		"adsbygoogle": true, "sponsored-content": true, "header": false, "thread": false,
		"lead": false, "heading": false, "shadow": false, "read-more": false, "admin": false,
	} {
		n := mustParseFirst(t, `<div class="`+class+`">x</div>`)
		if got := isAd(n); got != want {
			t.Errorf("isAd(class=%q) = %v, want %v", class, got, want)
		}
	}
}

// mustParseFirst parses an HTML fragment and returns its first body element.
func mustParseFirst(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	var find func(*html.Node) *html.Node
	find = func(n *html.Node) *html.Node {
		if n.Type == html.ElementNode && n.DataAtom == atom.Div {
			return n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	return find(doc)
}
