package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token is made of.
type tokKind uint8

const (
	tokWord  tokKind = iota // letters, digits, and word-internal ' - . &
	tokNum                  // starts with a digit
	tokPunct                // any other single mark, or a dash run
	tokQuote                // a quotation mark (double, single, guillemet)
)

// token is a piece of the text with byte offsets into doc.text.
type token struct {
	// start and end are byte offsets; int32 keeps a token at 24 bytes
	// (articles are capped far below 2 GB).
	start, end int32
	kind       tokKind
	// nlBefore counts the line breaks between the previous token and this
	// one (up to 255): any break starts a paragraph.
	nlBefore uint8
	// sent and para are the indexes of the sentence and paragraph holding
	// the token.
	sent, para int32
}

// span is a half-open token range [from, to).
type span struct{ from, to int }

// doc is an article split into tokens, sentences and paragraphs. Offsets
// are bytes inside the pipeline and turned into code points on output.
type doc struct {
	text    string
	toks    []token
	sents   []span // token ranges
	paras   []span // token ranges
	offs    offsets
	lowers  []string // lower-cased token text, computed once
	hashes  []uint32 // hashString of lowers: features and word sets read it
	inQuote []bool   // token lies inside a direct quotation
	quotes  []quote
}

func newDoc(text string) *doc {
	d := &doc{text: text, offs: newOffsets(text)}
	d.tokenize()
	d.lowers = make([]string, len(d.toks))
	d.hashes = make([]uint32, len(d.toks))
	for i, t := range d.toks {
		d.lowers[i] = lowerASCIIFast(text[t.start:t.end])
		d.hashes[i] = hashString(d.lowers[i])
	}
	d.splitSentences()
	return d
}

// tok returns the text of token i.
func (d *doc) tok(i int) string { return d.text[d.toks[i].start:d.toks[i].end] }

// lowerASCIIFast lower-cases s, allocating only when s has upper case.
func lowerASCIIFast(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u2039', '\u203a',
		'\'', '\u2018', '\u2019', '\u201a', '\u201b', '`', '\u2033':
		return true
	}
	return false
}

// isApostrophe reports whether r can join a word ("Iran's", "Clinton’s").
func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiWord marks the ASCII letters and digits: most text is ASCII, and a
// table is much cheaper than the unicode range tables.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// tokenize splits the text into tokens. It never fails: any byte sequence,
// valid UTF-8 or not, yields tokens whose offsets lie inside the text.
func (d *doc) tokenize() {
	s := d.text
	nl := 0
	para := 0
	// News text runs 5 to 6 bytes a token: one allocation, mostly.
	d.toks = make([]token, 0, len(s)/5+16)
	for i := 0; i < len(s); {
		if c := s[i]; c == ' ' || c == '\t' || c == '\r' {
			i++ // the common separators, without decoding
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			nl++
			i += size
			continue
		case unicode.IsSpace(r) || r == utf8.RuneError && size <= 1 || unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
			i += size
			continue
		}
		start := i
		kind := tokPunct
		switch {
		case isWordRune(r):
			kind = tokWord
			if unicode.IsDigit(r) {
				kind = tokNum
			}
			i = scanWord(s, i)
		case isQuoteRune(r):
			kind = tokQuote
			i += size
		case r == '-' || r == '\u2014' || r == '\u2013':
			i += size
			for i < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[i:])
				if r2 != '-' && r2 != '\u2014' && r2 != '\u2013' {
					break
				}
				i += sz
			}
		case r == '.':
			i += size
			for i < len(s) && s[i] == '.' {
				i++
			}
		default:
			i += size
		}
		if nl > 0 && len(d.toks) > 0 {
			para++
		}
		d.toks = append(d.toks, token{start: int32(start), end: int32(i), kind: kind, nlBefore: uint8(min(nl, 255)), para: int32(para)})
		nl = 0
	}
}

// scanWord returns the end of the word starting at i. Apostrophes, hyphens,
// periods, ampersands and commas join a word when a word rune follows
// ("Al-Aqsa", "U.S.", "1,000", "AT&T"); an initialism keeps its final
// period ("U.S.").
func scanWord(s string, i int) int {
	start := i
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && asciiWord[c] {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			i += size
			continue
		}
		if r == '-' || r == '.' || r == '&' || r == ',' || isApostrophe(r) {
			r2, _ := utf8.DecodeRuneInString(s[i+size:])
			if i+size < len(s) && isWordRune(r2) {
				if r == ',' && !(unicode.IsDigit(r2) && i > start && s[i-1] >= '0' && s[i-1] <= '9') {
					break
				}
				i += size
				continue
			}
			if r == '.' && isInitialism(s[start:i]) {
				return i + size
			}
		}
		break
	}
	return i
}

