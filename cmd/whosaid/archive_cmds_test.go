package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWhosaid runs the command line in this process and returns its output.
func runWhosaid(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetIn(strings.NewReader(""))
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

// TestArchiveCommands ingests the seed and the PolNeAR dev texts with the
// real extractor, then searches, lists people, exports and reprocesses.
func TestArchiveCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed := filepath.Join("..", "..", "testdata", "seed", "000_bd208590b675fc6e.txt")
	dev := filepath.Join("..", "..", "corpora", "polnear", "dev", "text")
	missing := filepath.Join(dir, "missing.txt")

	_, stderr, err := runWhosaid(t, "ingest", "--db", db, seed, dev, missing)
	if _, ok := err.(errSilent); !ok {
		t.Fatalf("ingest with a missing input: err %v, want errSilent\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "missing.txt") || !strings.Contains(lines[1], "85 stored, 0 duplicates, 1 failed") {
		t.Fatalf("ingest stderr:\n%s", stderr)
	}
	if _, stderr, err = runWhosaid(t, "ingest", "--db", db, seed, dev); err != nil || !strings.Contains(stderr, "0 stored, 85 duplicates, 0 failed") {
		t.Fatalf("second ingest: %v\n%s", err, stderr)
	}

	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"search table", []string{"search", "--limit", "3"}, func(t *testing.T, out string) {
			if ls := strings.Split(strings.TrimSpace(out), "\n"); len(ls) != 4 || !strings.HasPrefix(ls[0], "DATE") {
				t.Errorf("table:\n%s", out)
			}
		}},
		{"search jsonl", []string{"search", "--format", "jsonl", "--limit", "0", "--speaker", "Velayati"}, func(t *testing.T, out string) {
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				var s struct{ Speaker, Content string }
				if err := json.Unmarshal([]byte(l), &s); err != nil || !strings.Contains(s.Speaker, "Velayati") {
					t.Errorf("jsonl line %q: %v", l, err)
				}
			}
		}},
		{"search about", []string{"search", "--format", "jsonl", "--limit", "0", "--about", "Nakhaleh"}, func(t *testing.T, out string) {
			// Only the seed's text names Nakhaleh: all its statements, and
			// no other article's.
			articles := map[int64]int{}
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				var s struct {
					ArticleID int64 `json:"article_id"`
				}
				if err := json.Unmarshal([]byte(l), &s); err != nil {
					t.Fatalf("jsonl line %q: %v", l, err)
				}
				articles[s.ArticleID]++
			}
			if len(articles) != 1 {
				t.Errorf("statements from %d articles, want the seed's only: %v", len(articles), articles)
			}
			for _, n := range articles {
				if n < 5 {
					t.Errorf("%d statements, want the seed's nine or so", n)
				}
			}
		}},
		{"search csv", []string{"search", "--format", "csv", "--kind", "direct", "Palestinian"}, func(t *testing.T, out string) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) < 1 || recs[0][0] != "id" {
				t.Errorf("csv: %v\n%s", err, out)
			}
		}},
		{"people", []string{"people"}, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "ID") {
				t.Errorf("people:\n%s", out)
			}
		}},
		{"export statements", []string{"export", "--format", "jsonl"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n < 100 {
				t.Errorf("export: %d statements", n)
			}
		}},
		{"export graphml", []string{"export", "--format", "graphml", "--network", "interactions"}, func(t *testing.T, out string) {
			var g struct {
				XMLName xml.Name
			}
			if err := xml.Unmarshal([]byte(out), &g); err != nil || g.XMLName.Local != "graphml" {
				t.Errorf("graphml: %v\n%s", err, out)
			}
		}},
		{"export mentions csv", []string{"export", "--format", "csv", "--network", "mentions"}, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "source,target,weight,kinds") {
				t.Errorf("mentions csv:\n%s", out)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runWhosaid(t, append(tt.args, "--db", db)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			tt.check(t, out)
		})
	}
	for _, args := range [][]string{
		{"search", "--kind", "shouted"}, {"search", "--since", "yesterday"}, {"search", "--format", "xml"},
		{"export", "--format", "pdf"}, {"export", "--network", "friends"},
	} {
		if _, _, err := runWhosaid(t, append(args, "--db", db)...); exitStatus(err) != 2 {
			t.Errorf("%q: err %v, want exit status 2", args, err)
		}
	}
	if _, stderr, err := runWhosaid(t, "reprocess", "--db", db); err != nil || !strings.Contains(stderr, "reprocessed 0 articles") {
		t.Errorf("reprocess with the current extractor: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
