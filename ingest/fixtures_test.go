package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// update regenerates the committed fixtures under testdata/ from the real
// articles in the repository: go test ./ingest -run TestFixtures -update
var update = flag.Bool("update", false, "regenerate testdata fixtures")

// fixture is a real article of the repository (the seed, PolNeAR dev
// texts) with the metadata its page wrappers carry. The metadata of the
// PolNeAR texts is theirs (corpora/polnear/metadata.tsv); URLs and
// times of day are made up.
type fixture struct {
	Name      string
	Source    string // the real text, relative to this package
	TitleLine bool   // the text's first paragraph is its title (PolNeAR)
	Title     string
	Author    string
	Outlet    string
	URL       string
	Published string // article:published_time; "" leaves it out
	Day       string // the publication day a reader must find
}

var fixtures = []fixture{
	{
		Name: "seed", Source: "../testdata/seed/000_bd208590b675fc6e.txt",
		Title: "Velayati stresses Iran's support for Palestinians in call with Nakhaleh", Author: "Iran Press",
		Outlet: "Iran Press", URL: "https://iranpress.com/content/41730/velayati-nakhaleh",
		Published: "2021-05-16T21:10:00+04:30", Day: "2021-05-16",
	},
	{
		Name: "breitbart", Source: "../corpora/polnear/dev/text/breitbart_2016-09-12_stealth-over-health-hillary-clin.txt", TitleLine: true,
		Title: "Stealth Over Health: Hillary Clinton Was Headed to ER But Diverted to Avoid Bad Optics", Author: "Breitbart News",
		Outlet: "Breitbart", URL: "https://www.breitbart.com/2016/09/12/stealth-over-health/",
		// Late evening in New York is already the next day in UTC: the
		// reader must keep the publisher's day.
		Published: "2016-09-12T23:30:00-04:00", Day: "2016-09-12",
	},
	{
		Name: "nyt", Source: "../corpora/polnear/dev/text/nyt_2016-09-24_small-steps-toward-college-savin.txt", TitleLine: true,
		Title: "Small Steps Toward College Savings", Author: "Ron Lieber",
		Outlet: "The New York Times", URL: "https://www.nytimes.com/2016/09/24/your-money/small-steps-toward-college-savings.html",
		Published: "2016-09-24T05:00:00-04:00", Day: "2016-09-24",
	},
	{
		Name: "washpost", Source: "../corpora/polnear/dev/text/wash-post_2016-09-08_virginian-could-make-history-aga.txt", TitleLine: true,
		Title: "Virginian could make history. Again.", Author: "Jenna Portnoy",
		Outlet: "The Washington Post", URL: "https://www.washingtonpost.com/local/virginia-politics/virginian-could-make-history-again/2016/09/08/",
		Published: "2016-09-08T18:12:00-04:00", Day: "2016-09-08",
	},
	{
		Name: "politico", Source: "../corpora/polnear/dev/text/politico_2016-09-17_de-blasio-says-chelsea-explosion.txt", TitleLine: true,
		Title: "De Blasio says Chelsea explosion was an 'intentional act'", Author: "Azi Paybarah",
		Outlet: "Politico", URL: "https://www.politico.com/states/new-york/city-hall/story/2016/09/de-blasio-says-chelsea-explosion/",
		// No meta date: a WARC reader falls back to WARC-Date.
		Published: "", Day: "2016-09-17",
	},
}

