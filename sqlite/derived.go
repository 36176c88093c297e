package sqlite

import (
	"context"
	"fmt"

	"whosaid/archive"
)

// laterRows are the rows derived from a transaction's articles that
// nothing in the transaction reads back: organisations, persons and their
// aliases and roles, statements and their other reports, interactions and
// sightings. They are written when the transaction ends, a kind at a time
// in statements of up to 32 rows (rows.go), instead of a few statements
// of each kind per article: some 29 statements per article were the
// largest cost of the writer after the indexes themselves.
//
// The persons and statements the articles name are looked up once for
// all of them (prefetch), and what earlier articles of the transaction
// added is kept here, so later ones find it without reading the tables.
type laterRows struct {
	persons    map[string]int64      // name key → id; 0: looked up and not stored
	statements map[string]*statement // key → statement; nil: looked up and not stored
	fresh      []*statement          // statements to insert, in id order

	orgs, newPersons, aliases, roles, otherReports []any
	interactions, participants, sightings          []any
}

// statement is a stored or new statement as this transaction knows it.
type statement struct {
	id    int64
	shown string // the day of the report the statement shows
	row   *statementRow
}

// statementRow is a new statement's row, which a report of it with an
// earlier day, later in the transaction, can still change.
type statementRow struct {
	id, ftsKey                      int64
	key                             string
	person                          any // person id or nil
	speaker, speakerKey, role, text string
	kind, cue                       string
	article                         int64
	published                       string
	attribution                     []byte
}

func (r *statementRow) values() []any {
	return []any{r.ftsKey, r.key, r.person, r.speaker, r.speakerKey, r.role, r.text,
		r.kind, r.cue, r.article, r.published, string(r.attribution)}
}

// forget drops the rows and what the transaction knows of stored persons
// and statements: after a savepoint rolls an article back, some of it is
// no longer true.
func (l *laterRows) forget() {
	l.persons, l.statements = nil, nil
	l.clear()
}

func (l *laterRows) clear() {
	l.fresh = nil
	l.orgs, l.newPersons, l.aliases, l.roles, l.otherReports = nil, nil, nil, nil, nil
	l.interactions, l.participants, l.sightings = nil, nil, nil
}

// prefetch looks up the persons and statements docs name that the
// transaction does not know yet.
func (l *laterRows) prefetch(ctx context.Context, tx wtx, docs []*archive.Doc) error {
	if l.persons == nil {
		l.persons, l.statements = map[string]int64{}, map[string]*statement{}
	}
	var personKeys, statementKeys []string
	for _, d := range docs {
		if d == nil {
			continue
		}
		for _, p := range d.People {
			if _, ok := l.persons[p.Key]; !ok {
				l.persons[p.Key] = 0
				personKeys = append(personKeys, p.Key)
			}
		}
		for _, st := range d.Statements {
			if _, ok := l.statements[st.Key]; !ok {
				l.statements[st.Key] = nil
				statementKeys = append(statementKeys, st.Key)
			}
		}
	}
	err := lPersonsByKey.each(ctx, tx, personKeys, func(scan func(...any) error) error {
		var id int64
		var key string
		if err := scan(&id, &key); err != nil {
			return err
		}
		l.persons[key] = id
		return nil
	})
	if err != nil {
		return internal("finding persons", err)
	}
	err = lStatementsByKey.each(ctx, tx, statementKeys, func(scan func(...any) error) error {
		s := new(statement)
		var key string
		if err := scan(&s.id, &key, &s.shown); err != nil {
			return err
		}
		l.statements[key] = s
		return nil
	})
	return internal("finding statements", err)
}

// write inserts the rows, parents before the rows that refer to them
// (ReplaceExtraction runs with foreign keys checked).
func (l *laterRows) write(ctx context.Context, tx wtx) error {
	if err := writeRows(ctx, tx,
		kindRows{l.newPersons, bInsertPerson, "inserting person"},
		kindRows{l.aliases, bInsertAlias, "inserting alias"},
		kindRows{l.roles, bUpsertRole, "upserting role"},
		kindRows{l.orgs, bInsertOrg, "inserting organisation"},
	); err != nil {
		return err
	}
	if err := l.writeStatements(ctx, tx); err != nil {
		return err
	}
	if err := writeRows(ctx, tx,
		kindRows{l.otherReports, bInsertStatementSighting, "inserting statement sighting"},
		kindRows{l.interactions, bInsertInteraction, "inserting interaction"},
		kindRows{l.participants, bInsertParticipant, "inserting participant"},
		kindRows{l.sightings, bInsertSighting, "inserting sighting"},
	); err != nil {
		return err
	}
	for _, s := range l.fresh {
		s.row = nil // stored now
	}
	l.clear()
	return nil
}

// kindRows are rows of one kind and the statement that writes them.
type kindRows struct {
	rows []any
	b    batched
	what string
}

func writeRows(ctx context.Context, tx wtx, kinds ...kindRows) error {
	for _, k := range kinds {
		if _, err := k.b.exec(ctx, tx, k.rows); err != nil {
			return internal(k.what, err)
		}
	}
	return nil
}

