package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"whosaid"
)

// Doc is an article and its extraction as rows, ready for a store to write
// in one transaction.
type Doc struct {
	Article   whosaid.Article // Published falls back to the extraction's
	TextHash  string
	SimHash   uint64
	Extractor string
	// Extraction is the extraction as JSON; nil when there is none.
	Extraction []byte
	// Packed is the extraction in a store's own form, set by its Pack
	// (Packer); nil until then.
	Packed       []byte
	People       []PersonRow
	Statements   []StatementRow
	Interactions []InteractionRow
	// Orgs are the organisations the article names, as NameKeys, for the
	// --org filter.
	Orgs []string
}

// PersonRow is a person entity of the article, merged with the archive's
// persons by Key.
type PersonRow struct {
	Key     string
	Name    string
	Aliases []string // other names the article calls them by
	Roles   []string
}

// StatementRow is one attribution. Key groups the same quote by the same
// speaker across articles; within an article each Key appears once.
type StatementRow struct {
	Key         string
	PersonKey   string // "" when the speaker is not a person entity
	Speaker     string
	Role        string
	Content     string
	Kind        whosaid.AttributionKind
	Cue         string
	Attribution []byte // the whosaid.Attribution as JSON
}

// InteractionRow is one interaction with its participants in order.
type InteractionRow struct {
	Kind         whosaid.InteractionKind
	When         whosaid.Date
	Where        string
	Cue          string
	Participants []Participant
}

// Participant is an entity taking part in an interaction; PersonKey is ""
// for organisations and places.
type Participant struct {
	PersonKey string
	Name      string
}

// Prepare turns an article and its extraction (which may be nil) into rows.
// It returns EINVALID for an article without text or with invalid UTF-8.
func Prepare(a whosaid.Article, x *whosaid.Extraction) (*Doc, error) {
	return PrepareHashed(a, x, Fingerprint{})
}

