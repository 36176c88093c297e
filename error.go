package whosaid

import (
	"errors"
	"fmt"
)

// Error codes, mapped once at the edges: to an HTTP status in http/, to a
// message and exit status in the CLI.
const (
	EINVALID  = "invalid"   // bad input: malformed file, parameter, date
	ENOTFOUND = "not_found" // no such article, person, route
	ECONFLICT = "conflict"  // already exists
	EINTERNAL = "internal"  // a bug or an unavailable dependency
	EAUTH     = "unauthorized"
)

// Error is an error with a code and a message meant for users.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is or wraps an *Error, and
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of an
// *Error, or a generic one for internal errors.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
