package extract

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"whosaid"
)

// entityResult is what the entity stages find: entities with mentions and
// roles, the speaker each attribution resolves to, the dateline, dates and
// interactions.
type entityResult struct {
	Dateline     *whosaid.Dateline
	Entities     []whosaid.Entity
	Speakers     []whosaid.EntityID // one per attribution; "" when unresolved
	SpeakerNames []string           // one per attribution; "" falls back to the source text
	Interactions []whosaid.Interaction
	Dates        []whosaid.TimeExpr
}

// analyzeEntities runs the entity stages: dateline, names (with roles
// split off and classified by lexicons and context), interactions (which
// also tie role-only participants to named ones), speakers, dates.
func (x *Extractor) analyzeEntities(d *doc, atts []attr, published whosaid.Date) entityResult {
	lx := loadLexicons()
	es := newEntities(d, lx)
	res := entityResult{Entities: []whosaid.Entity{}, Interactions: []whosaid.Interaction{}}
	from := 0
	var dl datelineResult
	hasDL := false
	if dl, hasDL = findDateline(d, lx); hasDL {
		res.Dateline = &dl.line
		es.add(whosaid.EntityPlace, dl.line.Place, dl.place, whosaid.MentionName)
		from = dl.end
	}
	sources := map[int]bool{}
	for _, a := range atts {
		for i := a.source.from; i < a.source.to; i++ {
			sources[i] = true
		}
		for i := a.cue.from; i < a.cue.to; i++ {
			es.cues[i] = true
		}
	}
	chunks := capChunks(d, from)
	var single []span
	for _, c := range chunks {
		if c.to-c.from == 1 {
			single = append(single, c)
			continue
		}
		es.classify(c, sources)
	}
	for _, c := range single {
		es.classifySingle(c, sources)
	}
	es.resolvePending()
	es.appositions()
	times := findTimes(d, published)
	res.Dates = make([]whosaid.TimeExpr, len(times))
	for i, t := range times {
		res.Dates[i] = t.expr
	}
	var where *ent
	if hasDL {
		where = es.byName[strings.ToLower(dl.line.Place)]
	}
	inters := es.interactions(times, where)
	speakers := es.resolveSpeakers(atts)
	ids := es.output(&res)
	for _, in := range inters {
		if out, ok := in.output(d, ids); ok {
			res.Interactions = append(res.Interactions, out)
		}
	}
	res.Speakers = make([]whosaid.EntityID, len(atts))
	res.SpeakerNames = make([]string, len(atts))
	for i, e := range speakers {
		if e != nil {
			res.Speakers[i], res.SpeakerNames[i] = ids[e], e.name
		}
	}
	return res
}

// classify reads one multi-word capitalised run: a role and the name it
// introduces ("Chairman of the National Audit Committee John Smith"), a
// role alone, a place, an organisation, or a
// person's name when the text shows it is one (a role or title before it,
// or it is the source of an attribution).
func (es *entities) classify(c span, sources map[int]bool) {
	d, lx := es.d, es.lx
	// A common word opening the sentence is not part of the name ("Maybe
	// Trump"), nor is a modifier ending in "-born" or "-area" ("South
	// Korean-born Monte Haines", "Los Angeles-area Sanders").
	if c.to-c.from > 1 && es.commonWord(c.from) && !honorifics[d.lowers[c.from]] && !lx.titles[d.lowers[c.from]] {
		es.classifyRest(span{c.from + 1, c.to}, sources)
		return
	}
	for k := c.from; k+1 < c.to; k++ {
		if isModifierWord(d.lowers[k]) {
			es.classifyRest(span{k + 1, c.to}, sources)
			return
		}
	}
	// "Trump and Sen. Bernie Sanders": two names, unless the run is a
	// known place or an organisation's name, whose head word comes last
	// ("Trinidad and Tobago", "Bill and Melinda Gates Foundation").
	if k := tokenIn(d, c, "and"); k > c.from && k+1 < c.to && !es.orgOrPlaceName(c) {
		es.classifyRest(span{c.from, k}, sources)
		es.classifyRest(span{k + 1, c.to}, sources)
		return
	}
	// "Sen. Ted Cruz of Texas": a person and the place they are of.
	for k := c.from + 1; k+1 < c.to; k++ {
		if d.lowers[k] != "of" {
			continue
		}
		if _, ok := lx.places[d.phrase(k+1, c.to)]; ok && es.isNameLike(span{k - 1, k}) {
			es.classify(span{c.from, k}, sources)
			es.addOrgOrPlace(span{k + 1, c.to})
			return
		}
		break
	}
	if role, org, name, ok := es.splitRole(c); ok {
		// What a title is "of" is a place or else an organisation, named
		// or not by an organisation word ("Supreme Audit Board").
		if org.from < org.to && !es.addOrgOrPlace(org) {
			es.add(whosaid.EntityOrganization, es.text(org), org, whosaid.MentionName)
		}
		text, rsp := es.roleText(role)
		if name.from < name.to && es.isNameLike(name) {
			// "Mr. McGinley" after "Patrick McGinley" is the same person.
			p := es.personBySurname(es.text(name))
			if p == nil || name.to-name.from > 1 {
				p = es.add(whosaid.EntityPerson, es.text(name), name, whosaid.MentionName)
			} else {
				es.mention(p, name, whosaid.MentionName)
			}
			if text != "" && !honorific(d, role) {
				es.addRole(p, text, rsp)
			}
		} else if text != "" && !honorific(d, role) {
			es.roleOnly = append(es.roleOnly, entRole{text, rsp})
		}
		return
	}
	if es.addOrgOrPlace(c) {
		return
	}
	// "northern Syria", "Greater London": a modifier and a known place.
	if placeModifiers[d.lowers[c.from]] {
		if n := longestMatch(d, c.from+1, c.to, lx.maxPlace, func(s string) bool { _, ok := lx.places[s]; return ok }); n == c.to-c.from-1 {
			es.add(whosaid.EntityPlace, lx.places[d.phrase(c.from+1, c.to)], span{c.from + 1, c.to}, whosaid.MentionName)
			return
		}
	}
	if es.isNameLike(c) && c.to-c.from >= 2 {
		if sources[c.from] || sources[c.to-1] {
			es.add(whosaid.EntityPerson, es.text(c), c, whosaid.MentionName)
		} else {
			es.pending = append(es.pending, c)
		}
	}
}

