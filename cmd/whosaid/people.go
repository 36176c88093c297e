package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"whosaid"
)

func newPeopleCmd() *cobra.Command {
	var (
		db, format string
		limit      int
	)
	cmd := &cobra.Command{
		Use:   "people [QUERY]",
		Short: "List the speakers in the archive with their counts and roles",
		Long: `List the persons in the archive whose name or an alias contains QUERY (all
without one), those with most statements first: statement and interaction
counts, and the roles they were seen with (first and last day).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q := ""
			if len(args) == 1 {
				q = args[0]
			}
			if format != "table" && format != "jsonl" {
				return whosaid.Errorf(whosaid.EINVALID, "--format %q: want table or jsonl", format)
			}
			a, err := openArchive(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer a.Close()
			ps, err := a.People(cmd.Context(), q, limit)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "jsonl" {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				for _, p := range ps {
					if err := enc.Encode(p); err != nil {
						return err
					}
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSTATEMENTS\tINTERACTIONS\tROLES")
			for _, p := range ps {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", p.ID, p.Name, p.Statements, p.Interactions, orDash(roles(p.Roles)))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, "archive: a SQLite file or a postgres:// URL")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many people")
	cmd.Flags().StringVar(&format, "format", "table", "table or jsonl")
	return cmd
}

// roles is "role (first – last); ..." for a table cell.
func roles(rs []whosaid.RoleSeen) string {
	var parts []string
	for _, r := range rs {
		span := r.FirstSeen.String()
		if r.LastSeen != r.FirstSeen {
			span += " – " + r.LastSeen.String()
		}
		if span != "" {
			parts = append(parts, cell(r.Role, 60)+" ("+span+")")
		} else {
			parts = append(parts, cell(r.Role, 60))
		}
	}
	return strings.Join(parts, "; ")
}
