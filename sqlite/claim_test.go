package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/sqlite"
)

// TestClaim checks that an article is claimed as stored as soon as it is
// stored, in a new archive too: a crawl repeats pages (the generated
// 1 GB WARC.gz holds five articles 4,930 times), and each repeat found
// stored is not extracted again. Answering "not stored" without looking
// while the archive had been empty at the start doubled the time of that
// ingest.
func TestClaim(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "whosaid.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := whosaid.Article{ID: "a", Text: "The minister said the talks would resume on Monday."}
	key := archive.Fingerprints(a.Text).TextHash
	other := archive.Fingerprints("Prices fell for a third month, the statistics office said.").TextHash
	claim := func(key string, want archive.ClaimState) {
		t.Helper()
		if got, err := s.Claim(ctx, key); err != nil || got != want {
			t.Errorf("Claim(%s…) = %v, %v; want %v", key[:8], got, err, want)
		}
	}
	claim(key, archive.Mine)
	if _, err := s.PutArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	claim(key, archive.Stored)
	claim(other, archive.Mine)
}
