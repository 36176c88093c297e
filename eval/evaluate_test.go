package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"whosaid"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// oracle returns the extraction that reproduces d's gold: one attribution
// per merged piece of each role, so that the predicted sets equal the gold
// sets and every score is 1.
func oracle(d *Doc) *whosaid.Extraction {
	text := []rune(d.Text)
	span := func(f Frag) whosaid.Span {
		return whosaid.Span{Start: f.Start, End: f.End, Text: string(text[f.Start:f.End])}
	}
	x := &whosaid.Extraction{ID: d.Name}
	for _, a := range d.Attributions {
		for _, f := range merge(text, a.Frags[Source]) {
			s := span(f)
			x.Attributions = append(x.Attributions, whosaid.Attribution{Source: &s})
		}
		for _, f := range merge(text, a.Frags[Cue]) {
			x.Attributions = append(x.Attributions, whosaid.Attribution{Cue: span(f)})
		}
		for _, f := range merge(text, a.Frags[Content]) {
			kind := whosaid.Indirect
			if isDirect(text, f) {
				kind = whosaid.Direct
			}
			x.Attributions = append(x.Attributions, whosaid.Attribution{Contents: []whosaid.Span{span(f)}, Kind: kind})
		}
	}
	return x
}

// TestEvaluateOracleDev scores the gold of PolNeAR dev against itself.
func TestEvaluateOracleDev(t *testing.T) {
	docs, err := ReadCorpus(devDir)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*Doc{}
	for i := range docs {
		byName[docs[i].Name] = &docs[i]
	}
	run, err := Evaluate(context.Background(), docs, func(a whosaid.Article) (*whosaid.Extraction, error) {
		return oracle(byName[a.ID]), nil
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range run.Report.Scores() {
		if s.F1 != 1 || s.Gold == 0 {
			t.Errorf("%s %s: F1 %.3f (tp %d pred %d gold %d), want 1", s.Category, s.Match, s.F1, s.TP, s.Pred, s.Gold)
		}
	}
}

// TestEvaluateGolden scores the hand-made predictions of
// testdata/corpus/pred.jsonl against testdata/corpus and compares the
// table and the error lines with testdata/*.golden (-update rewrites them).
func TestEvaluateGolden(t *testing.T) {
	docs, err := ReadCorpus("testdata/corpus/gold")
	if err != nil {
		t.Fatal(err)
	}
	preds := map[string]*whosaid.Extraction{}
	b, err := os.ReadFile("testdata/corpus/pred.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var x whosaid.Extraction
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			t.Fatal(err)
		}
		preds[x.ID] = &x
	}
	run, err := Evaluate(context.Background(), docs, func(a whosaid.Article) (*whosaid.Extraction, error) {
		if a.ID == "panics" {
			panic("boom")
		}
		return preds[a.ID], nil
	}, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum := run.Summary()
	var table bytes.Buffer
	for _, s := range sum.Scores {
		b, _ := json.Marshal(s)
		table.Write(append(b, '\n'))
	}
	for _, f := range sum.Failed {
		table.WriteString("failed: " + f + "\n")
	}
	var errs bytes.Buffer
	enc := json.NewEncoder(&errs)
	for _, r := range run.Results {
		for _, e := range r.Errors {
			enc.Encode(e)
		}
	}
	golden(t, "testdata/scores.golden", table.Bytes())
	golden(t, "testdata/errors.golden", errs.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update after review):\n--- got\n%s\n--- want\n%s", filepath.Base(path), got, want)
	}
}
