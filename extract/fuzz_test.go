package extract_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"unicode/utf8"

	"whosaid"
	"whosaid/extract"
)

// fuzzSeeds are texts that have broken extractors before: quotation marks
// of every kind, unbalanced and nested; NBSP, CRLF, BOM; invalid UTF-8
// and lone surrogates encoded in UTF-8 (CESU-style), which must be
// rejected cleanly.
var fuzzSeeds = []string{
	"",
	" ",
	"\"",
	"“”",
	`"A," he said. "B."`,
	`”We go,” she said, ”now.”`,
	"«Non», a dit le ministre. ‹Oui›",
	`He said: "She told me 'no' twice.`,
	"\"Open quote at the end of a paragraph\n\n\"and reopened,\" he said.",
	"Tehran (IP) - The minister said\u00a0on Sunday that talks \u00a0would go on.",
	"WASHINGTON (Reuters) — Officials said.\r\nThe senator said \"yes\".\r\n",
	"\ufeffHe said so.",
	"caf\xe9 said",
	"\xed\xa0\x80\xed\xb0\x80 said the man", // a surrogate pair encoded as two 3-byte sequences
	"\x00\x01 said \x7f",
	"according to according to said said said",
	"Mr. Smith, the Secretary-General of the U.N., said: \"",
	"He spoke by telephone with Velayati on Sunday in Tehran and met him on Monday.",
}

// addCorpusSeeds adds the seed article and a few PolNeAR dev texts.
func addCorpusSeeds(f *testing.F) {
	paths, _ := filepath.Glob("../corpora/polnear/dev/text/*.txt")
	sort.Strings(paths)
	paths = append(paths[:min(3, len(paths))], "../testdata/seed/000_bd208590b675fc6e.txt")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), true)
	}
}

// FuzzExtract checks that Extract never panics, rejects only invalid
// UTF-8, and that every span it returns lies in the text with
// Start <= End and a Text equal to the text at its code-point offsets.
func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, false)
	}
	addCorpusSeeds(f)
	published, _ := whosaid.ParseDate("2021-05-16")
	xs := map[bool]*extract.Extractor{}
	for _, keep := range []bool{false, true} {
		x, err := extract.New(extract.Options{Published: published, KeepComplementizer: keep})
		if err != nil {
			f.Fatal(err)
		}
		xs[keep] = x
	}
	f.Fuzz(func(t *testing.T, text string, keep bool) {
		out, err := xs[keep].Extract(whosaid.Article{ID: "fuzz", Text: text})
		if !utf8.ValidString(text) {
			if err == nil || whosaid.ErrorCode(err) != whosaid.EINVALID {
				t.Fatalf("invalid UTF-8 accepted or wrong error: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid text rejected: %v", err)
		}
		checkExtraction(t, text, out)
	})
}

// checkExtraction checks every span of out against text, and that
// speakers and participants name entities of out.
func checkExtraction(t *testing.T, text string, out *whosaid.Extraction) {
	t.Helper()
	runes := []rune(text)
	check := func(what string, s whosaid.Span) {
		t.Helper()
		if s.Start < 0 || s.End < s.Start || s.End > len(runes) {
			t.Fatalf("%s: offsets [%d,%d) outside text of %d code points", what, s.Start, s.End, len(runes))
		}
		if got := string(runes[s.Start:s.End]); got != s.Text {
			t.Fatalf("%s: [%d,%d) has text %q, span says %q", what, s.Start, s.End, got, s.Text)
		}
	}
	ids := map[whosaid.EntityID]bool{}
	for _, e := range out.Entities {
		ids[e.ID] = true
		for _, m := range e.Mentions {
			check("mention of "+string(e.ID), m.Span)
		}
		for _, r := range e.RoleSpans {
			check("role span of "+string(e.ID), r)
		}
	}
	for i, a := range out.Attributions {
		if a.Source != nil {
			check("source", *a.Source)
		}
		check("cue", a.Cue)
		for _, c := range a.Contents {
			check("content", c)
		}
		if a.Speaker != "" && !ids[a.Speaker] {
			t.Fatalf("attribution %d: speaker %s is no entity", i, a.Speaker)
		}
	}
	for _, in := range out.Interactions {
		check("interaction cue", in.Cue)
		if in.When != nil {
			check("interaction when", in.When.Span)
		}
		if in.Where != nil {
			check("interaction where", in.Where.Span)
		}
		for _, p := range in.Participants {
			if !ids[p] {
				t.Fatalf("participant %s is no entity", p)
			}
		}
	}
	for _, d := range out.Dates {
		check("date", d.Span)
	}
	if dl := out.Dateline; dl != nil {
		check("dateline", whosaid.Span{Start: dl.Start, End: dl.End, Text: string(runes[max(0, min(dl.Start, len(runes))):max(0, min(dl.End, len(runes)))])})
	}
}
