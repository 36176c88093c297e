package archivetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"whosaid"
	"whosaid/archive"
)

// Base is a real article with its real extraction, the material Synth
// builds benchmark archives from.
type Base struct {
	Article whosaid.Article
	X       *whosaid.Extraction
}

// LoadPolNeAR reads the PolNeAR texts under root (corpora/polnear) with
// their publishers and dates from metadata.tsv, and extracts each with
// extract (in parallel).
func LoadPolNeAR(root string, extract func(whosaid.Article) (*whosaid.Extraction, error)) ([]Base, error) {
	meta := map[string][2]string{}
	if b, err := os.ReadFile(filepath.Join(root, "metadata.tsv")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, "\t")
			if len(f) > 5 {
				meta[f[1]] = [2]string{f[4], f[5]}
			}
		}
	}
	var files []string
	for _, part := range []string{"train", "dev"} {
		fs, err := filepath.Glob(filepath.Join(root, part, "text", "*.txt"))
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	sort.Strings(files)
	bases := make([]Base, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				b, err := os.ReadFile(files[i])
				if err != nil {
					errs[i] = err
					continue
				}
				id := strings.TrimSuffix(filepath.Base(files[i]), ".txt")
				a := whosaid.Article{ID: id, Text: string(b), Outlet: meta[id][0]}
				a.Published, _ = whosaid.ParseDate(meta[id][1])
				x, err := extract(a)
				bases[i], errs[i] = Base{Article: a, X: x}, err
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Base
	for i, b := range bases {
		if errs[i] == nil && b.X != nil {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no PolNeAR texts under %s", root)
	}
	return out, nil
}

// Synth makes distinct, realistic articles from real ones, with
// extractions consistent with their text, for benchmark archives of any
// size. Article i joins two real articles, puts two words of the corpus
// vocabulary in front of every statement (so each article's statements are
// its own, not grouped with another's), ends with a paragraph of random
// vocabulary (so no two articles are near-duplicates), and gets its own
// id, URL, outlet and date.
type Synth struct {
	Bases []Base
	vocab []string
}

// outlets vary the outlets of the synthetic articles.
var outlets = []string{"Reuters", "AP", "BBC", "Al Jazeera", "Le Monde", "Der Spiegel", "The Hindu", "Iran Press",
	"ABC", "CNN", "Fox News", "NPR", "The Guardian", "El País", "Asahi", "Xinhua"}

// NewSynth prepares a Synth from bases.
func NewSynth(bases []Base) *Synth {
	n := map[string]int{}
	for _, b := range bases {
		for _, w := range strings.FieldsFunc(strings.ToLower(b.Article.Text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 4 {
				n[w]++
			}
		}
	}
	vocab := make([]string, 0, len(n))
	for w := range n {
		vocab = append(vocab, w)
	}
	sort.Slice(vocab, func(i, j int) bool {
		return n[vocab[i]] > n[vocab[j]] || n[vocab[i]] == n[vocab[j]] && vocab[i] < vocab[j]
	})
	return &Synth{Bases: bases, vocab: vocab[:min(len(vocab), 3000)]}
}

// Puts returns synthetic articles 0 to n-1 with their extractions.
func (s *Synth) Puts(n int) []archive.Put {
	puts := make([]archive.Put, n)
	for i := range puts {
		puts[i].Article, puts[i].Extraction = s.Article(i)
	}
	return puts
}

// Article returns synthetic article i (the same for the same i).
func (s *Synth) Article(i int) (whosaid.Article, *whosaid.Extraction) {
	rng := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	n := len(s.Bases)
	a, b := s.Bases[i%n], s.Bases[(i/n+1+i)%n]
	if a.Article.ID == b.Article.ID {
		b = s.Bases[(i+1)%n]
	}
	word := func() string { return s.vocab[rng.IntN(len(s.vocab))] }
	var text []rune
	x := &whosaid.Extraction{ID: fmt.Sprintf("synth-%d", i)}
	for k, base := range []Base{a, b} {
		if k > 0 {
			text = append(text, '\n', '\n')
		}
		ins := map[int]string{}
		for _, at := range base.X.Attributions {
			if len(at.Contents) > 0 {
				ins[at.Contents[0].Start] = word() + " " + word() + " "
			}
		}
		t, remap := insert([]rune(base.Article.Text), ins, len(text))
		text = append(text, t...)
		appendExtraction(x, base.X, fmt.Sprintf("%c", 'a'+k), remap)
	}
	text = append(text, '\n', '\n')
	for j := range 150 {
		if j > 0 {
			text = append(text, ' ')
		}
		text = append(text, []rune(word())...)
	}
	text = append(text, '.')
	fixTexts(x, text)
	day := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*365))
	art := whosaid.Article{
		ID: x.ID, URL: fmt.Sprintf("https://news.example/%d/%s", i, a.Article.ID), Title: firstLine(a.Article.Text),
		Outlet: outlets[rng.IntN(len(outlets))], Published: whosaid.Date{Time: day}, Text: string(text),
	}
	x.Published, x.Title, x.Extractor = art.Published, art.Title, a.X.Extractor
	return art, x
}

// insert puts the strings of ins before the code points at their keys and
// returns the new text and a function mapping old offsets to new ones
// (plus shift). A span starting where something was inserted keeps it.
func insert(text []rune, ins map[int]string, shift int) ([]rune, func(off int, start bool) int) {
	at := make([]int, 0, len(ins))
	for p := range ins {
		at = append(at, p)
	}
	slices.Sort(at)
	out := make([]rune, 0, len(text)+len(ins)*16)
	prev := 0
	added := make([]int, len(at)) // code points inserted before at[i] and at it
	total := 0
	for i, p := range at {
		if p < prev || p > len(text) {
			added[i] = total
			continue
		}
		out = append(out, text[prev:p]...)
		r := []rune(ins[p])
		out = append(out, r...)
		total += len(r)
		added[i] = total
		prev = p
	}
	out = append(out, text[prev:]...)
	return out, func(off int, start bool) int {
		// Insertions strictly before off count; one at off counts for
		// ends, not for starts (the span then includes it).
		j := sort.SearchInts(at, off) // first insertion point >= off
		base := 0
		if j > 0 {
			base = added[j-1]
		}
		if j < len(at) && at[j] == off && !start {
			base = added[j]
		}
		return shift + off + base
	}
}

// appendExtraction adds src's entities, attributions, interactions and
// dates to x with their ids prefixed and offsets remapped.
func appendExtraction(x, src *whosaid.Extraction, prefix string, remap func(int, bool) int) {
	sp := func(s whosaid.Span) whosaid.Span {
		return whosaid.Span{Start: remap(s.Start, true), End: remap(s.End, false)}
	}
	id := func(e whosaid.EntityID) whosaid.EntityID {
		if e == "" {
			return ""
		}
		return whosaid.EntityID(prefix) + e
	}
	for _, e := range src.Entities {
		e.ID = id(e.ID)
		e.RoleSpans = slices.Clone(e.RoleSpans)
		for i := range e.RoleSpans {
			e.RoleSpans[i] = sp(e.RoleSpans[i])
		}
		e.Mentions = slices.Clone(e.Mentions)
		for i := range e.Mentions {
			e.Mentions[i].Span = sp(e.Mentions[i].Span)
		}
		x.Entities = append(x.Entities, e)
	}
	for _, at := range src.Attributions {
		at.Speaker = id(at.Speaker)
		if at.Source != nil {
			s := sp(*at.Source)
			at.Source = &s
		}
		at.Cue = sp(at.Cue)
		at.Contents = slices.Clone(at.Contents)
		for i := range at.Contents {
			at.Contents[i] = sp(at.Contents[i])
		}
		x.Attributions = append(x.Attributions, at)
	}
	for _, in := range src.Interactions {
		in.Participants = slices.Clone(in.Participants)
		for i := range in.Participants {
			in.Participants[i] = id(in.Participants[i])
		}
		in.Cue = sp(in.Cue)
		if in.When != nil {
			w := *in.When
			w.Span = sp(w.Span)
			in.When = &w
		}
		if in.Where != nil {
			w := *in.Where
			w.Entity, w.Span = id(w.Entity), sp(w.Span)
			in.Where = &w
		}
		x.Interactions = append(x.Interactions, in)
	}
	for _, d := range src.Dates {
		d.Span = sp(d.Span)
		x.Dates = append(x.Dates, d)
	}
}

// fixTexts sets the Text of every span in x from text.
func fixTexts(x *whosaid.Extraction, text []rune) {
	set := func(s *whosaid.Span) {
		if s.Start >= 0 && s.Start <= s.End && s.End <= len(text) {
			s.Text = string(text[s.Start:s.End])
		}
	}
	for i := range x.Entities {
		e := &x.Entities[i]
		for j := range e.RoleSpans {
			set(&e.RoleSpans[j])
		}
		for j := range e.Mentions {
			set(&e.Mentions[j].Span)
		}
	}
	for i := range x.Attributions {
		at := &x.Attributions[i]
		if at.Source != nil {
			set(at.Source)
		}
		set(&at.Cue)
		for j := range at.Contents {
			set(&at.Contents[j])
		}
	}
	for i := range x.Interactions {
		in := &x.Interactions[i]
		set(&in.Cue)
		if in.When != nil {
			set(&in.When.Span)
		}
		if in.Where != nil {
			set(&in.Where.Span)
		}
	}
	for i := range x.Dates {
		set(&x.Dates[i].Span)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120])
	}
	return s
}