// tokenIn returns the first token of c whose lower case is w, or -1.
func tokenIn(d *doc, c span, w string) int {
	for k := c.from; k < c.to; k++ {
		if d.lowers[k] == w {
			return k
		}
	}
	return -1
}

// orgOrPlaceName says whether run c is a known place or ends with an
// organisation word (its head: "... Gates Foundation").
func (es *entities) orgOrPlaceName(c span) bool {
	d := es.d
	if _, ok := es.lx.places[d.phrase(c.from, c.to)]; ok {
		return true
	}
	return orgWords[withoutClitic(d.lowers[c.to-1])]
}

// classifyRest classifies what is left of a run after its first words.
func (es *entities) classifyRest(c span, sources map[int]bool) {
	if c.to-c.from == 1 {
		es.classifySingle(c, sources)
		return
	}
	es.classify(c, sources)
}

// resolvePending makes a full name a person when its last word names one
// on its own ("Hillary Clinton ... Clinton said"): the one-word person
// takes the full name.
func (es *entities) resolvePending() {
	for _, c := range es.pending {
		full := es.text(c)
		parts := strings.Fields(full)
		last := strings.ToLower(parts[len(parts)-1])
		if p := es.byName[strings.ToLower(full)]; p != nil {
			es.mention(p, c, whosaid.MentionName)
			continue
		}
		p := es.byName[last]
		if p == nil {
			// A full name known from its given name ("Hillary Clinton")
			// and now another with its surname ("Chelsea Clinton").
			p = es.personBySurname(last)
		}
		if p == nil || p.typ != whosaid.EntityPerson {
			if es.lx.given[es.d.lowers[c.from]] {
				// It opens with a given name ("He met Hillary Clinton").
				es.add(whosaid.EntityPerson, full, c, whosaid.MentionName)
			}
			continue
		}
		if strings.Contains(p.name, " ") {
			// Already a full name ("Hillary Clinton"): another full name
			// with that surname ("Chelsea Clinton") is another person.
			es.add(whosaid.EntityPerson, full, c, whosaid.MentionName)
			continue
		}
		p.name = full
		es.byName[strings.ToLower(full)] = p
		es.addSurname(last, p)
		es.mention(p, c, whosaid.MentionName)
	}
}

// addOrgOrPlace records c as a place (known name, place word, or a place
// noun after it) or an organisation (organisation word), if it is one.
func (es *entities) addOrgOrPlace(c span) bool {
	d, lx := es.d, es.lx
	text := es.text(c)
	if w := withoutClitic(d.lowers[c.to-1]); w != d.lowers[c.to-1] && (orgWords[w] || placeWords[w]) {
		text = trimClitic(text) // "the Media Research Center's"
	}
	key := strings.ToLower(text)
	if name, ok := lx.orgs[key]; ok {
		es.add(whosaid.EntityOrganization, name, c, whosaid.MentionName)
		return true
	}
	if name, ok := lx.places[key]; ok {
		es.add(whosaid.EntityPlace, name, c, whosaid.MentionName)
		return true
	}
	if placeWords[withoutClitic(d.lowers[c.to-1])] || c.to < len(d.toks) && placeNouns[d.lowers[c.to]] {
		es.add(whosaid.EntityPlace, text, c, whosaid.MentionName)
		return true
	}
	for i := c.from; i < c.to; i++ {
		if orgWords[withoutClitic(d.lowers[i])] {
			es.add(whosaid.EntityOrganization, text, c, whosaid.MentionName)
			return true
		}
	}
	return false
}

