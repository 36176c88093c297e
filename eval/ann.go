package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"whosaid"
)

// Frag is one contiguous piece of a span: half-open code-point offsets.
type Frag struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// TextBound is a brat text-bound annotation,
// "T1<TAB>Source 110 112<TAB>we"; a discontinuous one has several
// fragments ("Content 2103 2168;2170 2425").
type TextBound struct {
	ID    string
	Label string
	Frags []Frag
	// Text is the annotated text as the .ann file repeats it; brat joins
	// the fragments of a discontinuous span with a space.
	Text string
	// Line is where the annotation starts in its file, for messages.
	Line int
}

// Arg is one argument of an event: a role ("Source", "Content2") and the
// ID of the text-bound annotation filling it.
type Arg struct {
	Role string
	ID   string
}

// Event is a brat event, "E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1":
// its type, trigger and arguments.
type Event struct {
	ID      string
	Type    string
	Trigger string
	Args    []Arg
	Line    int
}

// Ann is a parsed .ann file. Annotation kinds the scorer has no use for
// (notes, attributes, relations, normalisations, equivalences) are
// skipped.
type Ann struct {
	Name       string
	TextBounds map[string]*TextBound
	Events     []Event
}

// ParseAnn reads a brat standoff file; name is used in messages. A line
// it cannot read is an EINVALID error naming name:line. Text-bound
// annotations whose text contains line breaks (PolNeAR has a few) are read
// across the lines that continue them.
func ParseAnn(r io.Reader, name string) (*Ann, error) {
	ann := &Ann{Name: name, TextBounds: map[string]*TextBound{}}
	br := bufio.NewReader(r)
	var (
		open *TextBound // a text-bound annotation whose text may continue
		want int        // the code points its text should have
		n    int
	)
	for {
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			if errors.Is(err, io.EOF) {
				return ann, nil
			}
			return nil, whosaid.Errorf(whosaid.EINVALID, "%s:%d: %v", name, n+1, err)
		}
		n++
		line = strings.TrimRight(line, "\r\n")
		if !utf8.ValidString(line) {
			return nil, invalid(name, n, "not valid UTF-8")
		}
		if open != nil && utf8.RuneCountInString(open.Text) < want && !looksLikeAnnotation(line) {
			open.Text += "\n" + line
			continue
		}
		open = nil
		if strings.TrimSpace(line) == "" {
			continue
		}
		id, rest, _ := strings.Cut(line, "\t")
		if id == "" {
			return nil, invalid(name, n, "line without an annotation ID")
		}
		switch id[0] {
		case 'T':
			tb, err := parseTextBound(id, rest, n)
			if err != nil {
				return nil, invalid(name, n, err.Error())
			}
			if _, dup := ann.TextBounds[id]; dup {
				return nil, invalid(name, n, "duplicate ID "+id)
			}
			ann.TextBounds[id] = tb
			open, want = tb, textLen(tb.Frags)
		case 'E':
			ev, err := parseEvent(id, rest, n)
			if err != nil {
				return nil, invalid(name, n, err.Error())
			}
			ann.Events = append(ann.Events, ev)
		case '#', 'A', 'M', 'R', 'N', '*':
			// Notes, attributes, relations, normalisations, equivalences.
		default:
			return nil, invalid(name, n, fmt.Sprintf("unrecognised line %.40q", line))
		}
	}
}

func invalid(name string, line int, msg string) error {
	return whosaid.Errorf(whosaid.EINVALID, "%s:%d: %s", name, line, msg)
}

// looksLikeAnnotation reports whether line starts like a brat annotation:
// an ID (a letter or '#' or '*' and digits) and a tab. It tells a new
// annotation from the continuation of a multi-line text.
func looksLikeAnnotation(line string) bool {
	id, _, ok := strings.Cut(line, "\t")
	if !ok || id == "" || !strings.ContainsRune("TEAMRN#*", rune(id[0])) {
		return false
	}
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// textLen is the length brat's text column has for frags: the fragments
// joined by single spaces.
func textLen(frags []Frag) int {
	n := len(frags) - 1
	for _, f := range frags {
		n += f.End - f.Start
	}
	return n
}

func parseTextBound(id, rest string, line int) (*TextBound, error) {
	if len(id) < 2 {
		return nil, errors.New("text-bound annotation without ID number")
	}
	spec, text, _ := strings.Cut(rest, "\t")
	label, ranges, ok := strings.Cut(spec, " ")
	if !ok || label == "" {
		return nil, fmt.Errorf("%s: want \"LABEL START END\", got %.40q", id, spec)
	}
	tb := &TextBound{ID: id, Label: label, Text: text, Line: line}
	for _, r := range strings.Split(ranges, ";") {
		a, b, ok := strings.Cut(strings.TrimSpace(r), " ")
		s, err1 := strconv.Atoi(a)
		e, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || s < 0 || e < s {
			return nil, fmt.Errorf("%s: bad span %.40q", id, r)
		}
		tb.Frags = append(tb.Frags, Frag{s, e})
	}
	return tb, nil
}

func parseEvent(id, rest string, line int) (Event, error) {
	fields := strings.Fields(rest)
	if len(id) < 2 || len(fields) == 0 {
		return Event{}, fmt.Errorf("%s: want \"TYPE:TRIGGER ROLE:ID...\"", id)
	}
	typ, trig, ok := strings.Cut(fields[0], ":")
	if !ok || typ == "" || trig == "" {
		return Event{}, fmt.Errorf("%s: bad trigger %.40q", id, fields[0])
	}
	ev := Event{ID: id, Type: typ, Trigger: trig, Line: line}
	for _, f := range fields[1:] {
		role, ref, ok := strings.Cut(f, ":")
		if !ok || role == "" || ref == "" {
			return Event{}, fmt.Errorf("%s: bad argument %.40q", id, f)
		}
		ev.Args = append(ev.Args, Arg{Role: role, ID: ref})
	}
	return ev, nil
}
