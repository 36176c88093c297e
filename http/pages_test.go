package http

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"whosaid"
)

func urlEncode(s string) string { return url.QueryEscape(s) }

func TestPages(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{MaxBodyBytes: 32 << 10})
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		contains                        []string
	}{
		{"search", "GET", "/", "", "", 200, []string{"Search what was said", "Holy Quds", "Ali Akbar Velayati", "Secretary-General of the World Islamic Awakening", "Iran Press", "16 May 2021", `href="/articles/1#c`}},
		{"search query", "GET", "/?q=Quds", "", "", 200, []string{"1 statement ", `Holy <mark class="hit">Quds</mark>`}},
		{"search facets", "GET", "/?kind=indirect", "", "", 200, []string{"resistance would continue", "clear"}},
		{"search nothing", "GET", "/?q=zzzz", "", "", 200, []string{"Nothing found"}},
		{"search paginate", "GET", "/?limit=1", "", "", 200, []string{"Next page", "cursor="}},
		{"search bad date", "GET", "/?since=tomorrow", "", "", 400, []string{"want a date"}},
		{"article", "GET", "/articles/1", "", "", 200, []string{`<mark class="content"`, `<mark class="cue"`, `<mark class="source"`, `title="Said by Ali Akbar Velayati"`, `tabindex="0"`, "Tehran · IP (Iran Press)", "Ziad Nakhaleh", "telephone call", "original at example.org"}},
		{"article missing", "GET", "/articles/9", "", "", 404, []string{"404"}},
		{"article bad id", "GET", "/articles/x", "", "", 404, nil},
		{"people", "GET", "/people", "", "", 200, []string{"Ali Akbar Velayati", "Ziad Nakhaleh"}},
		{"person", "GET", "/people/1", "", "", 200, []string{"Ali Akbar Velayati", "<svg class=\"timeline\"", "Week of 10 May 2021: 1 statement", "Ziad Nakhaleh", "telephone call", "Holy Quds"}},
		{"person missing", "GET", "/people/99", "", "", 404, nil},
		{"network", "GET", "/network", "", "", 200, []string{`<svg class="network"`, "telephone call ×1", `href="/people/2"`}},
		{"network period", "GET", "/network?since=2022-01-01", "", "", 200, []string{"No interactions"}},
		{"network bad date", "GET", "/network?until=soon", "", "", 400, []string{"want a date"}},
		{"extract form", "GET", "/extract", "", "", 200, []string{"<textarea", `method="post"`}},
		{"extract post", "POST", "/extract", "application/x-www-form-urlencoded", "format=text&title=T&text=" + urlEncode(fixtureText), 200, []string{"Holy Quds", "Statements"}},
		{"extract html", "POST", "/extract", "application/x-www-form-urlencoded", "format=html&text=" + urlEncode(samplePage), 200, []string{"Holy Quds"}},
		{"extract empty", "POST", "/extract", "application/x-www-form-urlencoded", "format=text&text=", 400, []string{"no text"}},
		{"extract too big", "POST", "/extract", "application/x-www-form-urlencoded", "text=" + strings.Repeat("a", 40<<10), 413, []string{"too large"}},
		{"asset css", "GET", "/assets/style.css", "", "", 200, []string{"--content"}},
		{"asset js", "GET", "/assets/app.js", "", "", 200, []string{"use strict"}},
		{"asset missing", "GET", "/assets/nope.css", "", "", 404, nil},
		{"no such page", "GET", "/nowhere", "", "", 404, []string{"no such page"}},
		{"wrong method", "PUT", "/people", "", "", 405, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.method, srv.URL+tt.path, tt.ctype, tt.body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, tt.status, body)
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q:\n%s", want, body)
				}
			}
		})
	}
}

// cappedArchive reports every search as counted over the newest matches.
type cappedArchive struct{ whosaid.Archive }

func (c cappedArchive) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	p, err := c.Archive.SearchStatements(ctx, f)
	if p != nil {
		p.TotalCapped = true
	}
	return p, err
}

func TestSearchPageCappedTotal(t *testing.T) {
	srv := newTestServer(t, cappedArchive{testArchive(t)}, Options{})
	_, body := do(t, "GET", srv.URL+"/?q=Quds", "", "")
	if !strings.Contains(body, "More than 1 statements") || !strings.Contains(body, "cover the newest 1") {
		t.Errorf("capped total not shown:\n%s", body)
	}
}
