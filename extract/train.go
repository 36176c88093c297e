package extract

import (
	"fmt"
	"log/slog"
	"math/rand"
	"runtime"
	"sort"
	"sync"
	"unicode/utf8"

	"whosaid/model"
)

// TrainSpan is a span of a training document in code-point offsets,
// half-open.
type TrainSpan struct{ Start, End int }

// TrainAttribution is one annotated attribution; each part may have
// several fragments (discontinuous annotations) or none (no source).
type TrainAttribution struct {
	Sources, Cues, Contents []TrainSpan
}

// TrainDoc is one annotated training document.
type TrainDoc struct {
	Name         string
	Text         string
	Attributions []TrainAttribution
}

// TrainOptions configure Train.
type TrainOptions struct {
	Epochs int   // passes over the data (default 10)
	Bits   uint8 // log2 feature buckets (default 19)
	Seed   int64 // shuffling seed, for reproducible models
	// Runs is how many taggers are trained, on seeds Seed, Seed+1, ...,
	// and averaged into one (default 1).
	Runs   int
	Logger *slog.Logger
	// MinCueCount is how often a word must occur to enter the cue lexicon.
	MinCueCount int
}

// trainDoc is a training document prepared for the taggers.
type trainDoc struct {
	d        *doc
	cueLabel []int // per token: 0 O, 1 B-Q, 2 I-Q (the cue tagger's labels)
	cueAt    []bool
	atts     []trainAttr
}

// trainAttr is a gold attribution in tokens: its cue and its role labels.
type trainAttr struct {
	cue   span
	roles map[int]int // token -> role label (absent: O)
}

// Train learns the cue tagger and the role tagger from annotated
// documents.
func Train(docs []TrainDoc, opts TrainOptions) (*model.Model, error) {
	if opts.Epochs == 0 {
		opts.Epochs = 10
	}
	if opts.Bits == 0 {
		opts.Bits = 18
	}
	if opts.MinCueCount == 0 {
		opts.MinCueCount = 3
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	var tds []*trainDoc
	for _, td := range docs {
		if !utf8.ValidString(td.Text) {
			return nil, fmt.Errorf("%s: text is not valid UTF-8", td.Name)
		}
		tds = append(tds, prepareTrainDoc(td))
	}
	// Each document's features read a lexicon counted on the other folds
	// only; one counted on the document itself would teach the tagger to
	// trust it more than it deserves on new text.
	const folds = 5
	foldProb := make([]*lexicon, folds)
	for k := range foldProb {
		var rest []*trainDoc
		for i, td := range tds {
			if i%folds != k {
				rest = append(rest, td)
			}
		}
		foldProb[k] = newLexicon(cueLexicon(rest, opts.MinCueCount))
	}
	runs := make([]*model.Model, max(opts.Runs, 1))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for r := range runs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			runs[r] = trainRun(tds, foldProb, opts, opts.Seed+int64(r))
		})
	}
	wg.Wait()
	m := runs[0]
	averageRuns(m, runs[1:])
	m.CueProb = cueLexicon(tds, opts.MinCueCount)
	m.Meta = map[string]string{
		"epochs": fmt.Sprint(opts.Epochs), "bits": fmt.Sprint(opts.Bits),
		"docs": fmt.Sprint(len(docs)), "seed": fmt.Sprint(opts.Seed),
		"runs": fmt.Sprint(len(runs)),
	}
	return m, nil
}

// averageRuns makes m the mean of itself and others, taggers trained on
// the same features with other shuffles: a perceptron's weights depend on
// the order it met the examples, and their mean varies less (parameter
// mixing).
func averageRuns(m *model.Model, others []*model.Model) {
	n := float32(len(others) + 1)
	mean := func(dst []float32, of func(*model.Model) []float32) {
		for _, o := range others {
			for i, v := range of(o) {
				dst[i] += v
			}
		}
		for i := range dst {
			dst[i] /= n
		}
	}
	mean(m.Table.W, func(o *model.Model) []float32 { return o.Table.W })
	mean(m.Cue.Trans, func(o *model.Model) []float32 { return o.Cue.Trans })
	mean(m.Role.Trans, func(o *model.Model) []float32 { return o.Role.Trans })
}

