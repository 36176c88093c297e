package extract

import (
	"bufio"
	"embed"
	"strings"
	"sync"
)

//go:embed data/*.txt
var dataFS embed.FS

// lexicons are the hand-compiled word lists the entity stages read
// (extract/data/*.txt): places with alternate names, titles, agencies.
type lexicons struct {
	places   map[string]string // lower-cased name -> canonical name
	maxPlace int               // longest place name, in words
	titles   map[string]bool   // lower-cased title, words joined by spaces
	maxTitle int
	agencies map[string]string // abbreviation -> full name
	common   map[string]bool   // words written in lower case (commonwords.go)
	given    map[string]bool   // given names (givennames.go)
	orgs     map[string]string // lower-cased known organisation -> its name
}

var loadLexicons = sync.OnceValue(func() *lexicons {
	lx := &lexicons{places: map[string]string{}, titles: map[string]bool{}, agencies: map[string]string{}}
	eachLine("data/places.txt", func(line string) {
		name, alts, _ := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		for _, n := range append([]string{name}, strings.Split(alts, ",")...) {
			if n = strings.TrimSpace(n); n != "" {
				lx.places[strings.ToLower(n)] = name
				lx.maxPlace = max(lx.maxPlace, len(strings.Fields(n)))
			}
		}
	})
	eachLine("data/titles.txt", func(line string) {
		lx.titles[line] = true
		lx.maxTitle = max(lx.maxTitle, len(strings.Fields(line)))
	})
	loadCommonWords(lx)
	loadGivenNames(lx)
	lx.orgs = map[string]string{}
	eachLine("data/organizations.txt", func(line string) {
		lx.orgs[strings.ToLower(line)] = line
	})
	eachLine("data/agencies.txt", func(line string) {
		abbr, name, _ := strings.Cut(line, "=")
		lx.orgs[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(name)
		lx.agencies[strings.TrimSpace(abbr)] = strings.TrimSpace(name)
	})
	return lx
})

// eachLine calls fn with every non-empty, non-comment line of an embedded
// data file. The files ship with the binary, so a read error is a build
// defect and panics at the first use, in every test.
func eachLine(name string, fn func(string)) {
	f, err := dataFS.Open(name)
	if err != nil {
		panic("extract: embedded " + name + ": " + err.Error())
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			fn(line)
		}
	}
}

// phrase joins the lower-cased tokens [from, to) with spaces, the key of
// the multi-word lexicons.
func (d *doc) phrase(from, to int) string {
	if to-from == 1 {
		return d.lowers[from]
	}
	var b strings.Builder
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(' ')
		}
		b.WriteString(d.lowers[i])
	}
	return b.String()
}

// longestMatch returns the length of the longest entry of lex starting at
// token i within [i, end), at most maxWords long, or 0.
func longestMatch(d *doc, i, end, maxWords int, has func(string) bool) int {
	for n := min(maxWords, end-i); n > 0; n-- {
		if has(d.phrase(i, i+n)) {
			return n
		}
	}
	return 0
}

// orgWords mark a capitalised phrase as an organisation's name.
var orgWords = map[string]bool{
	"movement": true, "party": true, "press": true, "house": true, "team": true, "survey": true, "ministry": true, "committee": true, "council": true,
	"university": true, "republic": true, "organization": true, "organisation": true,
	"agency": true, "association": true, "union": true, "institute": true, "foundation": true,
	"department": true, "corporation": true, "company": true, "inc.": true, "corp.": true,
	"group": true, "bank": true, "fund": true, "office": true, "commission": true, "court": true,
	"senate": true, "congress": true, "parliament": true, "assembly": true, "army": true,
	"forces": true, "police": true, "service": true, "news": true, "times": true, "post": true,
	"network": true, "campaign": true, "administration": true, "government": true,
	"church": true, "federation": true, "front": true, "alliance": true, "coalition": true,
	"board": true, "bureau": true, "league": true, "club": true, "center": true, "centre": true,
	"school": true, "college": true, "academy": true, "museum": true, "hospital": true,
	"authority": true, "guard": true, "brigades": true, "corps": true, "navy": true,
	"command": true, "society": true, "journal": true, "herald": true, "tribune": true,
	"magazine": true, "television": true, "radio": true, "caucus": true, "cabinet": true,
	"nations": true, "airlines": true, "institution": true, "foundation's": true,
}

