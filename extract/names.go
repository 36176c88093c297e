package extract

import (
	"strings"
	"unicode/utf8"

	"whosaid"
)

// ent is an entity inside the pipeline: mentions and roles in tokens.
type ent struct {
	typ      whosaid.EntityType
	name     string
	mentions []entMention
	roles    []entRole
	first    int // first token mentioning it, for ordering
}

type entMention struct {
	sp   span
	kind whosaid.MentionKind
}

type entRole struct {
	text string // without a leading article
	sp   span
}

// entities collects the entities of one document.
type entities struct {
	d      *doc
	lx     *lexicons
	list   []*ent
	byName map[string]*ent // lower-cased name of any type
	byTok  map[int]*ent    // first token of every mention
	// surnames maps the lower-cased last word of multi-word person names
	// to the persons with it (personBySurname picks one).
	surnames map[string][]*ent
	// cues are the tokens of the attributions' cues.
	cues map[int]bool
	// pending are full names waiting for evidence they name a person.
	pending []span
	// personToks are person mentions in text order (indexPersons).
	personToks []personTok
	// roleHolder maps a lower-cased role to the person holding it here.
	roleHolder map[string]*ent
	// roleOnly are role descriptions naming nobody ("Secretary-General of
	// the Supreme Audit Board" opening a sentence), to be linked later.
	roleOnly []entRole
	// commonWord looks for a few words in lower case by scanning the
	// tokens (lowerScanned: found or not); past that it makes lowerWords,
	// the hashes of every word the text has in lower case.
	lowerWords   map[uint32]struct{}
	lowerScanned map[uint32]bool
}

func newEntities(d *doc, lx *lexicons) *entities {
	return &entities{d: d, lx: lx, byName: map[string]*ent{}, byTok: map[int]*ent{}, roleHolder: map[string]*ent{}, surnames: map[string][]*ent{}, cues: map[int]bool{}}
}

// add records a mention of the named entity, creating it if needed.
func (es *entities) add(typ whosaid.EntityType, name string, sp span, kind whosaid.MentionKind) *ent {
	if typ == whosaid.EntityPerson {
		name = trimClitic(name) // "Trump's"
	}
	key := strings.ToLower(name)
	e := es.byName[key]
	if e == nil {
		e = &ent{typ: typ, name: name, first: sp.from}
		es.byName[key] = e
		es.list = append(es.list, e)
		if sp := strings.LastIndexByte(key, ' '); typ == whosaid.EntityPerson && sp > 0 {
			es.addSurname(key[sp+1:], e)
		}
	}
	es.mention(e, sp, kind)
	return e
}

// mention adds a mention to e unless that span already has one.
func (es *entities) mention(e *ent, sp span, kind whosaid.MentionKind) {
	if sp.from >= sp.to {
		return
	}
	if _, ok := es.byTok[sp.from]; ok {
		return
	}
	es.byTok[sp.from] = e
	e.mentions = append(e.mentions, entMention{sp, kind})
	if sp.from < e.first {
		e.first = sp.from
	}
}

// addRole gives person p a role read at sp.
func (es *entities) addRole(p *ent, role string, sp span) {
	key := strings.ToLower(role)
	for _, r := range p.roles {
		if strings.ToLower(r.text) == key {
			es.roleHolder[key] = p
			return
		}
	}
	p.roles = append(p.roles, entRole{role, sp})
	es.roleHolder[key] = p
}