// PrepareHashed is Prepare for a caller that has Fingerprints(a.Text)
// already (the zero Fingerprint if not): normalising the text is a good
// part of the work.
func PrepareHashed(a whosaid.Article, x *whosaid.Extraction, fp Fingerprint) (*Doc, error) {
	if strings.TrimSpace(a.Text) == "" {
		return nil, whosaid.Errorf(whosaid.EINVALID, "article %q: no text", a.ID)
	}
	if !utf8.ValidString(a.Text) {
		return nil, whosaid.Errorf(whosaid.EINVALID, "article %q: text is not valid UTF-8", a.ID)
	}
	if fp.TextHash == "" {
		fp = Fingerprints(a.Text)
	}
	d := &Doc{Article: a, TextHash: fp.TextHash, SimHash: fp.SimHash}
	if x == nil {
		return d, nil
	}
	if d.Article.Published.IsZero() {
		d.Article.Published = x.Published
	}
	if d.Article.Title == "" {
		d.Article.Title = x.Title
	}
	attrs := make([][]byte, len(x.Attributions))
	for i, at := range x.Attributions {
		var err error
		if attrs[i], err = json.Marshal(at); err != nil {
			return nil, whosaid.Errorf(whosaid.EINTERNAL, "article %q: encoding attribution: %v", a.ID, err)
		}
	}
	var err error
	if d.Extraction, err = encodeExtraction(x, attrs); err != nil {
		return nil, whosaid.Errorf(whosaid.EINTERNAL, "article %q: encoding extraction: %v", a.ID, err)
	}
	d.Extractor = x.Extractor
	ents := map[whosaid.EntityID]whosaid.Entity{}
	for _, e := range x.Entities {
		ents[e.ID] = e
		switch e.Type {
		case whosaid.EntityPerson:
			if p, ok := personRow(e); ok {
				d.People = append(d.People, p)
			}
		case whosaid.EntityOrganization:
			if k := NameKey(e.Name); k != "" {
				d.Orgs = append(d.Orgs, k)
			}
		}
	}
	d.People = mergePeople(d.People)
	d.Orgs = uniq(d.Orgs)
	seen := map[string]bool{}
	for i, at := range x.Attributions {
		s := statementRow(at, attrs[i], ents)
		if s.Content == "" || seen[s.Key] {
			continue
		}
		seen[s.Key] = true
		d.Statements = append(d.Statements, s)
	}
	for _, in := range x.Interactions {
		d.Interactions = append(d.Interactions, interactionRow(in, ents))
	}
	// Concurrent writers (postgres) lock person and statement rows in key
	// order, so two articles sharing people never deadlock.
	slices.SortFunc(d.People, func(a, b PersonRow) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(d.Statements, func(a, b StatementRow) int { return strings.Compare(a.Key, b.Key) })
	return d, nil
}

func personRow(e whosaid.Entity) (PersonRow, bool) {
	p := PersonRow{Key: NameKey(e.Name), Name: strings.TrimSpace(e.Name)}
	if p.Key == "" {
		return p, false
	}
	for _, m := range e.Mentions {
		al := withoutPossessive(strings.TrimSpace(m.Text))
		if m.Kind == whosaid.MentionName && NameKey(al) != p.Key && NameKey(al) != "" {
			p.Aliases = append(p.Aliases, al)
		}
	}
	// "Donald J. Trump" is also found as "Donald Trump".
	if short := withoutInitials(p.Name); short != p.Name {
		p.Aliases = append(p.Aliases, short)
	}
	for _, r := range e.Roles {
		if r = strings.TrimSpace(r); r != "" {
			p.Roles = append(p.Roles, r)
		}
	}
	p.Aliases, p.Roles = uniq(p.Aliases), uniq(p.Roles)
	return p, true
}

// withoutPossessive drops a trailing "'s" ("Trump's" is Trump).
func withoutPossessive(name string) string {
	for _, c := range []string{"'s", "\u2019s", "'S", "\u2019S"} {
		if v, ok := strings.CutSuffix(name, c); ok && v != "" {
			return v
		}
	}
	return name
}

// withoutInitials drops the middle initials of a name ("George H.W.
// Bush" -> "George Bush"); other names come back as they are.
func withoutInitials(name string) string {
	fs := strings.Fields(name)
	if len(fs) < 3 {
		return name
	}
	kept := []string{fs[0]}
	for _, f := range fs[1 : len(fs)-1] {
		if !isInitials(f) {
			kept = append(kept, f)
		}
	}
	if len(kept) == len(fs)-1 {
		return name
	}
	return strings.Join(append(kept, fs[len(fs)-1]), " ")
}

// isInitials: "J.", "H.W.", "J" (upper-case letters, each with or without
// its period, none longer than one letter).
func isInitials(f string) bool {
	run := 0
	for _, r := range f {
		switch {
		case r == '.':
			run = 0
		case unicode.IsUpper(r) && run == 0:
			run++
		default:
			return false
		}
	}
	return f != "" && f != "."
}

// mergePeople merges person entities of one article with the same key
// (an extractor may split one person in two).
func mergePeople(ps []PersonRow) []PersonRow {
	var out []PersonRow
	at := map[string]int{}
	for _, p := range ps {
		i, ok := at[p.Key]
		if !ok {
			at[p.Key] = len(out)
			out = append(out, p)
			continue
		}
		out[i].Aliases = uniq(append(out[i].Aliases, p.Aliases...))
		out[i].Roles = uniq(append(out[i].Roles, p.Roles...))
	}
	return out
}

// encodeExtraction returns json.Marshal(x) given its attributions
// already encoded (each statement keeps its own): x is encoded without
// them and the array spliced in where encoding/json wrote null, which
// saves encoding the largest part of an extraction twice. Inside a JSON
// string every quote is escaped, so the key with its null can only be
// the field's.
func encodeExtraction(x *whosaid.Extraction, attrs [][]byte) ([]byte, error) {
	if x.Attributions == nil {
		return json.Marshal(x)
	}
	bare := *x
	bare.Attributions = nil
	b, err := json.Marshal(&bare)
	if err != nil {
		return nil, err
	}
	const null = `"attributions":null`
	i := bytes.Index(b, []byte(null))
	if i < 0 {
		return nil, errors.New("no attributions field")
	}
	n := len(b) + len(attrs) + 1
	for _, a := range attrs {
		n += len(a)
	}
	out := append(make([]byte, 0, n), b[:i]...)
	out = append(out, `"attributions":[`...)
	for j, a := range attrs {
		if j > 0 {
			out = append(out, ',')
		}
		out = append(out, a...)
	}
	out = append(out, ']')
	return append(out, b[i+len(null):]...), nil
}

func statementRow(at whosaid.Attribution, encoded []byte, ents map[whosaid.EntityID]whosaid.Entity) StatementRow {
	parts := make([]string, 0, len(at.Contents))
	for _, c := range at.Contents {
		if t := strings.TrimSpace(c.Text); t != "" {
			parts = append(parts, t)
		}
	}
	s := StatementRow{Speaker: strings.TrimSpace(at.SpeakerName), Content: strings.Join(parts, " … "), Kind: at.Kind, Cue: at.Cue.Text}
	if e, ok := ents[at.Speaker]; ok {
		if e.Type == whosaid.EntityPerson && NameKey(e.Name) != "" {
			s.PersonKey = NameKey(e.Name)
			s.Speaker = strings.TrimSpace(e.Name)
		}
		if len(e.Roles) > 0 {
			s.Role = e.Roles[0]
		}
	}
	s.Key = StatementKey(s.Content) + ":" + NameKey(s.Speaker)
	s.Attribution = encoded
	return s
}

func interactionRow(in whosaid.Interaction, ents map[whosaid.EntityID]whosaid.Entity) InteractionRow {
	r := InteractionRow{Kind: in.Kind, Cue: in.Cue.Text}
	if in.When != nil {
		r.When = in.When.Date
	}
	if in.Where != nil {
		r.Where = in.Where.Name
	}
	seen := map[string]bool{}
	for _, id := range in.Participants {
		e, ok := ents[id]
		if !ok || NameKey(e.Name) == "" || seen[NameKey(e.Name)] {
			continue
		}
		seen[NameKey(e.Name)] = true
		p := Participant{Name: strings.TrimSpace(e.Name)}
		if e.Type == whosaid.EntityPerson {
			p.PersonKey = NameKey(e.Name)
		}
		r.Participants = append(r.Participants, p)
	}
	return r
}

// NameKey is the key persons are merged by: the name's words, lower case,
// one space apart ("Ali Akbar  Velayati" = "ali akbar velayati").
func NameKey(name string) string { return strings.Join(words(name), " ") }

func uniq(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// words splits s into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
