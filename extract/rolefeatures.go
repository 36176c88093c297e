package extract

import "whosaid/model"

// Slots of the role tagger: 0 for the cue's own tokens and for the
// features only the role tagger has (they hash apart from the base
// features anyway), 1-4 for a token left or right of the cue, in its
// sentence or not. With the cue tagger's 3 labels that is 28 weights: a
// block fits one 64-byte cache line.
const (
	roleOwnSlot = 0
	roleSlots   = 5
	blockStride = 32
)

// The block must hold the cue labels and every role slot.
var _ [blockStride - 3 - roleSlots*5]struct{}

// Role-feature templates.
const (
	rDist uint32 = iota + 100
	rCueWord
	rCueWordW0
	rBetween
	rCommas
	rAdjacent
	rQuotes
	rSentGap
)

// roleFeatures appends to seq the features of tokens [from, to) relative
// to the cue: the token's first roleShared base features, read in place
// from base (model.Seq.Under) and conjoined with the token's
// side of the cue and whether it shares its sentence, plus distance, the
// cue's words, and what lies between token and cue (other cues, commas,
// sentence ends). base holds the base features of the chunk starting at
// chunkFrom, as built by features; [from, to) is the cue's window in it.
// cueAt marks the tokens of other cues.
func roleFeatures(d *doc, f *featurizer, base *model.Seq, chunkFrom, from, to int, cue span, cueAt []bool, seq *model.Seq) {
	seq.Reset()
	seq.Under, seq.UnderFrom, seq.UnderMax = base, from-chunkFrom, roleShared
	var cueWord uint32 = 0x811c9dc5
	for k := cue.from; k < cue.to; k++ {
		cueWord = mix(cueWord, f.hw[k])
	}
	cueSent := d.toks[cue.from].sent
	cueQ := b2u(d.inQuote[cue.from])
	// Count, from the cue outwards, the commas, cues and sentence ends
	// between each token and the cue.
	n := to - from
	between := f.between[:0]
	commas := f.commas[:0]
	for i := 0; i < n; i++ {
		between = append(between, 0)
		commas = append(commas, 0)
	}
	var b, c uint32
	for i := cue.from - 1; i >= from; i-- {
		between[i-from], commas[i-from] = b, c
		if cueAt[i] {
			b = 1
		}
		if f.shape[i] == ',' {
			c++
		}
	}
	b, c = 0, 0
	for i := cue.to; i < to; i++ {
		between[i-from], commas[i-from] = b, c
		if cueAt[i] {
			b = 1
		}
		if f.shape[i] == ',' {
			c++
		}
	}
	f.between, f.commas = between, commas
	for i := from; i < to; i++ {
		var dir, dist uint32
		switch {
		case i < cue.from:
			dir, dist = 1, bucket(cue.from-i)
		case i >= cue.to:
			dir, dist = 2, bucket(i-cue.to+1)
		}
		sentGap := d.toks[i].sent - cueSent
		if sentGap < 0 {
			sentGap = -sentGap
		}
		same := b2u(sentGap == 0)
		rel := uint32(roleOwnSlot)
		if dir > 0 {
			rel = (dir-1)*2 + 1 + same
		}
		// Each base feature is read under the token's relation to the cue:
		// the same block the cue tagger just read, another slot.
		seq.Slots = append(seq.Slots, uint8(rel))
		fs := seq.Feats
		own := len(fs)
		q := b2u(d.inQuote[i])
		fs = append(fs,
			mix3(rDist, rel, dist),
			mix3(rCueWord, cueWord, rel),
			mix3(rCueWordW0, cueWord^dir, f.hw[i]),
			mix3(rBetween, between[i-from], rel),
			mix3(rCommas, min(commas[i-from], 3), rel),
			mix3(rQuotes, q<<1|cueQ, rel),
			mix3(rSentGap, uint32(min(sentGap, 3)), dir),
		)
		if dist == 1 {
			fs = append(fs, mix3(rAdjacent, dir, f.hw[i]), mix3(rAdjacent, dir|8, f.shape[i]))
		}
		for k := own; k < len(fs); k++ {
			fs[k] = model.Slot(fs[k], roleOwnSlot)
		}
		seq.Feats = fs
		seq.EndToken()
	}
}

// roleWindow is the part of chunk c the role tagger reads for cue: the
// cue's sentence and two on either side. Sources and contents lie there;
// the bound keeps long paragraphs from costing a full pass per cue.
func roleWindow(d *doc, c, cue span) (int, int) {
	s := d.toks[cue.from].sent
	from, to := cue.from, cue.to
	for from > c.from && d.toks[from-1].sent >= s-1 {
		from--
	}
	for to < c.to && d.toks[to].sent <= s+1 {
		to++
	}
	return from, to
}