// trainRun trains both taggers once, shuffling with seed.
func trainRun(tds []*trainDoc, foldProb []*lexicon, opts TrainOptions, seed int64) *model.Model {
	// One block per feature: the cue tagger's 3 labels, then the role
	// tagger's 5 labels under each of its slots, padded to a cache line.
	table := model.NewTable(opts.Bits, blockStride)
	m := &model.Model{
		Table: table,
		Cue:   model.NewPerceptron(CueLabels, table, 0),
		Role:  model.NewPerceptron(RoleLabels, table, len(CueLabels)),
	}
	type seqRef struct {
		doc int
		c   span
	}
	var seqs []seqRef
	for i, td := range tds {
		for _, c := range chunks(td.d) {
			seqs = append(seqs, seqRef{i, c})
		}
	}
	var st tagState
	rng := rand.New(rand.NewSource(seed))
	for epoch := 0; epoch < opts.Epochs; epoch++ {
		rng.Shuffle(len(seqs), func(i, j int) { seqs[i], seqs[j] = seqs[j], seqs[i] })
		cueErr, roleErr, cueTok, roleTok := 0, 0, 0, 0
		prepared := -1
		for _, s := range seqs {
			td := tds[s.doc]
			if prepared != s.doc {
				st.feat.cueProb = foldProb[s.doc%len(foldProb)]
				st.feat.prepare(td.d)
				prepared = s.doc
			}
			n := s.c.to - s.c.from
			st.feat.features(td.d, s.c.from, s.c.to, &st.base)
			st.path = grow(st.path, n)
			gold := td.cueLabel[s.c.from:s.c.to]
			m.Cue.Viterbi(&st.base, &st.dec, st.path, nil)
			cueErr += diff(gold, st.path)
			cueTok += n
			m.Cue.Update(&st.base, gold, st.path)
			table.Tick()
			for _, a := range td.atts {
				if a.cue.from < s.c.from || a.cue.from >= s.c.to {
					continue
				}
				wf, wt := roleWindow(td.d, s.c, a.cue)
				goldRole := make([]int, wt-wf)
				for k := range goldRole {
					goldRole[k] = a.roles[wf+k]
				}
				roleFeatures(td.d, &st.feat, &st.base, s.c.from, wf, wt, a.cue, td.cueAt, &st.role)
				st.path = grow(st.path, wt-wf)
				m.Role.Viterbi(&st.role, &st.dec, st.path, nil)
				roleErr += diff(goldRole, st.path)
				roleTok += wt - wf
				m.Role.Update(&st.role, goldRole, st.path)
				table.Tick()
			}
		}
		opts.Logger.Info("train epoch", "seed", seed, "epoch", epoch+1,
			"cue_token_error", float64(cueErr)/float64(max(cueTok, 1)),
			"role_token_error", float64(roleErr)/float64(max(roleTok, 1)))
	}
	table.Average(m.Cue, m.Role)
	return m
}

func diff(a, b []int) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// prepareTrainDoc turns annotations into token labels. A token belongs to
// a span when its start lies inside it.
func prepareTrainDoc(td TrainDoc) *trainDoc {
	d := newDoc(td.Text)
	d.quotes = findQuotes(d)
	t := &trainDoc{d: d, cueLabel: make([]int, len(d.toks)), cueAt: make([]bool, len(d.toks))}
	starts := make([]int, len(d.toks))
	for i, tok := range d.toks {
		starts[i] = d.offs.runes(int(tok.start))
	}
	tokens := func(s TrainSpan) span {
		lo := sort.SearchInts(starts, s.Start)
		hi := sort.SearchInts(starts, s.End)
		return span{lo, hi}
	}
	for _, a := range td.Attributions {
		for _, c := range a.Cues {
			s := tokens(c)
			for i := s.from; i < s.to; i++ {
				t.cueLabel[i] = 2
				t.cueAt[i] = true
			}
			if s.from < s.to {
				t.cueLabel[s.from] = 1
			}
		}
	}
	for _, a := range td.Attributions {
		if len(a.Cues) == 0 {
			continue
		}
		cue := tokens(a.Cues[0])
		if cue.from >= cue.to {
			continue
		}
		roles := map[int]int{}
		mark := func(spans []TrainSpan, b int) {
			for _, sp := range spans {
				s := tokens(sp)
				for i := s.from; i < s.to; i++ {
					if i >= cue.from && i < cue.to {
						continue
					}
					l := b + 1
					if i == s.from || roles[i-1] != b && roles[i-1] != b+1 {
						l = b
					}
					roles[i] = l
				}
			}
		}
		mark(a.Contents, labBCon)
		mark(a.Sources, labBSrc)
		t.atts = append(t.atts, trainAttr{cue: cue, roles: roles})
	}
	return t
}

// cueLexicon counts how often each word is inside a cue.
func cueLexicon(tds []*trainDoc, minCount int) map[string]float32 {
	total := map[string]int{}
	cue := map[string]int{}
	for _, td := range tds {
		for i, t := range td.d.toks {
			w := td.d.lowers[i]
			total[w]++
			if td.cueAt[i] {
				cue[w]++
			}
			if t.kind == tokWord {
				k := stemKey(w)
				total[k]++
				if td.cueAt[i] {
					cue[k]++
				}
			}
		}
	}
	out := map[string]float32{}
	for w, c := range cue {
		if total[w] >= minCount {
			out[w] = float32(c) / float32(total[w])
		}
	}
	return out
}