// splitRole finds a title in c and splits c into the role phrase, the
// organisation or place the title is of, and the name after them.
func (es *entities) splitRole(c span) (role, org, name span, ok bool) {
	d, lx := es.d, es.lx
	for j := c.from; j < c.to && j < c.from+3; j++ {
		n := longestMatch(d, j, c.to, lx.maxTitle, func(s string) bool { return lx.titles[s] })
		if n == 0 && j == c.from && honorifics[d.lowers[j]] {
			n = 1
		}
		if n == 0 {
			continue
		}
		end := j + n
		if end < c.to && titleAbbrevDot(d, end) {
			end++
		}
		if end < c.to && (d.lowers[end] == "of" || d.lowers[end] == "for") {
			k := end + 1
			if k < c.to && d.lowers[k] == "the" {
				k++
			}
			orgEnd := c.to
			lastOrg := -1
			for i := k; i < c.to; i++ {
				if orgWords[d.lowers[i]] {
					lastOrg = i
				}
			}
			switch {
			case lastOrg >= 0:
				orgEnd = lastOrg + 1
			case longestMatch(d, k, c.to, lx.maxPlace, func(s string) bool { _, ok := lx.places[s]; return ok }) > 0:
				orgEnd = k + longestMatch(d, k, c.to, lx.maxPlace, func(s string) bool { _, ok := lx.places[s]; return ok })
			case c.to-k >= 4:
				orgEnd = c.to - 2
			}
			return span{c.from, orgEnd}, span{k, orgEnd}, span{orgEnd, c.to}, true
		}
		return span{c.from, end}, span{}, span{end, c.to}, true
	}
	return span{}, span{}, span{}, false
}

// honorific: "Mr.", "Dr." and the like name no role.
func honorific(d *doc, role span) bool {
	n := role.to - role.from
	return honorifics[d.lowers[role.from]] && (n == 1 || n == 2 && titleAbbrevDot(d, role.from+1))
}

// classifySingle reads a one-word capitalised run: a surname of a known
// person, a known place, an acronym organisation, or the name of a
// person the text quotes.
func (es *entities) classifySingle(c span, sources map[int]bool) {
	d := es.d
	w := es.text(c)
	if p := es.personBySurname(w); p != nil {
		es.mention(p, c, whosaid.MentionName)
		return
	}
	if es.addOrgOrPlace(c) {
		return
	}
	if isAcronym(w) {
		es.add(whosaid.EntityOrganization, w, c, whosaid.MentionName)
		return
	}
	prevTitle := c.from > 0 && (es.lx.titles[d.lowers[c.from-1]] || titleAbbrevDot(d, c.from-1))
	if es.isNameLike(c) && (sources[c.from] || prevTitle) && !capStopwords[d.lowers[c.from]] &&
		(prevTitle || !es.commonWord(c.from)) {
		es.add(whosaid.EntityPerson, w, c, whosaid.MentionName)
	}
}

