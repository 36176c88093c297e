package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
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

// openRaw opens a new store and a plain connection to its file, to look
// at and tamper with the rows behind the store's back.
func openRaw(t *testing.T) (*sqlite.Store, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "whosaid.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return s, db
}

// TestReopen checks that migrations run once and data survives a reopen.
func TestReopen(t *testing.T) {
	reopenKeeps(t, filepath.Join(t.TempDir(), "whosaid.db"), nil)
}

// reopenKeeps stores an article in the archive at path, closes it, calls
// between (if not nil), and checks the article is there after a reopen.
func reopenKeeps(t *testing.T, path string, between func()) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.PutArticle(ctx, whosaid.Article{ID: "a", Text: "Someone said something."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if between != nil {
		between()
	}
	if s, err = sqlite.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Article(ctx, res.ArticleID); err != nil {
		t.Fatal(err)
	}
}

// TestPageSize checks that a new archive gets 8 KB pages and WAL mode,
// and that an existing archive with SQLite's default 4 KB pages keeps them
// and its data.
func TestPageSize(t *testing.T) {
	ctx := context.Background()
	pragmas := func(t *testing.T, path string) (size int, mode string) {
		t.Helper()
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		return size, mode
	}
	t.Run("new", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if size, mode := pragmas(t, path); size != 8192 || mode != "wal" {
			t.Errorf("page size %d, journal mode %q; want 8192, wal", size, mode)
		}
	})
	t.Run("existing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "old.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`PRAGMA page_size=4096; CREATE TABLE older (x)`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		reopenKeeps(t, path, func() {
			if size, mode := pragmas(t, path); size != 4096 || mode != "wal" {
				t.Errorf("page size %d, journal mode %q; want 4096, wal", size, mode)
			}
		})
	})
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

// TestPutArticlesStoreFailure checks that an article failing inside the
// transaction (a trigger added behind the store's back refuses one of its
// statements) is rolled back alone, leaving nothing of it, while the rest
// of the batch, before and after it, is stored.
func TestPutArticlesStoreFailure(t *testing.T) {
	ctx := context.Background()
	s, db := openRaw(t)
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TRIGGER refuse BEFORE INSERT ON statements
		WHEN new.content = 'border stays shut' BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	doc := func(id, text, quote string) archive.Put {
		a := whosaid.Article{ID: id, Text: text}
		d, err := archive.Prepare(a, nil)
		if err != nil {
			t.Fatal(err)
		}
		st := archive.StatementRow{Key: id + ":minister", Speaker: "The minister", Content: quote,
			Kind: whosaid.Direct, Cue: "said", Attribution: []byte(`{}`)}
		d.Statements = append(d.Statements, st)
		return archive.Put{Article: a, Doc: d}
	}
	out, err := s.PutArticles(ctx, []archive.Put{
		doc("first", "The minister said the talks would resume.", "talks would resume"),
		doc("bad", "The minister said the border stays shut.", "border stays shut"),
		doc("last", "The minister said prices will fall.", "prices will fall"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Err != nil || out[1].Err == nil || !strings.Contains(out[1].Err.Error(), "refused") || out[2].Err != nil {
		t.Fatalf("outcomes %+v", out)
	}
	for _, tc := range []struct {
		query string
		want  int
	}{{"talks", 1}, {"border", 0}, {"prices", 1}} {
		page, err := s.SearchStatements(ctx, whosaid.StatementFilter{Query: tc.query})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Statements) != tc.want {
			t.Errorf("search %q: %d statements, want %d", tc.query, len(page.Statements), tc.want)
		}
	}
	if _, err := s.Article(ctx, out[2].Result.ArticleID); err != nil {
		t.Errorf("last article: %v", err)
	}
	if out[2].Result.ArticleID != out[0].Result.ArticleID+1 {
		t.Errorf("article ids %d, %d: the failed article left a row", out[0].Result.ArticleID, out[2].Result.ArticleID)
	}
}
