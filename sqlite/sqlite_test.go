package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archivetest"
	"whosaid/sqlite"
)

func open(t *testing.T) whosaid.Archive {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "whosaid.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestArchive(t *testing.T) { archivetest.Run(t, open) }

// TestReopen checks that migrations run once and data survives a reopen.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whosaid.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.PutArticle(ctx, whosaid.Article{ID: "a", Text: "Someone said something."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = sqlite.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Article(ctx, res.ArticleID); err != nil {
		t.Fatal(err)
	}
}
