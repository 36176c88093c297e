package http

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"whosaid"
)

// problem is an RFC 9457 problem details object, the body of every API
// error, with whosaid's error code as an extension member.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

// errorStatus maps an error to an HTTP status, once for the whole server:
// whosaid codes first, then the transport's own failures (oversized body,
// deadline passed, client gone).
func errorStatus(err error) int {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return 499 // client closed request; never seen by the client
	}
	switch whosaid.ErrorCode(err) {
	case whosaid.EINVALID:
		return http.StatusBadRequest
	case whosaid.ENOTFOUND:
		return http.StatusNotFound
	case whosaid.ECONFLICT:
		return http.StatusConflict
	case whosaid.EAUTH:
		return http.StatusUnauthorized
	default:
		return http.StatusInternalServerError
	}
}

// errorDetail is the message shown to the client: users' messages for
// coded errors, generic text for internal ones (logged instead).
func errorDetail(err error, status int) (code, detail string) {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return whosaid.EINVALID, "request body too large"
	case http.StatusServiceUnavailable:
		return whosaid.EINTERNAL, "the request took too long; try a narrower query"
	}
	return whosaid.ErrorCode(err), whosaid.ErrorMessage(err)
}

// apiError writes err as application/problem+json, logging internal ones.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status := errorStatus(err)
	code, detail := errorDetail(err, status)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	s.problem(w, r, status, code, detail)
}

// problem writes one problem+json response.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="whosaid"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	writeJSONStatus(w, status, problem{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   code,
	})
}

// notFound answers unmatched paths: problem+json under /api/, a page
// elsewhere.
// A path served only for other methods is a 405 with an Allow header.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	err := whosaid.Errorf(whosaid.ENOTFOUND, "no such page: %s", r.URL.Path)
	if allow := s.allowed(r); allow != "" {
		w.Header().Set("Allow", allow)
		s.problem(w, r, http.StatusMethodNotAllowed, whosaid.EINVALID, r.Method+" is not allowed here; use "+allow)
		return
	}
	if isAPIPath(r.URL.Path) {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

func isAPIPath(p string) bool {
	return p == "/api" || len(p) >= 5 && p[:5] == "/api/" || p == "/healthz" || p == "/metrics"
}

// allowed lists the methods the path is served for, "" if none.
func (s *Server) allowed(r *http.Request) string {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method || m == http.MethodGet && r.Method == http.MethodHead {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/" {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}
