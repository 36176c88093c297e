package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGivenNamesFile checks data/given.txt is what the PolNeAR train texts
// give; after changing the rule: go test ./extract -run TestGivenNamesFile
// -update
func TestGivenNamesFile(t *testing.T) {
	files, err := filepath.Glob("../corpora/polnear/train/text/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no training texts: %v", err)
	}
	lx := loadLexicons()
	surnames := map[string]map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		countGivenNames(newDoc(string(b)), lx, surnames)
	}
	want := "# given names: made from the PolNeAR train texts\n" +
		"# (Newell, Margolin, Ruths, LREC 2018) by TestGivenNamesFile\n" +
		strings.Join(givenNameList(surnames), "\n") + "\n"
	if *update {
		if err := os.WriteFile("data/given.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("data/given.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("data/given.txt is not what the training texts give: run with -update")
	}
	for _, w := range []string{"hillary", "barack", "ted", "john"} {
		if !lx.given[w] {
			t.Errorf("%q is not a given name", w)
		}
	}
	for _, w := range []string{"trump", "clinton", "president", "house", "new"} {
		if lx.given[w] {
			t.Errorf("%q is a given name", w)
		}
	}
}