// fixtureByName returns the named fixture.
func fixtureByName(t testing.TB, name string) fixture {
	for _, f := range fixtures {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no fixture %q", name)
	return fixture{}
}

// rawText is the fixture's text as committed under testdata/articles.
func (f fixture) rawText(t testing.TB) string {
	b, err := os.ReadFile(filepath.Join("testdata", "articles", f.Name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// paras are the body paragraphs of the article (without a title line).
func (f fixture) paras(t testing.TB) []string {
	var ps []string
	for _, p := range strings.Split(f.rawText(t), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			ps = append(ps, p)
		}
	}
	if f.TitleLine {
		ps = ps[1:]
	}
	return ps
}

// bodyText is the text an HTML reader must extract from the fixture's page.
func (f fixture) bodyText(t testing.TB) string { return strings.Join(f.paras(t), "\n\n") }

// noise is text of the page wrappers that must never reach an article.
var noise = []string{
	"SuperPhone", "Advertisement", "Sponsored", "cloud hosting", "All rights reserved",
	"Privacy policy", "Terms of use", "Related stories", "Subscribe to our newsletter", "Most read",
}

// page wraps the fixture's paragraphs in a realistic news page: meta tags,
// navigation, an ad banner, an inline ad between paragraphs, a related
// stories box and a footer.
func (f fixture) page(t testing.TB) string {
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s | %s</title>\n", e(f.Title), e(f.Outlet))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n", e(f.Title))
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n", e(f.Outlet))
	fmt.Fprintf(&b, "<meta name=\"author\" content=\"%s\">\n", e(f.Author))
	if f.Published != "" {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", f.Published)
	}
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", e(f.URL))
	b.WriteString("<script>window.dataLayer = [{page: 'article'}];</script>\n</head>\n<body>\n")
	b.WriteString("<header class=\"site-header\"><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/politics\">Politics</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/business\">Business</a></li></ul></nav>\n")
	b.WriteString("<div class=\"newsletter\"><a href=\"/newsletter\">Subscribe to our newsletter</a></div></header>\n")
	b.WriteString("<div class=\"ad-slot advertisement\" id=\"top-ad\">Advertisement: the new SuperPhone, 50% off this week only!</div>\n")
	b.WriteString("<main>\n<article>\n")
	fmt.Fprintf(&b, "<h1 class=\"headline\">%s</h1>\n", e(f.Title))
	fmt.Fprintf(&b, "<div class=\"byline\">By <span class=\"author\">%s</span></div>\n", e(f.Author))
	for i, p := range f.paras(t) {
		fmt.Fprintf(&b, "<p>%s</p>\n", e(p))
		if i == 1 {
			b.WriteString("<div class=\"inline-block advertisement\"><p>Sponsored: try our cloud hosting free for 30 days, no credit card needed.</p></div>\n")
		}
	}
	b.WriteString("</article>\n")
	b.WriteString("<aside class=\"related\"><h3>Related stories</h3><ul><li><a href=\"/a\">Markets rally as rates hold steady</a></li><li><a href=\"/b\">Ten recipes for a busy weeknight</a></li></ul></aside>\n")
	b.WriteString("<aside class=\"most-read\"><h3>Most read</h3><ol><li><a href=\"/c\">Storm warning issued for the coast</a></li></ol></aside>\n")
	b.WriteString("</main>\n")
	fmt.Fprintf(&b, "<footer><p>© 2016 %s. All rights reserved.</p><p><a href=\"/privacy\">Privacy policy</a> · <a href=\"/terms\">Terms of use</a></p></footer>\n", e(f.Outlet))
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// TestFixtures regenerates the fixtures with -update and otherwise checks
// the committed ones are what the generator makes.
func TestFixtures(t *testing.T) {
	files := map[string][]byte{}
	for _, f := range fixtures {
		if *update {
			src, err := os.ReadFile(f.Source)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join("testdata", "articles", f.Name+".txt"), src)
		}
		files[filepath.Join("testdata", "html", f.Name+".html")] = []byte(f.page(t))
	}
	files[filepath.Join("testdata", "articles.jsonl")] = jsonlFixture(t)
	files[filepath.Join("testdata", "news.warc.gz")] = warcFixture(t)
	files[filepath.Join("testdata", "feeds", "atom.xml")] = atomFixture(t)
	files[filepath.Join("testdata", "feeds", "rss.xml")] = rssFixture(t)
	for path, want := range files {
		if *update {
			writeFile(t, path, want)
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFixtures -update)", err)
		}
		if strings.HasSuffix(path, ".gz") {
			// Compare what the gzip members hold: compress/gzip's output
			// may change between Go releases.
			got, want = gunzip(t, got), gunzip(t, want)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go test ./ingest -run TestFixtures -update", path)
		}
	}
}

// gunzip decompresses every gzip member of b.
func gunzip(t testing.TB, b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// jsonlLine marshals v as one JSON line.
func jsonlLine(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// jsonlFixture is a JSON Lines file of real articles with the mistakes
// real files have. Line by line:
//
//	1 seed as text with all fields      5 nyt as text, no id or url
//	2 breitbart as a whole HTML page    6 {"id":...} with neither text nor html
//	3 not JSON                          7 washpost with a bad date
//	4 blank                             8 politico as text, date-time
func jsonlFixture(t testing.TB) []byte {
	seed, bb, nyt, wp, pol := fixtureByName(t, "seed"), fixtureByName(t, "breitbart"),
		fixtureByName(t, "nyt"), fixtureByName(t, "washpost"), fixtureByName(t, "politico")
	var b bytes.Buffer
	b.Write(jsonlLine(t, map[string]string{"id": "000_bd208590b675fc6e", "url": seed.URL, "title": seed.Title,
		"published": seed.Day, "outlet": seed.Outlet, "author": seed.Author, "text": seed.rawText(t)}))
	b.Write(jsonlLine(t, map[string]string{"url": bb.URL, "html": bb.page(t)}))
	b.WriteString("this line is not JSON\n")
	b.WriteString("\n")
	b.Write(jsonlLine(t, map[string]string{"title": nyt.Title, "text": nyt.bodyText(t)}))
	b.Write(jsonlLine(t, map[string]string{"id": "no-text"}))
	b.Write(jsonlLine(t, map[string]string{"id": "bad-date", "published": "last Thursday", "text": wp.bodyText(t)}))
	b.Write(jsonlLine(t, map[string]string{"id": "politico-1", "url": pol.URL, "published": "2016-09-17T20:05:00-04:00", "outlet": pol.Outlet, "text": pol.bodyText(t)}))
	return b.Bytes()
}

// warcDate is the capture time of the fixture WARC.
var warcDate = time.Date(2016, 9, 17, 23, 0, 0, 0, time.UTC)

// warcFixture is a WARC.gz as a crawler writes it, one gzip member per
// record: a warcinfo, a request and response for the seed page, a 404, a
// PNG, politico's page gzip-encoded and without a meta date, washpost's
// page in chunked transfer encoding, and a metadata record.
func warcFixture(t testing.TB) []byte {
	var out bytes.Buffer
	w := newWARCWriter(t, &out)
	w.warcinfo()
	seed := fixtureByName(t, "seed")
	w.request(seed.URL)
	w.response(seed.URL, "200 OK", "text/html; charset=utf-8", nil, []byte(seed.page(t)))
	w.response("https://iranpress.com/missing", "404 Not Found", "text/html", nil, []byte("<html><body><p>Not found</p></body></html>"))
	w.response("https://iranpress.com/logo.png", "200 OK", "image/png", nil, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	pol := fixtureByName(t, "politico")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(pol.page(t)))
	zw.Close()
	w.response(pol.URL, "200 OK", "text/html", map[string]string{"Content-Encoding": "gzip"}, gz.Bytes())
	wp := fixtureByName(t, "washpost")
	w.response(wp.URL, "200 OK", "text/html; charset=UTF-8", map[string]string{"Transfer-Encoding": "chunked"}, chunked([]byte(wp.page(t)), 1000))
	w.metadata(wp.URL)
	return out.Bytes()
}

// chunked encodes b in HTTP/1.1 chunks of size n.
func chunked(b []byte, n int) []byte {
	var out bytes.Buffer
	for len(b) > 0 {
		c := b[:min(n, len(b))]
		fmt.Fprintf(&out, "%x\r\n%s\r\n", len(c), c)
		b = b[len(c):]
	}
	out.WriteString("0\r\n\r\n")
	return out.Bytes()
}