// writeStatements inserts the new statements, whose ids SQLite gives
// them, and checks they are the ids their full-text keys were made with.
func (l *laterRows) writeStatements(ctx context.Context, tx wtx) error {
	if len(l.fresh) == 0 {
		return nil
	}
	rows := make([]any, 0, bInsertStatement.width*len(l.fresh))
	for _, s := range l.fresh {
		rows = append(rows, s.row.values()...)
	}
	last, err := bInsertStatement.exec(ctx, tx, rows)
	if err != nil {
		return internal("inserting statement", err)
	}
	if want := l.fresh[len(l.fresh)-1].id; last != want {
		return internal("inserting statement", fmt.Errorf("the last statement has id %d, not the %d its full-text key holds", last, want))
	}
	return nil
}

// insertDerived adds what the extraction of article id says: the
// organisations it names, its persons, statements and interactions.
func insertDerived(ctx context.Context, tx wtx, id int64, d *archive.Doc, p *pending) error {
	l := &p.rows
	if err := l.prefetch(ctx, tx, []*archive.Doc{d}); err != nil {
		return err
	}
	for _, o := range d.Orgs {
		l.orgs = append(l.orgs, id, o)
	}
	day := archive.Day(d.Article.Published)
	persons, err := l.upsertPersons(ctx, tx, d.People, day)
	if err != nil {
		return err
	}
	if err := l.upsertStatements(ctx, tx, id, day, d.Statements, persons, p); err != nil {
		return err
	}
	for _, in := range d.Interactions {
		iid, err := tx.interactionID(ctx)
		if err != nil {
			return internal("inserting interaction", err)
		}
		l.interactions = append(l.interactions, iid, id, string(in.Kind), archive.Day(in.When), in.Where, in.Cue)
		for i, pt := range in.Participants {
			var pid any
			if v, ok := persons[pt.PersonKey]; ok && pt.PersonKey != "" {
				pid = v
				p.count(v, 0, 1)
			}
			l.participants = append(l.participants, iid, i, pid, pt.Name)
		}
	}
	return nil
}

// upsertPersons merges each person into the one with the same name key,
// adding its aliases and widening the first/last seen dates of its roles.
// It returns the article's person ids by key.
func (l *laterRows) upsertPersons(ctx context.Context, tx wtx, people []archive.PersonRow, day string) (map[string]int64, error) {
	ids := make(map[string]int64, len(people))
	for _, p := range people {
		id := l.persons[p.Key]
		if id == 0 {
			var err error
			if id, err = tx.personID(ctx); err != nil {
				return nil, internal("inserting person", err)
			}
			l.persons[p.Key] = id
			l.newPersons = append(l.newPersons, id, p.Key, p.Name)
		}
		ids[p.Key] = id
		for _, al := range p.Aliases {
			l.aliases = append(l.aliases, id, archive.NameKey(al), al)
		}
		for _, r := range p.Roles {
			l.roles = append(l.roles, id, r, day, day)
		}
	}
	return ids, nil
}

// upsertStatements adds a report in article id of each statement,
// creating the statements whose keys are new (counted and indexed in p)
// and moving to this article those whose shown report is later than this
// one. SQLite has one writer, so what was read stays true.
func (l *laterRows) upsertStatements(ctx context.Context, tx wtx, id int64, day string, sts []archive.StatementRow, persons map[string]int64, p *pending) error {
	for _, st := range sts {
		s := l.statements[st.Key]
		if s == nil {
			var pid any
			if v, ok := persons[st.PersonKey]; ok && st.PersonKey != "" {
				pid = v
				p.count(v, 1, 0)
			}
			sid, err := tx.statementID(ctx)
			if err != nil {
				return internal("inserting statement", err)
			}
			s = &statement{id: sid, shown: day, row: &statementRow{id: sid, ftsKey: ftsKey(day, sid), key: st.Key, person: pid,
				speaker: st.Speaker, speakerKey: archive.NameKey(st.Speaker), role: st.Role, text: st.Content,
				kind: string(st.Kind), cue: st.Cue, article: id, published: day, attribution: st.Attribution}}
			l.statements[st.Key] = s
			l.fresh = append(l.fresh, s)
			p.addStatement(sid)
			continue // the statement row is this report
		}
		if day == "" || (s.shown != "" && day >= s.shown) {
			// statement_sightings holds a statement's other reports only:
			// the one it shows is the statement row itself.
			l.otherReports = append(l.otherReports, s.id, id, day, string(st.Attribution))
			continue
		}
		// An earlier report: the statement shows it from now on, and the
		// one it showed becomes one of its other reports.
		if err := l.moveStatement(ctx, tx, s, id, day, st, p); err != nil {
			return err
		}
	}
	return nil
}

func (l *laterRows) moveStatement(ctx context.Context, tx wtx, s *statement, id int64, day string, st archive.StatementRow, p *pending) error {
	s.shown = day
	if r := s.row; r != nil {
		l.otherReports = append(l.otherReports, r.id, r.article, r.published, string(r.attribution))
		r.article, r.published, r.attribution, r.cue, r.ftsKey = id, day, st.Attribution, st.Cue, ftsKey(day, r.id)
		return nil
	}
	// Its full-text row is keyed by day: drop it, p re-adds it.
	if _, err := tx.exec(ctx, qUnindexStatement, s.id); err != nil {
		return internal("updating statement", err)
	}
	p.moved = append(p.moved, itoa(s.id))
	if _, err := tx.exec(ctx, qKeepShownSighting, s.id); err != nil {
		return internal("updating statement", err)
	}
	if _, err := tx.exec(ctx, qMoveStatement, id, day, string(st.Attribution), st.Cue, s.id); err != nil {
		return internal("updating statement", err)
	}
	return nil
}
