package http

import (
	"net/http"
	"strings"

	"whosaid"
)

type extractView struct {
	Text, Title, Format string
	Result              *articleView
	Error               string
}

// pageExtract shows the extract form (GET) and analyses the pasted
// article on the spot (POST); nothing is stored. The form posts to the
// same origin only (CSP form-action), and the work is bounded like the
// API's: body cap, deadline, extraction slots.
func (s *Server) pageExtract(w http.ResponseWriter, r *http.Request) {
	v := extractView{Format: "text"}
	if r.Method != http.MethodPost {
		s.render(w, r, http.StatusOK, "extract", pageData{Title: "Extract", Nav: "extract", Data: v})
		return
	}
	if err := r.ParseForm(); err != nil {
		s.extractFailed(w, r, v, whosaid.Errorf(whosaid.EINVALID, "the form could not be read"), err)
		return
	}
	v.Text, v.Title = r.PostForm.Get("text"), strings.TrimSpace(r.PostForm.Get("title"))
	if r.PostForm.Get("format") == "html" {
		v.Format = "html"
	}
	in := articleInput{Title: v.Title, Text: v.Text}
	if v.Format == "html" {
		in = articleInput{Title: v.Title, HTML: v.Text}
	}
	a, err := in.article(r.Context(), s.opts.MaxBodyBytes)
	if err != nil {
		s.extractFailed(w, r, v, err, err)
		return
	}
	x, err := s.extract(r.Context(), a)
	if err != nil {
		s.extractFailed(w, r, v, err, err)
		return
	}
	av := newArticleView(a, x)
	v.Result = &av
	s.render(w, r, http.StatusOK, "extract", pageData{Title: "Extract", Nav: "extract", Data: v})
}

// extractFailed shows the form again with the error above it.
func (s *Server) extractFailed(w http.ResponseWriter, r *http.Request, v extractView, shown, cause error) {
	status := errorStatus(cause)
	_, v.Error = errorDetail(shown, status)
	if status >= 500 {
		s.log.Error("extract page failed", "status", status, "err", cause)
	}
	s.render(w, r, status, "extract", pageData{Title: "Extract", Nav: "extract", Data: v})
}
