package extract

import (
	"unicode"
	"unicode/utf8"

	"whosaid/model"
)

// Labels of the two taggers. The cue tagger marks cues (O, B-Q, I-Q); the
// role tagger, run once per cue, marks that cue's source and content.
const (
	labO = iota
	labBSrc
	labISrc
	labBCon
	labICon
	labBCue
	labICue
)

// CueLabels and RoleLabels are the label names stored in the model; the
// cue tagger's label k means labCue(k).
var (
	CueLabels  = []string{"O", "B-Q", "I-Q"}
	RoleLabels = []string{"O", "B-S", "I-S", "B-C", "I-C"}
)

// cueLabel maps a cue-tagger label to the shared label constants.
func cueLabel(k int) int {
	if k == 0 {
		return labO
	}
	return labBCue + k - 1
}

// Feature templates. Each feature is mix(template, value hashes...).
const (
	fBias uint32 = iota + 1
	fW0
	fWm1
	fWp1
	fWm2
	fWp2
	fWm1W0
	fW0Wp1
	fShape0
	fShapeCtx
	fSuffix
	fQuote
	fQuoteCtx
	fQuoteW0
	fCueP0
	fCueL
	fCueR
	fCueLW
	fCueRW
	fCueLShape
	fCueRShape
	fSentPos
	fSentCue
	fParaStart
	fMark
	fCueW0Dir
	fQuoteSide
	fColonBefore
	fSentQuote
	fPrefix
	fTrigram
	fWm1Shape
	fCueNext
	fSuffix2
	fStemCue
	fStemCueCtx
)

