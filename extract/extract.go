// Package extract turns an article's text into a whosaid.Extraction: who
// said what, to whom, when and where, every piece with its offsets.
//
// An Extractor is a plain loop over small stages: tokens, sentences and
// paragraphs (text.go), direct quotations (quotes.go), the learned
// source/cue/content tagger (tagger.go), attribution assembly
// (attributions.go), then entities, roles, speakers, dateline, dates and
// interactions (entities.go and its neighbours). It is safe for concurrent
// use.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"

	"whosaid"
	"whosaid/model"
)

// Version names the extractor; stored with every extraction so an archive
// can re-extract what an older version produced.
const Version = "whosaid-extract/0.3.0"

// Options configure an Extractor.
type Options struct {
	// Published is the date relative dates ("on Sunday") are resolved
	// against when the article gives none.
	Published whosaid.Date
	// KeepComplementizer keeps a leading "that" in indirect contents, as
	// PolNeAR annotates them; by default contents start after it.
	KeepComplementizer bool
}

// DefaultOptions returns the options `whosaid extract` uses.
func DefaultOptions() Options { return Options{} }

// Extractor extracts attributions, entities and interactions.
type Extractor struct {
	opts   Options
	tagger *tagger
}

// New returns an Extractor with the given options and the embedded model.
func New(opts Options) (*Extractor, error) {
	m, err := model.Default()
	if err != nil {
		return nil, whosaid.Errorf(whosaid.EINTERNAL, "loading the embedded model: %v", err)
	}
	return NewWithModel(opts, m), nil
}

// NewWithModel returns an Extractor using m, e.g. a model just trained.
// A nil model finds no attributions (entities and dates still work).
func NewWithModel(opts Options, m *model.Model) *Extractor {
	x := &Extractor{opts: opts}
	if m != nil {
		x.tagger = newTagger(m)
	}
	return x
}

// attr is an attribution inside the pipeline, in token ranges. An empty
// source (from == to) means the text names none.
type attr struct {
	source   span
	cue      span
	contents []span
	kind     whosaid.AttributionKind
	conf     float64
}

// MaxTextBytes is the longest text Extract takes: token offsets are
// int32, and no news article comes near it.
const MaxTextBytes = 1 << 30

// Extract runs the pipeline over one article. Text that is not valid UTF-8
// or longer than MaxTextBytes is an EINVALID error naming the article; any
// other text, however odd, yields a result.
func (x *Extractor) Extract(a whosaid.Article) (*whosaid.Extraction, error) {
	if len(a.Text) > MaxTextBytes {
		return nil, whosaid.Errorf(whosaid.EINVALID, "%s: text of %d bytes is longer than the %d extraction takes", a.ID, len(a.Text), MaxTextBytes)
	}
	if !utf8.ValidString(a.Text) {
		return nil, whosaid.Errorf(whosaid.EINVALID, "%s: text is not valid UTF-8", a.ID)
	}
	sum := sha256.Sum256([]byte(a.Text))
	out := &whosaid.Extraction{
		ID:         a.ID,
		TextSHA256: hex.EncodeToString(sum[:]),
		Title:      a.Title,
		Published:  a.Published,
		Extractor:  Version,
	}
	if out.Published.IsZero() {
		out.Published = x.opts.Published
	}
	d := newDoc(a.Text)
	d.quotes = findQuotes(d)
	atts := x.findAttributions(d)
	ents := x.analyzeEntities(d, atts, out.Published)
	if out.Title == "" {
		out.Title = guessTitle(d)
	}
	out.Dateline = ents.Dateline
	out.Entities = ents.Entities
	out.Interactions = ents.Interactions
	out.Dates = ents.Dates
	out.Attributions = make([]whosaid.Attribution, len(atts))
	for i, at := range atts {
		out.Attributions[i] = x.toAttribution(d, at, ents.Speakers[i], ents.SpeakerNames[i])
	}
	return out, nil
}

// spanOf turns a token range into a whosaid.Span with code-point offsets.
func (d *doc) spanOf(s span) whosaid.Span {
	if s.from >= s.to {
		return whosaid.Span{}
	}
	return d.byteSpan(int(d.toks[s.from].start), int(d.toks[s.to-1].end))
}

// byteSpan is the whosaid.Span of bytes [b0, b1).
func (d *doc) byteSpan(b0, b1 int) whosaid.Span {
	return whosaid.Span{Start: d.offs.runes(b0), End: d.offs.runes(b1), Text: d.text[b0:b1]}
}

// cliticLen is the length in bytes of the clitic ending token i, with its
// apostrophe ("’s" of "He’s" or "Obama’s", "'ll" of "She'll"), or 0.
func (d *doc) cliticLen(i int) int {
	w := d.tok(i)
	if k := cliticAt(w); k > 0 {
		return len(w) - k
	}
	return 0
}

func (x *Extractor) toAttribution(d *doc, at attr, speaker whosaid.EntityID, name string) whosaid.Attribution {
	out := whosaid.Attribution{
		Speaker:     speaker,
		SpeakerName: name,
		Cue:         d.spanOf(at.cue),
		Kind:        at.kind,
		Confidence:  at.conf,
		Contents:    make([]whosaid.Span, 0, len(at.contents)),
	}
	if at.source.from < at.source.to {
		s := d.spanOf(at.source)
		// A clitic is not part of the speaker: "He’s claiming" is He, and
		// the cue ("’s claiming", "’s nominee") starts at the apostrophe
		// when it follows at once, as PolNeAR and Penn-style tokenisers
		// split them. The taggers see "He’s" as one token.
		last := at.source.to - 1
		if n := d.cliticLen(last); n > 0 {
			end := int(d.toks[last].end) - n
			s = d.byteSpan(int(d.toks[at.source.from].start), end)
			if at.cue.from == at.source.to && at.cue.from < at.cue.to {
				out.Cue = d.byteSpan(end, int(d.toks[at.cue.to-1].end))
			}
		}
		out.Source = &s
		if out.SpeakerName == "" {
			out.SpeakerName = s.Text
		}
	}
	for _, c := range at.contents {
		out.Contents = append(out.Contents, d.spanOf(c))
	}
	return out
}

// guessTitle takes the first paragraph as the title when it is one short
// line without a final sentence stop other than a period (PolNeAR and many
// plain-text dumps put the headline first).
func guessTitle(d *doc) string {
	if len(d.paras) < 2 {
		return ""
	}
	p := d.paras[0]
	if p.to-p.from > 30 || d.toks[p.from].sent != d.toks[p.to-1].sent {
		return ""
	}
	return d.text[d.toks[p.from].start:d.toks[p.to-1].end]
}
