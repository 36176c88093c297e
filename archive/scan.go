package archive

import (
	"sort"
	"time"

	"whosaid"
)

// Scanner and Rows are what database/sql and pgx results share. Both
// stores read rows through the helpers below, so each column list's
// mapping onto the domain types is written once.
type Scanner interface {
	Scan(dest ...any) error
}

// Rows is a result set: database/sql's *Rows and pgx.Rows satisfy it.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// ScanAll reads every row with scan. The caller closes rows.
func ScanAll[T any](rows Rows, scan func(Scanner) (T, error)) ([]T, error) {
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Day is how both stores keep dates: "YYYY-MM-DD", or "" when unknown.
func Day(d whosaid.Date) string { return d.String() }

// ParseDay reads a stored day back; "" (or anything unreadable) is the
// zero Date.
func ParseDay(s string) whosaid.Date {
	if s == "" {
		return whosaid.Date{}
	}
	d, err := whosaid.ParseDate(s)
	if err != nil {
		return whosaid.Date{}
	}
	return d
}

// ScanPerson reads id, name, n_statements, n_interactions.
func ScanPerson(s Scanner) (whosaid.Person, error) {
	var p whosaid.Person
	err := s.Scan(&p.ID, &p.Name, &p.Statements, &p.Interactions)
	return p, err
}

// ScanSighting reads article_id, url, outlet, title, published.
func ScanSighting(s Scanner) (whosaid.Sighting, error) {
	var (
		sg        whosaid.Sighting
		published string
	)
	err := s.Scan(&sg.ArticleID, &sg.URL, &sg.Outlet, &sg.Title, &published)
	sg.Published = ParseDay(published)
	return sg, err
}

// ScanInteraction reads id, kind, happened, place, article_id, title,
// published; participants are added by AddParticipants.
func ScanInteraction(s Scanner) (whosaid.InteractionSeen, error) {
	var (
		in                    whosaid.InteractionSeen
		kind, when, published string
	)
	err := s.Scan(&in.ID, &kind, &when, &in.Where, &in.ArticleID, &in.Title, &published)
	in.Kind, in.When, in.Published = whosaid.InteractionKind(kind), ParseDay(when), ParseDay(published)
	in.Participants = []whosaid.PersonRef{}
	return in, err
}

// AddParticipants reads rows of interaction_id, person id (0 for an
// organisation), name, in the text's order, into ins.
func AddParticipants(rows Rows, ins []whosaid.InteractionSeen) error {
	at := make(map[int64]int, len(ins))
	for i, in := range ins {
		at[in.ID] = i
	}
	for rows.Next() {
		var iid int64
		var p whosaid.PersonRef
		if err := rows.Scan(&iid, &p.ID, &p.Name); err != nil {
			return err
		}
		if i, ok := at[iid]; ok {
			ins[i].Participants = append(ins[i].Participants, p)
		}
	}
	return rows.Err()
}

// ScanString reads one text column (aliases).
func ScanString(s Scanner) (string, error) {
	var v string
	err := s.Scan(&v)
	return v, err
}

// ScanRole reads role, first_seen, last_seen.
func ScanRole(s Scanner) (whosaid.RoleSeen, error) {
	var (
		r           whosaid.RoleSeen
		first, last string
	)
	err := s.Scan(&r.Role, &first, &last)
	r.FirstSeen, r.LastSeen = ParseDay(first), ParseDay(last)
	return r, err
}

// AddStatementSightings reads rows of statement_id followed by the
// sighting columns of ScanSighting into sts.
func AddStatementSightings(rows Rows, sts []whosaid.Statement) error {
	at := make(map[int64]int, len(sts))
	for i := range sts {
		at[sts[i].ID] = i
	}
	for rows.Next() {
		var (
			sid       int64
			sg        whosaid.Sighting
			published string
		)
		if err := rows.Scan(&sid, &sg.ArticleID, &sg.URL, &sg.Outlet, &sg.Title, &published); err != nil {
			return err
		}
		sg.Published = ParseDay(published)
		if i, ok := at[sid]; ok {
			sts[i].Sightings = append(sts[i].Sightings, sg)
		}
	}
	return rows.Err()
}

// WeeklyCounts reads rows of (day, count) into counts per week starting
// Monday, oldest first.
func WeeklyCounts(rows Rows) ([]whosaid.WeekCount, error) {
	n := map[time.Time]int{}
	for rows.Next() {
		var (
			d string
			c int
		)
		if err := rows.Scan(&d, &c); err != nil {
			return nil, err
		}
		n[Monday(ParseDay(d).Time)] += c
	}
	out := []whosaid.WeekCount{}
	for w, c := range n {
		out = append(out, whosaid.WeekCount{Week: whosaid.Date{Time: w}, Count: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Week.Before(out[j].Week.Time) })
	return out, rows.Err()
}
