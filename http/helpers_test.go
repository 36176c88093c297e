package http

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"whosaid"
	"whosaid/extract"
	"whosaid/sqlite"
)

// extractorOnce loads the embedded model once for all tests.
var extractorOnce = sync.OnceValues(func() (*extract.Extractor, error) {
	return extract.New(extract.DefaultOptions())
})

func testExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	x, err := extractorOnce()
	if err != nil {
		// The model is being retrained in the same tree; the handlers do
		// not depend on what it finds, so run without it.
		t.Logf("extractor without model: %v", err)
		return extract.NewWithModel(extract.DefaultOptions(), nil)
	}
	return x
}

// testArchive is the store the handler tests run against: the real
// SQLite store in a temporary file.
func testArchive(t testing.TB) whosaid.Archive {
	t.Helper()
	a, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "whosaid.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// do sends a request and returns the response with its body read.
func do(t testing.TB, method, url, contentType, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}
