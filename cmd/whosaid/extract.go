package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"whosaid"
	"whosaid/extract"
	"whosaid/extract/batch"
)

func newExtractCmd() *cobra.Command {
	var (
		pretty    bool
		published string
		workers   int
	)
	cmd := &cobra.Command{
		Use:   "extract [FILE|DIR|-]...",
		Short: "Extract who said what from articles, one JSON object per line",
		Long: `Read articles and write one JSON object per article per line (JSON Lines),
in input order. Inputs: a .txt or other text file (id: its file name), a
directory (every *.txt in it), a .jsonl file (one {"id","text","published"?}
per line) or - for standard input (JSON Lines when it starts with '{', else
one plain-text article); none means standard input.

An input that cannot be read is reported on standard error, naming it (and
the line of a JSONL file); the others still come out and the exit status is
1. The output schema is described in the README.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := extract.DefaultOptions()
			if published != "" {
				d, err := whosaid.ParseDate(published)
				if err != nil {
					return err
				}
				opts.Published = d
			}
			x, err := extract.New(opts)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				args = []string{"-"}
			}
			out := &jsonlWriter{w: cmd.OutOrStdout(), pretty: pretty}
			stderr := cmd.ErrOrStderr()
			failed := 0
			emit := func(it batch.Item, res *whosaid.Extraction, err error) error {
				if err == nil && res == nil {
					err = whosaid.Errorf(whosaid.EINTERNAL, "%s: no result", it.Name)
				}
				if err != nil {
					failed++
					fmt.Fprintf(stderr, "whosaid: %s\n", inputError(it.Name, err))
					return nil
				}
				return out.write(res)
			}
			items := batch.Read(args, cmd.InOrStdin())
			if err := batch.Run(cmd.Context(), items, x.Extract, batch.Options{Workers: workers}, emit); err != nil {
				return err
			}
			if failed > 0 {
				return errSilent{failed}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&pretty, "pretty", false, "indent the JSON (for reading a single article)")
	f.StringVar(&published, "published", "", "publication date YYYY-MM-DD for articles that give none")
	f.IntVar(&workers, "workers", 0, "extraction goroutines (0: all cores)")
	return cmd
}

// inputError is the message for a failed input; it names the input unless
// the error already starts with the name.
func inputError(name string, err error) string {
	msg := err.Error()
	if len(msg) > len(name) && msg[:len(name)] == name {
		return msg
	}
	return name + ": " + msg
}

// jsonlWriter writes one extraction per line (or indented), one Write
// call each, without escaping <, > and & so texts stay readable.
type jsonlWriter struct {
	w      io.Writer
	pretty bool
	buf    bytes.Buffer
}

func (j *jsonlWriter) write(x *whosaid.Extraction) error {
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if j.pretty {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(x); err != nil {
		return err
	}
	_, err := j.w.Write(j.buf.Bytes())
	return err
}
