package http

import (
	"net/http"
	"net/url"

	"whosaid"
)

// facetLink is one facet value as a link that narrows the search.
type facetLink struct {
	Value  string
	Count  int
	Href   string
	Active bool
}

// facetGroup is one facet (speaker, outlet, kind) with its values.
type facetGroup struct {
	Name  string
	Param string
	Links []facetLink
	Clear string // link without this facet; "" when not filtering on it
}

type searchPage struct {
	Filter whosaid.StatementFilter
	Since  string
	Until  string
	Page   *whosaid.StatementPage
	Facets []facetGroup
	Next   string
	Error  string
	Kinds  []string
}

// pageSearch renders the search page: the form, facets and statement
// cards. Bad parameters are shown on the page with status 400.
func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := searchPage{Kinds: []string{string(whosaid.Direct), string(whosaid.Indirect), string(whosaid.Mixed)}}
	f, err := statementFilter(q)
	d.Filter, d.Since, d.Until = f, q.Get("since"), q.Get("until")
	if err != nil {
		d.Error = whosaid.ErrorMessage(err)
		s.render(w, r, errorStatus(err), "search", pageData{Title: "Search", Nav: "search", Data: d})
		return
	}
	cp, err := s.searchStatements(r.Context(), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	page := cp.page
	d.Page = page
	d.Facets = []facetGroup{
		facets("Speaker", "speaker", f.Speaker, page.Facets.Speakers, q),
		facets("Outlet", "outlet", f.Outlet, page.Facets.Outlets, q),
		facets("Kind", "kind", string(f.Kind), page.Facets.Kinds, q),
	}
	if page.NextCursor != "" {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("cursor", page.NextCursor)
		d.Next = "/?" + next.Encode()
	}
	title := "Search"
	if f.Query != "" {
		title = f.Query + " – Search"
	}
	s.render(w, r, http.StatusOK, "search", pageData{Title: title, Nav: "search", Data: d})
}

func facets(name, param, current string, counts []whosaid.FacetCount, q url.Values) facetGroup {
	g := facetGroup{Name: name, Param: param}
	if current != "" {
		g.Clear = withParam(q, param, "")
	}
	for _, c := range counts {
		g.Links = append(g.Links, facetLink{
			Value:  c.Value,
			Count:  c.Count,
			Href:   withParam(q, param, c.Value),
			Active: c.Value == current,
		})
	}
	return g
}
