package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"whosaid"
	"whosaid/eval"
	"whosaid/extract"
	"whosaid/model"
)

func newEvalCmd() *cobra.Command {
	var (
		gold, errorsPath string
		modelPath        string
		limit, workers   int
		asJSON           bool
	)
	cmd := &cobra.Command{
		Use:   "eval --gold DIR",
		Short: "Score extraction against brat-standoff gold (PolNeAR layout)",
		Long: `Run the extractor over DIR/text/*.txt and score its Source, Cue and Content
spans against DIR/attributions/*.ann (the alphabetically first .ann of each
text): precision, recall and F1, exact and overlap, and for direct quotes
alone. Definitions: docs/eval.md. Contents keep a leading "that", as
PolNeAR annotates them; publication dates come from DIR/../metadata.tsv.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := eval.ReadCorpus(gold)
			if err != nil {
				return err
			}
			if limit > 0 && limit < len(docs) {
				docs = docs[:limit]
			}
			x, err := newEvalExtractor(modelPath)
			if err != nil {
				return err
			}
			run, err := eval.Evaluate(cmd.Context(), docs, x.Extract, workers)
			if err != nil {
				return err
			}
			if errorsPath != "" {
				if err := writeSpanErrors(errorsPath, run.Results); err != nil {
					return err
				}
			}
			sum := run.Summary()
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				err = enc.Encode(sum)
			} else {
				err = sum.WriteTable(out)
			}
			if err == nil && len(run.Failed) > 0 {
				err = whosaid.Errorf(whosaid.EINTERNAL, "extraction failed on %d articles", len(run.Failed))
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&gold, "gold", "", "gold corpus directory with text/ and attributions/ (required)")
	f.IntVar(&limit, "limit", 0, "score only the first N articles (0: all)")
	f.BoolVar(&asJSON, "json", false, "print the scores as JSON")
	f.StringVar(&errorsPath, "errors", "", "write missed and spurious spans, with context, to this JSONL file")
	f.IntVar(&workers, "workers", 0, "extraction goroutines (0: all cores)")
	f.StringVar(&modelPath, "model", "", "score this model file (from whosaid train) instead of the embedded one")
	cmd.MarkFlagRequired("gold")
	return cmd
}

// writeSpanErrors writes every article's exact-match errors as JSON Lines.
func writeSpanErrors(path string, results []eval.DocResult) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, r := range results {
		for _, e := range r.Errors {
			if err := enc.Encode(e); err != nil {
				f.Close()
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// newEvalExtractor is the extractor eval scores: contents keep a leading
// "that", as PolNeAR annotates them, and the model is the embedded one or
// the file at modelPath.
func newEvalExtractor(modelPath string) (*extract.Extractor, error) {
	opts := extract.Options{KeepComplementizer: true}
	if modelPath == "" {
		return extract.New(opts)
	}
	f, err := os.Open(modelPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := model.Read(f)
	if err != nil {
		return nil, whosaid.Errorf(whosaid.EINVALID, "%s: %v", modelPath, err)
	}
	return extract.NewWithModel(opts, m), nil
}
