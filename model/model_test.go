package model

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
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

// TestPackedTablesAreReleased loads the model many times over: each
// packed table (8 MB, mapped outside the heap on Linux) must be released
// with its model, or this grows by gigabytes.
func TestPackedTablesAreReleased(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the model 40 times")
	}
	for range 40 {
		m, err := Read(bytes.NewReader(attributionModel))
		if err != nil {
			t.Fatal(err)
		}
		if m.Table.packed == nil {
			t.Fatal("the embedded model was not packed")
		}
		runtime.GC()
	}
	if rss := rssMB(t); rss > 250 {
		t.Errorf("RSS %d MB after loading the model 40 times: packed tables are not released", rss)
	}
}

// rssMB is the process's resident set in MB, from /proc (Linux); the test
// skips elsewhere.
func rssMB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	t.Skip("no VmRSS")
	return 0
}
