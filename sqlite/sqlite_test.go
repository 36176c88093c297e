package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archive"
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

// TestPutArticles checks that in a batch a failing article is rolled back
// alone and a duplicate within the batch is recognised.
func TestPutArticles(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "whosaid.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := "The minister said the talks would resume on Monday, officials in the capital confirmed."
	out, err := s.PutArticles(ctx, []archive.Put{
		{Article: whosaid.Article{ID: "a", Text: text}},
		{Article: whosaid.Article{ID: "bad", Text: "caf\xe9"}},
		{Article: whosaid.Article{ID: "copy", URL: "https://copy.example/", Text: text}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Err != nil || out[0].Result.Duplicate || whosaid.ErrorCode(out[1].Err) != whosaid.EINVALID ||
		out[2].Err != nil || !out[2].Result.Duplicate || out[2].Result.ArticleID != out[0].Result.ArticleID {
		t.Fatalf("outcomes %+v", out)
	}
	a, err := s.Article(ctx, out[0].Result.ArticleID)
	if err != nil || len(a.Sightings) != 2 {
		t.Fatalf("article %+v, %v", a, err)
	}
}
