package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"whosaid"
	"whosaid/archive"
	"whosaid/extract"
)

func newReprocessCmd() *cobra.Command {
	var (
		db      string
		workers int
	)
	cmd := &cobra.Command{
		Use:   "reprocess",
		Short: "Re-extract the archived articles an older extractor version produced",
		Long: `Run the current extractor over every archived article whose extraction was
made by another extractor version, and replace the extraction (and the
statements, persons and interactions derived from it) in one transaction
per article. Articles and their sightings are kept. Safe to interrupt and
run again: it resumes with the articles still on the old version.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			batchGC()
			a, err := openArchive(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer a.Close()
			r, ok := a.(archive.Reprocessor)
			if !ok {
				return whosaid.Errorf(whosaid.EINTERNAL, "this archive cannot reprocess")
			}
			x, err := extract.New(extract.DefaultOptions())
			if err != nil {
				return err
			}
			if workers <= 0 {
				workers = runtime.GOMAXPROCS(0)
			}
			start := time.Now()
			var done, failed atomic.Int64
			stderr := cmd.ErrOrStderr()
			var mu sync.Mutex // one error line at a time
			jobs := make(chan *whosaid.StoredArticle)
			var wg sync.WaitGroup
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for sa := range jobs {
						err := reextract(cmd, r, x, sa)
						if err != nil {
							failed.Add(1)
							mu.Lock()
							fmt.Fprintf(stderr, "whosaid: article %d (%s): %s\n", sa.ID, sa.Article.ID, whosaid.ErrorMessage(err))
							mu.Unlock()
							continue
						}
						done.Add(1)
					}
				}()
			}
			walkErr := r.ArticlesByExtractor(cmd.Context(), extract.Version, func(sa *whosaid.StoredArticle) error {
				select {
				case jobs <- sa:
					return nil
				case <-cmd.Context().Done():
					return cmd.Context().Err()
				}
			})
			close(jobs)
			wg.Wait()
			fmt.Fprintf(stderr, "whosaid: reprocessed %d articles with %s, %d failed, in %s\n",
				done.Load(), extract.Version, failed.Load(), time.Since(start).Round(time.Millisecond))
			if walkErr != nil {
				return walkErr
			}
			if n := failed.Load(); n > 0 {
				return errSilent{int(n)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, "archive: a SQLite file or a postgres:// URL")
	cmd.Flags().IntVar(&workers, "workers", 0, "extraction goroutines (0: all cores)")
	return cmd
}

func reextract(cmd *cobra.Command, r archive.Reprocessor, x *extract.Extractor, sa *whosaid.StoredArticle) error {
	ex, err := x.Extract(sa.Article)
	if err != nil {
		return err
	}
	return r.ReplaceExtraction(cmd.Context(), sa.ID, ex)
}
