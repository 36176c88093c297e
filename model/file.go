package model

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"sort"
)

// Model is everything the attribution taggers learned: the cue tagger,
// the role tagger that finds each cue's source and content, their shared
// weight table, and the lexicon the features read.
type Model struct {
	Table *Table
	Cue   *Perceptron
	Role  *Perceptron
	// CueProb is, per lower-cased word (and "~"+stem), how often it is
	// (part of) a cue in the training data, for words seen a few times.
	CueProb map[string]float32
	// Meta says how the model was trained (corpus, epochs, seed).
	Meta map[string]string
}

// header is the gob-encoded start of a model file; the table's weights
// follow as little-endian int16 scaled by Scale, which keeps the embedded
// file small without a measurable loss.
type header struct {
	Bits    uint8
	Stride  int
	Scale   float32
	Taggers []taggerHeader
	// Maps are written as sorted pairs: gob writes maps in random order,
	// and the same training run must give the same file.
	CueProb []wordProb
	Meta    [][2]string
}

type wordProb struct {
	Word string
	P    float32
}

type taggerHeader struct {
	Labels []string
	Base   int
	Trans  []float32
	Bias   []float32
}

// Write stores m gzip-compressed.
func (m *Model) Write(w io.Writer) error {
	t := m.Table
	var maxAbs float64
	for _, v := range t.W {
		maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
	}
	scale := float32(maxAbs / 32767)
	if scale == 0 {
		scale = 1
	}
	h := header{Bits: t.Bits, Stride: t.Stride, Scale: scale}
	for w, p := range m.CueProb {
		h.CueProb = append(h.CueProb, wordProb{w, p})
	}
	sort.Slice(h.CueProb, func(i, j int) bool { return h.CueProb[i].Word < h.CueProb[j].Word })
	for k, v := range m.Meta {
		h.Meta = append(h.Meta, [2]string{k, v})
	}
	sort.Slice(h.Meta, func(i, j int) bool { return h.Meta[i][0] < h.Meta[j][0] })
	for _, p := range []*Perceptron{m.Cue, m.Role} {
		h.Taggers = append(h.Taggers, taggerHeader{Labels: p.Labels, Base: p.Base, Trans: p.Trans, Bias: p.Bias})
	}
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriter(zw)
	if err := gob.NewEncoder(bw).Encode(h); err != nil {
		return err
	}
	q := make([]int16, len(t.W))
	for i, v := range t.W {
		q[i] = int16(math.Round(float64(v / scale)))
	}
	if err := binary.Write(bw, binary.LittleEndian, q); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read loads a model written by Write. Its weights stay int16 (Table.Q).
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	br := bufio.NewReader(zr)
	var h header
	if err := gob.NewDecoder(br).Decode(&h); err != nil {
		return nil, fmt.Errorf("model: header: %w", err)
	}
	if h.Bits > 24 || h.Stride <= 0 || h.Stride > 256 || len(h.Taggers) != 2 {
		return nil, fmt.Errorf("model: inconsistent header")
	}
	t := &Table{Bits: h.Bits, Stride: h.Stride, Scale: h.Scale, Q: make([]int16, (1<<h.Bits)*h.Stride)}
	// Read the weights in one piece and decode them in a plain loop:
	// binary.Read decodes element by element, slowly, at every start.
	raw := make([]byte, 2*len(t.Q))
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, fmt.Errorf("model: weights: %w", err)
	}
	for i := range t.Q {
		t.Q[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	var ps []*Perceptron
	for _, th := range h.Taggers {
		L := len(th.Labels)
		if L == 0 || L > MaxLabels || len(th.Trans) != (L+1)*L || th.Bias != nil && len(th.Bias) != L ||
			th.Base < 0 || th.Base+L > h.Stride {
			return nil, fmt.Errorf("model: inconsistent tagger")
		}
		ps = append(ps, &Perceptron{Labels: th.Labels, Base: th.Base, T: t, Trans: th.Trans, Bias: th.Bias})
	}
	t.pack(ps[0], ps[1])
	m := &Model{Table: t, Cue: ps[0], Role: ps[1], CueProb: make(map[string]float32, len(h.CueProb)), Meta: map[string]string{}}
	for _, wp := range h.CueProb {
		m.CueProb[wp.Word] = wp.P
	}
	for _, kv := range h.Meta {
		m.Meta[kv[0]] = kv[1]
	}
	return m, nil
}
