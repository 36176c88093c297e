package ingest

import (
	"math/bits"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

func TestNormalizeText(t *testing.T) {
	for in, want := range map[string]string{
		"  Hello,\n\n  “World” — it’s  ME\u00a0": `hello, "world" - it's me`,
		"Déjà\u200b vu\u00ad…":                   "déjà vu...",
		"ＦＵＬＬＷＩＤＴＨ ‘quotes’ «guillemets» ‐–—−":   `fullwidth 'quotes' "guillemets" ----`,
		"": "",
	} {
		if got := NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextHash(t *testing.T) {
	seed := fixtureByName(t, "seed").rawText(t)
	// A syndicated copy restyled by another outlet: straight quotes,
	// re-wrapped lines, other case in the dateline.
	copy := strings.NewReplacer("“", "\"", "”", "\"", "’", "'", "\n\n", "\n", "Tehran (IP)", "TEHRAN (IP)").Replace(seed)
	if TextHash(seed) != TextHash(copy) {
		t.Error("a restyled syndicated copy hashes differently")
	}
	if TextHash(seed) == TextHash(seed+" Extra sentence.") {
		t.Error("different texts share a hash")
	}
	if h := TextHash(seed); len(h) != 64 {
		t.Errorf("TextHash length %d, want 64 hex digits", len(h))
	}
}

// TestSimHashThreshold measures NearDuplicateDistance against real
// near-duplicates: every PolNeAR article (dev and train) against itself with
// a boilerplate line added, a boilerplate line before it, its headline
// dropped, and its quotes and dashes restyled; and every pair of different
// files, which must share most of their words to match. The figures are in
// the doc comment of NearDuplicateDistance; run with -v to see them again.
func TestSimHashThreshold(t *testing.T) {
	var files []string
	for _, part := range []string{"dev", "train"} {
		f, err := filepath.Glob("../corpora/polnear/" + part + "/text/*.txt")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f...)
	}
	if len(files) < 500 {
		t.Fatalf("PolNeAR texts: %d files", len(files))
	}
	texts := make([]string, len(files))
	hashes := make([]uint64, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[i], hashes[i] = string(b), SimHash(string(b))
	}
	variants := []struct {
		name    string
		make    func(s string) string
		atLeast float64 // share of articles that must match
	}{
		{"restyled quotes", strings.NewReplacer("“", "\"", "”", "\"", "’", "'", " - ", " — ").Replace, 1},
		{"line before", func(s string) string { return "Advertisement\n\n" + s }, 0.99},
		{"line added", func(s string) string {
			return s + "\n\nFollow us on Twitter and Facebook for the latest news and updates."
		}, 0.97},
		{"headline dropped", func(s string) string { _, rest, _ := strings.Cut(s, "\n\n"); return rest }, 0.97},
	}
	for _, v := range variants {
		matched, worst := 0, 0
		for i, text := range texts {
			hv := SimHash(v.make(text))
			if NearDuplicate(hashes[i], hv) {
				matched++
			}
			worst = max(worst, bits.OnesCount64(hashes[i]^hv))
		}
		t.Logf("%-17s %d/%d within %d bits (worst %d)", v.name, matched, len(files), NearDuplicateDistance, worst)
		if float64(matched) < v.atLeast*float64(len(files)) {
			t.Errorf("%s: only %d/%d articles match their near-duplicate", v.name, matched, len(files))
		}
	}
	closest := 64
	for i := range hashes {
		for j := i + 1; j < len(hashes); j++ {
			d := bits.OnesCount64(hashes[i] ^ hashes[j])
			if !NearDuplicate(hashes[i], hashes[j]) {
				closest = min(closest, d)
				continue
			}
			share := wordOverlap(texts[i], texts[j])
			t.Logf("%d bits, %.0f%% words shared: %s ~ %s", d, 100*share, filepath.Base(files[i]), filepath.Base(files[j]))
			if share < 0.6 {
				t.Errorf("different articles match: %s and %s share only %.0f%% of their words",
					filepath.Base(files[i]), filepath.Base(files[j]), 100*share)
			}
		}
	}
	t.Logf("closest non-matching pair: %d bits", closest)
}

// wordOverlap is the Jaccard similarity of the word sets of two texts.
func wordOverlap(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for w := range words(NormalizeText(s)) {
			m[w] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	inter := 0
	for w := range sa {
		if sb[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

func TestSimHashEdges(t *testing.T) {
	if SimHash("") != 0 || SimHash("  \n ") != 0 {
		t.Error("empty text must hash to 0")
	}
	if SimHash("one two") == 0 || SimHash("one two") == SimHash("three four") {
		t.Error("short texts must hash their words")
	}
	within := uint64(1)<<NearDuplicateDistance - 1 // NearDuplicateDistance bits set
	if !NearDuplicate(0, within) || NearDuplicate(0, within<<1|1) {
		t.Error("NearDuplicate disagrees with the Hamming distance")
	}
}

func TestStatementKey(t *testing.T) {
	for _, group := range [][]string{
		{`We will win`, `"We will  win…"`, `“we will win,”`, `We will win.`, ` WE WILL WIN! `},
		{`God's promise to liberate all occupied territories`, `God’s promise to liberate all occupied territories...`},
		{`the Zionist regime is the house of the spider`, `the Zionist regime is the house of the spider — `},
	} {
		want := StatementKey(group[0])
		for _, s := range group[1:] {
			if got := StatementKey(s); got != want {
				t.Errorf("StatementKey(%q) = %q, want %q", s, got, want)
			}
		}
	}
	if StatementKey("we will win") == StatementKey("we will not win") {
		t.Error("different statements share a key")
	}
	if got := StatementKey(`"God's promise"`); got != "god's promise" {
		t.Errorf("StatementKey keeps apostrophes inside words: got %q", got)
	}
}

// BenchmarkDedup hashes a real 11 KB article the way the archive does on
// every ingest: TextHash and SimHash.
func BenchmarkDedup(b *testing.B) {
	text := fixtureByName(b, "washpost").rawText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		TextHash(text)
		SimHash(text)
	}
}

// TestFingerprintsStable pins SimHash and StatementKey to their first
// definition (written plainly below): archives store both, so a faster
// implementation must give the same values, on every PolNeAR text and on
// non-ASCII and odd inputs.
func TestFingerprintsStable(t *testing.T) {
	texts := []string{"", "one", "one two", "one two three", "Ünïcödé wörds, “quoted” — and 123 numbers’ end",
		"日本語のテキスト 東京", "it's 'quoted' ''", "a\u200bb c\u00add", "ＦＵＬＬ ｗｉｄｔｈ", "x\xffy z"}
	files, err := filepath.Glob("../corpora/polnear/dev/text/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("PolNeAR dev texts: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
		for _, line := range strings.Split(string(b), "\n") {
			texts = append(texts, line)
		}
	}
	for _, s := range texts {
		if got, want := SimHash(s), simHashFirst(s); got != want {
			t.Fatalf("SimHash(%.60q) = %x, first definition %x", s, got, want)
		}
		if h, sim := Fingerprints(s); h != TextHash(s) || sim != SimHash(s) {
			t.Fatalf("Fingerprints(%.60q) = %s, %x; TextHash and SimHash say %s, %x", s, h, sim, TextHash(s), SimHash(s))
		}
		if got, want := StatementKey(s), statementKeyFirst(s); got != want {
			t.Fatalf("StatementKey(%.60q) = %q, first definition %q", s, got, want)
		}
	}
}

func wordsFirst(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

func simHashFirst(s string) uint64 {
	ws := wordsFirst(NormalizeText(s))
	if len(ws) == 0 {
		return 0
	}
	hs := make([]uint64, len(ws))
	for i, w := range ws {
		hs[i] = fnv64a(w)
	}
	var votes [64]int
	vote := func(v uint64) {
		for b := range votes {
			if v>>b&1 == 1 {
				votes[b]++
			}
		}
	}
	n := 0
	if len(hs) < 3 {
		for _, h := range hs {
			vote(mix64(h))
			n++
		}
	}
	for i := 0; i+3 <= len(hs); i++ {
		vote(mix64(hs[i] ^ bits.RotateLeft64(hs[i+1], 21) ^ bits.RotateLeft64(hs[i+2], 42)))
		n++
	}
	var out uint64
	for b, c := range votes {
		if 2*c > n {
			out |= 1 << b
		}
	}
	return out
}

func statementKeyFirst(content string) string {
	var out []string
	for _, w := range wordsFirst(NormalizeText(content)) {
		if w = strings.Trim(w, "'"); w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
