package archive

import (
	"crypto/sha256"
	"encoding/hex"

	"whosaid/ingest"
)

// The fingerprints that decide what is a duplicate are package ingest's;
// the stores call them through these names so that both stores and the
// ingest command always agree.

// NearBits is how many of the 64 SimHash bits two texts may differ in and
// still be the same article (ingest.NearDuplicateDistance: a syndicated
// copy with a boilerplate line added, its last paragraph dropped or its
// quotes restyled). Stores find candidates through four 16-bit bands: two
// hashes within 3 bits share at least one band exactly (pigeonhole), so
// the band lookup misses no near-duplicate.
const NearBits = ingest.NearDuplicateDistance

// Bands only works while NearBits < 4.
var _ = [1]struct{}{}[NearBits/4]

// TextHash is the hash of the normalised text: exact duplicates share it.
func TextHash(text string) string { return ingest.TextHash(text) }

// SimHash is the 64-bit SimHash of the text's word 3-shingles.
func SimHash(text string) uint64 { return ingest.SimHash(text) }

// NearDuplicate reports whether two SimHashes are within NearBits.
func NearDuplicate(a, b uint64) bool { return ingest.NearDuplicate(a, b) }

// Bands splits a SimHash into the four 16-bit bands stores index.
func Bands(h uint64) [4]int64 {
	return [4]int64{int64(h & 0xffff), int64(h >> 16 & 0xffff), int64(h >> 32 & 0xffff), int64(h >> 48 & 0xffff)}
}

// StatementKey is the key under which the same quote reported by several
// articles is one statement: ingest.StatementKey (its words, normalised),
// hashed to keep the unique index small.
func StatementKey(content string) string {
	sum := sha256.Sum256([]byte(ingest.StatementKey(content)))
	return hex.EncodeToString(sum[:16])
}
