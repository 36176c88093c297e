package extract

import (
	"sort"
	"strings"

	"whosaid"
)

// interactionCues are the phrases that report contact between people.
var interactionCues = []struct {
	phrase string
	kind   whosaid.InteractionKind
}{
	{"telephone call", whosaid.TelephoneCall}, {"phone call", whosaid.TelephoneCall},
	{"telephone conversation", whosaid.TelephoneCall}, {"phone conversation", whosaid.TelephoneCall},
	{"telephone talk", whosaid.TelephoneCall}, {"phone talk", whosaid.TelephoneCall},
	{"telephone talks", whosaid.TelephoneCall}, {"phone talks", whosaid.TelephoneCall},
	{"spoke by phone", whosaid.TelephoneCall}, {"spoke by telephone", whosaid.TelephoneCall},
	{"phoned", whosaid.TelephoneCall},
	{"met with", whosaid.Meeting}, {"met", whosaid.Meeting}, {"meeting with", whosaid.Meeting},
	{"held talks with", whosaid.Meeting}, {"talks with", whosaid.Meeting}, {"meeting", whosaid.Meeting},
	{"visited", whosaid.Visit}, {"visit to", whosaid.Visit}, {"visiting", whosaid.Visit},
	{"letter to", whosaid.Letter}, {"wrote to", whosaid.Letter}, {"in a letter", whosaid.Letter},
	{"message to", whosaid.Message}, {"sent a message", whosaid.Message}, {"in a message", whosaid.Message},
}

// interactionFirstWords are the first words of interactionCues: most
// tokens are ruled out with one lookup.
var interactionFirstWords = func() *lexicon {
	var words []string
	for _, c := range interactionCues {
		words = append(words, strings.Fields(c.phrase)[0])
	}
	return newWordSet(words...)
}()

// interactionCueWords are interactionCues' phrases as words, in order.
var interactionCueWords = func() []words {
	out := make([]words, len(interactionCues))
	for i, c := range interactionCues {
		out[i] = newWords(c.phrase)
	}
	return out
}()

// participant is an entity taking part, or a role naming someone the
// text has not (yet) named.
type participant struct {
	e    *ent
	role entRole
}

type interaction struct {
	kind  whosaid.InteractionKind
	parts []participant
	cue   span
	when  *timeExpr
	where *ent
	whSp  span
}

// interactions finds reported contacts, their participants (the clause's
// subject and the person after "with"/"to"), when (a time expression in
// the sentence) and where (a place in the sentence, else the dateline's).
// The same contact told twice is merged; a participant described only by
// a role in one telling is the named participant in the same place of
// another ("the minister in a call with Y" / "Jane Doe in a call with Y"),
// and takes that role.
func (es *entities) interactions(times []timeExpr, dateline *ent) []*interaction {
	d := es.d
	roleAt := es.roleStarts()
	var found []*interaction
	for i := 0; i < len(d.toks); i++ {
		if !interactionFirstWords.has(d.hashes[i]) {
			continue
		}
		for k, c := range interactionCues {
			if !d.matches(i, interactionCueWords[k]) {
				continue
			}
			n := len(interactionCueWords[k].text)
			in := &interaction{kind: c.kind, cue: span{i, i + n}}
			if subj, ok := es.subjectOf(in.cue, roleAt); ok {
				in.parts = append(in.parts, subj)
			}
			if obj, ok := es.objectOf(in.cue, roleAt); ok {
				in.parts = append(in.parts, obj)
			}
			if len(in.parts) < 2 {
				break
			}
			in.when = nearestTime(d, times, in.cue)
			in.where, in.whSp = es.placeIn(in.cue, dateline)
			found = append(found, in)
			i += n - 1
			break
		}
	}
	return es.mergeInteractions(found)
}

// roleStarts maps the first token of every role phrase to the role and
// its holder, if known.
func (es *entities) roleStarts() map[int]participant {
	out := map[int]participant{}
	for _, r := range es.roleOnly {
		out[r.sp.from] = participant{e: es.roleHolder[strings.ToLower(r.text)], role: r}
	}
	for _, e := range es.list {
		for _, r := range e.roles {
			out[r.sp.from] = participant{e: e, role: r}
		}
	}
	// A leading "the" belongs to the role phrase too.
	for from, p := range out {
		if from > 0 && es.d.lowers[from-1] == "the" {
			out[from-1] = p
		}
	}
	return out
}

// subjectOf is the first person or role in the cue's clause before it.
func (es *entities) subjectOf(cue span, roleAt map[int]participant) (participant, bool) {
	d := es.d
	sent := d.sents[d.toks[cue.from].sent]
	// A subject is near; the bound keeps giant sentences linear.
	for i := max(sent.from, cue.from-60); i < cue.from; i++ {
		if p, ok := roleAt[i]; ok {
			return p, true
		}
		if e := es.byTok[i]; e != nil && e.typ == whosaid.EntityPerson {
			return participant{e: e}, true
		}
		if l := d.lowers[i]; l == "with" || l == "to" {
			break
		}
	}
	return participant{}, false
}

