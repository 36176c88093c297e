package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"whosaid"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenExtractions compares whole extractions with reviewed golden
// files, so any change in what whosaid finds shows up in review. After a
// deliberate change: go test ./extract -run TestGoldenExtractions -update
func TestGoldenExtractions(t *testing.T) {
	tests := []struct{ name, text, published string }{
		{"seed", "../testdata/seed/000_bd208590b675fc6e.txt", "2021-05-17"},
		{"polnear-dev-stealth", "../corpora/polnear/dev/text/breitbart_2016-09-12_stealth-over-health-hillary-clin.txt", "2016-09-12"},
	}
	x, err := New(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := os.ReadFile(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			published, _ := whosaid.ParseDate(tt.published)
			ex, err := x.Extract(whosaid.Article{ID: tt.name, Text: string(text), Published: published})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(ex, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := "testdata/" + tt.name + ".golden.json"
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("extraction differs from %s; review the change and run with -update", path)
			}
		})
	}
}
