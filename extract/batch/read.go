package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"whosaid"
)

// Read returns the articles of the inputs, in order:
//   - a directory: every *.txt file in it, sorted by name;
//   - a file ending in .jsonl: one {"id","text","published"?} object per
//     line (other whosaid.Article fields are read too; blank lines are
//     skipped; a missing id becomes "path:line");
//   - "-": standard input (named "stdin"), read as JSON Lines when its first non-space
//     byte is '{' and as one plain-text article otherwise;
//   - any other file: one plain-text article whose id is the file name.
//
// Anything that cannot be read (a missing file, binary data, invalid
// UTF-8, a line that is not a JSON article) yields an Item with Err set
// naming the input, and reading goes on with the next one.
func Read(inputs []string, stdin io.Reader) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		for _, in := range inputs {
			if !readInput(in, stdin, yield) {
				return
			}
		}
	}
}

func readInput(in string, stdin io.Reader, yield func(Item) bool) bool {
	if in == "-" {
		br := bufio.NewReaderSize(stdin, 64<<10)
		if startsWithBrace(br) {
			return readJSONL("stdin", br, yield)
		}
		return yield(readText("stdin", "stdin", br))
	}
	fi, err := os.Stat(in)
	if err != nil {
		return yield(failed(in, err))
	}
	if fi.IsDir() {
		files, err := filepath.Glob(filepath.Join(in, "*.txt"))
		if err != nil {
			return yield(failed(in, err))
		}
		sort.Strings(files)
		for _, f := range files {
			if !readFile(f, yield) {
				return false
			}
		}
		return true
	}
	return readFile(in, yield)
}

func readFile(path string, yield func(Item) bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(failed(path, err))
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".jsonl") {
		return readJSONL(path, bufio.NewReaderSize(f, 64<<10), yield)
	}
	return yield(readText(path, filepath.Base(path), f))
}

// failed makes the Item for an input that could not be read, its error
// naming the input once.
func failed(name string, err error) Item {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the name is already in the message
	}
	return Item{Name: name, Err: whosaid.Errorf(whosaid.EINVALID, "%s: %v", name, err)}
}

// readText reads a whole plain-text article.
func readText(name, id string, r io.Reader) Item {
	b, err := io.ReadAll(r)
	if err != nil {
		return failed(name, err)
	}
	if err := checkText(b); err != nil {
		return failed(name, err)
	}
	return Item{Name: name, Article: whosaid.Article{ID: id, Text: string(b)}}
}

// checkText rejects what is not text: invalid UTF-8, or NUL bytes (which
// valid UTF-8 allows but no article has).
func checkText(b []byte) error {
	if !utf8.Valid(b) {
		return errors.New("not valid UTF-8 text (binary data?)")
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return errors.New("binary data (NUL bytes), not text")
	}
	return nil
}

// bom is the UTF-8 byte-order mark some editors put at the start of a
// file; a JSONL file may start with one.
const bom = "\ufeff"

// startsWithBrace reports whether the first byte after a byte-order mark
// and white space is '{', without consuming anything.
func startsWithBrace(br *bufio.Reader) bool {
	start := 1
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		start += len(bom)
	}
	for n := start; n <= br.Size(); n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return true
		default:
			return false
		}
	}
	return false
}

// jsonArticle is one JSONL line; Text is a pointer to tell a missing text
// from an empty one.
type jsonArticle struct {
	whosaid.Article
	Text *string `json:"text"`
}

// readJSONL reads one article per line. Lines may be of any length.
func readJSONL(name string, br *bufio.Reader, yield func(Item) bool) bool {
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte(bom))
		}
		if len(line) > 0 && !isBlank(line) {
			if !yield(parseLine(fmt.Sprintf("%s:%d", name, n), line)) {
				return false
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return yield(failed(fmt.Sprintf("%s:%d", name, n), err))
			}
			return true
		}
	}
}

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func parseLine(name string, line []byte) Item {
	if !utf8.Valid(line) {
		return failed(name, errors.New("not valid UTF-8"))
	}
	var ja jsonArticle
	if err := json.Unmarshal(line, &ja); err != nil {
		return failed(name, fmt.Errorf("not a JSON article: %v", err))
	}
	if ja.Text == nil {
		return failed(name, errors.New(`no "text" field`))
	}
	a := ja.Article
	a.Text = *ja.Text
	if strings.IndexByte(a.Text, 0) >= 0 {
		return failed(name, errors.New("binary data (NUL characters), not text"))
	}
	if a.ID == "" {
		a.ID = name
	}
	return Item{Name: name, Article: a}
}
