package http

import (
	"fmt"
	"sort"
	"strings"

	"whosaid"
)

// Span kinds in the flat span list of an article.
const (
	kindSource      = "source"
	kindCue         = "cue"
	kindContent     = "content"
	kindMention     = "mention"
	kindRole        = "role"
	kindDateline    = "dateline"
	kindDate        = "date"
	kindInteraction = "interaction"
)

// markedSpan is one span of an extraction with what it is: the API's flat
// view of an article and the input of the highlighter.
type markedSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Kind  string `json:"kind"`
	// Attribution indexes Extraction.Attributions for source, cue and
	// content spans; -1 otherwise.
	Attribution int `json:"attribution"`
	// Speaker is the attribution's speaker name, for source/cue/content.
	Speaker string           `json:"speaker,omitempty"`
	Entity  whosaid.EntityID `json:"entity,omitempty"`
}

// extractionSpans lists every span of x in text order (ties: longer first).
func extractionSpans(x *whosaid.Extraction) []markedSpan {
	if x == nil {
		return []markedSpan{}
	}
	out := []markedSpan{}
	add := func(sp whosaid.Span, kind string, attr int, speaker string, ent whosaid.EntityID) {
		out = append(out, markedSpan{sp.Start, sp.End, sp.Text, kind, attr, speaker, ent})
	}
	for i, a := range x.Attributions {
		if a.Source != nil {
			add(*a.Source, kindSource, i, a.SpeakerName, a.Speaker)
		}
		add(a.Cue, kindCue, i, a.SpeakerName, a.Speaker)
		for _, c := range a.Contents {
			add(c, kindContent, i, a.SpeakerName, a.Speaker)
		}
	}
	for _, e := range x.Entities {
		for _, m := range e.Mentions {
			add(m.Span, kindMention, -1, "", e.ID)
		}
		for _, r := range e.RoleSpans {
			add(r, kindRole, -1, "", e.ID)
		}
	}
	if d := x.Dateline; d != nil {
		add(whosaid.Span{Start: d.Start, End: d.End}, kindDateline, -1, "", "")
	}
	for _, d := range x.Dates {
		add(d.Span, kindDate, -1, "", "")
	}
	for _, in := range x.Interactions {
		add(in.Cue, kindInteraction, -1, "", "")
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

// segment is a run of article text covered by the same highlights.
type segment struct {
	Text  string // with bidi controls made visible; escaped by the template
	Class string // "" for plain text; else space-separated span kinds
	Title string // tooltip: who said this content
	Tab   bool   // focusable: the first piece of each content
	Attr  int    // attribution index, -1 for none
	// Anchor is the content's start offset on its first piece (the mark's
	// id, so statement cards can link to it); -1 elsewhere.
	Anchor int
}

// highlight splits text at the code-point offsets of the source, cue and
// content spans, so each piece can be escaped on its own and wrapped in a
// mark. Offsets outside the text are clamped; empty spans are ignored.
func highlight(text string, spans []markedSpan) []segment {
	runes := []rune(text)
	n := len(runes)
	var hs []markedSpan
	cuts := map[int]bool{0: true, n: true}
	for _, sp := range spans {
		if sp.Kind != kindSource && sp.Kind != kindCue && sp.Kind != kindContent {
			continue
		}
		sp.Start, sp.End = clamp(sp.Start, 0, n), clamp(sp.End, 0, n)
		if sp.Start >= sp.End {
			continue
		}
		hs = append(hs, sp)
		cuts[sp.Start], cuts[sp.End] = true, true
	}
	bounds := make([]int, 0, len(cuts))
	for c := range cuts {
		bounds = append(bounds, c)
	}
	sort.Ints(bounds)
	seenContent := map[int]bool{}
	var out []segment
	for i := 0; i+1 < len(bounds); i++ {
		lo, hi := bounds[i], bounds[i+1]
		seg := segment{Text: inert(string(runes[lo:hi])), Attr: -1, Anchor: -1}
		var kinds []string
		var content *markedSpan
		for j := range hs {
			sp := &hs[j]
			if sp.Start <= lo && hi <= sp.End {
				kinds = append(kinds, sp.Kind)
				if seg.Attr < 0 || sp.Kind != kindContent {
					seg.Attr = sp.Attribution
				}
				if sp.Kind == kindContent {
					content = sp
				}
			}
		}
		if len(kinds) > 0 {
			seg.Class = classFor(kinds)
			seg.Title = titleFor(seg.Class, hs, seg.Attr)
			if content != nil {
				seg.Title = "Said by " + speakerOr(content.Speaker)
				if !seenContent[content.Start] {
					seg.Tab, seg.Anchor = true, content.Start
					seenContent[content.Start] = true
				}
			}
		}
		out = append(out, seg)
	}
	return out
}

// classFor orders the kinds covering a segment by priority: when spans
// overlap the most specific (cue, then source) wins the colour and the
// others stay in the class list.
func classFor(kinds []string) string {
	var out []string
	for _, k := range [...]string{kindCue, kindSource, kindContent} {
		for _, got := range kinds {
			if got == k {
				out = append(out, k)
				break
			}
		}
	}
	return strings.Join(out, " ")
}

func titleFor(class string, hs []markedSpan, attr int) string {
	speaker := ""
	for _, sp := range hs {
		if sp.Attribution == attr {
			speaker = sp.Speaker
			break
		}
	}
	switch strings.Fields(class)[0] {
	case kindCue:
		return fmt.Sprintf("Cue of a statement by %s", speakerOr(speaker))
	case kindSource:
		return fmt.Sprintf("Source: %s", speakerOr(speaker))
	}
	return ""
}

func speakerOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return "an unnamed source"
	}
	return inert(s)
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// inert makes the bidi control characters of untrusted text visible as
// "[U+202E]", so an article cannot reorder what the page shows around it.
// HTML escaping is left to html/template.
func inert(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isBidiControl(r) {
			fmt.Fprintf(&b, "[U+%04X]", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
