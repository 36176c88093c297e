// Package model holds whosaid's learned tagger: a first-order structured
// perceptron (Collins 2002) over hashed features, with averaged weights,
// Viterbi decoding, and a compact file format so the trained model ships
// inside the binary (see Load and the embedded default in default.go).
//
// It knows nothing of text: callers turn tokens into feature hashes.
package model

import "math"

// Perceptron scores label sequences. Weights are indexed by feature
// bucket and label: W[(h&mask)*L+label]. Trans[(prev+1)*L+label] scores a
// label after prev; prev = -1 is the start of a sequence.
type Perceptron struct {
	Labels []string
	Bits   uint8 // log2 of the number of feature buckets
	W      []float32
	Trans  []float32
	// Bias is added to every token's label scores; tuned on held-out data
	// it trades precision for recall (e.g. toward more cues).
	Bias []float32

	// Training state for averaging (Daumé's trick): the averaged weight is
	// w - u/c, where u sums c*delta over updates.
	uW, uTrans []float64
	c          float64
}

// NewPerceptron returns an untrained perceptron with 2^bits feature
// buckets per label.
func NewPerceptron(labels []string, bits uint8) *Perceptron {
	n := len(labels)
	return &Perceptron{
		Labels: labels,
		Bits:   bits,
		W:      make([]float32, (1<<bits)*n),
		Trans:  make([]float32, (n+1)*n),
	}
}

func (p *Perceptron) mask() uint32 { return 1<<p.Bits - 1 }

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
	L := len(p.Labels)
	m := p.mask()
	for i := 0; i < s.Len(); i++ {
		row := em[i*L : i*L+L]
		for k := range row {
			row[k] = 0
		}
		if p.Bias != nil {
			copy(row, p.Bias)
		}
		for _, h := range s.Feats[s.Offs[i]:s.Offs[i+1]] {
			w := p.W[int(h&m)*L : int(h&m)*L+L]
			for k := range row {
				row[k] += w[k]
			}
		}
	}
}

// Decoder holds the buffers of Viterbi decoding so a goroutine can reuse
// them across sequences.
type Decoder struct {
	em, score []float32
	back      []int32
}

// Viterbi returns the best label sequence for s in path (len s.Len()) and
// the per-token margin between the best and second-best label, a cheap
// confidence.
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
	p.Emissions(s, dec.em)
	em, score, back := dec.em, dec.score, dec.back
	for k := 0; k < L; k++ {
		score[k] = em[k] + p.Trans[k]
	}
	for i := 1; i < n; i++ {
		for k := 0; k < L; k++ {
			best, arg := float32(math.Inf(-1)), 0
			for j := 0; j < L; j++ {
				v := score[(i-1)*L+j] + p.Trans[(j+1)*L+k]
				if v > best {
					best, arg = v, j
				}
			}
			score[i*L+k] = best + em[i*L+k]
			back[i*L+k] = int32(arg)
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

// Update moves the weights toward gold and away from pred, where they
// differ. Call Tick once per training sequence.
func (p *Perceptron) Update(s *Seq, gold, pred []int) {
	if p.uW == nil {
		p.uW = make([]float64, len(p.W))
		p.uTrans = make([]float64, len(p.Trans))
	}
	L := len(p.Labels)
	m := p.mask()
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
				b := int(h&m) * L
				p.add(b+g, 1)
				p.add(b+q, -1)
			}
		}
		p.addTrans((gp+1)*L+g, 1)
		p.addTrans((qp+1)*L+q, -1)
	}
}

func (p *Perceptron) add(i int, d float32) {
	p.W[i] += d
	p.uW[i] += p.c * float64(d)
}

func (p *Perceptron) addTrans(i int, d float32) {
	p.Trans[i] += d
	p.uTrans[i] += p.c * float64(d)
}

// Tick advances the averaging clock; call it once per training example.
func (p *Perceptron) Tick() { p.c++ }

// Average replaces the weights by their average over all ticks and ends
// training.
func (p *Perceptron) Average() {
	if p.uW == nil || p.c == 0 {
		return
	}
	for i := range p.W {
		p.W[i] -= float32(p.uW[i] / p.c)
	}
	for i := range p.Trans {
		p.Trans[i] -= float32(p.uTrans[i] / p.c)
	}
	p.uW, p.uTrans = nil, nil
}
