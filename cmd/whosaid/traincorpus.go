package main

import (
	"whosaid/eval"
	"whosaid/extract"
)

// readTrainCorpus reads a PolNeAR-layout corpus (the alphabetically first
// .ann of each text, as eval does) as training documents.
func readTrainCorpus(dir string) ([]extract.TrainDoc, error) {
	docs, err := eval.ReadCorpus(dir)
	if err != nil {
		return nil, err
	}
	out := make([]extract.TrainDoc, 0, len(docs))
	for _, d := range docs {
		td := extract.TrainDoc{Name: d.Name, Text: d.Text}
		for _, a := range d.Attributions {
			td.Attributions = append(td.Attributions, extract.TrainAttribution{
				Sources:  trainSpans(a.Frags[eval.Source]),
				Cues:     trainSpans(a.Frags[eval.Cue]),
				Contents: trainSpans(a.Frags[eval.Content]),
			})
		}
		out = append(out, td)
	}
	return out, nil
}

func trainSpans(frags []eval.Frag) []extract.TrainSpan {
	out := make([]extract.TrainSpan, len(frags))
	for i, f := range frags {
		out[i] = extract.TrainSpan{Start: f.Start, End: f.End}
	}
	return out
}
