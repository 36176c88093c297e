package http

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"whosaid"
)

func TestAPI(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{Token: "s3cret", MaxBodyBytes: 64 << 10})
	big := strings.Repeat("a", 65<<10)
	tests := []struct {
		name, method, path, ctype, body string
		header                          []string
		status                          int
		contains                        []string
	}{
		{name: "statements", method: "GET", path: "/api/statements", status: 200, contains: []string{`"total":3`, `"facets"`, "Holy Quds"}},
		{name: "statements query", method: "GET", path: "/api/statements?q=Quds", status: 200, contains: []string{`"total":1`, "Ali Akbar Velayati"}},
		{name: "statements filters", method: "GET", path: "/api/statements?speaker=ziad+nakhaleh&kind=indirect&since=2021-05-01&until=2021-05-31", status: 200, contains: []string{`"total":1`, "resistance"}},
		{name: "statements about", method: "GET", path: "/api/statements?about=telephone&kind=direct", status: 200, contains: []string{`"total":1`, "Holy Quds"}},
		{name: "statements about nothing", method: "GET", path: "/api/statements?about=zebra", status: 200, contains: []string{`"total":0`}},
		{name: "statements paginate", method: "GET", path: "/api/statements?limit=1", status: 200, contains: []string{`"next_cursor":"`}},
		{name: "statements bad kind", method: "GET", path: "/api/statements?kind=shouted", status: 400, contains: []string{"kind: want direct"}},
		{name: "statements bad date", method: "GET", path: "/api/statements?since=yesterday", status: 400, contains: []string{`"code":"invalid"`}},
		{name: "statements dates reversed", method: "GET", path: "/api/statements?since=2021-06-01&until=2021-05-01", status: 400},
		{name: "statements bad limit", method: "GET", path: "/api/statements?limit=1000", status: 400},
		{name: "statements zero limit", method: "GET", path: "/api/statements?limit=0", status: 400},
		{name: "statements bad cursor", method: "GET", path: "/api/statements?cursor=zz", status: 400},
		{name: "statements long query", method: "GET", path: "/api/statements?q=" + strings.Repeat("x", 600), status: 400},
		{name: "statements wrong method", method: "DELETE", path: "/api/statements", status: 405},
		{name: "people", method: "GET", path: "/api/people?q=velayati", status: 200, contains: []string{"Ali Akbar Velayati"}},
		{name: "people all", method: "GET", path: "/api/people", status: 200, contains: []string{`"people"`}},
		{name: "people bad limit", method: "GET", path: "/api/people?limit=x", status: 400},
		{name: "person", method: "GET", path: "/api/people/1", status: 200, contains: []string{"Ali Akbar Velayati", `"weekly"`, "telephone call"}},
		{name: "person missing", method: "GET", path: "/api/people/999", status: 404, contains: []string{`"code":"not_found"`}},
		{name: "person bad id", method: "GET", path: "/api/people/abc", status: 404},
		{name: "article", method: "GET", path: "/api/articles/1", status: 200, contains: []string{`"spans"`, `"kind":"content"`, `"kind":"cue"`, `"kind":"source"`, `"kind":"dateline"`, `"kind":"date"`}},
		{name: "article missing", method: "GET", path: "/api/articles/42", status: 404},
		{name: "article negative", method: "GET", path: "/api/articles/-1", status: 404},
		{name: "interactions", method: "GET", path: "/api/interactions?person=1", status: 200, contains: []string{"telephone call", "Ziad Nakhaleh"}},
		{name: "interactions period", method: "GET", path: "/api/interactions?since=2022-01-01", status: 200, contains: []string{`"interactions":[]`}},
		{name: "interactions bad person", method: "GET", path: "/api/interactions?person=me", status: 400},
		{name: "extract text", method: "POST", path: "/api/extract", ctype: "text/plain", body: fixtureText, status: 200, contains: []string{`"extraction"`, `"text_sha256"`}},
		{name: "extract json", method: "POST", path: "/api/extract", ctype: "application/json", body: `{"text":"He said it would rain.","title":"T"}`, status: 200, contains: []string{`"title":"T"`}},
		{name: "extract html", method: "POST", path: "/api/extract", ctype: "text/html", body: samplePage, status: 200, contains: []string{"Holy Quds", `"title":"Velayati calls Nakhaleh"`}},
		{name: "extract empty", method: "POST", path: "/api/extract", ctype: "text/plain", body: "  ", status: 400},
		{name: "extract both", method: "POST", path: "/api/extract", ctype: "application/json", body: `{"text":"a","html":"<p>b</p>"}`, status: 400},
		{name: "extract bad json", method: "POST", path: "/api/extract", ctype: "application/json", body: `{"text":`, status: 400},
		{name: "extract unknown field", method: "POST", path: "/api/extract", ctype: "application/json", body: `{"txt":"a"}`, status: 400},
		{name: "extract bad utf8", method: "POST", path: "/api/extract", ctype: "text/plain", body: "caf\xe9", status: 400},
		{name: "extract media type", method: "POST", path: "/api/extract", ctype: "image/png", body: "x", status: 400},
		{name: "extract too big", method: "POST", path: "/api/extract", ctype: "text/plain", body: big, status: 413, contains: []string{"too large"}},
		{name: "extract json too big", method: "POST", path: "/api/extract", ctype: "application/json", body: `{"text":"` + big + `"}`, status: 413},
		{name: "put no token", method: "POST", path: "/api/articles", ctype: "text/plain", body: "He said so.", status: 401},
		{name: "put wrong token", method: "POST", path: "/api/articles", ctype: "text/plain", body: "He said so.", header: []string{"Authorization", "Bearer nope"}, status: 401},
		{name: "put", method: "POST", path: "/api/articles", ctype: "application/json", body: `{"title":"New","outlet":"Wire","published":"2021-05-20","text":"The minister said the talks had failed."}`, header: []string{"Authorization", "Bearer s3cret"}, status: 201, contains: []string{`"article_id":3`}},
		{name: "put duplicate", method: "POST", path: "/api/articles", ctype: "text/plain", body: fixtureText, header: []string{"Authorization", "bearer s3cret"}, status: 200, contains: []string{`"duplicate":true`}},
		{name: "put too big", method: "POST", path: "/api/articles", ctype: "text/plain", body: big, header: []string{"Authorization", "Bearer s3cret"}, status: 413},
		{name: "put bad body", method: "POST", path: "/api/articles", ctype: "application/json", body: `[]`, header: []string{"Authorization", "Bearer s3cret"}, status: 400},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, contains: []string{"ok"}},
		{name: "openapi", method: "GET", path: "/api/openapi.json", status: 200, contains: []string{`"openapi": "3.0.3"`}},
		{name: "api not found", method: "GET", path: "/api/nothing", status: 404, contains: []string{`"status":404`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.method, srv.URL+tt.path, tt.ctype, tt.body, tt.header...)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", res.StatusCode, tt.status, body)
			}
			ct := res.Header.Get("Content-Type")
			switch {
			case tt.status >= 400 && tt.status != 405 && !strings.HasPrefix(ct, "application/problem+json"):
				t.Errorf("error content type %q", ct)
			case tt.status >= 400 && tt.status != 405:
				var p problem
				if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != tt.status || p.Detail == "" {
					t.Errorf("problem body %q (%v)", body, err)
				}
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
		})
	}
}

