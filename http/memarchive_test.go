package http

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"whosaid"
)

// memArchive is a small in-memory whosaid.Archive for handler tests that
// need exact control over what the store returns (failures, odd data).
// The end-to-end tests use the real SQLite store.
type memArchive struct {
	mu       sync.Mutex
	articles []*whosaid.StoredArticle
	people   map[string]int64 // lower-case name → id
	names    []string         // id-1 → name
	fail     error            // returned by every method when set
}

func newMemArchive() *memArchive { return &memArchive{people: map[string]int64{}} }

func (m *memArchive) personID(name string) int64 {
	k := strings.ToLower(strings.TrimSpace(name))
	if k == "" {
		return 0
	}
	if id, ok := m.people[k]; ok {
		return id
	}
	m.names = append(m.names, name)
	m.people[k] = int64(len(m.names))
	return int64(len(m.names))
}

func (m *memArchive) PutArticle(ctx context.Context, a whosaid.Article, x *whosaid.Extraction) (whosaid.PutResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return whosaid.PutResult{}, m.fail
	}
	for _, s := range m.articles {
		if s.Article.Text == a.Text {
			s.Sightings = append(s.Sightings, whosaid.Sighting{ArticleID: s.ID, URL: a.URL, Outlet: a.Outlet, Published: a.Published})
			return whosaid.PutResult{ArticleID: s.ID, Duplicate: true}, nil
		}
	}
	if x != nil {
		for _, e := range x.Entities {
			if e.Type == whosaid.EntityPerson {
				m.personID(e.Name)
			}
		}
	}
	s := &whosaid.StoredArticle{ID: int64(len(m.articles) + 1), Article: a, Extraction: x, Ingested: time.Now()}
	s.Sightings = []whosaid.Sighting{{ArticleID: s.ID, URL: a.URL, Outlet: a.Outlet, Title: a.Title, Published: a.Published}}
	m.articles = append(m.articles, s)
	return whosaid.PutResult{ArticleID: s.ID}, nil
}

func (m *memArchive) Article(ctx context.Context, id int64) (*whosaid.StoredArticle, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	if id < 1 || id > int64(len(m.articles)) {
		return nil, whosaid.Errorf(whosaid.ENOTFOUND, "no article %d", id)
	}
	return m.articles[id-1], nil
}

// statements lists every attribution as a Statement, newest first.
func (m *memArchive) statements() []whosaid.Statement {
	var out []whosaid.Statement
	for _, s := range m.articles {
		if s.Extraction == nil {
			continue
		}
		ents := map[whosaid.EntityID]whosaid.Entity{}
		for _, e := range s.Extraction.Entities {
			ents[e.ID] = e
		}
		for _, at := range s.Extraction.Attributions {
			var parts []string
			for _, c := range at.Contents {
				parts = append(parts, c.Text)
			}
			st := whosaid.Statement{
				ID: int64(len(out) + 1), Speaker: at.SpeakerName, Content: strings.Join(parts, " … "),
				Kind: at.Kind, Cue: at.Cue.Text, ArticleID: s.ID, Title: s.Article.Title,
				Outlet: s.Article.Outlet, URL: s.Article.URL, Published: s.Article.Published,
				Attribution: at, Sightings: s.Sightings,
			}
			if e, ok := ents[at.Speaker]; ok && e.Type == whosaid.EntityPerson {
				st.PersonID = m.people[strings.ToLower(e.Name)]
				st.Speaker = e.Name
				if len(e.Roles) > 0 {
					st.SpeakerRole = e.Roles[0]
				}
			}
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Published.After(out[j].Published.Time) })
	return out
}

// articleMentions says whether article id's text contains word (the test
// double's stand-in for full-text search).
func (m *memArchive) articleMentions(id int64, word string) bool {
	for _, s := range m.articles {
		if s.ID == id {
			return strings.Contains(strings.ToLower(s.Article.Text), strings.ToLower(word))
		}
	}
	return false
}

