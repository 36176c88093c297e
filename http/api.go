package http

import (
	_ "embed"
	"net/http"
	"strings"

	"whosaid"
)

// apiStatements answers GET /api/statements: one page of matching
// statements with facet counts and the cursor of the next page.
func (s *Server) apiStatements(w http.ResponseWriter, r *http.Request) {
	f, err := statementFilter(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	page, err := s.searchStatements(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeBody(w, http.StatusOK, page.JSON())
}

// apiPeople answers GET /api/people?q=: people whose name or alias matches.
func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) {
	q, err := textParam(r.URL.Query(), "q")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	limit, err := limitParam(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	people, err := s.archive.People(r.Context(), q, limit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if people == nil {
		people = []whosaid.Person{}
	}
	writeJSON(w, map[string]any{"people": people})
}

// apiPerson answers GET /api/people/{id}.
func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"), "person")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.archive.Person(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, p)
}

// articleJSON is a stored article with every span of its extraction
// flattened into one list, so clients can highlight without walking the
// extraction's structure.
type articleJSON struct {
	*whosaid.StoredArticle
	Spans []markedSpan `json:"spans"`
}

// apiArticle answers GET /api/articles/{id}.
func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"), "article")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	a, err := s.archive.Article(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, articleJSON{StoredArticle: a, Spans: extractionSpans(a.Extraction)})
}

// apiInteractions answers GET /api/interactions?person=&since=&until=.
func (s *Server) apiInteractions(w http.ResponseWriter, r *http.Request) {
	f, err := interactionFilter(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	is, err := s.archive.Interactions(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if is == nil {
		is = []whosaid.InteractionSeen{}
	}
	writeJSON(w, map[string]any{"interactions": is})
}

func interactionFilter(r *http.Request) (whosaid.InteractionFilter, error) {
	q := r.URL.Query()
	var f whosaid.InteractionFilter
	var err error
	if f.PersonID, err = optionalID(q, "person"); err != nil {
		return f, err
	}
	if f.Since, err = dateParam(q, "since"); err != nil {
		return f, err
	}
	if f.Until, err = dateParam(q, "until"); err != nil {
		return f, err
	}
	if q.Get("limit") != "" {
		if f.Limit, err = limitParam(q); err != nil {
			return f, err
		}
	}
	return f, nil
}

// healthz answers GET /healthz: 200 when the archive answers a query.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.archive.People(r.Context(), "", 1); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

//go:embed openapi.json
var openapiJSON []byte

// apiOpenAPI serves the embedded OpenAPI 3 document.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapiJSON)
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
