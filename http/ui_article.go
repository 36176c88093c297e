package http

import (
	"net/http"

	"whosaid"
)

// statementRow is an attribution listed beside the article text.
type statementRow struct {
	Index   int
	Speaker string
	Kind    whosaid.AttributionKind
	Cue     string
	Content string
	Anchor  int // code-point offset of the first content, the mark's id
}

// interactionRow is an interaction with its participants named.
type interactionRow struct {
	Kind         whosaid.InteractionKind
	Cue          string
	Participants []string
	When         whosaid.Date
}

type articleView struct {
	Article      whosaid.Article
	ID           int64
	Extraction   *whosaid.Extraction
	Sightings    []whosaid.Sighting
	Segments     []segment
	Statements   []statementRow
	Entities     []whosaid.Entity
	Dates        []whosaid.TimeExpr
	Dateline     *whosaid.Dateline
	Interactions []interactionRow
}

// pageArticle renders one article with its spans highlighted.
func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"), "article")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	a, err := s.archive.Article(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := newArticleView(a.Article, a.Extraction)
	v.ID, v.Sightings = a.ID, a.Sightings
	s.render(w, r, http.StatusOK, "article", pageData{Title: titleOr(a.Article.Title), Nav: "search", Data: v})
}

// newArticleView prepares an article and its extraction for display; the
// extract page uses it too.
func newArticleView(a whosaid.Article, x *whosaid.Extraction) articleView {
	v := articleView{Article: a, Extraction: x}
	v.Segments = highlight(a.Text, extractionSpans(x))
	if x == nil {
		return v
	}
	v.Dateline, v.Dates = x.Dateline, x.Dates
	names := map[whosaid.EntityID]string{}
	for _, e := range x.Entities {
		v.Entities = append(v.Entities, e)
		names[e.ID] = e.Name
	}
	for _, in := range x.Interactions {
		row := interactionRow{Kind: in.Kind, Cue: in.Cue.Text}
		for _, p := range in.Participants {
			if n := names[p]; n != "" {
				row.Participants = append(row.Participants, n)
			}
		}
		if in.When != nil {
			row.When = in.When.Date
		}
		v.Interactions = append(v.Interactions, row)
	}
	for i, at := range x.Attributions {
		row := statementRow{Index: i, Speaker: at.SpeakerName, Kind: at.Kind, Cue: at.Cue.Text, Anchor: -1}
		for j, c := range at.Contents {
			if j == 0 {
				row.Anchor = c.Start
			} else {
				row.Content += " … "
			}
			row.Content += c.Text
		}
		row.Content = truncate(row.Content, 220)
		v.Statements = append(v.Statements, row)
	}
	return v
}

func titleOr(t string) string {
	if t == "" {
		return "Untitled article"
	}
	return inert(t)
}

// truncate shortens s to about n code points at a word boundary, for
// side lists; the full text is in the article beside them.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n*3/4 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + " …"
}
