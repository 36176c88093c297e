package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"whosaid"
)

// runCmd runs the whosaid command in-process with args and stdin,
// returning its standard output, standard error and error.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

// ids decodes JSON Lines output and returns the ids in order, checking
// every line is an extraction.
func ids(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<30)
	for sc.Scan() {
		var x whosaid.Extraction
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("output line is not an extraction: %v: %.100s", err, sc.Text())
		}
		if x.TextSHA256 == "" || x.Extractor == "" {
			t.Errorf("%s: incomplete extraction %.100s", x.ID, sc.Text())
		}
		got = append(got, x.ID)
	}
	return got
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	var many strings.Builder
	var manyIDs []string
	for i := range 60 {
		id := fmt.Sprintf("n%02d", i)
		manyIDs = append(manyIDs, id)
		text := strings.Repeat(fmt.Sprintf(`"We will win %d," the senator said. `, i), 1+(i*7)%23)
		fmt.Fprintf(&many, `{"id":%q,"text":%q}`+"\n", id, text)
	}
	writeFiles(t, dir, map[string]string{
		"one.txt":          `"The talks went well," Ali Velayati told reporters on Sunday.`,
		"dir/b.txt":        "Officials said the road would reopen.",
		"dir/a.txt":        "The minister said he was pleased.",
		"dir/notes.md":     "not read: not .txt",
		"mixed.jsonl":      "{\"id\":\"j1\",\"text\":\"He said yes.\",\"published\":\"2021-05-16\"}\nnot json\n\n{\"id\":\"j3\",\"text\":\"She said no.\"}\n{\"id\":\"j4\"}\n{\"id\":\"j5\",\"text\":\"x\",\"published\":\"May\"}\n",
		"empty.txt":        "",
		"junk.txt":         "\x00\x01\x02\xff\xfe binary \x89PNG\r\n\x1a\n",
		"latin1.txt":       "caf\xe9 au lait, he said.",
		"nul.txt":          "text with a \x00 NUL",
		"many.jsonl":       many.String(),
		"crlf.txt":         "\ufeffHe said \u00a0\"yes\".\r\nShe said no.\r\n",
		"dir/sub/deep.txt": "not read: subdirectory",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name    string
		stdin   string
		args    []string
		wantIDs []string
		// wantErrs are substrings of standard error, one per failed input.
		wantErrs []string
	}{
		{name: "txt file", args: []string{p("one.txt")}, wantIDs: []string{"one.txt"}},
		{name: "directory", args: []string{p("dir")}, wantIDs: []string{"a.txt", "b.txt"}},
		{name: "jsonl with bad lines", args: []string{p("mixed.jsonl")}, wantIDs: []string{"j1", "j3"},
			wantErrs: []string{"mixed.jsonl:2: not a JSON article", `mixed.jsonl:5: no "text" field`, "mixed.jsonl:6: not a JSON article"}},
		{name: "stdin jsonl", stdin: "  \n{\"id\":\"s1\",\"text\":\"He said so.\"}\n{\"text\":\"x\"}\n", args: []string{"-"}, wantIDs: []string{"s1", "stdin:3"}},
		{name: "stdin text", stdin: "He said so.", args: nil, wantIDs: []string{"stdin"}},
		{name: "empty file", args: []string{p("empty.txt")}, wantIDs: []string{"empty.txt"}},
		{name: "binary junk among good inputs", args: []string{p("one.txt"), p("junk.txt"), p("empty.txt")},
			wantIDs: []string{"one.txt", "empty.txt"}, wantErrs: []string{"junk.txt: not valid UTF-8"}},
		{name: "invalid UTF-8", args: []string{p("latin1.txt")}, wantErrs: []string{"latin1.txt: not valid UTF-8"}},
		{name: "NUL bytes", args: []string{p("nul.txt")}, wantErrs: []string{"nul.txt: binary data"}},
		{name: "missing file", args: []string{p("nope.txt"), p("one.txt")}, wantIDs: []string{"one.txt"},
			wantErrs: []string{"nope.txt: no such file or directory"}},
		{name: "BOM, NBSP and CRLF", args: []string{p("crlf.txt")}, wantIDs: []string{"crlf.txt"}},
		{name: "order kept with 4 workers", args: []string{"--workers", "4", p("many.jsonl"), p("one.txt")},
			wantIDs: append(slices.Clone(manyIDs), "one.txt")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := runCmd(t, tc.stdin, append([]string{"extract"}, tc.args...)...)
			if got := ids(t, out); !slices.Equal(got, tc.wantIDs) {
				t.Errorf("ids = %v, want %v", got, tc.wantIDs)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if stderr == "" {
				lines = nil
			}
			if len(lines) != len(tc.wantErrs) {
				t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(tc.wantErrs), stderr)
			}
			for i, w := range tc.wantErrs {
				if !strings.Contains(lines[i], w) || !strings.HasPrefix(lines[i], "whosaid: ") {
					t.Errorf("stderr line %q, want it to contain %q", lines[i], w)
				}
			}
			var silent errSilent
			switch {
			case len(tc.wantErrs) == 0 && err != nil:
				t.Errorf("err = %v", err)
			case len(tc.wantErrs) > 0 && (!errors.As(err, &silent) || exitStatus(err) != 1):
				t.Errorf("err = %v, want exit status 1", err)
			}
		})
	}
}

func TestExtractPublishedAndPretty(t *testing.T) {
	out, _, err := runCmd(t, "He said so.", "extract", "--pretty", "--published", "2021-05-16", "-")
	if err != nil {
		t.Fatal(err)
	}
	var x whosaid.Extraction
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatal(err)
	}
	if x.Published.String() != "2021-05-16" || !strings.Contains(out, "\n  \"id\": \"stdin\"") {
		t.Errorf("got %s", out)
	}
	if _, _, err := runCmd(t, "", "extract", "--published", "May 16"); exitStatus(err) != 2 {
		t.Errorf("bad --published: err = %v, want exit status 2", err)
	}
}

// largeArticleLimit is generous: at the 5 MB/s per core issue 2 asks for,
// 50 MB take 10 s.
const largeArticleLimit = 3 * time.Minute

// TestExtractLargeArticle runs a 50 MB article, as one JSONL line, through
// the command.
func TestExtractLargeArticle(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB article")
	}
	dir := t.TempDir()
	para := `"We will not accept this," the minister said on Sunday. Officials said the talks would go on. ` + "\n\n"
	text := strings.Repeat(para, 50<<20/len(para)+1)
	line, _ := json.Marshal(map[string]string{"id": "big", "text": text})
	writeFiles(t, dir, map[string]string{"big.jsonl": string(line) + "\n"})
	type result struct {
		out, stderr string
		err         error
	}
	done := make(chan result, 1)
	go func() {
		out, stderr, err := runCmd(t, "", "extract", filepath.Join(dir, "big.jsonl"))
		done <- result{out, stderr, err}
	}()
	select {
	case r := <-done:
		if r.err != nil || r.stderr != "" {
			t.Fatalf("err = %v, stderr = %s", r.err, r.stderr)
		}
		if got := ids(t, r.out); !slices.Equal(got, []string{"big"}) {
			t.Errorf("ids = %v", got)
		}
	case <-time.After(largeArticleLimit):
		// The extraction goroutine is abandoned; it ends with the test binary.
		t.Fatalf("a 50 MB article took over %v: extraction is not linear in the text length", largeArticleLimit)
	}
}
