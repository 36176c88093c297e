package model

import (
	"bytes"
	"testing"
)

// toySeq builds a sequence whose token i has the single feature tokens[i].
func toySeq(tokens []uint32) *Seq {
	s := &Seq{}
	s.Reset()
	for _, t := range tokens {
		s.Feats = append(s.Feats, Slot(t<<SlotBits, 0))
		s.EndToken()
	}
	return s
}

// trainToy learns to label feature 7 as label 1, the token after it as
// label 2 and everything else 0: it needs the emissions and the
// transitions.
func trainToy(t *testing.T) *Model {
	t.Helper()
	table := NewTable(8, 3)
	p := NewPerceptron([]string{"O", "B", "I"}, table, 0)
	seqs := [][]uint32{{1, 7, 3, 4}, {7, 5, 2}, {2, 2, 7, 9}}
	golds := [][]int{{0, 1, 2, 0}, {1, 2, 0}, {0, 0, 1, 2}}
	var dec Decoder
	for epoch := 0; epoch < 10; epoch++ {
		for k, tokens := range seqs {
			s := toySeq(tokens)
			pred := make([]int, s.Len())
			p.Viterbi(s, &dec, pred, nil)
			p.Update(s, golds[k], pred)
			table.Tick()
		}
	}
	table.Average(p)
	return &Model{Table: table, Cue: p, Role: NewPerceptron([]string{"O"}, table, 0), Meta: map[string]string{"toy": "yes"}}
}

func TestPerceptronLearnsAndRoundTrips(t *testing.T) {
	m := trainToy(t)
	check := func(name string, p *Perceptron) {
		s := toySeq([]uint32{3, 7, 6, 1})
		path := make([]int, s.Len())
		margin := make([]float32, s.Len())
		p.Viterbi(s, &Decoder{}, path, margin)
		want := []int{0, 1, 2, 0}
		for i := range want {
			if path[i] != want[i] {
				t.Fatalf("%s: path = %v, want %v", name, path, want)
			}
		}
		if margin[1] <= 0 {
			t.Errorf("%s: margin of a learned label = %v, want > 0", name, margin[1])
		}
	}
	check("trained", m.Cue)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Meta["toy"] != "yes" || back.Table.Q == nil {
		t.Fatalf("read back meta %v, quantized %v", back.Meta, back.Table.Q != nil)
	}
	check("read back (int16 weights)", back.Cue)
}

func TestReadRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("not gzip"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0}} {
		if _, err := Read(bytes.NewReader(in)); err == nil {
			t.Errorf("Read(%q) succeeded", in)
		}
	}
}

func TestDefaultModelLoads(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if m == nil || m.Cue == nil || m.Role == nil || len(m.CueProb) == 0 {
		t.Fatal("embedded model is missing parts")
	}
}
