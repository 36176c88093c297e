package ingest

import (
	"path/filepath"
	"strings"
	"unicode/utf8"

	"whosaid"
)

// textFile reads a plain UTF-8 text file as one article. Its ID is the
// file's base name without extension (the convention of the seed and
// PolNeAR files: "000_bd208590b675fc6e.txt" is article "000_bd208590b675fc6e");
// the title is left to the extractor.
func (r *reader) textFile(path string) error {
	b, err := readFileCapped(path, r.opts.MaxBytes)
	if err != nil {
		return r.fail(path, err)
	}
	text, err := checkText(path, string(b))
	if err != nil {
		return r.fail(path, err)
	}
	return r.article(path, whosaid.Article{ID: baseID(path), Text: text})
}

// baseID is a file's base name without its extension: "a.b.txt" is "a.b".
func baseID(path string) string {
	base := filepath.Base(path)
	if id := strings.TrimSuffix(base, filepath.Ext(base)); id != "" {
		return id
	}
	return base
}

// checkText validates b as article text: UTF-8, not binary, not empty. A
// leading byte-order mark is dropped; nothing else is changed, so offsets
// into the text stay those of the file.
func checkText(origin string, s string) (string, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	if !utf8.ValidString(s) {
		return "", invalidf(origin, "not UTF-8 text (invalid byte at offset %d)", invalidOffset(s))
	}
	if i := binaryOffset(s); i >= 0 {
		return "", invalidf(origin, "binary data, not text (control byte 0x%02x at offset %d)", s[i], i)
	}
	if strings.TrimSpace(s) == "" {
		return "", invalidf(origin, "empty: no article text")
	}
	return s, nil
}

// invalidOffset is the offset of the first byte that is not valid UTF-8.
func invalidOffset(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// binaryOffset is the offset of the first control byte that marks s as
// binary data, or -1. A NUL marks it at once; the other C0 controls (tab,
// newline, vertical tab, form feed and carriage return aside) only when
// they are more than one byte in a hundred, because real articles carry the
// odd stray one (a PolNeAR text has an ESC in mid-sentence) and must not be
// lost for it.
func binaryOffset(s string) int {
	first, controls := -1, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
			continue
		}
		if c == 0 {
			return i
		}
		if first < 0 {
			first = i
		}
		controls++
	}
	if controls*100 > len(s) {
		return first
	}
	return -1
}
