package archive

import (
	"encoding/base64"
	"strconv"
	"strings"

	"whosaid"
)

// Cursor is a position in a newest-first list of statements: the
// publication day and id of the last statement shown. Keyset paging stays
// fast on deep pages and stable while articles are added.
type Cursor struct {
	Published string // "YYYY-MM-DD" or "" for undated
	ID        int64
}

// String encodes the cursor as an opaque URL-safe token.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Published + "|" + strconv.FormatInt(c.ID, 10)))
}

// ParseCursor decodes a token from String; EINVALID for anything else.
func ParseCursor(s string) (Cursor, error) {
	bad := whosaid.Errorf(whosaid.EINVALID, "cursor: not one this server gave")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	day, id, ok := strings.Cut(string(b), "|")
	if !ok {
		return Cursor{}, bad
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return Cursor{}, bad
	}
	if day != "" {
		if _, err := whosaid.ParseDate(day); err != nil {
			return Cursor{}, bad
		}
	}
	return Cursor{Published: day, ID: n}, nil
}
