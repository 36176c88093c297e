package http

import (
	"net/http"
	"sort"

	"whosaid"
)

// contact is someone a person interacted with, with how often and how.
type contact struct {
	whosaid.PersonRef
	Count int
	Kinds []whosaid.InteractionKind
}

type personView struct {
	Person       *whosaid.PersonDetail
	Timeline     timeline
	Contacts     []contact
	Interactions []whosaid.InteractionSeen
}

// pagePerson renders a person: names, roles over time, the weekly
// timeline, contacts and latest statements.
func (s *Server) pagePerson(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"), "person")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p, err := s.archive.Person(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := personView{
		Person:       p,
		Timeline:     newTimeline(p.Weekly),
		Contacts:     contacts(p.ID, p.Interactions),
		Interactions: p.Interactions,
	}
	s.render(w, r, http.StatusOK, "person", pageData{Title: inert(p.Name), Nav: "people", Data: v})
}

// contacts counts the other participants of a person's interactions,
// most frequent first.
func contacts(self int64, is []whosaid.InteractionSeen) []contact {
	byID := map[int64]*contact{}
	var out []*contact
	for _, in := range is {
		for _, p := range in.Participants {
			if p.ID == self || p.ID == 0 {
				continue
			}
			c := byID[p.ID]
			if c == nil {
				c = &contact{PersonRef: p}
				byID[p.ID] = c
				out = append(out, c)
			}
			c.Count++
			if !containsKind(c.Kinds, in.Kind) {
				c.Kinds = append(c.Kinds, in.Kind)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	res := make([]contact, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
}

func containsKind(ks []whosaid.InteractionKind, k whosaid.InteractionKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

type peopleView struct {
	Query  string
	People []whosaid.Person
}

// pagePeople lists people matching ?q=, or the best-known ones.
func (s *Server) pagePeople(w http.ResponseWriter, r *http.Request) {
	q, err := textParam(r.URL.Query(), "q")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	people, err := s.archive.People(r.Context(), q, maxLimit)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "people", pageData{Title: "People", Nav: "people", Data: peopleView{q, people}})
}
