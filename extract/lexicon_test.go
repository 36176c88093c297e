package extract

import "testing"

func TestLexicon(t *testing.T) {
	m := map[string]float32{"said": 0.9, "~say": 0.8, "told": 0.7, "the": 0.01, "": 0.5}
	lx := newLexicon(m)
	for w, want := range m {
		if got, ok := lx.get(hashString(w)); !ok || got != want {
			t.Errorf("get(%q) = %v, %v; want %v", w, got, ok, want)
		}
	}
	for _, w := range []string{"says", "tolds", "x"} {
		if _, ok := lx.get(hashString(w)); ok {
			t.Errorf("get(%q) found a word not in the lexicon", w)
		}
	}
	for _, w := range []string{"saying", "pledged", "a", "", "announces"} {
		if got, want := hashStemKey(w), hashString(stemKey(w)); got != want {
			t.Errorf("hashStemKey(%q) = %x, want %x", w, got, want)
		}
	}
}
