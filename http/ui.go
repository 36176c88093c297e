package http

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"whosaid"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// ui holds the parsed page templates, one clone of the layout per page so
// each page can define its own "content".
type ui struct {
	pages  map[string]*template.Template
	assets http.Handler
}

// newUI parses the embedded templates; a parse error is a bug caught by
// every test, so it panics.
func newUI() *ui {
	funcs := template.FuncMap{
		"date":    formatDate,
		"inert":   inert,
		"httpURL": httpURL,
		"host":    hostOf,
		"snippet": snippetPieces,
	}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html"))
	u := &ui{pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if page == "layout" || page == "parts" {
			continue
		}
		u.pages[page] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, name))
	}
	sub, err := fs.Sub(assetFS, "assets")
	if err != nil {
		panic(err)
	}
	u.assets = http.StripPrefix("/assets/", http.FileServerFS(sub))
	return u
}

// pageData is what every page template receives.
type pageData struct {
	Title string
	Nav   string // which menu entry is current
	Data  any
}

// render executes a page into a buffer first, so a template error is a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, d pageData) {
	t, ok := s.ui.pages[page]
	if !ok {
		s.pageError(w, r, whosaid.Errorf(whosaid.EINTERNAL, "no template %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", d); err != nil {
		s.log.Error("rendering page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageError shows an error as a page with the status errorStatus gives.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status := errorStatus(err)
	_, detail := errorDetail(err, status)
	if status >= 500 {
		s.log.Error("page failed", "path", r.URL.Path, "status", status, "err", err)
	}
	s.render(w, r, status, "error", pageData{
		Title: http.StatusText(status),
		Data: struct {
			Status        int
			Title, Detail string
		}{status, http.StatusText(status), detail},
	})
}

// assets serves the embedded CSS and JavaScript; they change only with
// the binary, so clients may cache them for a day.
func (s *Server) assets(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	s.ui.assets.ServeHTTP(w, r)
}

func formatDate(d whosaid.Date) string {
	if d.IsZero() {
		return "undated"
	}
	return d.Format("2 Jan 2006")
}

// httpURL returns u if it is an absolute http or https URL, else "": the
// only links to outside the server a page may carry.
func httpURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Hostname(), "www.")
}

// withParam returns the query q with name set to value (removed when
// value is empty) and the cursor dropped, encoded for a link.
func withParam(q url.Values, name, value string) string {
	c := url.Values{}
	for k, v := range q {
		if k != "cursor" {
			c[k] = v
		}
	}
	if value == "" {
		c.Del(name)
	} else {
		c.Set(name, value)
	}
	if len(c) == 0 {
		return "/"
	}
	return "/?" + c.Encode()
}

// snippetMark is what the stores put around query terms in
// Statement.Snippet (sqlite.SnippetOpen and SnippetClose).
const snippetMark = "**"

// piece is a run of snippet text, a query hit or not.
type piece struct {
	Text string
	Hit  bool
}

// snippetPieces splits a search snippet at its marks, so the template can
// wrap the hits in <mark> and escape every piece; the text itself is
// never trusted as HTML.
func snippetPieces(s string) []piece {
	parts := strings.Split(s, snippetMark)
	if len(parts)%2 == 0 { // unbalanced: show as plain text
		return []piece{{Text: inert(s)}}
	}
	out := make([]piece, 0, len(parts))
	for i, p := range parts {
		if p != "" {
			out = append(out, piece{Text: inert(p), Hit: i%2 == 1})
		}
	}
	return out
}