// stem strips common English inflections so the cue lexicon carries over
// between forms ("pledged", "pledges", "pledging" share "pledg").
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "e", "d"} {
		if len(w) > len(suf)+3 && w[len(w)-len(suf):] == suf {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// stemKey is the cue-lexicon key of a stem; "~" cannot begin a token.
func stemKey(w string) string { return "~" + stem(w) }

// hashString is FNV-1a; values are hashed once per token and then mixed
// with template ids, which is much cheaper than hashing strings per
// feature.
func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func mix(a, b uint32) uint32 {
	h := a*0x9E3779B1 ^ b
	h ^= h >> 15
	h *= 0x85EBCA77
	h ^= h >> 13
	h *= 0xC2B2AE3D
	h ^= h >> 16
	return h
}

func mix3(a, b, c uint32) uint32 { return mix(mix(a, b), c) }

// shapeOf classes a token: capitalised word, lower word, all caps, number,
// quote, comma, colon, stop, other punctuation.
func shapeOf(d *doc, i int) uint32 {
	t := d.toks[i]
	switch t.kind {
	case tokNum:
		return 'd'
	case tokQuote:
		return 'q'
	case tokPunct:
		switch d.text[t.start] {
		case ',':
			return ','
		case ':':
			return ':'
		case '.', '!', '?':
			return '.'
		case '(', ')':
			return '('
		case '-':
			return '-'
		}
		return 'p'
	}
	r, _ := utf8.DecodeRuneInString(d.text[t.start:t.end])
	if unicode.IsUpper(r) {
		if t.end-t.start > 1 && isAllUpper(d.text[t.start:t.end]) {
			return 'A'
		}
		return 'X'
	}
	return 'x'
}

func isAllUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func bucket(n int) uint32 {
	switch {
	case n <= 3:
		return uint32(n)
	case n <= 5:
		return 4
	case n <= 10:
		return 5
	case n <= 20:
		return 6
	}
	return 7
}

// featurizer computes the per-token facts the templates read, once per
// document, then the features of a token range.
type featurizer struct {
	cueProb *lexicon
	hw      []uint32 // hash of lower-cased word: the doc's hashes
	shape   []uint32
	cueB    []uint32 // cue-probability bucket of the word
	stemB   []uint32 // cue-probability bucket of the word's stem
	isCue   []bool   // likely cue word
	left    []int32  // nearest likely cue to the left in the sentence, or -1
	right   []int32
	sentCue []bool // the sentence has a likely cue
	sentQ   []bool // the sentence has a quotation

	between, commas []uint32 // scratch of roleFeatures
}

const cueThreshold = 0.15

// stemB values beyond the lexicon's buckets (0-10): a stem the lexicon
// does not know, and a reporting verb (added to the bucket).
const (
	stemUnknown   = 99
	stemReporting = 100
)

func (f *featurizer) prepare(d *doc) {
	reporting := reportingStems()
	n := len(d.toks)
	f.hw = d.hashes
	f.shape = grow(f.shape, n)
	f.cueB = grow(f.cueB, n)
	f.stemB = grow(f.stemB, n)
	if cap(f.isCue) < n {
		f.isCue = make([]bool, n)
	}
	f.isCue = f.isCue[:n]
	for i := range d.toks {
		f.shape[i] = shapeOf(d, i)
		p, _ := f.cueProb.get(f.hw[i])
		f.cueB[i] = uint32(p * 10)
		f.stemB[i] = stemUnknown
		if d.toks[i].kind == tokWord {
			sk := hashStemKey(d.lowers[i])
			if sp, ok := f.cueProb.get(sk); ok {
				f.stemB[i] = uint32(sp * 10)
			}
			if reporting.has(sk) {
				f.stemB[i] += stemReporting
			}
		}
		// A reporting verb too rare in training for the lexicon is a
		// likely cue too.
		f.isCue[i] = (p >= cueThreshold || f.stemB[i] == stemUnknown+stemReporting) && !d.inQuote[i]
	}
	f.left = grow(f.left, n)
	f.right = grow(f.right, n)
	f.sentCue = f.sentCue[:0]
	f.sentQ = f.sentQ[:0]
	for _, s := range d.sents {
		last := int32(-1)
		has, hasQ := false, false
		for i := s.from; i < s.to; i++ {
			f.left[i] = last
			if f.isCue[i] {
				last = int32(i)
				has = true
			}
			if d.inQuote[i] {
				hasQ = true
			}
		}
		last = -1
		for i := s.to - 1; i >= s.from; i-- {
			f.right[i] = last
			if f.isCue[i] {
				last = int32(i)
			}
		}
		f.sentCue = append(f.sentCue, has)
		f.sentQ = append(f.sentQ, hasQ)
	}
}

// roleShared is how many of each token's base features the role tagger
// reads too (model.Seq.Under); features puts them first.
const roleShared = 17

// features appends the features of tokens [from, to) to seq.
func (f *featurizer) features(d *doc, from, to int, seq *model.Seq) {
	seq.Reset()
	const none = 0x5bd1e995
	for i := from; i < to; i++ {
		w := func(j int) uint32 {
			if j < from || j >= to {
				return none
			}
			return f.hw[j]
		}
		sh := func(j int) uint32 {
			if j < from || j >= to {
				return none
			}
			return f.shape[j]
		}
		q := uint32(0)
		if d.inQuote[i] {
			q = 1
		}
		if d.toks[i].kind == tokQuote {
			q = 2
		}
		qm1, qp1 := uint32(9), uint32(9)
		if i > from {
			qm1 = b2u(d.inQuote[i-1])
		}
		if i+1 < to {
			qp1 = b2u(d.inQuote[i+1])
		}
		sent := d.sents[d.toks[i].sent]
		pos := uint32(0)
		if i == sent.from {
			pos = 1
		} else if i == sent.to-1 {
			pos = 2
		}
		sc := b2u(f.sentCue[d.toks[i].sent])
		sq := b2u(f.sentQ[d.toks[i].sent])
		fs := seq.Feats
		// First the features the role tagger reads too (roleShared of
		// them, always present): few, and most of them of few values, so
		// their blocks stay cached.
		fs = append(fs,
			fBias,
			mix(fW0, f.hw[i]),
			mix(fWm1, w(i-1)),
			mix(fWp1, w(i+1)),
			mix(fShape0, f.shape[i]),
			mix(fShapeCtx, sh(i-1)<<16^sh(i)<<8^sh(i+1)),
			mix(fQuote, q),
			mix(fQuoteCtx, qm1<<8|q<<4|qp1),
			mix(fCueP0, f.cueB[i]),
			mix(fSentPos, pos),
			mix(fStemCue, f.stemB[i]),
			mix3(fSentCue, sc, f.shape[i]),
			mix3(fSentQuote, sq<<4|q, sc),
		)
		fs = append(fs,
			mix3(fWm1W0, w(i-1), f.hw[i]),
			mix3(fW0Wp1, f.hw[i], w(i+1)),
			mix(fSuffix, hashString(suffix(d.lowers[i], 3))),
			mix3(fQuoteW0, q, f.hw[i]),
		)
		if d.toks[i].nlBefore > 0 {
			fs = append(fs, mix(fParaStart, f.shape[i]))
		}
		if i > from && f.shape[i-1] == ':' {
			fs = append(fs, mix(fColonBefore, q))
		}
		if d.toks[i].kind == tokQuote {
			fs = append(fs, mix(fMark, hashString(d.tok(i))))
		}
		fs = append(fs,
			mix(fWm2, w(i-2)),
			mix(fWp2, w(i+2)),
			mix(fSuffix2, hashString(suffix(d.lowers[i], 2))),
			mix(fPrefix, hashString(prefix(d.lowers[i], 4))),
			mix(mix3(fTrigram, w(i-1), f.hw[i]), w(i+1)),
			mix3(fWm1Shape, sh(i-1), f.hw[i]),
			mix3(fCueNext, f.cueB[i], sh(i+1)<<8^sh(i-1)),
			mix3(fStemCueCtx, f.stemB[i], sh(i+1)),
		)
		if l := int(f.left[i]); l >= 0 && l >= from {
			dist := bucket(i - l)
			fs = append(fs,
				mix3(fCueL, dist, q),
				mix3(fCueLW, f.hw[l], dist),
				mix3(fCueLShape, dist, f.shape[i]),
				mix3(fCueW0Dir, 1, f.hw[i]),
			)
		} else {
			fs = append(fs, mix(fCueL, 99))
		}
		if r := int(f.right[i]); r >= 0 && r < to {
			dist := bucket(r - i)
			fs = append(fs,
				mix3(fCueR, dist, q),
				mix3(fCueRW, f.hw[r], dist),
				mix3(fCueRShape, dist, f.shape[i]),
				mix3(fCueW0Dir, 2, f.hw[i]),
			)
		} else {
			fs = append(fs, mix(fCueR, 99))
		}
		// Base features use slot 0 of their block: the cue tagger's.
		for k := len(seq.Feats); k < len(fs); k++ {
			fs[k] = model.Slot(fs[k], 0)
		}
		seq.Feats = fs
		seq.EndToken()
	}
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func suffix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
