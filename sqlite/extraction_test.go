package sqlite_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/extract"
)

// TestStoredExtraction checks that an extraction reads back as it was put
// (compressed on disk, sqlite/extraction.go), that one stored as JSON
// text by an older whosaid still reads, and that a damaged one is an
// error naming the article, not a panic.
func TestStoredExtraction(t *testing.T) {
	ctx := context.Background()
	s, db := openRaw(t)
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a := whosaid.Article{ID: "call", Text: `Foreign Minister Ali Rezaei said on Monday: "We will talk to Washington." He added that talks would go on.`}
	ex, err := x.Extract(a)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.PutArticle(ctx, a, ex)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	var kind string
	if err := db.QueryRow(`SELECT typeof(extraction) FROM articles WHERE id = ?`, res.ArticleID).Scan(&kind); err != nil {
		t.Fatal(err)
	}
	if kind != "blob" {
		t.Errorf("extraction stored as %s, want a compressed blob", kind)
	}
	readBack := func(t *testing.T) (*whosaid.StoredArticle, error) {
		t.Helper()
		return s.Article(ctx, res.ArticleID)
	}
	check := func(t *testing.T) {
		t.Helper()
		sa, err := readBack(t)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(sa.Extraction)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("extraction read back\n%s\nwant\n%s", got, want)
		}
	}
	t.Run("compressed", check)
	t.Run("older text", func(t *testing.T) {
		if _, err := db.Exec(`UPDATE articles SET extraction = ? WHERE id = ?`, string(want), res.ArticleID); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
	t.Run("packed before the writer", func(t *testing.T) {
		b := whosaid.Article{ID: "call-2", Text: a.Text + " The ministry confirmed it."}
		bx, err := x.Extract(b)
		if err != nil {
			t.Fatal(err)
		}
		d, err := archive.Prepare(b, bx)
		if err != nil {
			t.Fatal(err)
		}
		s.Pack(d)
		if d.Packed == nil {
			t.Fatal("Pack set nothing")
		}
		out, err := s.PutArticles(ctx, []archive.Put{{Article: b, Extraction: bx, Doc: d}})
		if err != nil || out[0].Err != nil {
			t.Fatalf("put: %v %+v", err, out)
		}
		sa, err := s.Article(ctx, out[0].Result.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(sa.Extraction)
		if wantB, _ := json.Marshal(bx); !reflect.DeepEqual(got, wantB) {
			t.Errorf("packed extraction read back\n%s\nwant\n%s", got, wantB)
		}
	})
	t.Run("damaged", func(t *testing.T) {
		if _, err := db.Exec(`UPDATE articles SET extraction = x'ff00ff00ff' WHERE id = ?`, res.ArticleID); err != nil {
			t.Fatal(err)
		}
		if _, err := readBack(t); err == nil || whosaid.ErrorCode(err) != whosaid.EINTERNAL {
			t.Errorf("damaged extraction: error %v, want EINTERNAL", err)
		}
	})
}
