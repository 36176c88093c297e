package ingest

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Count returns the number of articles in sources when that is cheap to
// know — text and HTML files count one each, JSON Lines files their
// non-blank lines — or -1 when any source is a WARC file, a feed, a URL
// or stdin (for a progress ETA). Unreadable sources count as one failed
// input each.
func Count(sources []string) int {
	total := 0
	for _, src := range sources {
		n := countSource(src)
		if n < 0 {
			return -1
		}
		total += n
	}
	return total
}

// countSource counts one source, or returns -1.
func countSource(src string) int {
	if src == "-" || isURL(src) {
		return -1
	}
	info, err := os.Stat(src)
	if err != nil {
		return 1
	}
	if !info.IsDir() {
		k := kindByExt(src)
		if k == kindUnknown {
			k = (&reader{}).sniffFile(src)
		}
		return countFile(src, k)
	}
	total, unknown := 0, false
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			total++
			return nil
		}
		if path != src && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		k := kindByExt(path)
		if k == kindUnknown {
			return nil
		}
		n := countFile(path, k)
		if n < 0 {
			unknown = true
			return fs.SkipAll
		}
		total += n
		return nil
	})
	if err != nil || unknown {
		return -1
	}
	return total
}

// countFile counts the articles of one file of kind k, or -1.
func countFile(path string, k kind) int {
	switch k {
	case kindJSONL:
		n, err := countLines(path)
		if err != nil {
			return 1
		}
		return n
	case kindWARC, kindFeed:
		return -1
	}
	return 1
}

// countLines counts the non-blank lines of a file, streaming.
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	n, blank := 0, true
	for {
		m, err := f.Read(buf)
		for _, c := range buf[:m] {
			switch c {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err == io.EOF {
			if !blank {
				n++
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
