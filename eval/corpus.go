package eval

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"whosaid"
)

// Doc is one gold article: its text and the attributions of one annotator.
type Doc struct {
	// Name is the text file's name without ".txt".
	Name string
	Text string
	// AnnFile is the .ann file the attributions come from.
	AnnFile      string
	Attributions []Attribution
	// Published is the publication date from metadata.tsv, or zero.
	Published whosaid.Date
}

// ReadCorpus reads every DIR/text/NAME.txt that has an annotation file
// DIR/attributions/NAME_ANNOTATOR.ann, using the alphabetically first when
// several annotators did the text, as PolNeAR's own tools do. Texts with
// no .ann file are skipped. Publication dates come from
// DIR/../metadata.tsv when it exists (PolNeAR keeps one for all splits).
// Errors name the file and line.
func ReadCorpus(dir string) ([]Doc, error) {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, err
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return nil, whosaid.Errorf(whosaid.EINVALID, "%s: no text/*.txt files", dir)
	}
	sort.Strings(anns)
	first := map[string]string{}
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		i := strings.LastIndexByte(base, '_')
		if i < 0 {
			continue
		}
		if _, ok := first[base[:i]]; !ok {
			first[base[:i]] = a
		}
	}
	dates, err := ReadMetadata(filepath.Join(dir, "..", "metadata.tsv"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sort.Strings(texts)
	var docs []Doc
	for _, t := range texts {
		name := strings.TrimSuffix(filepath.Base(t), ".txt")
		annPath, ok := first[name]
		if !ok {
			continue
		}
		d, err := readDoc(t, annPath)
		if err != nil {
			return nil, err
		}
		d.Name, d.Published = name, dates[name]
		docs = append(docs, *d)
	}
	if len(docs) == 0 {
		return nil, whosaid.Errorf(whosaid.EINVALID, "%s: no text has an attributions/*.ann file", dir)
	}
	return docs, nil
}

// readDoc reads one text and its annotations and checks every offset
// lies inside the text.
func readDoc(textPath, annPath string) (*Doc, error) {
	b, err := os.ReadFile(textPath)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(b) {
		return nil, whosaid.Errorf(whosaid.EINVALID, "%s: not valid UTF-8", textPath)
	}
	f, err := os.Open(annPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ann, err := ParseAnn(f, annPath)
	if err != nil {
		return nil, err
	}
	n := utf8.RuneCount(b)
	for _, tb := range ann.TextBounds {
		for _, fr := range tb.Frags {
			if fr.End > n {
				return nil, invalid(annPath, tb.Line, tb.ID+": span ends after the text")
			}
		}
	}
	atts, err := ann.Attributions()
	if err != nil {
		return nil, err
	}
	return &Doc{Text: string(b), AnnFile: annPath, Attributions: atts}, nil
}

// ReadMetadata reads PolNeAR's metadata.tsv: a header row naming at least
// the columns "filename" and "publication_date". It returns the date of
// each file name; empty or "None" dates are left out.
func ReadMetadata(path string) (map[string]whosaid.Date, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	out := map[string]whosaid.Date{}
	nameCol, dateCol, line := -1, -1, 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			for i, c := range cols {
				switch strings.TrimSpace(c) {
				case "filename":
					nameCol = i
				case "publication_date":
					dateCol = i
				}
			}
			if nameCol < 0 || dateCol < 0 {
				return nil, invalid(path, 1, `want columns "filename" and "publication_date"`)
			}
			continue
		}
		if len(cols) <= max(nameCol, dateCol) {
			continue
		}
		s := strings.TrimSpace(cols[dateCol])
		if s == "" || s == "None" {
			continue
		}
		d, err := whosaid.ParseDate(s)
		if err != nil {
			return nil, invalid(path, line, whosaid.ErrorMessage(err))
		}
		out[strings.TrimSpace(cols[nameCol])] = d
	}
	return out, sc.Err()
}
