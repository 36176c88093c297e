// Command whosaid turns news reports into records of who said what, to
// whom, when and where. This package only wires the others together: one
// file per subcommand.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"

	"whosaid"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCmd().ExecuteContext(ctx)
	stop()
	if err != nil {
		var silent errSilent
		if !errors.As(err, &silent) {
			fmt.Fprintln(os.Stderr, "whosaid:", whosaid.ErrorMessage(err))
		}
		os.Exit(exitStatus(err))
	}
}

// errSilent is returned by commands that already reported their errors
// (one line per failed input) and only need a non-zero exit status.
type errSilent struct{ n int }

func (e errSilent) Error() string { return fmt.Sprintf("%d inputs failed", e.n) }

// exitStatus maps error codes to exit statuses once, here at the edge.
func exitStatus(err error) int {
	var silent errSilent
	if errors.As(err, &silent) {
		return 1
	}
	switch whosaid.ErrorCode(err) {
	case whosaid.EINVALID:
		return 2
	case whosaid.ENOTFOUND:
		return 3
	default:
		return 1
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "whosaid",
		Short:         "Who said what, to whom, when and where, from news reports",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(subcommands()...)
	var profile string
	var stopProfile func()
	root.PersistentFlags().StringVar(&profile, "cpuprofile", "", "write a CPU profile of the command to this file (for go tool pprof)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if profile == "" {
			return nil
		}
		var err error
		stopProfile, err = startCPUProfile(profile)
		return err
	}
	root.PersistentPostRun = func(*cobra.Command, []string) {
		if stopProfile != nil {
			stopProfile()
		}
	}
	return root
}

// startCPUProfile profiles the process into path until the returned
// function is called: users can send it with a report of a slow run.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, whosaid.Errorf(whosaid.EINVALID, "--cpuprofile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, whosaid.Errorf(whosaid.EINVALID, "--cpuprofile: %v", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
