package extract

import "strings"

// lexicon is the cue lexicon (word or "~"+stem → how often it is a cue)
// keyed by the FNV hash of the key, in an open-addressed table: the
// featurizer has each word's hash already, so a lookup costs no string
// hashing or comparing. Two keys with the same 32-bit hash share a value,
// as hashed features share weights.
type lexicon struct {
	keys []uint32 // 0 marks an empty slot (a zero hash is stored as 1)
	vals []float32
	mask uint32
}

func newLexicon(m map[string]float32) *lexicon {
	n := 16
	for n < 2*len(m) {
		n *= 2
	}
	lx := &lexicon{keys: make([]uint32, n), vals: make([]float32, n), mask: uint32(n - 1)}
	for w, p := range m {
		h := lexKey(hashString(w))
		i := lx.slot(h)
		lx.keys[i], lx.vals[i] = h, p
	}
	return lx
}

// newWordSet is a lexicon used as a set of words (has).
func newWordSet(words ...string) *lexicon {
	m := make(map[string]float32, len(words))
	for _, w := range words {
		m[w] = 1
	}
	return newLexicon(m)
}

// has says whether the word with FNV hash h is in the set.
func (lx *lexicon) has(h uint32) bool {
	_, ok := lx.get(h)
	return ok
}

func lexKey(h uint32) uint32 {
	if h == 0 {
		return 1
	}
	return h
}

// slot is where key h is, or the empty slot where it would go.
func (lx *lexicon) slot(h uint32) uint32 {
	i := (h ^ h>>16) & lx.mask
	for lx.keys[i] != h && lx.keys[i] != 0 {
		i = (i + 1) & lx.mask
	}
	return i
}

// get returns the value of the key with FNV hash h.
func (lx *lexicon) get(h uint32) (float32, bool) {
	h = lexKey(h)
	i := lx.slot(h)
	return lx.vals[i], lx.keys[i] == h
}

// hashStemKey is hashString(stemKey(w)) without building the string.
func hashStemKey(w string) uint32 {
	s := stem(w)
	h := uint32(2166136261)
	h ^= '~'
	h *= 16777619
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// words is a phrase as lower-case words and their hashes, matched against
// the tokens of a doc without building strings.
type words struct {
	text   []string
	hashes []uint32
}

func newWords(phrase string) words {
	w := words{text: strings.Fields(phrase)}
	for _, t := range w.text {
		w.hashes = append(w.hashes, hashString(t))
	}
	return w
}

// matches says whether the tokens from i on are the words of w.
func (d *doc) matches(i int, w words) bool {
	if i+len(w.text) > len(d.toks) {
		return false
	}
	for k, h := range w.hashes {
		if d.hashes[i+k] != h || d.lowers[i+k] != w.text[k] {
			return false
		}
	}
	return true
}
