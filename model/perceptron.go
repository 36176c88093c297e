// Package model holds whosaid's learned taggers: first-order structured
// perceptrons (Collins 2002) over hashed features, with averaged weights,
// Viterbi decoding, and a compact file format so the trained model ships
// inside the binary (see Read and the embedded default in default.go).
//
// It knows nothing of text: callers turn tokens into feature hashes.
package model

import "math"

// SlotBits is how many low bits of a feature hash pick the slot: the
// relation a tagger reads the feature under (e.g. "left of the cue").
const SlotBits = 3

// Slot returns h with its slot bits set to slot (< 1<<SlotBits).
func Slot(h, slot uint32) uint32 { return h&^(1<<SlotBits-1) | slot }

// Table holds the weights of all taggers of a model, one block per
// feature bucket with a run of weights per tagger and slot. Taggers that
// run over the same tokens with the same features (the cue tagger, then
// the role tagger under each relation) then read the same cache lines:
// extraction is bound by memory latency, and this layout halves it.
type Table struct {
	Bits   uint8 // log2 of the number of blocks
	Stride int   // weights per block
	W      []float32
	// Q holds the weights as int16 scaled by Scale once a model is loaded:
	// half the memory of W, summed in integers. Inference uses Q if set.
	Q     []int16
	Scale float32

	// Averaging state (Daumé's trick): the averaged weight is w - u/c,
	// where u sums c*delta over updates and c counts training examples.
	u []float64
	c float64
}

// NewTable returns an empty table of 2^bits blocks of stride weights.
func NewTable(bits uint8, stride int) *Table {
	return &Table{Bits: bits, Stride: stride, W: make([]float32, (1<<bits)*stride)}
}

// Tick advances the averaging clock; call it once per training example.
func (t *Table) Tick() { t.c++ }

func (t *Table) mask() uint32 { return 1<<t.Bits - 1 }

// Perceptron is one tagger: its labels, its place in each block of the
// shared table, and its label transition scores.
type Perceptron struct {
	Labels []string
	// Base is where the tagger's weights start in each block; slot s of a
	// feature uses Base + s*len(Labels).
	Base int
	T    *Table
	// Trans[(prev+1)*L+label] scores a label after prev; prev = -1 is the
	// start of a sequence.
	Trans []float32
	// Bias is added to every token's label scores; tuned on held-out data
	// it trades precision for recall.
	Bias []float32

	uTrans []float64
}

// NewPerceptron returns an untrained tagger reading table t at base.
func NewPerceptron(labels []string, t *Table, base int) *Perceptron {
	n := len(labels)
	return &Perceptron{Labels: labels, Base: base, T: t, Trans: make([]float32, (n+1)*n)}
}

// index is where feature h's weights for this tagger start.
func (p *Perceptron) index(h uint32) int {
	return int(h>>SlotBits&p.T.mask())*p.T.Stride + p.Base + int(h&(1<<SlotBits-1))*len(p.Labels)
}

// Seq is one sequence of tokens as feature hashes: the features of token
// i are Feats[Offs[i]:Offs[i+1]].
type Seq struct {
	Feats []uint32
	Offs  []int32
}

// Len is the number of tokens.
func (s *Seq) Len() int {
	if len(s.Offs) == 0 {
		return 0
	}
	return len(s.Offs) - 1
}

// Reset empties s, keeping its memory.
func (s *Seq) Reset() {
	s.Feats = s.Feats[:0]
	s.Offs = append(s.Offs[:0], 0)
}

// EndToken closes the features of the current token.
func (s *Seq) EndToken() { s.Offs = append(s.Offs, int32(len(s.Feats))) }

// Emissions fills em (len n*L) with each token's label scores.
func (p *Perceptron) Emissions(s *Seq, em []float32) {
	var sink int16
	p.emissions(s, em, &sink)
}

func (p *Perceptron) emissions(s *Seq, em []float32, sink *int16) {
	L := len(p.Labels)
	if p.T.Q != nil {
		p.emissionsQ(s, em, sink)
	} else {
		for i := 0; i < s.Len(); i++ {
			row := em[i*L : i*L+L]
			for k := range row {
				row[k] = 0
			}
			for _, h := range s.Feats[s.Offs[i]:s.Offs[i+1]] {
				b := p.index(h)
				for k, w := range p.T.W[b : b+L] {
					row[k] += w
				}
			}
		}
	}
	if p.Bias != nil {
		for i := 0; i < s.Len(); i++ {
			for k := range L {
				em[i*L+k] += p.Bias[k]
			}
		}
	}
}

// BlockStride is the stride emissionsQ is specialised for: 32 int16, one
// 64-byte cache line per block.
const BlockStride = 32

func (p *Perceptron) emissionsQ(s *Seq, em []float32, sink *int16) {
	L := len(p.Labels)
	q, scale := p.T.Q, p.T.Scale
	mask, base := p.T.mask(), p.Base
	fast := p.T.Stride == BlockStride
	for i := 0; i < s.Len(); i++ {
		out := em[i*L : i*L+L]
		feats := s.Feats[s.Offs[i]:s.Offs[i+1]]
		switch {
		case fast && L == 3:
			if i+1 < s.Len() {
				*sink |= touch(q, s.Feats[s.Offs[i+1]:s.Offs[i+2]], mask)
			}
			a0, a1, a2 := sum3(q, feats, mask)
			out[0], out[1], out[2] = float32(a0), float32(a1), float32(a2)
		case fast && L == 5:
			a0, a1, a2, a3, a4 := sum5(q, feats, mask, base)
			out[0], out[1], out[2], out[3], out[4] = float32(a0), float32(a1), float32(a2), float32(a3), float32(a4)
		default:
			var acc [16]int32
			for _, h := range feats {
				b := p.index(h)
				for k, v := range q[b : b+L] {
					acc[k] += int32(v)
				}
			}
			for k := range out {
				out[k] = float32(acc[k])
			}
		}
		for k := range out {
			out[k] *= scale
		}
	}
}

