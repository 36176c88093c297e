package http

import (
	"strings"
	"testing"
)

// TestUntrustedTextInert ingests an article carrying script tags,
// javascript: links, attribute-breaking quotes and bidi overrides, and
// checks every page and API response shows them inert.
func TestUntrustedTextInert(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{})
	// The hostile article is id 2; Mallory is the third person.
	pages := []string{
		"/", "/?q=alert", "/?speaker=" + "Mallory", "/articles/2", "/people", "/people?q=Mallory",
		"/people/3", "/network",
		"/api/statements", "/api/statements?q=alert", "/api/articles/2", "/api/people?q=Mallory", "/api/people/3",
		"/api/interactions",
	}
	raw := []string{evilScript, evilLink, evilTitle, "\u202E", "\u202C", `onmouseover="alert`, `href="javascript:`, `onclick="x()"`}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			res, body := do(t, "GET", srv.URL+p, "", "")
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, r := range raw {
				if strings.Contains(body, r) {
					t.Errorf("raw %q in %s", r, p)
				}
			}
			if strings.HasPrefix(p, "/api/") {
				if !strings.Contains(body, `\u003cscript\u003e`) && !strings.Contains(body, `\u202e`) {
					t.Errorf("no escaped hostile text in %s", p)
				}
				return
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
				if res.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
			if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("CSP %q", csp)
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
				t.Errorf("inline script or style in %s", p)
			}
		})
	}
	// The article page shows the hostile text, escaped, and the bidi
	// override as visible text.
	_, body := do(t, "GET", srv.URL+"/articles/2", "", "")
	for _, want := range []string{"&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;", "[U&#43;202E]", "&lt;a href=&#34;javascript:alert(1)&#34;&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="javascript`) || strings.Contains(body, "original at") {
		t.Error("the javascript: URL became a link")
	}
}

func TestExtractPageInert(t *testing.T) {
	srv := newTestServer(t, testArchive(t), Options{})
	form := "title=" + urlEncode(evilTitle) + "&format=text&text=" + urlEncode("Mallory "+evilBidi+" said: “"+evilScript+"”")
	res, body := do(t, "POST", srv.URL+"/extract", "application/x-www-form-urlencoded", form)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	// The textarea gives the user's own paste back unchanged, so it can be
	// corrected and sent again; everything else must be inert.
	if i, j := strings.Index(body, "<textarea"), strings.Index(body, "</textarea>"); i >= 0 && j > i {
		body = body[:i] + body[j:]
	}
	for _, r := range []string{evilScript, evilTitle, "\u202E"} {
		if strings.Contains(body, r) {
			t.Errorf("raw %q on the extract page", r)
		}
	}
	res, body = do(t, "POST", srv.URL+"/api/extract", "text/plain", "Mallory "+evilBidi+" said: “"+evilScript+"”")
	if res.StatusCode != 200 || strings.Contains(body, "\u202E") || strings.Contains(body, "<script>") {
		t.Errorf("api/extract: status %d, raw hostile text in %s", res.StatusCode, body)
	}
}
