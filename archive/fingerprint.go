package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"
)

// The fingerprints below decide what is a duplicate. They are meant to
// agree with package ingest (TextHash, SimHash, NearDuplicate,
// StatementKey); the stores call them through this package so that the
// switch is made in one file.

// NearBits is how many of the 64 SimHash bits two texts may differ in and
// still be the same article (a syndicated copy with a different byline,
// dateline or footer). Stores find candidates through four 16-bit bands:
// two hashes within 3 bits share at least one band exactly (pigeonhole).
const NearBits = 3

// TextHash is the SHA-256 of the normalised text: lower case, words only,
// one space between them, so whitespace and quote styles do not matter.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(strings.Join(words(text), " ")))
	return hex.EncodeToString(sum[:])
}

// SimHash is the 64-bit SimHash of the text's word 3-shingles.
func SimHash(text string) uint64 {
	ws := words(text)
	var v [64]int
	h := fnv.New64a()
	for i := 0; i+3 <= len(ws) || (i == 0 && len(ws) > 0); i++ {
		h.Reset()
		end := min(i+3, len(ws))
		h.Write([]byte(strings.Join(ws[i:end], " ")))
		x := h.Sum64()
		for b := range 64 {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
		if end == len(ws) {
			break
		}
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

// NearDuplicate reports whether two SimHashes are within NearBits.
func NearDuplicate(a, b uint64) bool { return bits.OnesCount64(a^b) <= NearBits }

// Bands splits a SimHash into the four 16-bit bands stores index.
func Bands(h uint64) [4]int64 {
	return [4]int64{int64(h & 0xffff), int64(h >> 16 & 0xffff), int64(h >> 32 & 0xffff), int64(h >> 48 & 0xffff)}
}

// StatementKey is the key under which the same quote reported by several
// articles is one statement: its words, lower case.
func StatementKey(content string) string {
	sum := sha256.Sum256([]byte(strings.Join(words(content), " ")))
	return hex.EncodeToString(sum[:16])
}

// words splits s into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