func (m *memArchive) SearchStatements(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	off := 0
	if f.Cursor != "" {
		var err error
		if off, err = strconv.Atoi(f.Cursor); err != nil || off < 0 {
			return nil, whosaid.Errorf(whosaid.EINVALID, "cursor: not one this server gave")
		}
	}
	var match []whosaid.Statement
	for _, s := range m.statements() {
		switch {
		case f.Query != "" && !strings.Contains(strings.ToLower(s.Content), strings.ToLower(f.Query)),
			f.About != "" && !m.articleMentions(s.ArticleID, f.About),
			f.Speaker != "" && !strings.EqualFold(s.Speaker, f.Speaker),
			f.Outlet != "" && !strings.EqualFold(s.Outlet, f.Outlet),
			f.Kind != "" && s.Kind != f.Kind,
			!f.Since.IsZero() && s.Published.Before(f.Since.Time),
			!f.Until.IsZero() && s.Published.After(f.Until.Time):
			continue
		}
		match = append(match, s)
	}
	page := &whosaid.StatementPage{Total: len(match)}
	count := func(key func(whosaid.Statement) string) []whosaid.FacetCount {
		n := map[string]int{}
		for _, s := range match {
			if k := key(s); k != "" {
				n[k]++
			}
		}
		var out []whosaid.FacetCount
		for k, c := range n {
			out = append(out, whosaid.FacetCount{Value: k, Count: c})
		}
		sort.Slice(out, func(i, j int) bool {
			return out[i].Count > out[j].Count || out[i].Count == out[j].Count && out[i].Value < out[j].Value
		})
		return out
	}
	page.Facets.Speakers = count(func(s whosaid.Statement) string { return s.Speaker })
	page.Facets.Outlets = count(func(s whosaid.Statement) string { return s.Outlet })
	page.Facets.Kinds = count(func(s whosaid.Statement) string { return string(s.Kind) })
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	if off < len(match) {
		end := min(off+limit, len(match))
		page.Statements = match[off:end]
		if end < len(match) {
			page.NextCursor = strconv.Itoa(end)
		}
	}
	return page, nil
}

func (m *memArchive) People(ctx context.Context, q string, limit int) ([]whosaid.Person, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	var out []whosaid.Person
	for i, n := range m.names {
		if q == "" || strings.Contains(strings.ToLower(n), strings.ToLower(q)) {
			out = append(out, m.person(int64(i+1)).Person)
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memArchive) person(id int64) *whosaid.PersonDetail {
	p := &whosaid.PersonDetail{Person: whosaid.Person{ID: id, Name: m.names[id-1], Aliases: []string{}, Roles: []whosaid.RoleSeen{}}}
	weeks := map[string]int{}
	for _, s := range m.statements() {
		if s.PersonID != id {
			continue
		}
		p.Statements++
		if len(p.Latest) < 10 {
			p.Latest = append(p.Latest, s)
		}
		if !s.Published.IsZero() {
			weeks[monday(s.Published.Time).Format(whosaid.DateLayout)]++
		}
		if s.SpeakerRole != "" && len(p.Roles) == 0 {
			p.Roles = append(p.Roles, whosaid.RoleSeen{Role: s.SpeakerRole, FirstSeen: s.Published, LastSeen: s.Published})
		}
	}
	for w, c := range weeks {
		d, _ := whosaid.ParseDate(w)
		p.Weekly = append(p.Weekly, whosaid.WeekCount{Week: d, Count: c})
	}
	sort.Slice(p.Weekly, func(i, j int) bool { return p.Weekly[i].Week.Before(p.Weekly[j].Week.Time) })
	p.Interactions = m.interactions(whosaid.InteractionFilter{PersonID: id})
	p.Person.Interactions = len(p.Interactions)
	return p
}

func (m *memArchive) Person(ctx context.Context, id int64) (*whosaid.PersonDetail, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	if id < 1 || id > int64(len(m.names)) {
		return nil, whosaid.Errorf(whosaid.ENOTFOUND, "no person %d", id)
	}
	return m.person(id), nil
}

func (m *memArchive) interactions(f whosaid.InteractionFilter) []whosaid.InteractionSeen {
	var out []whosaid.InteractionSeen
	for _, s := range m.articles {
		if s.Extraction == nil {
			continue
		}
		names := map[whosaid.EntityID]string{}
		for _, e := range s.Extraction.Entities {
			names[e.ID] = e.Name
		}
		for _, in := range s.Extraction.Interactions {
			seen := whosaid.InteractionSeen{ID: int64(len(out) + 1), Kind: in.Kind, ArticleID: s.ID, Title: s.Article.Title, Published: s.Article.Published}
			if in.When != nil {
				seen.When = in.When.Date
			}
			has := f.PersonID == 0
			for _, p := range in.Participants {
				id := m.people[strings.ToLower(names[p])]
				has = has || id == f.PersonID
				seen.Participants = append(seen.Participants, whosaid.PersonRef{ID: id, Name: names[p]})
			}
			day := seen.When
			if day.IsZero() {
				day = seen.Published
			}
			if !has || !f.Since.IsZero() && day.Before(f.Since.Time) || !f.Until.IsZero() && day.After(f.Until.Time) {
				continue
			}
			out = append(out, seen)
		}
	}
	return out
}

func (m *memArchive) Interactions(ctx context.Context, f whosaid.InteractionFilter) ([]whosaid.InteractionSeen, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	return m.interactions(f), nil
}

func (m *memArchive) Close() error { return nil }