// text is the text of tokens sp, possessive "'s" dropped.
func (es *entities) text(sp span) string {
	s := es.d.text[es.d.toks[sp.from].start:es.d.toks[sp.to-1].end]
	for _, suf := range []string{"'s", "\u2019s"} {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}

// roleText is the text of a role phrase without a leading article.
func (es *entities) roleText(sp span) (string, span) {
	for sp.from < sp.to && (es.d.lowers[sp.from] == "the" || es.d.lowers[sp.from] == "a" || es.d.lowers[sp.from] == "an") {
		sp.from++
	}
	if sp.from >= sp.to {
		return "", sp
	}
	return es.d.text[es.d.toks[sp.from].start:es.d.toks[sp.to-1].end], sp
}

// capChunks returns the runs of capitalised words in [from, len), joined
// by "of", "the", "and", "for" or "al" when a capitalised word follows,
// never across sentences or quotation marks. A capitalised function word
// opening a sentence is left out; a glued word ("PressIran") ends a run
// and is dropped.
func capChunks(d *doc, from int) []span {
	var out []span
	i := from
	headline := titleCaseSentences(d)
	for i < len(d.toks) {
		if headline[d.toks[i].sent] {
			i++ // every word is capitalised: capitals say nothing there
			continue
		}
		if !isCapitalised(d, i) || isGlued(d.tok(i)) || isCalendarWord(d, i) {
			i++
			continue
		}
		start := i
		if capStopwords[d.lowers[i]] && (i == 0 || d.toks[i-1].sent != d.toks[i].sent || d.toks[i-1].kind == tokQuote || d.tok(i-1) == ":") {
			i++
			continue
		}
		j := i + 1
		for j < len(d.toks) && d.toks[j].sent == d.toks[start].sent {
			if withoutClitic(d.lowers[j-1]) != d.lowers[j-1] {
				break // a possessive ends a name: "the Center's Brent Bozell"
			}
			if isCapitalised(d, j) && !isGlued(d.tok(j)) && !isCalendarWord(d, j) {
				j++
				continue
			}
			// "Mr. McGinley", "Sen. Ted Cruz": the period of a title's
			// abbreviation does not end the name.
			if titleAbbrevDot(d, j) && j+1 < len(d.toks) && d.toks[j+1].sent == d.toks[start].sent &&
				isCapitalised(d, j+1) && !isGlued(d.tok(j+1)) && !isCalendarWord(d, j+1) {
				j += 2
				continue
			}
			switch d.lowers[j] {
			case "of", "the", "and", "for", "al", "de", "bin", "von", "van", "da", "del":
				k := j + 1
				if k < len(d.toks) && d.lowers[k] == "the" {
					k++
				}
				if k < len(d.toks) && d.toks[k].sent == d.toks[start].sent && isCapitalised(d, k) && !isGlued(d.tok(k)) && !isCalendarWord(d, k) {
					j = k + 1
					continue
				}
			}
			break
		}
		out = append(out, span{start, j})
		i = j
	}
	return out
}

// titleCaseSentences marks the sentences written in title case, as
// headlines are ("Sanders Vows To Eliminate Tax Breaks Used By ..."): at
// least two function words capitalised inside the sentence and no
// lower-case word of four letters or more.
func titleCaseSentences(d *doc) map[int32]bool {
	var out map[int32]bool
	for i := 0; i < len(d.toks); {
		sent, capFunc, lower := d.toks[i].sent, 0, false
		j := i
		for ; j < len(d.toks) && d.toks[j].sent == sent; j++ {
			if d.toks[j].kind != tokWord || j == i {
				continue
			}
			w := d.lowers[j]
			switch {
			case isCapitalised(d, j):
				if functionWords[w] {
					capFunc++
				}
			case len(w) >= 4 && d.text[d.toks[j].start:d.toks[j].end] == w:
				lower = true
			}
		}
		if capFunc >= 2 && !lower {
			if out == nil {
				out = map[int32]bool{}
			}
			out[sent] = true
		}
		i = j
	}
	return out
}

// functionWords are written in lower case inside a sentence, except in
// title case.
var functionWords = wordMap("to", "by", "with", "against", "of", "for", "in", "on", "at", "from", "into",
	"over", "after", "as", "is", "are", "was", "the", "a", "an", "and", "or", "but", "his", "her", "their", "its", "says")

// titleAbbrevDot says whether token j is the period right after a title's
// abbreviation ("Mr.", "Sen.") or an initial ("Donald J. Trump").
func titleAbbrevDot(d *doc, j int) bool {
	if j == 0 || d.tok(j) != "." || d.toks[j-1].end != d.toks[j].start {
		return false
	}
	w := d.lowers[j-1]
	return honorifics[w] || titleAbbrevs[w] || len(w) == 1 && isCapitalised(d, j-1)
}

// honorifics name no role ("Mr.", "Dr."); titleAbbrevs are roles.
var (
	honorifics   = wordMap("mr", "mrs", "ms", "dr", "prof", "messrs", "mme", "mlle", "sir", "dame")
	titleAbbrevs = wordMap("sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "supt", "pres", "atty", "rev", "hon")
)

// withoutClitic drops a trailing clitic ("He's", "Trump’s", "I'd",
// "we've").
func withoutClitic(w string) string {
	if i := cliticAt(w); i > 0 {
		return w[:i]
	}
	return w
}

// cliticAt is where a trailing clitic with its apostrophe starts in w
// ("'s" of "He's", "’ll" of "She’ll", in any case), or -1.
func cliticAt(w string) int {
	for _, apos := range []string{"'", "\u2019"} {
		i := strings.LastIndex(w, apos)
		if i <= 0 {
			continue
		}
		switch strings.ToLower(w[i+len(apos):]) {
		case "s", "d", "ve", "ll", "re", "m":
			return i
		}
	}
	return -1
}

// isPartyLabel: "R-Utah", "D-Calif." (a party and a state).
func isPartyLabel(w string) bool {
	return len(w) > 2 && len(w) <= 9 && (w[0] == 'r' || w[0] == 'd' || w[0] == 'i') && w[1] == '-'
}

// trimClitic drops a trailing "'s" from a name, keeping its case.
func trimClitic(name string) string {
	for _, c := range []string{"'s", "'S", "\u2019s", "\u2019S"} {
		if v, ok := strings.CutSuffix(name, c); ok && v != "" {
			return v
		}
	}
	return name
}

func wordMap(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var calendarWords = newWordSet(
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "june", "july", "august", "september",
	"october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
)

// isCalendarWord says whether token i names a weekday or a month (not
// "may").
func isCalendarWord(d *doc, i int) bool { return calendarWords.has(d.hashes[i]) }

// isNameLike: 1-4 capitalised alphabetic words, none an organisation or
// place word, a title or a function word.
func (es *entities) isNameLike(sp span) bool {
	n := 0
	for i := sp.from; i < sp.to; i++ {
		if !titleAbbrevDot(es.d, i) {
			n++
		}
	}
	if n < 1 || n > 4 {
		return false
	}
	for i := sp.from; i < sp.to; i++ {
		if titleAbbrevDot(es.d, i) && i > sp.from && i+1 < sp.to {
			continue // the period of an initial inside the name
		}
		w := es.d.lowers[i]
		if !isCapitalised(es.d, i) || orgWords[w] || placeWords[w] || capStopwords[w] || partyWords[w] || es.lx.titles[w] ||
			capStopwords[withoutClitic(w)] || honorifics[w] || titleAbbrevs[w] || isPartyLabel(w) ||
			sp.to-sp.from == 1 && (isGroupWord(w) || utf8.RuneCountInString(w) == 1) {
			return false
		}
		for _, r := range w {
			if r >= '0' && r <= '9' {
				return false
			}
		}
	}
	return true
}

// isAcronym: an all-capital word of 2-6 letters ("FBI", "NATO").
func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
