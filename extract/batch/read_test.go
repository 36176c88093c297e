package batch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadJSONLLongLine(t *testing.T) {
	long := strings.Repeat("word ", 1<<20) // 5 MB, beyond any default buffer
	in := `{"id":"a","text":"` + long + `"}` + "\n" + `{"id":"b","text":"x"}`
	var got []Item
	for it := range Read([]string{"-"}, strings.NewReader(in)) {
		got = append(got, it)
	}
	if len(got) != 2 || got[0].Err != nil || len(got[0].Article.Text) != len(long) || got[1].Article.ID != "b" {
		t.Fatalf("got %d items, first err %v", len(got), got[0].Err)
	}
}

func TestReadStopsEarly(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644)
	}
	n := 0
	for range Read([]string{dir, dir}, nil) {
		if n++; n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("read %d", n)
	}
}

func TestStartsWithBrace(t *testing.T) {
	for in, want := range map[string]bool{"{": true, " \n\t{\"id\"": true, "He said": false, "": false, "  ": false, "\ufeff{": true, "\ufeffHe": false} {
		var got bool
		for it := range Read([]string{"-"}, strings.NewReader(in)) {
			got = it.Article.ID != "stdin"
		}
		if in != "" && in != "  " && got != want {
			t.Errorf("%q: JSONL %v, want %v", in, got, want)
		}
	}
}

// TestRead50MBLine streams a JSONL line of 50 MB and a line after it.
func TestRead50MBLine(t *testing.T) {
	text := strings.Repeat("The minister said the talks went well. ", 50<<20/39+1)
	in := `{"id":"big","text":"` + text + `"}` + "\n" + `{"id":"next","text":"x"}` + "\n"
	var got []string
	for it := range Read([]string{"-"}, strings.NewReader(in)) {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		got = append(got, fmt.Sprint(it.Article.ID, len(it.Article.Text)))
	}
	if want := []string{fmt.Sprint("big", len(text)), "next1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestReadJSONLWithBOM(t *testing.T) {
	for it := range Read([]string{"-"}, strings.NewReader("\ufeff{\"id\":\"a\",\"text\":\"x\"}\r\n")) {
		if it.Err != nil || it.Article.ID != "a" {
			t.Errorf("got %+v", it)
		}
	}
}
