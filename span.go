package whosaid

import (
	"encoding/json"
	"time"
)

// Span is a piece of the text: half-open code-point offsets and the text
// they cover, so a reader can check it without re-slicing.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Len is the span's length in code points.
func (s Span) Len() int { return s.End - s.Start }

// Overlaps reports whether two spans share at least one code point.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// EntityID names an entity within one extraction ("e1"). The empty ID
// encodes as JSON null.
type EntityID string

// MarshalJSON writes null for the empty ID.
func (id EntityID) MarshalJSON() ([]byte, error) {
	if id == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(id))
}

// UnmarshalJSON reads a string or null.
func (id *EntityID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*id = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*id = EntityID(s)
	return nil
}

// Date is a calendar day. The zero Date encodes as JSON null; others as
// "YYYY-MM-DD".
type Date struct{ time.Time }

// DateLayout is how dates are written in JSON and on the command line.
const DateLayout = "2006-01-02"

// ParseDate reads "YYYY-MM-DD" or an RFC 3339 timestamp (keeping its day).
func ParseDate(s string) (Date, error) {
	if t, err := time.Parse(DateLayout, s); err == nil {
		return Date{t}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "date %q: want YYYY-MM-DD or RFC 3339", s)
	}
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}, nil
}

// String is "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// MarshalJSON writes null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads null, "" or a date ParseDate accepts.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
