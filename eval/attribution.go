package eval

import (
	"strings"

	"whosaid"
)

// Role is the part a span plays in an attribution.
type Role int

// The roles scored.
const (
	Source Role = iota
	Cue
	Content
	numRoles
)

var roleNames = [numRoles]string{"Source", "Cue", "Content"}

func (r Role) String() string { return roleNames[r] }

// Attribution is one gold attribution: the fragments of its source, cue
// and content spans, in file order. A role filled by several spans
// (PolNeAR's "Content2") has the fragments of all of them.
type Attribution struct {
	// ID is the event's ID; Line its line in the .ann file.
	ID   string
	Line int
	// Type is the event type: "Attribution" or "Attribution-no-source".
	Type  string
	Frags [numRoles][]Frag
}

// Attributions returns the attribution events of a: every event whose
// type starts with "Attribution". Role names are read without their
// trailing digits ("Content2" is a Content); other roles are ignored. An
// argument naming no text-bound annotation is an EINVALID error naming
// the file and line.
func (a *Ann) Attributions() ([]Attribution, error) {
	var out []Attribution
	for _, ev := range a.Events {
		if !strings.HasPrefix(ev.Type, "Attribution") {
			continue
		}
		at := Attribution{ID: ev.ID, Line: ev.Line, Type: ev.Type}
		for _, arg := range ev.Args {
			role, ok := roleOf(arg.Role)
			if !ok {
				continue
			}
			tb := a.TextBounds[arg.ID]
			if tb == nil {
				return nil, whosaid.Errorf(whosaid.EINVALID, "%s:%d: %s: no annotation %s", a.Name, ev.Line, ev.ID, arg.ID)
			}
			at.Frags[role] = append(at.Frags[role], tb.Frags...)
		}
		out = append(out, at)
	}
	return out, nil
}

func roleOf(name string) (Role, bool) {
	name = strings.TrimRight(name, "0123456789")
	for r, n := range roleNames {
		if n == name {
			return Role(r), true
		}
	}
	return 0, false
}
