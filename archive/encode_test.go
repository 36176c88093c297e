package archive_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"whosaid"
	"whosaid/archive"
	"whosaid/extract"
)

// TestPreparedExtractionJSON checks that the extraction a Doc carries,
// assembled from its attributions encoded one by one, is byte for byte
// what encoding/json makes of the whole extraction, and that each
// statement keeps its attribution's own encoding: for real extractions
// of PolNeAR texts and of the seed, and for extractions with no or
// empty attributions.
func TestPreparedExtractionJSON(t *testing.T) {
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	dir := filepath.Join("..", "corpora", "polnear", "dev", "text")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries[:min(len(entries), 8)] {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "seed", "000_bd208590b675fc6e.txt"))
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, string(seed))
	var cases []*whosaid.Extraction
	for i, text := range texts {
		ex, err := x.Extract(whosaid.Article{ID: filepath.Base(dir) + string(rune('a'+i)), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Attributions) == 0 {
			t.Fatalf("text %d: no attributions", i)
		}
		cases = append(cases, ex)
	}
	none := *cases[0]
	none.Attributions = nil
	empty := *cases[0]
	empty.Attributions = []whosaid.Attribution{}
	cases = append(cases, &none, &empty)
	for i, ex := range cases {
		checkPrepared(t, i, ex)
	}
}

// FuzzPreparedExtractionJSON puts arbitrary text where an extraction
// holds strings, the attributions' key among them.
func FuzzPreparedExtractionJSON(f *testing.F) {
	f.Add("The minister", `"attributions":null`, "said", `<b>&"\u2028`)
	f.Fuzz(func(t *testing.T, speaker, content, cue, title string) {
		ex := &whosaid.Extraction{ID: "a", Title: title, Extractor: cue,
			Entities: []whosaid.Entity{{ID: "e1", Type: whosaid.EntityPerson, Name: speaker, Roles: []string{content}}},
			Attributions: []whosaid.Attribution{
				{Speaker: "e1", SpeakerName: speaker, Cue: whosaid.Span{Start: 0, End: 1, Text: cue},
					Contents: []whosaid.Span{{Start: 2, End: 3, Text: content}}, Kind: whosaid.Direct, Confidence: 0.5},
				{SpeakerName: title, Contents: []whosaid.Span{{Text: speaker}}, Kind: whosaid.Indirect},
			}}
		checkPrepared(t, 0, ex)
	})
}

func checkPrepared(t *testing.T, i int, ex *whosaid.Extraction) {
	t.Helper()
	want, err := json.Marshal(ex)
	if err != nil {
		t.Skip("not encodable:", err)
	}
	d, err := archive.Prepare(whosaid.Article{ID: "a", Text: "Some text."}, ex)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Extraction, want) {
		t.Fatalf("case %d: extraction encoded as\n%s\nwant\n%s", i, d.Extraction, want)
	}
	for _, s := range d.Statements {
		var found bool
		for _, at := range ex.Attributions {
			b, _ := json.Marshal(at)
			found = found || bytes.Equal(b, s.Attribution)
		}
		if !found {
			t.Fatalf("case %d: statement %q has attribution %s, not one of the extraction's", i, s.Key, s.Attribution)
		}
	}
}
