package http

import (
	"net/url"
	"testing"

	"whosaid"
)

// FuzzStatementFilter feeds arbitrary query strings to the parameter
// parser: it must never panic, and every refusal must be EINVALID (a 400),
// never an internal error.
func FuzzStatementFilter(f *testing.F) {
	for _, s := range []string{"", "q=Quds&limit=5", "since=2021-05-01&until=2021-04-01", "kind=shouted", "limit=-1", "since=2021-13-45", "q=%ZZ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		filter, err := statementFilter(q)
		if err != nil {
			if whosaid.ErrorCode(err) != whosaid.EINVALID {
				t.Fatalf("%q: %v is not EINVALID", raw, err)
			}
			return
		}
		if filter.Limit < 1 || filter.Limit > maxLimit {
			t.Fatalf("%q: limit %d", raw, filter.Limit)
		}
	})
}

func TestStatementFilter(t *testing.T) {
	tests := []struct {
		query string
		ok    bool
		limit int
	}{
		{"", true, defaultLimit},
		{"q=+Quds+&limit=100", true, 100},
		{"limit=101", false, 0},
		{"since=2021-05-01&until=2021-05-01", true, defaultLimit},
		{"since=2021-05-02&until=2021-05-01", false, 0},
		{"until=2021-05-01T10:00:00Z", true, defaultLimit},
		{"kind=mixed", true, defaultLimit},
		{"kind=Direct", false, 0},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		f, err := statementFilter(q)
		if (err == nil) != tt.ok || tt.ok && f.Limit != tt.limit {
			t.Errorf("%q: filter %+v, err %v", tt.query, f, err)
		}
	}
}
