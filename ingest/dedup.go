package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeText folds case, Unicode quotes/dashes and whitespace so
// syndicated copies compare equal: the text is NFKC-normalised and
// lower-cased, curly and angle quotes become ' and ", every dash and minus
// becomes "-", zero-width characters and soft hyphens go, and every run of
// white space becomes one space.
func NormalizeText(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
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
func TextHash(s string) string {
	sum := sha256.Sum256([]byte(NormalizeText(s)))
	return hex.EncodeToString(sum[:])
}

// NearDuplicateDistance is the largest Hamming distance between the
// SimHashes of two texts that are taken as the same article.
//
// It was measured on the 84 PolNeAR dev articles (TestSimHashThreshold):
// an article and the same article with a boilerplate line added lie 0–10
// bits apart (81 of 84 within 6), with its headline dropped 0–9 (82 of 84
// within 6), with quotes and dashes restyled 0; two different articles lie
// at least 19 bits apart. The 3 bits Manku et al. (WWW 2007) used for long
// web pages matched only 63 of 84 articles with one line added: on a
// 200-word news text, twelve changed words move SimHash by about 5 bits.
// 6 keeps 13 bits of margin below the closest different articles, and two
// unrelated hashes fall within 6 bits with probability 4·10⁻¹², so
// wrongly merging two articles stays far rarer than keeping an extra copy.
const NearDuplicateDistance = 6

// NearDuplicate reports whether two SimHashes are within
// NearDuplicateDistance bits.
func NearDuplicate(a, b uint64) bool {
	return bits.OnesCount64(a^b) <= NearDuplicateDistance
}

// words splits normalised text into words of letters and digits;
// punctuation separates words and is dropped.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// SimHash is a 64-bit SimHash over word 3-shingles of NormalizeText(s):
// every shingle's FNV-1a hash votes on each bit, and the bit is set where
// the votes are positive. Texts of fewer than three words hash their
// words; the empty text hashes to 0.
func SimHash(s string) uint64 {
	ws := words(NormalizeText(s))
	var votes [64]int
	add := func(shingle string) {
		h := fnv.New64a()
		h.Write([]byte(shingle))
		v := h.Sum64()
		for i := range votes {
			if v&(1<<i) != 0 {
				votes[i]++
			} else {
				votes[i]--
			}
		}
	}
	if len(ws) < 3 {
		for _, w := range ws {
			add(w)
		}
	} else {
		for i := 0; i+3 <= len(ws); i++ {
			add(ws[i] + " " + ws[i+1] + " " + ws[i+2])
		}
	}
	if len(ws) == 0 {
		return 0
	}
	var out uint64
	for i, v := range votes {
		if v > 0 {
			out |= 1 << i
		}
	}
	return out
}

// StatementKey normalises a quote's content so the same statement reported
// by several outlets groups together: NormalizeText, then only its words
// (punctuation, quote marks and ellipses dropped) joined by single spaces.
// "We will  win…" and “we will win,” share a key.
func StatementKey(content string) string {
	ws := words(NormalizeText(content))
	for i, w := range ws {
		ws[i] = strings.Trim(w, "'")
	}
	out := ws[:0]
	for _, w := range ws {
		if w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
