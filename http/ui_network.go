package http

import (
	"net/http"

	"whosaid"
)

type networkView struct {
	Since, Until string
	Graph        network
	Interactions []whosaid.InteractionSeen
	Error        string
}

// maxNetworkInteractions bounds how many interactions one graph reads.
const maxNetworkInteractions = 2000

// pageNetwork renders who interacted with whom in a period, as an SVG
// graph and, for reading without pictures, as a list.
func (s *Server) pageNetwork(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := networkView{Since: q.Get("since"), Until: q.Get("until")}
	f, err := interactionFilter(r)
	if err == nil && q.Get("limit") == "" {
		f.Limit = maxNetworkInteractions
	}
	if err != nil {
		v.Error = whosaid.ErrorMessage(err)
		s.render(w, r, errorStatus(err), "network", pageData{Title: "Network", Nav: "network", Data: v})
		return
	}
	is, err := s.archive.Interactions(r.Context(), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Graph, v.Interactions = newNetwork(is), is
	s.render(w, r, http.StatusOK, "network", pageData{Title: "Network", Nav: "network", Data: v})
}
