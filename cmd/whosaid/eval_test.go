package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"whosaid/eval"
)

// TestEvalCommand runs `whosaid eval` over the first articles of PolNeAR
// dev, as a table and as JSON with an errors file.
func TestEvalCommand(t *testing.T) {
	const gold = "../../corpora/polnear/dev"
	out, stderr, err := runCmd(t, "", "eval", "--gold", gold, "--limit", "3")
	if err != nil || stderr != "" {
		t.Fatalf("err = %v, stderr = %s", err, stderr)
	}
	for _, want := range []string{"Source", "Cue", "Content", "Direct content", "overlap", "3 articles in", "MB/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	errFile := filepath.Join(t.TempDir(), "errors.jsonl")
	out, _, err = runCmd(t, "", "eval", "--gold", gold, "--limit", "3", "--json", "--errors", errFile, "--workers", "2")
	if err != nil {
		t.Fatal(err)
	}
	var sum eval.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if sum.Docs != 3 || len(sum.Scores) != 8 || sum.Scores[0].Gold == 0 {
		t.Errorf("summary %+v", sum)
	}
	b, err := os.ReadFile(errFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e eval.SpanError
		if err := json.Unmarshal([]byte(line), &e); err != nil || e.Doc == "" || e.Context == "" {
			t.Fatalf("errors line %q: %v", line, err)
		}
	}

	if _, _, err := runCmd(t, "", "eval", "--gold", t.TempDir()); exitStatus(err) != 2 {
		t.Errorf("empty corpus: err = %v, want exit status 2", err)
	}
}
