package model

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"math"
)

// Model is everything the attribution tagger learned: the cue tagger,
// the role tagger that finds each cue's source and content, and the
// lexicon the features read (cue probabilities per word).
type Model struct {
	Cue  *Perceptron
	Role *Perceptron
	// CueProb is, per lower-cased word, how often it is (part of) a cue in
	// the training data, for words seen at least a few times.
	CueProb map[string]float32
	// Meta says how the model was trained (corpus, epochs, command).
	Meta map[string]string
}

// header is the gob-encoded part of the file; the weights of each tagger
// follow as int16 values scaled by its Scale, which keeps the embedded
// file small without a measurable loss.
type header struct {
	Taggers []taggerHeader
	CueProb map[string]float32
	Meta    map[string]string
}

type taggerHeader struct {
	Labels []string
	Bits   uint8
	Scale  float32
	NW     int
	Trans  []float32
	Bias   []float32
}

// Write stores m gzip-compressed.
func (m *Model) Write(w io.Writer) error {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriter(zw)
	ps := []*Perceptron{m.Cue, m.Role}
	h := header{CueProb: m.CueProb, Meta: m.Meta}
	for _, p := range ps {
		var maxAbs float64
		for _, v := range p.W {
			maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
		}
		scale := float32(maxAbs / 32767)
		if scale == 0 {
			scale = 1
		}
		h.Taggers = append(h.Taggers, taggerHeader{Labels: p.Labels, Bits: p.Bits, Scale: scale, NW: len(p.W), Trans: p.Trans, Bias: p.Bias})
	}
	if err := gob.NewEncoder(bw).Encode(h); err != nil {
		return err
	}
	for i, p := range ps {
		q := make([]int16, len(p.W))
		for k, v := range p.W {
			q[k] = int16(math.Round(float64(v / h.Taggers[i].Scale)))
		}
		if err := binary.Write(bw, binary.LittleEndian, q); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read loads a model written by Write.
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
	if len(h.Taggers) != 2 {
		return nil, fmt.Errorf("model: want 2 taggers, file has %d", len(h.Taggers))
	}
	var ps []*Perceptron
	for _, t := range h.Taggers {
		L := len(t.Labels)
		if L == 0 || t.Bits > 26 || t.NW != (1<<t.Bits)*L || len(t.Trans) != (L+1)*L {
			return nil, fmt.Errorf("model: inconsistent header")
		}
		q := make([]int16, t.NW)
		if err := binary.Read(br, binary.LittleEndian, q); err != nil {
			return nil, fmt.Errorf("model: weights: %w", err)
		}
		if t.Bias != nil && len(t.Bias) != L {
			return nil, fmt.Errorf("model: inconsistent bias")
		}
		p := &Perceptron{Labels: t.Labels, Bits: t.Bits, W: make([]float32, t.NW), Trans: t.Trans, Bias: t.Bias}
		for i, v := range q {
			p.W[i] = float32(v) * t.Scale
		}
		ps = append(ps, p)
	}
	return &Model{Cue: ps[0], Role: ps[1], CueProb: h.CueProb, Meta: h.Meta}, nil
}
