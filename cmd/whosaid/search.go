package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"whosaid"
	"whosaid/archive"
)

func newSearchCmd() *cobra.Command {
	var (
		db, since, until, kind, format string
		f                              whosaid.StatementFilter
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "Search the archive for statements, newest first",
		Long: `Search the statements in the archive, newest first: each with its speaker
(canonical name and role), content, and the title, outlet, date and URL of
the earliest article reporting it. QUERY is full-text, web-search style:
words, "a phrase", -excluded, a OR b. --about takes the same syntax and
searches the text of the articles instead: "everything Trump said in
articles about health care" is --speaker Trump --about "health care".`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				f.Query = args[0]
			}
			var err error
			if f.Since, err = optDate("since", since); err != nil {
				return err
			}
			if f.Until, err = optDate("until", until); err != nil {
				return err
			}
			f.Kind = whosaid.AttributionKind(kind)
			w, err := newStatementWriter(cmd.OutOrStdout(), format)
			if err != nil {
				return err
			}
			a, err := openArchive(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer a.Close()
			want := f.Limit
			return eachStatement(cmd, a, f, want, w.write, w.flush)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", defaultDB, "archive: a SQLite file or a postgres:// URL")
	fl.StringVar(&f.About, "about", "", "full-text query over the text of the articles the statement was reported in")
	fl.StringVar(&f.Speaker, "speaker", "", "speaker name or alias")
	fl.StringVar(&f.Org, "org", "", "organisation named in the article or the speaker's role")
	fl.StringVar(&f.Outlet, "outlet", "", "outlet")
	fl.StringVar(&since, "since", "", "from this day (YYYY-MM-DD)")
	fl.StringVar(&until, "until", "", "to this day (YYYY-MM-DD)")
	fl.StringVar(&kind, "kind", "", "direct, indirect or mixed")
	fl.IntVar(&f.Limit, "limit", 20, "at most this many statements (0: all)")
	fl.StringVar(&format, "format", "table", "table, jsonl or csv")
	return cmd
}

// eachStatement pages through the statements matching f, at most want of
// them (0: all), calling write for each and done at the end.
func eachStatement(cmd *cobra.Command, a whosaid.Archive, f whosaid.StatementFilter, want int,
	write func(whosaid.Statement) error, done func() error) error {
	n := 0
	for {
		f.Limit = archive.MaxLimit
		if want > 0 {
			f.Limit = min(want-n, archive.MaxLimit)
		}
		page, err := a.SearchStatements(cmd.Context(), f)
		if err != nil {
			return err
		}
		for _, s := range page.Statements {
			if err := write(s); err != nil {
				return err
			}
			n++
		}
		if page.NextCursor == "" || (want > 0 && n >= want) {
			return done()
		}
		f.Cursor = page.NextCursor
	}
}

func optDate(name, s string) (whosaid.Date, error) {
	if s == "" {
		return whosaid.Date{}, nil
	}
	d, err := whosaid.ParseDate(s)
	if err != nil {
		return d, whosaid.Errorf(whosaid.EINVALID, "--%s: %s", name, whosaid.ErrorMessage(err))
	}
	return d, nil
}

// statementWriter writes statements as a table, JSON Lines or CSV.
type statementWriter struct {
	write func(whosaid.Statement) error
	flush func() error
}

// statementCSVHeader names the CSV columns of a statement.
var statementCSVHeader = []string{"id", "published", "speaker", "speaker_role", "person_id", "kind", "content", "cue",
	"title", "outlet", "url", "article_id", "sightings"}

func newStatementWriter(out io.Writer, format string) (*statementWriter, error) {
	switch format {
	case "table":
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "DATE\tSPEAKER\tCONTENT\tOUTLET\tTITLE\tURL")
		return &statementWriter{
			write: func(s whosaid.Statement) error {
				speaker := s.Speaker
				if s.SpeakerRole != "" {
					speaker += " (" + s.SpeakerRole + ")"
				}
				_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", orDash(s.Published.String()), cell(speaker, 40),
					cell(s.Content, 80), orDash(cell(s.Outlet, 20)), orDash(cell(s.Title, 40)), orDash(s.URL))
				return err
			},
			flush: tw.Flush,
		}, nil
	case "jsonl":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return &statementWriter{write: func(s whosaid.Statement) error { return enc.Encode(s) }, flush: func() error { return nil }}, nil
	case "csv":
		cw := csv.NewWriter(out)
		if err := cw.Write(statementCSVHeader); err != nil {
			return nil, err
		}
		return &statementWriter{
			write: func(s whosaid.Statement) error {
				return cw.Write([]string{strconv.FormatInt(s.ID, 10), s.Published.String(), s.Speaker, s.SpeakerRole,
					strconv.FormatInt(s.PersonID, 10), string(s.Kind), s.Content, s.Cue, s.Title, s.Outlet, s.URL,
					strconv.FormatInt(s.ArticleID, 10), strconv.Itoa(len(s.Sightings))})
			},
			flush: func() error { cw.Flush(); return cw.Error() },
		}, nil
	}
	return nil, whosaid.Errorf(whosaid.EINVALID, "--format %q: want table, jsonl or csv", format)
}

// cell flattens s to one line of at most n characters for a table.
func cell(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
