package ingest

import (
	"errors"
	"fmt"
	"io/fs"

	"whosaid"
)

// inputError is the error of one input: a *whosaid.Error whose message
// names the input, which also keeps the underlying cause so errors.Is still
// sees io.ErrUnexpectedEOF, context.DeadlineExceeded and the like.
type inputError struct {
	err   *whosaid.Error
	cause error
}

func (e *inputError) Error() string { return e.err.Message }

func (e *inputError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.err}
	}
	return []error{e.err, e.cause}
}

// invalidf reports bad input: "origin: message".
func invalidf(origin, format string, args ...any) error {
	return &inputError{err: whosaid.Errorf(whosaid.EINVALID, "%s: %s", origin, fmt.Sprintf(format, args...))}
}

// wrapf reports bad input caused by err: "origin: message: err". The code
// is ENOTFOUND for a missing file, EINVALID otherwise.
func wrapf(origin string, err error, format string, args ...any) error {
	code := whosaid.EINVALID
	if errors.Is(err, fs.ErrNotExist) {
		code = whosaid.ENOTFOUND
	}
	msg := fmt.Sprintf(format, args...)
	if msg != "" {
		msg += ": "
	}
	return &inputError{
		err:   whosaid.Errorf(code, "%s: %s%s", origin, msg, err),
		cause: err,
	}
}

// guard runs a third-party parser on outside input and turns a panic into
// an error, so one malformed page, record or feed cannot end a batch of
// thousands. The libraries are fuzzed here but not hardened by their
// authors.
func guard(lib string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s failed on this input: %v", lib, p)
		}
	}()
	return fn()
}
