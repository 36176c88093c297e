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
	// blocks is the packed inference layout (packed.go) that replaces Q
	// when a model with the standard taggers is loaded.
	packed []byte

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
	// part and scale say where the tagger's weights lie in a packed table
	// and what one unit of them is worth.
	part  int8
	scale float32
}

// NewPerceptron returns an untrained tagger reading table t at base.
// It panics with more than MaxLabels labels.
func NewPerceptron(labels []string, t *Table, base int) *Perceptron {
	n := len(labels)
	if n > MaxLabels {
		panic("model: more than MaxLabels labels")
	}
	return &Perceptron{Labels: labels, Base: base, T: t, Trans: make([]float32, (n+1)*n)}
}

// index is where feature h's weights for this tagger start.
func (p *Perceptron) index(h uint32) int {
	return int(h>>SlotBits&p.T.mask())*p.T.Stride + p.Base + int(h&(1<<SlotBits-1))*len(p.Labels)
}

// Seq is one sequence of tokens as feature hashes: the features of token
// i are Feats[Offs[i]:Offs[i+1]].
//
// A sequence can also read another's features under a slot: when Under is
// set, token i has as well every feature of Under's token UnderFrom+i,
// with its slot bits set to Slots[i]. The role tagger reads the cue
// tagger's features this way, each under the token's relation to the
// cue, without copying them for every cue.
type Seq struct {
	Feats []uint32
	Offs  []int32

	Under     *Seq
	UnderFrom int
	Slots     []uint8
	// UnderMax, if not 0, reads only the first UnderMax features of each
	// Under token.
	UnderMax int
}

// Features appends token i's features, those it reads from Under and
// then its own, to buf. (Training sums them in floats in this order; the
// order keeps a retrained model the same to the bit.)
func (s *Seq) Features(i int, buf []uint32) []uint32 {
	if s.Under != nil {
		for _, h := range s.underFeats(i) {
			buf = append(buf, Slot(h, uint32(s.Slots[i])))
		}
	}
	return append(buf, s.Feats[s.Offs[i]:s.Offs[i+1]]...)
}

// underFeats are the features token i reads from Under, with Under's
// slot bits.
func (s *Seq) underFeats(i int) []uint32 {
	u, j := s.Under, s.UnderFrom+i
	from, to := int(u.Offs[j]), int(u.Offs[j+1])
	if s.UnderMax > 0 {
		to = min(to, from+s.UnderMax)
	}
	return u.Feats[from:to]
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
	s.Under, s.UnderFrom, s.Slots, s.UnderMax = nil, 0, s.Slots[:0], 0
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
	if p.T.Q != nil || p.part != partNone {
		p.emissionsQ(s, em, sink)
	} else {
		var buf []uint32
		for i := 0; i < s.Len(); i++ {
			row := em[i*L : i*L+L]
			for k := range row {
				row[k] = 0
			}
			buf = s.Features(i, buf[:0])
			for _, h := range buf {
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

func (p *Perceptron) emissionsQ(s *Seq, em []float32, sink *int16) {
	if p.part != partNone {
		p.emissionsPacked(s, em, sink)
		return
	}
	L := len(p.Labels)
	q, scale := p.T.Q, p.T.Scale
	var buf []uint32
	for i := 0; i < s.Len(); i++ {
		out := em[i*L : i*L+L]
		var acc [MaxLabels]int32
		buf = s.Features(i, buf[:0])
		for _, h := range buf {
			b := p.index(h)
			for k, v := range q[b : b+L] {
				acc[k] += int32(v)
			}
		}
		for k := range out {
			out[k] = float32(acc[k]) * scale
		}
	}
}

// Decoder holds the buffers of Viterbi decoding so a goroutine can reuse
// them across sequences.
type Decoder struct {
	em   []float32
	back []int32
	sink int16 // keeps emissionsQ's prefetching reads alive
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
	if cap(dec.back) < n*L {
		dec.back = make([]int32, n*L)
	}
	dec.back = dec.back[:n*L]
	p.emissions(s, dec.em, &dec.sink)
	em, back := dec.em, dec.back
	arg := p.forward(n, em, back)
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

// MaxLabels bounds a tagger's labels: Viterbi keeps its scores in fixed
// arrays, indexed without bounds checks.
const MaxLabels = 8

// forward fills back with each token's best previous label and returns
// the best last label, keeping only the current column of scores.
func (p *Perceptron) forward(n int, em []float32, back []int32) int {
	const m = MaxLabels - 1
	L := len(p.Labels)
	var into [MaxLabels][MaxLabels]float32 // into[k][j]: from label j to k
	var prev, cur [MaxLabels]float32
	for j := 0; j < L; j++ {
		for k := 0; k < L; k++ {
			into[k&m][j&m] = p.Trans[(j+1)*L+k]
		}
	}
	for k := 0; k < L; k++ {
		prev[k&m] = em[k] + p.Trans[k]
	}
	for i := 1; i < n; i++ {
		emit, bk := em[i*L:i*L+L], back[i*L:i*L+L]
		for k := range emit {
			var best float32
			var arg int
			// The taggers' label counts, unrolled: the loop costs more than
			// the sums.
			switch L {
			case 3:
				best, arg = best3(&prev, &into[k&m])
			case 5:
				best, arg = best5(&prev, &into[k&m])
			default:
				row := &into[k&m]
				best = prev[0] + row[0]
				for j := 1; j < L; j++ {
					if v := prev[j&m] + row[j&m]; v > best {
						best, arg = v, j
					}
				}
			}
			cur[k&m] = best + emit[k]
			bk[k] = int32(arg)
		}
		prev = cur
	}
	arg := 0
	for k := 1; k < L; k++ {
		if prev[k&m] > prev[arg&m] {
			arg = k
		}
	}
	return arg
}

// best3 and best5 return the best of prev[j]+into[j] over the first 3 or
// 5 labels, and its label.
func best3(prev, into *[MaxLabels]float32) (float32, int) {
	best, arg := prev[0]+into[0], 0
	if v := prev[1] + into[1]; v > best {
		best, arg = v, 1
	}
	if v := prev[2] + into[2]; v > best {
		best, arg = v, 2
	}
	return best, arg
}

func best5(prev, into *[MaxLabels]float32) (float32, int) {
	best, arg := best3(prev, into)
	if v := prev[3] + into[3]; v > best {
		best, arg = v, 3
	}
	if v := prev[4] + into[4]; v > best {
		best, arg = v, 4
	}
	return best, arg
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
	var buf []uint32
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
			buf = s.Features(i, buf[:0])
			for _, h := range buf {
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
