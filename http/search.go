package http

import (
	"context"

	"whosaid"
)

// StatementPager is an archive that can return one page of a statement
// search without counting the total and facets. Counting scans the whole
// match; a next page has the same total and facets as the first, which
// the search cache already holds, so archives that implement this make
// paging through a broad search cheap. It is optional: without it every
// page is a full SearchStatements.
type StatementPager interface {
	// StatementsPage returns the page of f (f.Cursor included) and the
	// cursor of the next one; errors as SearchStatements.
	StatementsPage(ctx context.Context, f whosaid.StatementFilter) (statements []whosaid.Statement, next string, err error)
}

// searchStatements answers a statement search for the API and the search
// page through the cache; next pages are read with StatementPager (with
// the first page's total and facets) when the archive has it.
func (s *Server) searchStatements(ctx context.Context, f whosaid.StatementFilter) (*cachedPage, error) {
	if f.Cursor == "" {
		return s.cache.search(ctx, f, s.archive.SearchStatements)
	}
	pager, ok := s.archive.(StatementPager)
	if !ok {
		// Next pages of popular searches are popular too (everyone who
		// read page one got the same cursor), so they share the cache.
		return s.cache.search(ctx, f, s.archive.SearchStatements)
	}
	// Next pages are cached like first pages (readers of a popular
	// search ask for the same cursors), but a miss reads only the page and
	// takes the total and facets from the first page.
	return s.cache.search(ctx, f, func(ctx context.Context, f whosaid.StatementFilter) (*whosaid.StatementPage, error) {
		first := f
		first.Cursor = ""
		head, err := s.cache.search(ctx, first, s.archive.SearchStatements)
		if err != nil {
			return nil, err
		}
		sts, next, err := pager.StatementsPage(ctx, f)
		if err != nil {
			return nil, err
		}
		if sts == nil {
			sts = []whosaid.Statement{}
		}
		return &whosaid.StatementPage{Statements: sts, NextCursor: next, Total: head.page.Total,
			TotalCapped: head.page.TotalCapped, Facets: head.page.Facets}, nil
	})
}
