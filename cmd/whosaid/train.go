package main

import (
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"whosaid/extract"
)

func newTrainCmd() *cobra.Command {
	var (
		corpus string
		out    string
		opts   extract.TrainOptions
	)
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train the attribution tagger on a brat-standoff corpus (PolNeAR layout)",
		Long: `Train the attribution tagger on DIR/text/*.txt and DIR/attributions/*.ann
(the alphabetically first .ann of each text) and write the model file.
The shipped model is made by:
  whosaid train --corpus corpora/polnear/train --out model/data/attribution.model.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := readTrainCorpus(corpus)
			if err != nil {
				return err
			}
			opts.Logger = slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			m, err := extract.Train(docs, opts)
			if err != nil {
				return err
			}
			m.Meta["corpus"] = filepath.ToSlash(corpus)
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := m.Write(f); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		},
	}
	cmd.Flags().StringVar(&corpus, "corpus", "corpora/polnear/train", "corpus directory with text/ and attributions/")
	cmd.Flags().StringVar(&out, "out", "model/data/attribution.model.gz", "model file to write")
	cmd.Flags().IntVar(&opts.Epochs, "epochs", 12, "training passes")
	cmd.Flags().Uint8Var(&opts.Bits, "bits", 18, "log2 of feature blocks")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 1, "shuffling seed (of the first run)")
	cmd.Flags().IntVar(&opts.Runs, "runs", 4, "taggers trained on seeds seed, seed+1, ... and averaged into one")
	return cmd
}