// sum3 and sum5 are the hot loops of extraction, kept in functions of
// their own so the compiler keeps the sums in registers. A block is read
// as one array: one bounds check per feature.
//
//go:noinline
func sum3(q []int16, feats []uint32, mask uint32) (a0, a1, a2 int32) {
	for _, h := range feats {
		blk := int(h>>SlotBits&mask) * BlockStride
		w := (*[3]int16)(q[blk : blk+3])
		a0 += int32(w[0])
		a1 += int32(w[1])
		a2 += int32(w[2])
	}
	return
}

// touch reads the first weight of each block the next token's features
// use, so its cache lines are on their way while this token is summed: the
// cue pass, which meets each block first, is bound by memory latency
// (4.0 to 4.5 MB/s on one core, back to back). The caller keeps the result so the reads
// are not optimised away.
//
//go:noinline
func touch(q []int16, feats []uint32, mask uint32) (s int16) {
	for _, h := range feats {
		s |= q[int(h>>SlotBits&mask)*BlockStride]
	}
	return s
}

//go:noinline
func sum5(q []int16, feats []uint32, mask uint32, base int) (a0, a1, a2, a3, a4 int32) {
	for _, h := range feats {
		o := int(h>>SlotBits&mask)*BlockStride + base + int(h&(1<<SlotBits-1))*5
		w := (*[5]int16)(q[o : o+5])
		a0 += int32(w[0])
		a1 += int32(w[1])
		a2 += int32(w[2])
		a3 += int32(w[3])
		a4 += int32(w[4])
	}
	return
}

// Decoder holds the buffers of Viterbi decoding so a goroutine can reuse
// them across sequences.
type Decoder struct {
	em, score []float32
	back      []int32
	sink      int16 // keeps emissionsQ's prefetching reads alive
}

// Viterbi writes the best label sequence for s to path (len s.Len()) and,
// if margin is not nil, the per-token margin between the best and
// second-best label score, a cheap confidence.
func (p *Perceptron) Viterbi(s *Seq, dec *Decoder, path []int, margin []float32) {
	n, L := s.Len(), len(p.Labels)
	if n == 0 {
		return
	}
	dec.em = grow(dec.em, n*L)
	dec.score = grow(dec.score, n*L)
	if cap(dec.back) < n*L {
		dec.back = make([]int32, n*L)
	}
	dec.back = dec.back[:n*L]
	p.emissions(s, dec.em, &dec.sink)
	em, score, back := dec.em, dec.score, dec.back
	for k := 0; k < L; k++ {
		score[k] = em[k] + p.Trans[k]
	}
	trans := p.Trans[L:]
	for i := 1; i < n; i++ {
		prev, cur := score[(i-1)*L:i*L], score[i*L:(i+1)*L]
		emit, bk := em[i*L:(i+1)*L], back[i*L:(i+1)*L]
		for k := range cur {
			best, arg := prev[0]+trans[k], 0
			for j := 1; j < L; j++ {
				if v := prev[j] + trans[j*L+k]; v > best {
					best, arg = v, j
				}
			}
			cur[k] = best + emit[k]
			bk[k] = int32(arg)
		}
	}
	best, arg := float32(math.Inf(-1)), 0
	for k := 0; k < L; k++ {
		if v := score[(n-1)*L+k]; v > best {
			best, arg = v, k
		}
	}
	for i := n - 1; i >= 0; i-- {
		path[i] = arg
		arg = int(back[i*L+arg])
	}
	if margin != nil {
		for i := 0; i < n; i++ {
			row := em[i*L : i*L+L]
			top := row[path[i]]
			second := float32(math.Inf(-1))
			for k, v := range row {
				if k != path[i] && v > second {
					second = v
				}
			}
			margin[i] = top - second
		}
	}
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// Update moves the weights toward gold and away from pred where they
// differ. Call the table's Tick once per training example.
func (p *Perceptron) Update(s *Seq, gold, pred []int) {
	t := p.T
	if t.u == nil {
		t.u = make([]float64, len(t.W))
	}
	if p.uTrans == nil {
		p.uTrans = make([]float64, len(p.Trans))
	}
	L := len(p.Labels)
	for i := 0; i < s.Len(); i++ {
		g, q := gold[i], pred[i]
		gp, qp := -1, -1
		if i > 0 {
			gp, qp = gold[i-1], pred[i-1]
		}
		if g == q && gp == qp {
			continue
		}
		if g != q {
			for _, h := range s.Feats[s.Offs[i]:s.Offs[i+1]] {
				b := p.index(h)
				t.W[b+g]++
				t.u[b+g] += t.c
				t.W[b+q]--
				t.u[b+q] -= t.c
			}
		}
		p.Trans[(gp+1)*L+g]++
		p.uTrans[(gp+1)*L+g] += t.c
		p.Trans[(qp+1)*L+q]--
		p.uTrans[(qp+1)*L+q] -= t.c
	}
}

// Average replaces the table's and the taggers' weights by their average
// over all ticks and ends training.
func (t *Table) Average(ps ...*Perceptron) {
	if t.c == 0 {
		return
	}
	if t.u != nil {
		for i := range t.W {
			t.W[i] -= float32(t.u[i] / t.c)
		}
	}
	for _, p := range ps {
		if p.uTrans == nil {
			continue
		}
		for i := range p.Trans {
			p.Trans[i] -= float32(p.uTrans[i] / t.c)
		}
		p.uTrans = nil
	}
	t.u = nil
}