// isModifierWord: "Korean-born", "Angeles-area", "Texas-based".
func isModifierWord(w string) bool {
	for _, suf := range []string{"-born", "-area", "-based", "-bred", "-raised", "-led", "-backed", "-era"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// isGroupWord: a plural naming a group, not a person ("Americans",
// "Millennials", "Socialists").
func isGroupWord(w string) bool {
	for _, suf := range []string{"ians", "eans", "icans", "ials", "ists", "ites"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// commonWord says whether the capitalised word at i only looks like a
// name because it opens a sentence: it is a common word (commonwords.go)
// or the text also has it in lower case ("Critics said ..." and "the
// critics").
func (es *entities) commonWord(i int) bool {
	d := es.d
	if i > 0 && d.toks[i-1].sent == d.toks[i].sent && d.toks[i-1].kind != tokQuote && d.tok(i-1) != ":" {
		return false
	}
	if es.lx.common[d.lowers[i]] {
		return true
	}
	// A few words are looked for by scanning the tokens; an article asking
	// for many (a huge one) gets a set, so the cost stays linear.
	h := d.hashes[i]
	if found, ok := es.lowerScanned[h]; ok {
		return found // "Trump said ..." opens many sentences
	}
	if es.lowerWords == nil && len(es.lowerScanned) < 8 {
		found := false
		for j, t := range d.toks {
			if d.hashes[j] == h && t.kind == tokWord && d.text[t.start:t.end] == d.lowers[j] {
				found = true
				break
			}
		}
		if es.lowerScanned == nil {
			es.lowerScanned = make(map[uint32]bool, 8)
		}
		es.lowerScanned[h] = found
		return found
	}
	if es.lowerWords == nil {
		es.lowerWords = map[uint32]struct{}{}
		for j, t := range d.toks {
			if t.kind == tokWord && d.text[t.start:t.end] == d.lowers[j] {
				es.lowerWords[d.hashes[j]] = struct{}{}
			}
		}
	}
	_, ok := es.lowerWords[d.hashes[i]]
	return ok
}

// personBySurname returns the person a surname alone refers to: the one
// whose name ends with w or, of several ("Hillary Clinton", "Chelsea
// Clinton"), the one named most often so far, the first named on a tie.
// News writing calls the person an article is about by the surname and
// the others by their full or first names.
func (es *entities) personBySurname(w string) *ent {
	var best *ent
	for _, p := range es.surnames[strings.ToLower(w)] {
		if best == nil || nameMentions(p) > nameMentions(best) {
			best = p
		}
	}
	return best
}

// addSurname records that person p's name ends with surname last.
func (es *entities) addSurname(last string, p *ent) {
	if !slices.Contains(es.surnames[last], p) {
		es.surnames[last] = append(es.surnames[last], p)
	}
}

// nameMentions counts the mentions of e by name.
func nameMentions(e *ent) int {
	n := 0
	for _, m := range e.mentions {
		if m.kind == whosaid.MentionName {
			n++
		}
	}
	return n
}

// appositions attach roles written after a name: "Jane Doe, the
// Secretary-General of ...," and "Josh Earnest, the White House press
// secretary,".
func (es *entities) appositions() {
	d := es.d
	for _, p := range es.list {
		if p.typ != whosaid.EntityPerson {
			continue
		}
		for _, m := range p.mentions {
			i := m.sp.to
			if i+2 >= len(d.toks) || d.tok(i) != "," {
				continue
			}
			end := i + 1
			hasTitle := false
			for end < len(d.toks) && end-i < 14 && d.toks[end].sent == d.toks[i].sent && d.tok(end) != "," && d.toks[end].kind != tokQuote {
				if es.lx.titles[d.lowers[end]] {
					hasTitle = true
				}
				end++
			}
			if !hasTitle || end >= len(d.toks) || (d.tok(end) != "," && d.tok(end) != ".") {
				continue
			}
			if l := d.lowers[i+1]; l != "the" && l != "a" && l != "an" && !isCapitalised(d, i+1) {
				continue
			}
			if es.namesPerson(span{i + 1, end}) {
				continue // "Trump, Sen. Ted Cruz and ...": a list, not a role
			}
			if es.hasCue(span{i + 1, end}) {
				continue // "Clinton, a top aide said, ...": an attribution
			}
			if text, rsp := es.roleText(span{i + 1, end}); text != "" {
				es.addRole(p, text, rsp)
			}
		}
	}
}

// hasCue says whether sp holds part of an attribution's cue.
func (es *entities) hasCue(sp span) bool {
	for k := sp.from; k < sp.to; k++ {
		if es.cues[k] {
			return true
		}
	}
	return false
}

// namesPerson says whether a person is mentioned inside sp.
func (es *entities) namesPerson(sp span) bool {
	for k := sp.from; k < sp.to; k++ {
		if e := es.byTok[k]; e != nil && e.typ == whosaid.EntityPerson {
			return true
		}
	}
	return false
}

// output assigns IDs in order of first mention and fills res.Entities;
// it returns the ID of each entity.
func (es *entities) output(res *entityResult) map[*ent]whosaid.EntityID {
	order := make([]int, 0, len(es.list))
	for i, e := range es.list {
		if len(e.mentions) > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return es.list[order[a]].first < es.list[order[b]].first })
	ids := make(map[*ent]whosaid.EntityID, len(order))
	res.Entities = slices.Grow(res.Entities, len(order))
	for n, i := range order {
		e := es.list[i]
		id := whosaid.EntityID("e" + strconv.Itoa(n+1))
		ids[e] = id
		out := whosaid.Entity{ID: id, Type: e.typ, Name: e.name, Roles: make([]string, 0, len(e.roles)),
			RoleSpans: make([]whosaid.Span, 0, len(e.roles)), Mentions: make([]whosaid.Mention, 0, len(e.mentions))}
		for _, r := range e.roles {
			out.Roles = append(out.Roles, r.text)
			out.RoleSpans = append(out.RoleSpans, es.d.spanOf(r.sp))
		}
		sort.Slice(e.mentions, func(a, b int) bool { return e.mentions[a].sp.from < e.mentions[b].sp.from })
		for _, m := range e.mentions {
			out.Mentions = append(out.Mentions, whosaid.Mention{Span: es.d.spanOf(m.sp), Kind: m.kind})
		}
		res.Entities = append(res.Entities, out)
	}
	return ids
}
