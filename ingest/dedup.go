package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"iter"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeText folds case, Unicode quotes/dashes and whitespace so
// syndicated copies compare equal: the text is NFKC-normalised and
// lower-cased, curly and angle quotes become ' and ", every dash and minus
// becomes "-", zero-width characters and soft hyphens go, and every run of
// white space becomes one space.
func NormalizeText(s string) string {
	if !isASCII(s) { // ASCII is already in NFKC
		s = norm.NFKC.String(s)
	}
	out := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // fast path: most news text is ASCII
			i++
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				space = len(out) > 0
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '`':
				c = '\''
			}
			if space {
				out, space = append(out, ' '), false
			}
			out = append(out, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case unicode.IsSpace(r):
			space = len(out) > 0
			continue
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		}
		if space {
			out, space = append(out, ' '), false
		}
		out = utf8.AppendRune(out, foldRune(r))
	}
	return string(out)
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldRune maps quotes and dashes to their ASCII forms and lower-cases.
func foldRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '‹', '›', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '⁃', '﹘', '﹣', '－':
		return '-'
	}
	return unicode.ToLower(r)
}

// TextHash is the hex SHA-256 of NormalizeText(s): exact duplicates share it.
func TextHash(s string) string { return normalizedHash(NormalizeText(s)) }

// Fingerprints returns TextHash(s) and SimHash(s), normalising s once.
func Fingerprints(s string) (textHash string, simHash uint64) {
	n := NormalizeText(s)
	return normalizedHash(n), normalizedSimHash(n)
}

func normalizedHash(normalized string) string {
	sum := sha256.Sum256([]byte(normalized))
	return hex.EncodeToString(sum[:])
}

// NearDuplicateDistance is the largest Hamming distance between the
// SimHashes of two texts that are taken as the same article.
//
// Measured on the 924 PolNeAR articles (dev and train; TestSimHashThreshold):
//   - an article and itself with a boilerplate line added: 97.5% within 7
//     bits (98.5% within 8, 95% within 6, only 67% within 3);
//   - with its headline dropped: 97.4% within 7 bits;
//   - with quotes and dashes restyled: 0 bits (NormalizeText folds them);
//   - pairs of different files (426,426): five within 11 bits, all the same
//     story published twice (0, 5 and 7 bits: re-posted and rewritten
//     copies; 9 and 11: next-day updated versions), then nothing below 14.
//
// 7 matches the republished copies and keeps 7 bits of margin below the
// closest distinct articles. The 3 bits Manku et al. (WWW 2007) used for
// long web pages is too tight for news text: on a 200-word article twelve
// changed words move SimHash by about 5 bits.
const NearDuplicateDistance = 7

// NearDuplicate reports whether two SimHashes are within
// NearDuplicateDistance bits.
func NearDuplicate(a, b uint64) bool {
	return bits.OnesCount64(a^b) <= NearDuplicateDistance
}

// words yields the words of normalised text: runs of letters, digits and
// apostrophes; everything else separates words and is dropped. ASCII
// bytes are classified by a table, the rest by the unicode package.
func words(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i < len(s); {
			c, n := s[i], 1
			var in bool
			if c < utf8.RuneSelf {
				in = asciiWord[c]
			} else {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				in = unicode.IsLetter(r) || unicode.IsDigit(r)
			}
			switch {
			case in && start < 0:
				start = i
			case !in && start >= 0:
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
			i += n
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// asciiWord marks the ASCII bytes words are made of.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		r := rune(c)
		t[c] = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''
	}
	return t
}()

// SimHash is a 64-bit SimHash over word 3-shingles of NormalizeText(s):
// every shingle's 64-bit hash votes on each bit, and the bit is set where
// the votes are positive. A shingle's hash mixes the FNV-1a hashes of its
// three words (order-sensitive), so no shingle string is built. Texts of
// fewer than three words hash their words; the empty text hashes to 0.
func SimHash(s string) uint64 { return normalizedSimHash(NormalizeText(s)) }

func normalizedSimHash(normalized string) uint64 {
	var ones onesCounter
	var first [2]uint64 // the first two words' hashes
	var prev2, prev1 uint64
	n := 0
	for w := range words(normalized) {
		h := fnv64a(w)
		if n < 2 {
			first[n] = h
		} else {
			ones.add(mix64(prev2 ^ bits.RotateLeft64(prev1, 21) ^ bits.RotateLeft64(h, 42)))
		}
		prev2, prev1 = prev1, h
		n++
	}
	if n == 0 {
		return 0
	}
	if n < 3 { // no shingle: the words vote
		for _, h := range first[:n] {
			ones.add(mix64(h))
		}
	}
	votes := ones.counts()
	var out uint64
	for i, c := range votes {
		if 2*c > ones.n { // more ones than zeros among n votes
			out |= 1 << i
		}
	}
	return out
}

// onesCounter counts, for each of 64 bit positions, how many added values
// have that bit set. It keeps eight byte-wide counters per word, so one
// value costs eight additions instead of 64, and folds them into full
// counts before a byte could overflow.
type onesCounter struct {
	lanes [8]uint64 // lanes[j] byte k counts bit 8k+j
	full  [64]int
	inLan int // values in lanes since the last fold
	n     int // values added
}

const laneMask = 0x0101010101010101

func (c *onesCounter) add(v uint64) {
	for j := range c.lanes {
		c.lanes[j] += v >> j & laneMask
	}
	c.n++
	if c.inLan++; c.inLan == 255 {
		c.fold()
	}
}

func (c *onesCounter) fold() {
	for j, l := range c.lanes {
		for k := 0; k < 8; k++ {
			c.full[8*k+j] += int(l >> (8 * k) & 0xff)
		}
		c.lanes[j] = 0
	}
	c.inLan = 0
}

// counts returns the number of set bits at each position.
func (c *onesCounter) counts() [64]int {
	c.fold()
	return c.full
}

// fnv64a is the 64-bit FNV-1a hash of s.
func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix64 is the SplitMix64 finaliser: it spreads every input bit over the
// output so each SimHash bit gets an unbiased vote.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// StatementKey normalises a quote's content so the same statement reported
// by several outlets groups together: NormalizeText, then only its words
// (punctuation, quote marks and ellipses dropped) joined by single spaces.
// "We will  win…" and “we will win,” share a key.
func StatementKey(content string) string {
	var b strings.Builder
	for w := range words(NormalizeText(content)) {
		if w = strings.Trim(w, "'"); w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}
