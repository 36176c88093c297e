package extract

import (
	"sort"
	"strings"

	"whosaid"
)

var (
	personPronouns = map[string]bool{"he": true, "she": true, "him": true, "her": true, "his": true}
	groupPronouns  = map[string]bool{"they": true, "it": true, "we": true}
)

// resolveSpeakers resolves each attribution's source to an entity: a name
// in it; a role held by a named person here ("the Secretary-General of
// ..."); a pronoun to the previous speaker, else the latest person named
// before it; "the ministry" to the latest organisation with that word; a
// capitalised name not seen before to a new person. Each resolved source
// becomes a mention of its entity.
func (es *entities) resolveSpeakers(atts []attr) []*ent {
	d := es.d
	out := make([]*ent, len(atts))
	es.indexPersons()
	var prev *ent
	prevPara := int32(-10)
	for i, a := range atts {
		sp := a.source
		if sp.from >= sp.to {
			continue
		}
		para := d.toks[sp.from].para
		if para-prevPara > 3 {
			prev = nil
		}
		e, kind := es.resolveSource(sp, prev)
		if e == nil {
			continue
		}
		if kind != mentionInside {
			es.mention(e, sp, kind)
		}
		out[i] = e
		prev, prevPara = e, para
	}
	return out
}

func (es *entities) resolveSource(sp span, prev *ent) (*ent, whosaid.MentionKind) {
	d := es.d
	// A name heading the source; a person wins over an organisation. A
	// name that only qualifies the head ("a Trump campaign source", "some
	// Clinton allies") is not the speaker.
	var org *ent
	for i := sp.from; i < sp.to; i++ {
		if e := es.byTok[i]; e != nil {
			if e.typ == whosaid.EntityPerson {
				if es.qualifies(e, i, sp) {
					return nil, ""
				}
				return e, mentionInside
			}
			if org == nil && e.typ == whosaid.EntityOrganization {
				org = e
			}
		}
	}
	text, _ := es.roleText(sp)
	key := strings.ToLower(text)
	if p := es.roleHolder[key]; p != nil {
		return p, whosaid.MentionRole
	}
	if org != nil {
		return org, whosaid.MentionName
	}
	if sp.to-sp.from == 1 {
		w := d.lowers[sp.from]
		switch {
		case personPronouns[w]:
			if prev != nil && prev.typ == whosaid.EntityPerson {
				return prev, whosaid.MentionPronoun
			}
			return es.latestPerson(sp.from), whosaid.MentionPronoun
		case groupPronouns[w]:
			if prev != nil && prev.typ == whosaid.EntityOrganization {
				return prev, whosaid.MentionPronoun
			}
			return nil, ""
		}
	}
	// "the Vermont senator", "the former secretary of state": a title
	// refers back to the person last speaking, or last named.
	if d.lowers[sp.from] == "the" && sp.to-sp.from <= 6 && es.hasTitle(sp) {
		if prev != nil && prev.typ == whosaid.EntityPerson {
			return prev, whosaid.MentionRole
		}
		if p := es.latestPerson(sp.from); p != nil {
			return p, whosaid.MentionRole
		}
	}
	// "the ministry", "the campaign": the latest organisation so named.
	if d.lowers[sp.from] == "the" && sp.to-sp.from == 2 {
		noun := d.lowers[sp.from+1]
		var best *ent
		for _, e := range es.list[max(0, len(es.list)-200):] {
			if e.typ == whosaid.EntityOrganization && e.first < sp.from && strings.Contains(strings.ToLower(e.name), noun) {
				if best == nil || e.first > best.first {
					best = e
				}
			}
		}
		if best != nil {
			return best, whosaid.MentionNominal
		}
	}
	if sp.to-sp.from > 1 && es.commonWord(sp.from) && !honorifics[d.lowers[sp.from]] {
		sp.from++ // "Maybe Trump said": the sentence's first word is not the name's
	}
	// The name's own span is the mention (sp may have lost its first word).
	if name, ok := es.lx.orgs[strings.ToLower(es.text(sp))]; ok {
		return es.add(whosaid.EntityOrganization, name, sp, whosaid.MentionName), mentionInside
	}
	if es.isNameLike(sp) && (sp.to-sp.from > 1 || !es.commonWord(sp.from)) {
		if p := es.personBySurname(es.text(sp)); p != nil {
			es.mention(p, sp, whosaid.MentionName)
			return p, mentionInside
		}
		return es.add(whosaid.EntityPerson, es.text(sp), sp, whosaid.MentionName), mentionInside
	}
	return nil, ""
}

// mentionInside says a source was resolved by an entity's name inside it,
// which is already a mention.
const mentionInside whosaid.MentionKind = "inside"

// qualifies says whether the mention of e at token i only qualifies the
// head of source sp: it is possessive ("Trump's campaign") or a
// lower-case word other than a preposition or a relative pronoun follows
// it inside the source ("Clinton allies", "Trump supporter").
func (es *entities) qualifies(e *ent, i int, sp span) bool {
	d := es.d
	end := -1
	for _, m := range e.mentions {
		if m.sp.from == i {
			end = m.sp.to
			break
		}
	}
	if end < 0 {
		return false
	}
	if last := d.lowers[end-1]; withoutClitic(last) != last {
		return end < sp.to // "Trump's" ending the source is still Trump
	}
	if end >= sp.to {
		return false
	}
	next := d.lowers[end]
	if next == "'s" || next == "\u2019s" {
		return true
	}
	t := d.toks[end]
	return t.kind == tokWord && d.text[t.start:t.end] == next && !nameFollowers[next]
}

// nameFollowers may follow a speaker's name inside a source: "Ted Cruz of
// Texas", "Trump on Saturday", "Clinton, who ...", "Sanders himself".
var nameFollowers = wordMap("of", "on", "in", "at", "from", "who", "whose", "which", "that", "and", "or",
	"himself", "herself", "also", "too", "later", "earlier", "then", "now", "again", "today", "yesterday",
	"last", "this", "during", "after", "before", "when", "while", "as", "for", "with", "to")

// indexPersons lists the person mentions in text order for latestPerson.
func (es *entities) indexPersons() {
	es.personToks = es.personToks[:0]
	for _, e := range es.list {
		if e.typ == whosaid.EntityPerson {
			for _, m := range e.mentions {
				es.personToks = append(es.personToks, personTok{m.sp.from, e})
			}
		}
	}
	sort.Slice(es.personToks, func(a, b int) bool { return es.personToks[a].tok < es.personToks[b].tok })
}

// latestPerson is the person mentioned last before token i.
func (es *entities) latestPerson(i int) *ent {
	k := sort.Search(len(es.personToks), func(k int) bool { return es.personToks[k].tok >= i })
	if k == 0 {
		return nil
	}
	return es.personToks[k-1].e
}

type personTok struct {
	tok int
	e   *ent
}

// hasTitle reports whether a title word lies in sp.
func (es *entities) hasTitle(sp span) bool {
	for i := sp.from; i < sp.to; i++ {
		if es.lx.titles[es.d.lowers[i]] {
			return true
		}
	}
	return false
}