// objectOf is the first person or role after "with" or "to" following
// the cue, within a few words.
func (es *entities) objectOf(cue span, roleAt map[int]participant) (participant, bool) {
	d := es.d
	sent := d.toks[cue.from].sent
	for i := cue.to; i < len(d.toks) && i < cue.to+14 && d.toks[i].sent == sent; i++ {
		if p, ok := roleAt[i]; ok {
			return p, true
		}
		if e := es.byTok[i]; e != nil && (e.typ == whosaid.EntityPerson || e.typ == whosaid.EntityOrganization) {
			return participant{e: e}, true
		}
		if d.tok(i) == "," || d.tok(i) == "." {
			break
		}
	}
	return participant{}, false
}

func nearestTime(d *doc, times []timeExpr, cue span) *timeExpr {
	var best *timeExpr
	bestGap := 1 << 30
	// times are in text order: look at the few around the cue.
	at := sort.Search(len(times), func(k int) bool { return times[k].sp.from >= cue.from })
	for k := max(0, at-3); k < min(len(times), at+3); k++ {
		t := &times[k]
		if d.toks[t.sp.from].sent != d.toks[cue.from].sent {
			continue
		}
		if g := gap(t.sp, cue); g < bestGap {
			best, bestGap = t, g
		}
	}
	return best
}

// placeIn is a place named in the cue's sentence after "in" or "at", else
// the dateline's place.
func (es *entities) placeIn(cue span, dateline *ent) (*ent, span) {
	d := es.d
	sent := d.sents[d.toks[cue.from].sent]
	for i := max(sent.from+1, cue.from-40); i < min(sent.to, cue.to+40); i++ {
		if e := es.byTok[i]; e != nil && e.typ == whosaid.EntityPlace && (d.lowers[i-1] == "in" || d.lowers[i-1] == "at") {
			return e, mentionAt(e, i)
		}
	}
	if dateline != nil && len(dateline.mentions) > 0 {
		return dateline, dateline.mentions[0].sp
	}
	return nil, span{}
}

func mentionAt(e *ent, i int) span {
	for _, m := range e.mentions {
		if m.sp.from == i {
			return m.sp
		}
	}
	return span{}
}

// mergeInteractions merges tellings of one contact: same kind, a named
// participant in common. An unnamed role in one telling is the other
// telling's participant that is not the common one.
func (es *entities) mergeInteractions(found []*interaction) []*interaction {
	var out []*interaction
	for _, in := range found {
		merged := false
		for _, o := range out {
			if o.kind != in.kind || len(o.parts) != 2 || len(in.parts) != 2 {
				continue
			}
			shared := -1
			for a := range 2 {
				for b := range 2 {
					if o.parts[a].e != nil && o.parts[a].e == in.parts[b].e {
						shared = a*2 + b
					}
				}
			}
			if shared < 0 {
				continue
			}
			oa, ib := 1-shared/2, 1-shared%2
			po, pi := &o.parts[oa], in.parts[ib]
			switch {
			case po.e == nil && pi.e != nil:
				es.linkRole(pi.e, po.role)
				po.e = pi.e
			case po.e != nil && pi.e == nil:
				es.linkRole(po.e, pi.role)
			case po.e != pi.e:
				continue
			}
			if o.when == nil {
				o.when = in.when
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, in)
		}
	}
	// Participants still known only by a role become entities named by it.
	for _, in := range out {
		for k := range in.parts {
			if p := &in.parts[k]; p.e == nil && p.role.text != "" {
				p.e = es.add(whosaid.EntityPerson, p.role.text, p.role.sp, whosaid.MentionRole)
				es.addRole(p.e, p.role.text, p.role.sp)
			}
		}
	}
	return out
}

// linkRole makes role a role of person p and its phrase a mention of p.
func (es *entities) linkRole(p *ent, role entRole) {
	if role.text == "" {
		return
	}
	es.addRole(p, role.text, role.sp)
	es.mention(p, role.sp, whosaid.MentionRole)
}

func (in *interaction) output(d *doc, ids map[*ent]whosaid.EntityID) (whosaid.Interaction, bool) {
	out := whosaid.Interaction{Kind: in.kind, Cue: d.spanOf(in.cue), Participants: []whosaid.EntityID{}}
	for _, p := range in.parts {
		if id, ok := ids[p.e]; ok && p.e != nil {
			out.Participants = append(out.Participants, id)
		}
	}
	if len(out.Participants) < 2 {
		return out, false
	}
	if in.when != nil {
		w := in.when.expr
		out.When = &w
	}
	if in.where != nil && in.whSp.from < in.whSp.to {
		out.Where = &whosaid.PlaceRef{Entity: ids[in.where], Name: in.where.name, Span: d.spanOf(in.whSp)}
	}
	return out, true
}
