package http

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"whosaid"
	"whosaid/ingest"
)

// htmlArticle reads the main text and metadata of an HTML page through
// package ingest's HTML path (go-trafilatura, ads stripped, paragraphs
// kept, article:published_time), so a page posted here reads exactly as
// `whosaid ingest` would read it. The page is handed over as one JSON line
// on ingest's standard-input source: nothing is fetched from anywhere.
func htmlArticle(ctx context.Context, page string, maxBytes int64) (whosaid.Article, error) {
	line, err := json.Marshal(map[string]string{"html": page})
	if err != nil {
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "html: %v", err)
	}
	opts := ingest.Options{Stdin: bytes.NewReader(append(line, '\n')), MaxBytes: maxBytes + 1024}
	var got *ingest.Item
	err = ingest.Read(ctx, []string{"-"}, opts, func(it ingest.Item) error {
		if got == nil {
			got = &it
		}
		return nil
	})
	switch {
	case err != nil:
		return whosaid.Article{}, err
	case got == nil:
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "html: no article found in the page")
	case got.Err != nil:
		msg := strings.TrimPrefix(whosaid.ErrorMessage(got.Err), "-:1: ")
		return whosaid.Article{}, &whosaid.Error{Code: whosaid.ErrorCode(got.Err), Message: "html: " + msg}
	}
	return got.Article, nil
}
