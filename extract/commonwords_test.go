package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommonWordsFile checks data/common.txt is what the PolNeAR train
// texts give; after changing the rule: go test ./extract -run
// TestCommonWordsFile -update
func TestCommonWordsFile(t *testing.T) {
	files, err := filepath.Glob("../corpora/polnear/train/text/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no training texts: %v", err)
	}
	lower, midCap := map[string]int{}, map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		countCase(newDoc(string(b)), lower, midCap)
	}
	want := "# words news text writes in lower case: made from the PolNeAR train texts\n" +
		"# (Newell, Margolin, Ruths, LREC 2018) by TestCommonWordsFile\n" +
		strings.Join(commonWordList(lower, midCap), "\n") + "\n"
	if *update {
		if err := os.WriteFile("data/common.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("data/common.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("data/common.txt is not what the training texts give: run with -update")
	}
	for _, w := range []string{"aides", "polls", "critics", "data"} {
		if !loadLexicons().common[w] {
			t.Errorf("%q is not a common word", w)
		}
	}
	for _, w := range []string{"trump", "clinton", "obama", "sanders"} {
		if loadLexicons().common[w] {
			t.Errorf("%q is a common word", w)
		}
	}
}
