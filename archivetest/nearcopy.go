package archivetest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"whosaid"
	"whosaid/archive"
)

// NearCopy reads up to n texts from dir (PolNeAR's, say) and makes a
// syndicated copy of the first: the text with a line added, a
// near-duplicate of it by SimHash but not equal. The copy's original is
// originals[0].
func NearCopy(t testing.TB, dir string, n int) (originals []string, copied string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("texts in %s: %v", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		c := text + "\nThis article first appeared on the wire."
		if copied == "" && archive.SimHash(text) != archive.SimHash(c) &&
			archive.NearDuplicate(archive.SimHash(text), archive.SimHash(c)) {
			copied, originals = c, append([]string{text}, originals...)
		} else if len(originals) < n {
			originals = append(originals, text)
		}
	}
	if copied == "" {
		t.Fatalf("no text in %s stays within NearBits with a line added", dir)
	}
	return originals, copied
}

// BlocksMigration checks a store's migration from SimHash bands to blocks
// (archive.Blocks). It stores PolNeAR texts from dir in the archive open
// returns and closes it; revert puts the archive back in the layout before
// the migration; the archive open returns next has migrated it, and rows
// lists its block rows as (simhash, block, value). Every stored article
// must have its blocks, as archive.Blocks computes them, and a syndicated
// copy of an article stored before must be found.
func BlocksMigration(t *testing.T, dir string, open func() whosaid.Archive, revert func(), rows func() [][3]int64) {
	t.Helper()
	ctx := context.Background()
	originals, copied := NearCopy(t, dir, 20)
	a := open()
	var first int64
	for i, text := range originals {
		res, err := a.PutArticle(ctx, whosaid.Article{ID: strconv.Itoa(i), Text: text}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.ArticleID
		}
	}
	a.Close()
	revert()
	a = open()
	defer a.Close()
	got := rows()
	for _, r := range got {
		if want := archive.Blocks(uint64(r[0]))[r[1]]; r[2] != want {
			t.Errorf("simhash %x block %d = %x, want %x", uint64(r[0]), r[1], r[2], want)
		}
	}
	if len(got) != archive.NBlocks*len(originals) {
		t.Errorf("%d block rows for %d articles", len(got), len(originals))
	}
	res, err := a.PutArticle(ctx, whosaid.Article{ID: "copy", URL: "https://copy.example/", Text: copied}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Duplicate || res.ArticleID != first {
		t.Errorf("the copy: %+v, want a duplicate of article %d", res, first)
	}
}
