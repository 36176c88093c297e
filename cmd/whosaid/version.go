package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"whosaid/extract"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the extractor version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), extract.Version)
			return nil
		},
	}
}
