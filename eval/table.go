package eval

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Score is one row of the report: a category under one matching.
type Score struct {
	Category  string  `json:"category"`
	Match     string  `json:"match"` // "exact" or "overlap"
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	Pred      int     `json:"pred"`
	Gold      int     `json:"gold"`
}

// Scores returns the rows of the report: each category, exact then
// overlap.
func (r *Report) Scores() []Score {
	var out []Score
	for c, k := range r.Counts {
		for _, m := range []struct {
			name string
			tp   int
		}{{"exact", k.Exact}, {"overlap", k.Overlap}} {
			p, rc, f := PRF(m.tp, k.Pred, k.Gold)
			out = append(out, Score{Category(c).String(), m.name, p, rc, f, m.tp, k.Pred, k.Gold})
		}
	}
	return out
}

// Summary is what `whosaid eval --json` prints.
type Summary struct {
	Docs      int      `json:"docs"`
	Failed    []string `json:"failed,omitempty"`
	Scores    []Score  `json:"scores"`
	Seconds   float64  `json:"seconds"`
	MBPerSec  float64  `json:"mb_per_sec"`
	DocPerSec float64  `json:"articles_per_sec"`
	Workers   int      `json:"workers"`
}

// Summary returns the figures of the run.
func (r *Run) Summary() Summary {
	s := Summary{Docs: r.Report.Docs, Scores: r.Report.Scores(), Seconds: r.Elapsed.Seconds(), Workers: r.Workers}
	for _, e := range r.Failed {
		s.Failed = append(s.Failed, e.Error())
	}
	if sec := r.Elapsed.Seconds(); sec > 0 {
		s.MBPerSec = float64(r.Bytes) / 1e6 / sec
		s.DocPerSec = float64(r.Report.Docs) / sec
	}
	return s
}

// WriteTable prints the scores as an aligned table followed by the speed.
func (s Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tmatch\tP\tR\tF1\ttp\tpred\tgold\t")
	for _, r := range s.Scores {
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t\n", r.Category, r.Match, r.Precision, r.Recall, r.F1, r.TP, r.Pred, r.Gold)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d articles in %.2fs: %.2f MB/s, %.1f articles/s, %d workers\n", s.Docs, s.Seconds, s.MBPerSec, s.DocPerSec, s.Workers)
	for _, f := range s.Failed {
		fmt.Fprintf(w, "failed: %s\n", f)
	}
	return err
}
