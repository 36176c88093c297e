package http

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"whosaid"
)

// articleInput is the JSON body of POST /api/extract and /api/articles:
// an article given as plain text or as an HTML page (exactly one).
type articleInput struct {
	ID        string       `json:"id"`
	URL       string       `json:"url"`
	Title     string       `json:"title"`
	Author    string       `json:"author"`
	Outlet    string       `json:"outlet"`
	Language  string       `json:"language"`
	Published whosaid.Date `json:"published"`
	Text      string       `json:"text"`
	HTML      string       `json:"html"`
}

// extractResult is what POST /api/extract returns: the article as read
// (its text is what the offsets point into) and the extraction.
type extractResult struct {
	Article    whosaid.Article     `json:"article"`
	Extraction *whosaid.Extraction `json:"extraction"`
	Spans      []markedSpan        `json:"spans"`
}

// readArticle reads an article from a request body: text/plain,
// text/html, or application/json (articleInput).
func (s *Server) readArticle(r *http.Request) (whosaid.Article, error) {
	switch mt := mediaType(r); mt {
	case "text/plain", "text/html":
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return whosaid.Article{}, err
		}
		in := articleInput{Text: string(b)}
		if mt == "text/html" {
			in = articleInput{HTML: string(b)}
		}
		return in.article(r.Context(), s.opts.MaxBodyBytes)
	case "application/json", "":
		var in articleInput
		if err := decodeJSON(r, &in); err != nil {
			return whosaid.Article{}, err
		}
		return in.article(r.Context(), s.opts.MaxBodyBytes)
	default:
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID,
			"content type %q: send text/plain, text/html or application/json", mt)
	}
}

// article validates the input and turns it into an Article, reading the
// main text out of HTML when that is what was sent.
func (in articleInput) article(ctx context.Context, maxBytes int64) (whosaid.Article, error) {
	switch {
	case in.Text == "" && in.HTML == "":
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "the article has no text")
	case in.Text != "" && in.HTML != "":
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "give either text or html, not both")
	}
	if !utf8.ValidString(in.Text) || !utf8.ValidString(in.HTML) {
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "the article is not valid UTF-8")
	}
	a := whosaid.Article{Text: in.Text}
	if in.HTML != "" {
		var err error
		if a, err = htmlArticle(ctx, in.HTML, maxBytes); err != nil {
			return a, err
		}
	}
	// Fields the client gave win over what the page says about itself.
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&a.ID, in.ID}, {&a.URL, in.URL}, {&a.Title, in.Title}, {&a.Author, in.Author},
		{&a.Outlet, in.Outlet}, {&a.Language, in.Language},
	} {
		if v := strings.TrimSpace(f.v); v != "" {
			*f.dst = v
		}
	}
	if !in.Published.IsZero() {
		a.Published = in.Published
	}
	if strings.TrimSpace(a.Text) == "" {
		return a, whosaid.Errorf(whosaid.EINVALID, "the article has no text")
	}
	if a.ID == "" {
		sum := sha256.Sum256([]byte(a.Text))
		a.ID = "sha256:" + hex.EncodeToString(sum[:8])
	}
	return a, nil
}

// extract runs the extractor with at most MaxExtractions at a time, and
// gives up waiting when the request's deadline passes (the extraction
// then finishes in the background and frees its slot).
func (s *Server) extract(ctx context.Context, a whosaid.Article) (*whosaid.Extraction, error) {
	if s.extractor == nil {
		return nil, whosaid.Errorf(whosaid.EINTERNAL, "this server has no extractor")
	}
	select {
	case s.extractSem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	type result struct {
		x   *whosaid.Extraction
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-s.extractSem }()
		x, err := s.extractor.Extract(a)
		done <- result{x, err}
	}()
	select {
	case res := <-done:
		return res.x, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// apiExtract answers POST /api/extract: the extraction of the posted
// article; nothing is stored.
func (s *Server) apiExtract(w http.ResponseWriter, r *http.Request) {
	a, err := s.readArticle(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	x, err := s.extract(r.Context(), a)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, extractResult{Article: a, Extraction: x, Spans: extractionSpans(x)})
}

// apiPutArticle answers POST /api/articles: extract and store one
// article. It needs the server's token; a server without one is read-only.
func (s *Server) apiPutArticle(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	a, err := s.readArticle(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	x, err := s.extract(r.Context(), a)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.archive.PutArticle(r.Context(), a, x)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.cache.clear()
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	} else {
		w.Header().Set("Location", "/api/articles/"+itoa(res.ArticleID))
	}
	writeJSONStatus(w, status, res)
}

// authorize checks the bearer token in constant time.
func (s *Server) authorize(r *http.Request) error {
	if s.opts.Token == "" {
		return whosaid.Errorf(whosaid.EAUTH, "this server is read-only: start it with --token or WHOSAID_TOKEN to accept articles")
	}
	got := bearerToken(r)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.Token)) != 1 {
		return whosaid.Errorf(whosaid.EAUTH, "a valid bearer token is required")
	}
	return nil
}
