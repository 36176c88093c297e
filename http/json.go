package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"whosaid"
)

// writeJSON writes v as JSON with status 200.
func writeJSON(w http.ResponseWriter, v any) { writeJSONStatus(w, http.StatusOK, v) }

// writeJSONStatus writes v as JSON with the given status.
func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	writeBody(w, status, encodeJSON(v))
}

// encodeJSON encodes v, indented, with bidi controls escaped; nil if v
// cannot be encoded (a bug: every value here is plain data).
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	// Compact: a page of statements is a third smaller than indented,
	// and copying bodies is what a busy server spends most on (`jq`
	// indents for people).
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return nil
	}
	var out bytes.Buffer
	out.Grow(escapedLen(buf.Bytes()))
	writeEscapedBidi(&out, buf.Bytes())
	return out.Bytes()
}

// writeBody writes an encoded JSON body; nil (an encoding failure) is a
// clean 500.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	if body == nil {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"internal error","code":"internal"}` + "\n"))
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeEscapedBidi writes JSON with every bidi control character written
// as a \uXXXX escape. Such characters can only occur inside JSON strings,
// so the document decodes to the same value but cannot reorder what a
// terminal or log viewer shows (the "Trojan Source" trick).
func writeEscapedBidi(w io.Writer, b []byte) {
	start := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if isBidiControl(r) {
			w.Write(b[start:i])
			w.Write([]byte(`\u` + strconv.FormatInt(int64(r)+0x10000, 16)[1:]))
			start = i + n
		}
		i += n
	}
	w.Write(b[start:])
}

// escapedLen is the length writeEscapedBidi will write for b.
func escapedLen(b []byte) int {
	n := len(b)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if isBidiControl(r) {
			n += 6 - size
		}
		i += size
	}
	return n
}

// isBidiControl reports the explicit directional formatting characters:
// embeddings, overrides, isolates and their terminators.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// decodeJSON reads a JSON request body into v, rejecting unknown fields
// and trailing data so typos fail loudly.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return whosaid.Errorf(whosaid.EINVALID, "request body: %v", err)
	}
	if dec.More() {
		return whosaid.Errorf(whosaid.EINVALID, "request body: unexpected data after the JSON object")
	}
	return nil
}

// mediaType is the request's Content-Type without parameters, lower-case.
func mediaType(r *http.Request) string {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(ct)
	}
	return mt
}
