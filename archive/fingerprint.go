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
// still be the same article (ingest.NearDuplicateDistance, measured there:
// a syndicated copy with a boilerplate line added or its headline dropped).
// Stores find candidates through NBlocks 16-bit blocks (below).
// PostgreSQL locks NBands 8-bit bands while it looks: two hashes within
// NearBits < NBands bits share at least one band exactly (pigeonhole), so
// two near-duplicates stored at once take a lock in common.
const NearBits = ingest.NearDuplicateDistance

// NBands is the number of 8-bit SimHash bands PostgreSQL locks.
const NBands = 8

// The band locks cover every near-duplicate only while NearBits < NBands.
var _ = [1]struct{}{}[NearBits/NBands]

// TextHash is the hash of the normalised text: exact duplicates share it.
func TextHash(text string) string { return ingest.TextHash(text) }

// Fingerprint is what duplicates are found by: TextHash and SimHash.
type Fingerprint struct {
	TextHash string
	SimHash  uint64
}

// Fingerprints computes both, normalising the text once.
func Fingerprints(text string) Fingerprint {
	h, s := ingest.Fingerprints(text)
	return Fingerprint{TextHash: h, SimHash: s}
}

// SimHash is the 64-bit SimHash of the text's word 3-shingles.
func SimHash(text string) uint64 { return ingest.SimHash(text) }

// NearDuplicate reports whether two SimHashes are within NearBits.
func NearDuplicate(a, b uint64) bool { return ingest.NearDuplicate(a, b) }

// Bands splits a SimHash into its NBands bytes, low byte first; band i is
// (h >> 8i) & 255, which the migrations compute the same way in SQL.
func Bands(h uint64) [NBands]int64 {
	var b [NBands]int64
	for i := range b {
		b[i] = int64(h >> (8 * i) & 0xff)
	}
	return b
}

// NBlocks is the number of 16-bit SimHash blocks stores index. Two hashes
// within NearBits < 2*NBlocks bits differ in at most one bit of some
// block (pigeonhole), so looking up each block's value and its 16 one-bit
// variants misses no near-duplicate, and meets ~N/1,000 candidates in an
// archive of N articles where the 8-bit bands met ~8N/256.
const NBlocks = 4

// The block lookup is exact only while NearBits < 2*NBlocks.
var _ = [1]struct{}{}[NearBits/(2*NBlocks)]

// Blocks splits a SimHash into its NBlocks 16-bit blocks, low first; block
// i is (h >> 16i) & 65535, which the migrations compute the same way in SQL.
func Blocks(h uint64) [NBlocks]int64 {
	var b [NBlocks]int64
	for i := range b {
		b[i] = int64(h >> (16 * i) & 0xffff)
	}
	return b
}

// BlockProbes are the values to look up for each block to find every
// near-duplicate of h: the block itself, then its 16 one-bit variants.
func BlockProbes(h uint64) [NBlocks][17]int64 {
	var p [NBlocks][17]int64
	for i, v := range Blocks(h) {
		p[i][0] = v
		for b := range 16 {
			p[i][b+1] = v ^ 1<<b
		}
	}
	return p
}

// StatementKey is the key under which the same quote reported by several
// articles is one statement: ingest.StatementKey (its words, normalised),
// hashed to keep the unique index small.
func StatementKey(content string) string {
	sum := sha256.Sum256([]byte(ingest.StatementKey(content)))
	return hex.EncodeToString(sum[:16])
}
