package extract

// fallbackContent finds the content of a cue the role tagger left without
// one, from the three shapes such cues mostly take:
//   - "X added:" closing a paragraph: the next paragraph is the content;
//   - "..., the foundation said." closing a sentence: the sentence before
//     the comma;
//   - "According to X, ...": the sentence after the comma.
//
// It returns the content and, where the shape shows it, the source.
func fallbackContent(d *doc, cue span) (content, source span, ok bool) {
	last := cue.to - 1
	if last+1 < len(d.toks) && d.tok(last+1) == ":" {
		last++
	}
	para := d.toks[cue.from].para
	if d.tok(last) == ":" && (last+1 == len(d.toks) || d.toks[last+1].para != para) {
		if last+1 < len(d.toks) {
			p := d.paras[d.toks[last+1].para]
			from, to := p.from, p.to
			for from < to && d.toks[from].kind == tokQuote {
				from++
			}
			if to-from >= 3 {
				return span{from, to}, span{}, true
			}
		}
		return span{}, span{}, false
	}
	sent := d.sents[d.toks[cue.from].sent]
	// "..., X said." / "..., said X."
	end := sent.to
	for end > cue.to && (d.toks[end-1].kind == tokPunct || d.toks[end-1].kind == tokQuote) {
		end--
	}
	if end-cue.to <= 3 {
		comma := -1
		for i := cue.from - 1; i > sent.from && cue.from-i <= 8; i-- {
			if d.tok(i) == "," {
				comma = i
				break
			}
		}
		if comma-sent.from >= 3 {
			from := sent.from
			for from < comma && d.toks[from].kind == tokQuote {
				from++
			}
			return span{from, comma}, span{comma + 1, cue.from}, true
		}
	}
	// "According to X, ..."
	if cue.from == sent.from || cue.from == sent.from+1 {
		for i := cue.to; i < sent.to && i-cue.to <= 8; i++ {
			if d.tok(i) == "," {
				if sent.to-i >= 4 {
					to := sent.to
					for to > i+1 && (d.toks[to-1].kind == tokPunct || d.toks[to-1].kind == tokQuote) {
						to--
					}
					return span{i + 1, to}, span{cue.to, i}, true
				}
				break
			}
		}
	}
	return span{}, span{}, false
}