// placeWords end a place's name ("Al-Aqsa Mosque"); placeNouns follow one
// ("Sheikh Jarrah neighborhood").
var (
	placeWords = map[string]bool{
		"mosque": true, "square": true, "street": true, "avenue": true, "road": true, "river": true,
		"lake": true, "mountain": true, "mountains": true, "island": true, "islands": true,
		"airport": true, "province": true, "county": true, "district": true, "valley": true,
		"bay": true, "sea": true, "ocean": true, "gulf": true, "strait": true, "canal": true,
		"palace": true, "temple": true, "camp": true, "bridge": true, "park": true, "stadium": true,
		"strip": true, "peninsula": true, "desert": true, "heights": true,
	}
	placeNouns = map[string]bool{
		"neighborhood": true, "neighbourhood": true, "district": true, "province": true, "city": true,
		"town": true, "village": true, "county": true, "region": true, "area": true, "camp": true,
		"governorate": true, "refugee": true,
	}
	// placeModifiers may precede a place's name without being part of it.
	placeModifiers = map[string]bool{
		"holy": true, "northern": true, "southern": true, "eastern": true, "western": true,
		"central": true, "greater": true, "occupied": true, "north": true, "south": true,
		"east": true, "west": true, "upper": true, "lower": true, "downtown": true,
	}
)

// capStopwords are capitalised only because they open a sentence.
var capStopwords = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true, "they": true,
	"we": true, "i": true, "you": true, "but": true, "and": true, "or": true, "in": true,
	"on": true, "at": true, "for": true, "this": true, "that": true, "these": true, "those": true,
	"his": true, "her": true, "their": true, "our": true, "my": true, "your": true, "its": true,
	"after": true, "before": true, "when": true, "while": true, "as": true, "if": true, "so": true,
	"what": true, "who": true, "why": true, "how": true, "there": true, "here": true, "some": true,
	"many": true, "most": true, "all": true, "one": true, "two": true, "no": true, "not": true,
	"yes": true, "since": true, "during": true, "with": true, "from": true, "by": true, "to": true,
	"of": true, "also": true, "both": true, "each": true, "every": true, "then": true, "now": true,
	"still": true, "yet": true, "however": true, "meanwhile": true, "according": true, "among": true,
	"under": true, "over": true, "about": true, "instead": true, "despite": true, "although": true,
	"because": true, "god": true, "let": true, "do": true, "does": true, "did": true,
	"is": true, "are": true, "was": true, "were": true, "will": true, "would": true, "can": true,
	"could": true, "should": true, "may": true, "might": true, "must": true, "has": true, "have": true,
	"had": true, "read": true, "watch": true, "more": true, "just": true,
	"even": true, "only": true, "like": true, "unlike": true, "last": true, "next": true,
	"today": true, "yesterday": true, "tomorrow": true,
	// determiners, quantifiers and indefinite pronouns that open sentences
	"several": true, "another": true, "other": true, "others": true, "few": true, "any": true,
	"such": true, "much": true, "less": true, "none": true, "either": true, "neither": true,
	"anyone": true, "someone": true, "everyone": true, "anybody": true, "somebody": true,
	"everybody": true, "nobody": true, "whoever": true, "whatever": true, "which": true,
	"where": true, "three": true, "four": true, "five": true, "dozens": true, "hundreds": true,
	"thousands": true, "millions": true, "we're": true, "i'm": true,
}

// partyWords name a side, not a person: "Republican presidential nominee
// Donald Trump", "Democrats said".
var partyWords = map[string]bool{
	"republican": true, "republicans": true, "democrat": true, "democrats": true,
	"democratic": true, "gop": true, "conservative": true, "conservatives": true,
	"liberal": true, "liberals": true, "progressive": true, "progressives": true,
	"independent": true, "independents": true, "tory": true, "tories": true,
}
