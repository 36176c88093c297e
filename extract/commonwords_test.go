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
	lower, midCap := map[string]int{}, map[string]int{}
	eachTrainingDoc(t, func(d *doc) { countCase(d, lower, midCap) })
	checkLearnedFile(t, "data/common.txt", "words news text writes in lower case", "TestCommonWordsFile", commonWordList(lower, midCap))
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

// eachTrainingDoc calls fn with every PolNeAR train text.
func eachTrainingDoc(t *testing.T, fn func(*doc)) {
	t.Helper()
	files, err := filepath.Glob("../corpora/polnear/train/text/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no training texts: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fn(newDoc(string(b)))
	}
}

// checkLearnedFile checks that the data file at path holds words (learned
// from the PolNeAR train texts by test), and writes it with -update.
func checkLearnedFile(t *testing.T, path, what, test string, words []string) {
	t.Helper()
	want := "# " + what + ": made from the PolNeAR train texts\n" +
		"# (Newell, Margolin, Ruths, LREC 2018) by " + test + "\n" +
		strings.Join(words, "\n") + "\n"
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not what the training texts give: run with -update", path)
	}
}
