package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"whosaid/extract"
)

// readTrainCorpus reads every text of a PolNeAR-layout corpus with the
// attributions of its alphabetically first .ann file.
func readTrainCorpus(dir string) ([]extract.TrainDoc, error) {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, err
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, err
	}
	sort.Strings(anns)
	var docs []extract.TrainDoc
	for _, t := range texts {
		name := strings.TrimSuffix(filepath.Base(t), ".txt")
		i := sort.SearchStrings(anns, filepath.Join(dir, "attributions", name+"_"))
		if i == len(anns) || !strings.HasPrefix(filepath.Base(anns[i]), name+"_") {
			continue
		}
		b, err := os.ReadFile(t)
		if err != nil {
			return nil, err
		}
		atts, err := readAnnAttributions(anns[i])
		if err != nil {
			return nil, err
		}
		docs = append(docs, extract.TrainDoc{Name: name, Text: string(b), Attributions: atts})
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no annotated texts", dir)
	}
	return docs, nil
}

func readAnnAttributions(path string) ([]extract.TrainAttribution, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	spans := map[string][]extract.TrainSpan{}
	var events [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(cols[0], "T"):
			_, ranges, _ := strings.Cut(cols[1], " ")
			for _, r := range strings.Split(ranges, ";") {
				a, b, _ := strings.Cut(r, " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil {
					return nil, fmt.Errorf("%s:%d: bad span %q", path, line, r)
				}
				spans[cols[0]] = append(spans[cols[0]], extract.TrainSpan{Start: s, End: e})
			}
		case strings.HasPrefix(cols[0], "E"):
			events = append(events, strings.Fields(cols[1]))
		}
	}
	var out []extract.TrainAttribution
	for _, ev := range events {
		var a extract.TrainAttribution
		for _, arg := range ev {
			role, id, _ := strings.Cut(arg, ":")
			switch role {
			case "Source":
				a.Sources = append(a.Sources, spans[id]...)
			case "Cue":
				a.Cues = append(a.Cues, spans[id]...)
			case "Content":
				a.Contents = append(a.Contents, spans[id]...)
			}
		}
		out = append(out, a)
	}
	return out, sc.Err()
}
