package archivetest

import (
	"os"
	"path/filepath"
	"testing"

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
