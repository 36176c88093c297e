package extract

import "testing"

// TestGivenNamesFile checks data/given.txt is what the PolNeAR train texts
// give; after changing the rule: go test ./extract -run TestGivenNamesFile
// -update
func TestGivenNamesFile(t *testing.T) {
	lx := loadLexicons()
	surnames := map[string]map[string]bool{}
	eachTrainingDoc(t, func(d *doc) { countGivenNames(d, lx, surnames) })
	checkLearnedFile(t, "data/given.txt", "given names", "TestGivenNamesFile", givenNameList(surnames))
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
