package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/sqlite"
)

// TestClaim checks that an article already in the archive is claimed as
// stored (a rerun does not extract it again) and any other as the
// caller's, and that an archive which was empty at its first claim
// answers without looking (all it could find is what the same ingest
// stored, which its writer recognises).
func TestClaim(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "whosaid.db")
	a := whosaid.Article{ID: "a", Text: "The minister said the talks would resume on Monday."}
	other := archive.Fingerprints("Prices fell for a third month, the statistics office said.").TextHash
	stored := archive.Fingerprints(a.Text).TextHash

	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	claim := func(s *sqlite.Store, key string, want archive.ClaimState) {
		t.Helper()
		if got, err := s.Claim(ctx, key); err != nil || got != want {
			t.Errorf("Claim(%s) = %v, %v; want %v", key[:8], got, err, want)
		}
	}
	claim(s, stored, archive.Mine)
	if _, err := s.PutArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	claim(s, stored, archive.Mine) // empty at the first claim: no lookup
	s.Close()

	if s, err = sqlite.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	claim(s, stored, archive.Stored)
	claim(s, other, archive.Mine)
}
