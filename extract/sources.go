package extract

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// prepositions that cannot precede a speaker: a source right after one is
// the object of a phrase ("in a call with the Secretary-General ...
// stressed"), not the one speaking. "by" and "to" are left out: "was
// reported by X", "according to X".
var prepositions = map[string]bool{
	"with": true, "for": true, "from": true, "against": true, "about": true, "at": true,
	"on": true, "into": true, "toward": true, "towards": true, "among": true, "between": true,
	"of": true, "in": true, "over": true, "under": true, "without": true,
}

// fixSources repairs sources the tagger gets wrong in long sentences:
//   - a source inside a prepositional phrase gives way to the sentence's
//     subject (a capitalised noun phrase opening the clause);
//   - a participle cue without a source ("..., saying:") shares the source
//     of the attribution before it in the same sentence;
//   - a cue without a source whose clause opens with a capitalised noun
//     phrase and no other cue in between takes that phrase.
func fixSources(d *doc, atts []attr) {
	for i := range atts {
		a := &atts[i]
		if a.source.from < a.source.to {
			if prev := phraseStart(d, a.source.from) - 1; prev >= 0 && prepositions[d.lowers[prev]] && d.toks[prev].sent == d.toks[a.source.from].sent {
				if subj, ok := clauseSubject(d, a.cue); ok && subj.to <= a.source.from {
					a.source = subj
				}
			}
			continue
		}
		if i > 0 && isParticiple(d.lowers[a.cue.from]) {
			p := atts[i-1]
			if p.source.from < p.source.to && d.toks[p.cue.from].sent == d.toks[a.cue.from].sent {
				a.source = p.source
				continue
			}
		}
		// Only a name or title of two words or more, far from the cue: near
		// ones the tagger sees itself, and left empty on purpose.
		if subj, ok := clauseSubject(d, a.cue); ok && subj.to-subj.from >= 2 && a.cue.from-subj.to >= 8 && !cueBetween(atts, subj.to, a.cue.from) {
			a.source = subj
		}
	}
}

func isParticiple(w string) bool { return len(w) > 4 && w[len(w)-3:] == "ing" }

// cueBetween reports whether some attribution's cue lies in [from, to);
// atts are in cue order.
func cueBetween(atts []attr, from, to int) bool {
	k := sort.Search(len(atts), func(k int) bool { return atts[k].cue.from >= from })
	return k < len(atts) && atts[k].cue.from < to
}

// clauseSubject returns the capitalised noun phrase opening the cue's
// sentence (after a dateline dash, if any), such as "Secretary-General of
// the Supreme Audit Board" or "Jane Doe": capitalised words,
// joined by "of", "the", "and" or "for" only when a capitalised word
// follows. It must end before the cue.
func clauseSubject(d *doc, cue span) (span, bool) {
	sent := d.sents[d.toks[cue.from].sent]
	from := sent.from
	for i := sent.from; i < sent.from+8 && i < cue.from; i++ {
		if t := d.tok(i); t == "-" || t == "\u2014" || t == "\u2013" || t == "--" || t == ":" {
			from = i + 1
		}
	}
	if from < cue.from && d.toks[from].kind == tokQuote {
		return span{}, false
	}
	i := from
	if i < cue.from && d.lowers[i] == "the" {
		i++
	}
	end := i
	// A subject is a few words; the bound keeps giant sentences linear.
	for i < cue.from && i < from+40 {
		if isCapitalised(d, i) {
			i++
			end = i
			continue
		}
		switch d.lowers[i] {
		case "of", "the", "and", "for":
			if i+1 < cue.from && (isCapitalised(d, i+1) || d.lowers[i+1] == "the") {
				i++
				continue
			}
		}
		break
	}
	if end == from || end >= cue.from {
		return span{}, false
	}
	return span{from, end}, true
}

func isCapitalised(d *doc, i int) bool {
	t := d.toks[i]
	if t.kind != tokWord {
		return false
	}
	r, _ := utf8.DecodeRuneInString(d.text[t.start:t.end])
	return unicode.IsUpper(r)
}

// trimCue drops punctuation a cue may end with ("saying:", "added,")
// unless the cue is only that mark (a speaker label's colon).
func trimCue(d *doc, cue span) span {
	for cue.to-cue.from > 1 && d.toks[cue.to-1].kind == tokPunct {
		cue.to--
	}
	return cue
}

// phraseStart walks back from token i over the capitalised name it may
// sit in ("the Chairman of the National Audit [Committee]") and a
// leading article, to where the phrase starts.
func phraseStart(d *doc, i int) int {
	sent := d.toks[i].sent
	for i > 0 && d.toks[i-1].sent == sent {
		switch {
		case isCapitalised(d, i-1):
			i--
		case (d.lowers[i-1] == "of" || d.lowers[i-1] == "the" || d.lowers[i-1] == "and") && i > 1 && isCapitalised(d, i-2):
			i--
		default:
			if d.lowers[i-1] == "the" || d.lowers[i-1] == "a" || d.lowers[i-1] == "an" {
				i--
			}
			return i
		}
	}
	return i
}
