package archive

import (
	"fmt"
	"reflect"
	"testing"

	"whosaid"
)

// fakeRows serves fixed rows through the Rows interface.
type fakeRows struct {
	rows [][]any
	i    int
}

func (f *fakeRows) Next() bool { f.i++; return f.i <= len(f.rows) }
func (f *fakeRows) Err() error { return nil }
func (f *fakeRows) Scan(dest ...any) error {
	row := f.rows[f.i-1]
	if len(row) != len(dest) {
		return fmt.Errorf("%d columns, %d destinations", len(row), len(dest))
	}
	for k, d := range dest {
		reflect.ValueOf(d).Elem().Set(reflect.ValueOf(row[k]))
	}
	return nil
}

func TestWeeklyCounts(t *testing.T) {
	// 2021-05-16 is a Sunday (week of Monday 05-10); 05-17 a Monday.
	got, err := WeeklyCounts(&fakeRows{rows: [][]any{{"2021-05-17", 2}, {"2021-05-16", 1}, {"2021-05-11", 3}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []whosaid.WeekCount{{Week: ParseDay("2021-05-10"), Count: 4}, {Week: ParseDay("2021-05-17"), Count: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestAddParticipants(t *testing.T) {
	ins := []whosaid.InteractionSeen{{ID: 7}, {ID: 9}}
	rows := &fakeRows{rows: [][]any{{int64(9), int64(1), "Ann"}, {int64(7), int64(0), "Ministry"}, {int64(9), int64(2), "Bo"}, {int64(5), int64(3), "unknown"}}}
	if err := AddParticipants(rows, ins); err != nil {
		t.Fatal(err)
	}
	if len(ins[0].Participants) != 1 || ins[0].Participants[0].Name != "Ministry" ||
		len(ins[1].Participants) != 2 || ins[1].Participants[1].Name != "Bo" {
		t.Errorf("participants %+v", ins)
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{"": "", "2021-05-16": "2021-05-16", "junk": ""} {
		if got := ParseDay(in).String(); got != want || Day(ParseDay(in)) != want {
			t.Errorf("ParseDay(%q) = %q, want %q", in, got, want)
		}
	}
}
