package extract

import (
	"sync"

	"whosaid/model"
)

// maxChunk bounds the tokens tagged as one sequence: paragraphs longer
// than this are cut at sentence ends, so memory stays bounded on any input.
const maxChunk = 400

// chunks cuts the document into tagging sequences: paragraphs, split at
// sentence ends (or anywhere, for a giant sentence) past maxChunk tokens.
func chunks(d *doc) []span {
	var out []span
	for _, p := range d.paras {
		from := p.from
		for p.to-from > maxChunk {
			cut := from + maxChunk
			for j := cut; j > from+maxChunk/4; j-- {
				if d.toks[j].sent != d.toks[j-1].sent {
					cut = j
					break
				}
			}
			out = append(out, span{from, cut})
			from = cut
		}
		out = append(out, span{from, p.to})
	}
	return out
}

// tagState is the per-goroutine scratch of tagging, pooled so concurrent
// extractions do not share buffers.
type tagState struct {
	feat    featurizer
	base    model.Seq
	role    model.Seq
	dec     model.Decoder
	path    []int
	margin  []float32
	cueAt   []bool
	cueRole []int
}

// rawAttr is a cue with the sources and contents the role tagger found
// for it.
type rawAttr struct {
	cue      labelledSpan
	sources  []labelledSpan
	contents []labelledSpan
}

// tagger runs the learned model over a document.
type tagger struct {
	m    *model.Model
	lex  *lexicon // m.CueProb by word hash
	pool sync.Pool
}

func newTagger(m *model.Model) *tagger {
	t := &tagger{m: m, lex: newLexicon(m.CueProb)}
	t.pool.New = func() any { return &tagState{} }
	return t
}

// tag finds the cues of each chunk, then each cue's sources and contents
// within the chunk.
func (t *tagger) tag(d *doc) []rawAttr {
	st := t.pool.Get().(*tagState)
	defer t.pool.Put(st)
	st.feat.cueProb = t.lex
	st.feat.prepare(d)
	if cap(st.cueAt) < len(d.toks) {
		st.cueAt = make([]bool, len(d.toks))
	}
	cueAt := st.cueAt[:len(d.toks)]
	var out []rawAttr
	for _, c := range chunks(d) {
		n := c.to - c.from
		st.path = grow(st.path, n)
		st.margin = grow(st.margin, n)
		st.feat.features(d, c.from, c.to, &st.base)
		t.m.Cue.Viterbi(&st.base, &st.dec, st.path, st.margin)
		labels := st.path[:n]
		for k := range labels {
			labels[k] = cueLabel(labels[k])
		}
		cues := decodeSpans(d, c.from, labels, st.margin)
		for i := c.from; i < c.to; i++ {
			cueAt[i] = false
		}
		for _, q := range cues {
			for i := q.from; i < q.to; i++ {
				cueAt[i] = true
			}
		}
		for _, q := range cues {
			wf, wt := roleWindow(d, c, q.span)
			roleFeatures(d, &st.feat, &st.base, c.from, wf, wt, q.span, cueAt, &st.role)
			st.cueRole = grow(st.cueRole, wt-wf)
			t.m.Role.Viterbi(&st.role, &st.dec, st.cueRole, nil)
			ra := rawAttr{cue: q}
			for _, s := range decodeSpans(d, wf, st.cueRole[:wt-wf], nil) {
				if s.kind == labBSrc {
					ra.sources = append(ra.sources, s)
				} else if s.kind == labBCon {
					ra.contents = append(ra.contents, s)
				}
			}
			out = append(out, ra)
		}
	}
	return out
}

// grow returns b resized to n, reusing its memory when it is big enough.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