// TestAPIPagination follows next_cursor until the end and checks every
// statement comes once, facets and total staying those of the whole search.
func TestAPIPagination(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{})
	seen := map[int64]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		_, body := do(t, "GET", srv.URL+"/api/statements?limit=1&cursor="+url.QueryEscape(cursor), "", "")
		var page whosaid.StatementPage
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		if page.Total != 3 || len(page.Facets.Speakers) != 3 {
			t.Errorf("page %d: total %d, %d speakers", pages, page.Total, len(page.Facets.Speakers))
		}
		for _, st := range page.Statements {
			if seen[st.ID] {
				t.Errorf("statement %d twice", st.ID)
			}
			seen[st.ID] = true
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if len(seen) != 3 {
		t.Errorf("saw %d statements, want 3", len(seen))
	}
}

func TestAPIReadOnly(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{})
	res, body := do(t, "POST", srv.URL+"/api/articles", "text/plain", "He said so.", "Authorization", "Bearer anything")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "read-only") {
		t.Fatalf("status %d body %s", res.StatusCode, body)
	}
	if res.Header.Get("WWW-Authenticate") == "" {
		t.Error("no WWW-Authenticate header")
	}
}

// failingArchive errors on every call with the given error.
func TestAPIErrorsMapped(t *testing.T) {
	tests := []struct {
		err    error
		status int
		detail string
	}{
		{whosaid.Errorf(whosaid.EINVALID, "bad cursor"), 400, "bad cursor"},
		{whosaid.Errorf(whosaid.ENOTFOUND, "gone"), 404, "gone"},
		{whosaid.Errorf(whosaid.ECONFLICT, "twice"), 409, "twice"},
		{whosaid.Errorf(whosaid.EAUTH, "who"), 401, "who"},
		{errTest("disk on fire: /var/secret/path"), 500, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.detail, func(t *testing.T) {
			arch := newMemArchive()
			srv := newTestServer(t, arch, Options{})
			arch.fail = tt.err
			for _, path := range []string{"/api/statements", "/api/people", "/api/people/1", "/api/articles/1", "/api/interactions"} {
				res, body := do(t, "GET", srv.URL+path, "", "")
				if res.StatusCode != tt.status || !strings.Contains(body, tt.detail) || strings.Contains(body, "secret") {
					t.Errorf("%s: status %d body %s", path, res.StatusCode, body)
				}
			}
			res, body := do(t, "GET", srv.URL+"/people/1", "", "")
			if res.StatusCode != tt.status || !strings.Contains(body, tt.detail) {
				t.Errorf("page: status %d body %s", res.StatusCode, body)
			}
		})
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

// slowArchive blocks until the request's deadline.
type slowArchive struct{ whosaid.Archive }

func (s slowArchive) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestAPITimeout(t *testing.T) {
	srv := newTestServer(t, slowArchive{testArchive(t)}, Options{Timeout: 50 * time.Millisecond})
	start := time.Now()
	res, body := do(t, "GET", srv.URL+"/api/statements", "", "")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "took too long") {
		t.Fatalf("status %d body %s", res.StatusCode, body)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("timeout took %v", time.Since(start))
	}
}

func TestMetrics(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{})
	do(t, "GET", srv.URL+"/api/statements", "", "")
	do(t, "GET", srv.URL+"/api/people/999", "", "")
	_, body := do(t, "GET", srv.URL+"/metrics", "", "")
	for _, want := range []string{
		`whosaid_http_requests_total{route="GET /api/statements",code="200"} 1`,
		`whosaid_http_requests_total{route="GET /api/people/{id}",code="404"} 1`,
		`whosaid_http_request_duration_seconds_bucket{route="GET /api/statements",le="+Inf"} 1`,
		"# TYPE whosaid_http_request_duration_seconds histogram",
		"whosaid_http_requests_in_flight 1",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
}

const samplePage = `<!doctype html><html><head><title>Velayati calls Nakhaleh</title>
<meta property="og:site_name" content="Iran Press"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Velayati calls Nakhaleh</h1>
<p>Tehran (IP) – Ali Akbar Velayati on Sunday in a telephone call with Ziad Nakhaleh said: “We will soon pray in the Holy Quds.”</p>
<p>Nakhaleh thanked Iran for its support, saying the resistance would continue and that the people of Gaza would not give up.</p>
<p>Velayati added that the Islamic Republic would continue its support in the coming months.</p>
</article><footer>Copyright Iran Press</footer></body></html>`
