package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"whosaid/extract"
	whttp "whosaid/http"
)

func newServeCmd() *cobra.Command {
	var db, addr, token string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the archive: a web UI for people and a JSON API for programs",
		Long: `Serve the archive over HTTP: the web UI (search, articles, people, network,
extract) and the JSON API documented at /api/openapi.json.

The server is read-only unless a token is given with --token or
WHOSAID_TOKEN; then POST /api/articles accepts articles sent with
"Authorization: Bearer <token>". It listens on 127.0.0.1 by default: put a
TLS-terminating proxy in front of it before exposing it to a network.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if token == "" {
				token = os.Getenv("WHOSAID_TOKEN")
			}
			ctx := cmd.Context()
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			archive, err := openArchive(ctx, db)
			if err != nil {
				return err
			}
			defer archive.Close()
			x, err := extract.New(extract.DefaultOptions())
			if err != nil {
				return err
			}
			opts := whttp.DefaultOptions()
			opts.Token, opts.Logger = token, log
			return serve(ctx, addr, whttp.NewServer(archive, x, opts), cmd, db, token != "")
		},
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, "archive: a SQLite file or a postgres:// URL")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&token, "token", "", "bearer token that allows POST /api/articles (env WHOSAID_TOKEN); none: read-only")
	return cmd
}

// serve listens first, so the printed address is the real one (also with
// port 0), then serves until ctx is cancelled and shuts down gracefully.
func serve(ctx context.Context, addr string, h nethttp.Handler, cmd *cobra.Command, db string, writable bool) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &nethttp.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	mode := "read-only"
	if writable {
		mode = "accepting articles with the token"
	}
	fmt.Fprintf(cmd.OutOrStdout(), "whosaid: serving %s (%s) at http://%s/\n", db, mode, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, nethttp.ErrServerClosed) {
		return err
	}
	return nil
}
