// Package batch runs an extractor over many articles: it reads them from
// files, directories, JSON Lines and standard input (Read), extracts with
// a pool of workers and hands the results back in input order with a
// bounded number in flight (Run), so a JSONL file of any size streams in
// constant memory. `whosaid extract` is a thin wrapper around it.
package batch

import "whosaid"

// Item is one article read from an input, or the error reading it.
type Item struct {
	// Name says where the article came from in messages: a path,
	// "path:line" for a JSONL line, "stdin" for standard input.
	Name    string
	Article whosaid.Article
	// Err is set when the input could not be read as an article; the
	// item is passed through to the output in its place.
	Err error
}

// ExtractFunc extracts from one article; (*extract.Extractor).Extract is
// one.
type ExtractFunc func(whosaid.Article) (*whosaid.Extraction, error)
