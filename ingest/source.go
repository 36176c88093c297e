package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// kind is an input format.
type kind int

const (
	kindUnknown kind = iota
	kindText
	kindHTML
	kindJSONL
	kindWARC
	kindFeed
)

// kindByExt returns the kind a file name's extension says, or kindUnknown.
func kindByExt(name string) kind {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".warc"), strings.HasSuffix(lower, ".warc.gz"):
		return kindWARC
	}
	switch filepath.Ext(lower) {
	case ".txt":
		return kindText
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".xml", ".rss", ".atom", ".feed":
		return kindFeed
	}
	return kindUnknown
}

// sniff guesses the kind of a file from its first bytes, for files whose
// extension says nothing (or only ".gz"). It returns kindUnknown for
// anything it does not recognise.
func sniff(head []byte) kind {
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return kindUnknown
		}
		inner := make([]byte, 5)
		n, _ := io.ReadFull(zr, inner)
		if bytes.Equal(inner[:n], []byte("WARC/")) {
			return kindWARC
		}
		return kindUnknown
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(h[:min(len(h), 512)])
	switch {
	case bytes.HasPrefix(h, []byte("WARC/")):
		return kindWARC
	case bytes.HasPrefix(h, []byte("{")):
		return kindJSONL
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return kindHTML
	case bytes.HasPrefix(lower, []byte("<?xml")), bytes.HasPrefix(lower, []byte("<rss")), bytes.HasPrefix(lower, []byte("<feed")):
		if bytes.Contains(lower, []byte("<html")) {
			return kindHTML
		}
		return kindFeed
	}
	return kindUnknown
}

// isURL reports whether src is an http(s) URL rather than a path.
func isURL(src string) bool {
	l := strings.ToLower(src)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// source reads one command-line source.
func (r *reader) source(ctx context.Context, src string) error {
	switch {
	case src == "-":
		if r.opts.Stdin == nil {
			return r.fail("stdin", invalidf("stdin", "no standard input to read"))
		}
		return r.jsonl(ctx, "stdin", r.opts.Stdin)
	case isURL(src):
		return r.feedURL(ctx, src)
	}
	info, err := os.Stat(src)
	if err != nil {
		return r.fail(src, wrapf(src, unwrapPathError(err), "cannot read"))
	}
	if info.IsDir() {
		return r.dir(ctx, src)
	}
	k := kindByExt(src)
	lower := strings.ToLower(src)
	switch {
	case k == kindUnknown, strings.HasSuffix(lower, ".gz") && k != kindWARC:
		k = r.sniffFile(src)
	case strings.HasSuffix(lower, ".xml") && r.sniffFile(src) == kindHTML:
		k = kindHTML // an XHTML page saved as .xml
	}
	if k == kindUnknown {
		// An explicitly named file of unknown kind: treat it as text, which
		// reports binary junk clearly.
		k = kindText
	}
	return r.file(ctx, src, k)
}

// unwrapPathError drops the *fs.PathError wrapper whose message repeats the
// path the caller already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// sniffFile reads the first bytes of path and sniffs them.
func (r *reader) sniffFile(path string) kind {
	f, err := os.Open(path)
	if err != nil {
		return kindUnknown
	}
	defer f.Close()
	head, _ := bufio.NewReaderSize(f, 4096).Peek(4096)
	return sniff(head)
}

// dir walks a directory in lexical order, reading every file whose
// extension names a known kind. Hidden files and directories and unknown
// extensions are skipped silently.
func (r *reader) dir(ctx context.Context, root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			return r.fail(path, wrapf(path, unwrapPathError(err), "cannot read"))
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
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
		return r.file(ctx, path, k)
	})
}

// file reads one file of a known kind.
func (r *reader) file(ctx context.Context, path string, k kind) error {
	switch k {
	case kindText:
		return r.textFile(path)
	case kindHTML:
		return r.htmlFile(path)
	case kindJSONL:
		return r.jsonlFile(ctx, path)
	case kindWARC:
		return r.warcFile(ctx, path)
	case kindFeed:
		return r.feedFile(ctx, path)
	}
	return r.fail(path, invalidf(path, "unknown input kind"))
}

// readCapped reads all of rd, failing with a clear error past max bytes.
func readCapped(origin string, rd io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(rd, max+1))
	if err != nil {
		return nil, wrapf(origin, unwrapPathError(err), "read")
	}
	if int64(len(b)) > max {
		return nil, invalidf(origin, "larger than the %d-byte limit", max)
	}
	return b, nil
}

// readFileCapped reads a whole file of at most max bytes.
func readFileCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, wrapf(path, unwrapPathError(err), "cannot read")
	}
	defer f.Close()
	return readCapped(path, f, max)
}
