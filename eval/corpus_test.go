package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// devDir is the PolNeAR dev split shipped with the repository.
const devDir = "../corpora/polnear/dev"

// TestParseDevAnn parses every .ann file of PolNeAR dev, checks the
// counts against the raw lines and that every span's text, as the file
// repeats it, is the text at its offsets.
func TestParseDevAnn(t *testing.T) {
	anns, err := filepath.Glob(filepath.Join(devDir, "attributions", "*.ann"))
	if err != nil || len(anns) == 0 {
		t.Fatalf("no dev .ann files: %v", err)
	}
	var nT, nE, nAtt, lineT, lineE int
	for _, path := range anns {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			switch {
			case strings.HasPrefix(l, "T") && looksLikeAnnotation(l):
				lineT++
			case strings.HasPrefix(l, "E"):
				lineE++
			}
		}
		ann, err := ParseAnn(strings.NewReader(string(b)), path)
		if err != nil {
			t.Fatal(err)
		}
		atts, err := ann.Attributions()
		if err != nil {
			t.Fatal(err)
		}
		nT += len(ann.TextBounds)
		nE += len(ann.Events)
		nAtt += len(atts)
		base := filepath.Base(path)
		txt, err := os.ReadFile(filepath.Join(devDir, "text", base[:strings.LastIndexByte(base, '_')]+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		text := []rune(string(txt))
		for _, tb := range ann.TextBounds {
			var parts []string
			for _, f := range tb.Frags {
				parts = append(parts, string(text[f.Start:f.End]))
			}
			if got := strings.Join(parts, " "); got != tb.Text {
				t.Errorf("%s:%d: %s text %q, file has %q", path, tb.Line, tb.ID, tb.Text, got)
			}
		}
	}
	if nT != lineT || nE != lineE || nAtt != lineE {
		t.Errorf("parsed %d text-bounds, %d events, %d attributions; file has %d T and %d E lines", nT, nE, nAtt, lineT, lineE)
	}
	// The figures of PolNeAR v1.0.0 dev, all annotators.
	if len(anns) != 94 || nT != 9095 || nE != 2320 {
		t.Errorf("got %d files, %d text-bounds, %d events; want 94, 9095, 2320", len(anns), nT, nE)
	}
}

func TestReadCorpusDev(t *testing.T) {
	docs, err := ReadCorpus(devDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 84 {
		t.Errorf("got %d docs, want 84", len(docs))
	}
	var dated, atts int
	for _, d := range docs {
		if !d.Published.IsZero() {
			dated++
		}
		atts += len(d.Attributions)
		if base := filepath.Base(d.AnnFile); !strings.HasPrefix(base, d.Name+"_") {
			t.Errorf("%s: annotations from %s", d.Name, base)
		}
	}
	if dated != len(docs) {
		t.Errorf("%d of %d docs have a publication date", dated, len(docs))
	}
	if atts == 0 {
		t.Error("no attributions")
	}
	t.Logf("%d docs, %d attributions", len(docs), atts)
}

func TestReadCorpusPicksFirstAnnotator(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"text/a_b.txt":              "He said so.",
		"attributions/a_b_zz.ann":   "T1\tCue 3 7\tsaid\nE1\tAttribution:T1 Cue:T1\n",
		"attributions/a_b_aa.ann":   "T1\tSource 0 2\tHe\nE1\tAttribution:T1 Source:T1\n",
		"attributions/a_b_c_aa.ann": "bad line\n", // another text's annotations
		"text/unannotated.txt":      "Nothing.",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := ReadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || filepath.Base(docs[0].AnnFile) != "a_b_aa.ann" || len(docs[0].Attributions[0].Frags[Source]) != 1 {
		t.Errorf("got %+v", docs)
	}
}
