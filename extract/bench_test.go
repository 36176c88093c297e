package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/extract"
)

// BenchmarkExtract runs the whole extraction over every PolNeAR dev text
// on one goroutine: one op is one pass over the 84 articles. It reports
// MB/s and articles/s, the figures issue 2 sets targets for.
func BenchmarkExtract(b *testing.B) {
	paths, err := filepath.Glob("../corpora/polnear/dev/text/*.txt")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no dev texts: %v", err)
	}
	var arts []whosaid.Article
	var size int64
	for _, p := range paths {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, whosaid.Article{ID: filepath.Base(p), Text: string(t)})
		size += int64(len(t))
	}
	x, err := extract.New(extract.Options{KeepComplementizer: true})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			if _, err := x.Extract(a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(arts))/b.Elapsed().Seconds(), "articles/s")
}
