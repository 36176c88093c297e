package extract

import (
	"unicode"
	"unicode/utf8"

	"whosaid"
)

// nonSpeakerLabels open paragraphs like speaker labels but name no one.
var nonSpeakerLabels = map[string]bool{
	"note": true, "update": true, "updated": true, "photo": true, "video": true, "watch": true,
	"read": true, "related": true, "image": true, "credit": true, "transcript": true,
	"source": true, "sources": true, "editor": true, "correction": true, "warning": true,
	"listen": true, "see": true, "also": true, "more": true, "advertisement": true, "tags": true,
	"share": true, "click": true, "follow": true, "contact": true, "email": true, "subscribe": true,
}

// findSpeakerLabels finds transcript and headline speaker labels: a
// paragraph that opens with one to four capitalised words and a colon
// ("WALLACE: Let's start...", "Pence: Flowers won't be at debate")
// attributes the rest of the paragraph to those words, the colon being
// the cue. Interview transcripts are written this way and taggers trained
// on running prose miss them.
func findSpeakerLabels(d *doc) []attr {
	var out []attr
	for _, p := range d.paras {
		i := p.from
		if i < p.to && d.toks[i].kind == tokQuote {
			i++
		}
		start := i
		for i < p.to && i-start < 5 && isNameWord(d, i) {
			i++
		}
		n := i - start
		if n == 0 || n > 4 || i >= p.to || d.tok(i) != ":" || p.to-i < 4 {
			continue
		}
		if n == 1 && (nonSpeakerLabels[d.lowers[start]] || len(d.tok(start)) == 1) {
			continue
		}
		cue := span{i, i + 1}
		content := span{i + 1, p.to}
		for content.to > content.from && (d.toks[content.to-1].kind == tokQuote) {
			content.to--
		}
		if content.to-content.from < 3 {
			continue
		}
		a := attr{source: span{start, i}, cue: cue, contents: []span{content}, conf: 0.9}
		if start > p.from {
			// The quotation mark opens before the label: the whole
			// transcript line is quoted, not the words as a quotation.
			a.kind = whosaid.Indirect
		}
		out = append(out, a)
	}
	return out
}

// isNameWord: a capitalised word, an initial or a title abbreviation's
// period, as in speaker labels.
func isNameWord(d *doc, i int) bool {
	t := d.toks[i]
	if t.kind == tokWord {
		r, _ := utf8.DecodeRuneInString(d.text[t.start:t.end])
		return unicode.IsUpper(r)
	}
	return d.tok(i) == "." && i > 0 && d.toks[i-1].end == t.start
}

// mergeSpeakerLabels adds the speaker-label attributions, replacing what
// the tagger made of the same paragraph's label: a tagged attribution
// whose cue or first content lies in a labelled paragraph gives way.
// Both lists are in text order.
func mergeSpeakerLabels(d *doc, tagged, labels []attr) []attr {
	if len(labels) == 0 {
		return tagged
	}
	labelled := map[int32]bool{}
	for _, l := range labels {
		labelled[d.toks[l.cue.from].para] = true
	}
	out := labels
	for _, a := range tagged {
		if labelled[d.toks[a.cue.from].para] || len(a.contents) > 0 && labelled[d.toks[a.contents[0].from].para] {
			continue
		}
		out = append(out, a)
	}
	sortAttrs(out)
	return out
}