// isInitialism reports whether w looks like "U.S" or "D.C" (single letters
// joined by periods), whose final period belongs to the word.
func isInitialism(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i, r := range w {
		if i%2 == 1 {
			if r != '.' {
				return false
			}
		} else if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "st": true, "jr": true, "sr": true,
	"prof": true, "rev": true, "jan": true, "feb": true, "mar": true, "apr": true, "aug": true,
	"sept": true, "sep": true, "oct": true, "nov": true, "dec": true, "inc": true, "corp": true,
	"co": true, "vs": true, "no": true, "mt": true, "ft": true, "pres": true, "atty": true,
	"capt": true, "cmdr": true, "adm": true, "supt": true, "hon": true, "messrs": true,
}

// splitSentences groups tokens into sentences and paragraphs.
func (d *doc) splitSentences() {
	n := len(d.toks)
	if n == 0 {
		return
	}
	sentStart, paraStart := 0, 0
	closeSent := func(end int) {
		if end > sentStart {
			d.sents = append(d.sents, span{sentStart, end})
		}
		sentStart = end
	}
	for i := 0; i < n; i++ {
		if i > 0 && d.toks[i].para != d.toks[i-1].para {
			closeSent(i)
			d.paras = append(d.paras, span{paraStart, i})
			paraStart = i
		}
		if !d.endsSentence(i) {
			continue
		}
		// Closing quotes and brackets after the period stay with it.
		j := i + 1
		for j < n && d.toks[j].para == d.toks[i].para && d.toks[j].start == d.toks[j-1].end &&
			(d.toks[j].kind == tokQuote || d.tok(j) == ")") {
			j++
		}
		if j < n && d.toks[j].para == d.toks[i].para && startsSentence(d, j) {
			closeSent(j)
			i = j - 1
		}
	}
	closeSent(n)
	d.paras = append(d.paras, span{paraStart, n})
	for si, s := range d.sents {
		for i := s.from; i < s.to; i++ {
			d.toks[i].sent = int32(si)
		}
	}
}

func (d *doc) endsSentence(i int) bool {
	w := d.tok(i)
	if w != "." && w != "!" && w != "?" && w != "..." && w != "\u2026" {
		return false
	}
	if w == "." && i > 0 && d.toks[i-1].end == d.toks[i].start {
		if abbreviations[d.lowers[i-1]] {
			return false
		}
		if r, size := utf8.DecodeRuneInString(d.tok(i - 1)); size == len(d.tok(i-1)) && unicode.IsUpper(r) {
			return false // an initial: "George W. Bush"
		}
	}
	return true
}

func startsSentence(d *doc, j int) bool {
	r, _ := utf8.DecodeRuneInString(d.tok(j))
	return unicode.IsUpper(r) || unicode.IsDigit(r) || d.toks[j].kind == tokQuote || d.tok(j) == "("
}

// offsets turns byte offsets into code-point offsets. ASCII text needs no
// table; otherwise checkpoints taken at rune boundaries every ~256 bytes
// bound the counting.
type offsets struct {
	text  string
	ascii bool
	pos   []int // pos[k]: first rune boundary at or after k*offsetStride
	count []int // count[k]: code points in text[:pos[k]]
}

const offsetStride = 256

func newOffsets(text string) offsets {
	o := offsets{text: text, ascii: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			o.ascii = false
			break
		}
	}
	if o.ascii {
		return o
	}
	n := 0
	for i := 0; i < len(text); {
		for len(o.pos)*offsetStride <= i {
			o.pos = append(o.pos, i)
			o.count = append(o.count, n)
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
		n++
	}
	return o
}

// runes returns the code-point offset of byte offset b, which must be a
// rune boundary (token offsets always are).
func (o offsets) runes(b int) int {
	if o.ascii {
		return b
	}
	k := b / offsetStride
	if k >= len(o.pos) {
		k = len(o.pos) - 1
	}
	for k > 0 && o.pos[k] > b {
		k--
	}
	if k < 0 {
		return utf8.RuneCountInString(o.text[:b])
	}
	return o.count[k] + utf8.RuneCountInString(o.text[o.pos[k]:b])
}
