package http

import (
	"net/url"
	"strconv"
	"strings"

	"whosaid"
)

// Limits on what a client may ask for in one request.
const (
	defaultLimit = 20
	maxLimit     = 100
	maxParamLen  = 500
)

// statementFilter reads a StatementFilter from query parameters, shared by
// GET /api/statements and the search page. Unknown kinds, bad dates and
// out-of-range limits are EINVALID.
func statementFilter(q url.Values) (whosaid.StatementFilter, error) {
	var f whosaid.StatementFilter
	var err error
	for _, p := range []struct {
		name string
		dst  *string
	}{{"q", &f.Query}, {"about", &f.About}, {"speaker", &f.Speaker}, {"org", &f.Org}, {"outlet", &f.Outlet}, {"cursor", &f.Cursor}} {
		if *p.dst, err = textParam(q, p.name); err != nil {
			return f, err
		}
	}
	if f.Since, err = dateParam(q, "since"); err != nil {
		return f, err
	}
	if f.Until, err = dateParam(q, "until"); err != nil {
		return f, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since.Time) {
		return f, whosaid.Errorf(whosaid.EINVALID, "until (%s) is before since (%s)", f.Until, f.Since)
	}
	if f.Kind, err = kindParam(q); err != nil {
		return f, err
	}
	if f.Limit, err = limitParam(q); err != nil {
		return f, err
	}
	return f, nil
}

// textParam is a trimmed query parameter of bounded length.
func textParam(q url.Values, name string) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	if len(v) > maxParamLen {
		return "", whosaid.Errorf(whosaid.EINVALID, "%s: longer than %d bytes", name, maxParamLen)
	}
	return v, nil
}

func dateParam(q url.Values, name string) (whosaid.Date, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return whosaid.Date{}, nil
	}
	d, err := whosaid.ParseDate(v)
	if err != nil {
		return d, whosaid.Errorf(whosaid.EINVALID, "%s: want a date as YYYY-MM-DD", name)
	}
	return d, nil
}

func kindParam(q url.Values) (whosaid.AttributionKind, error) {
	switch k := whosaid.AttributionKind(strings.TrimSpace(q.Get("kind"))); k {
	case "", whosaid.Direct, whosaid.Indirect, whosaid.Mixed:
		return k, nil
	default:
		return "", whosaid.Errorf(whosaid.EINVALID, "kind: want direct, indirect or mixed")
	}
}

func limitParam(q url.Values) (int, error) {
	v := strings.TrimSpace(q.Get("limit"))
	if v == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return 0, whosaid.Errorf(whosaid.EINVALID, "limit: want a whole number from 1 to %d", maxLimit)
	}
	return n, nil
}

// idParam reads a positive integer path parameter such as {id}.
func idParam(s string, what string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, whosaid.Errorf(whosaid.ENOTFOUND, "no such %s: %q", what, s)
	}
	return id, nil
}

// optionalID reads an optional positive integer query parameter.
func optionalID(q url.Values, name string) (int64, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, whosaid.Errorf(whosaid.EINVALID, "%s: want a person id (a positive whole number)", name)
	}
	return id, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
