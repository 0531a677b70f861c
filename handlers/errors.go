package handlers

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/views"
)

// statusOf maps domain error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	ledger.EINVALID:      http.StatusUnprocessableEntity,
	ledger.ENOTFOUND:     http.StatusNotFound,
	ledger.ECONFLICT:     http.StatusConflict,
	ledger.EUNAUTHORIZED: http.StatusUnauthorized,
	ledger.EFORBIDDEN:    http.StatusForbidden,
	ledger.ETOOMANY:      http.StatusTooManyRequests,
	ledger.EUNAVAILABLE:  http.StatusServiceUnavailable,
	ledger.EINTERNAL:     http.StatusInternalServerError,
}

// form shows a refused form again: what was typed, the error's message in
// the reader's language beside the field it is about.
type form func(views.FormError) templ.Component

// errorsAs is how a request wants its errors: as a page (the default), as
// JSON or as plain text (machine clients: tiles, the checkpoint, streams).
type errorsAs int

const (
	errorsAsPage errorsAs = iota
	errorsAsJSON
	errorsAsText
)

type errorsAsKey struct{}

// answerErrorsAs marks r's errors to be answered as f.
func answerErrorsAs(r *http.Request, f errorsAs) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), errorsAsKey{}, f))
}

// jsonErrors marks r's errors to be answered as JSON if asJSON.
func jsonErrors(r *http.Request, asJSON bool) *http.Request {
	if !asJSON {
		return r
	}
	return answerErrorsAs(r, errorsAsJSON)
}

// answerErrorsAsText is middleware for machine endpoints.
func answerErrorsAsText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, answerErrorsAs(r, errorsAsText))
	})
}

// Error is the one place an error becomes a response (as WTF Dial's
// Error). It takes the status from the error's code and logs an internal
// error, once, here. It answers JSON or text clients in kind; a refused
// form (f given) is shown again with the message beside the field, whatever
// the error, so what was typed is never lost; otherwise someone not signed
// in gets the sign-in form (coming back afterwards) and anyone else an
// error page.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error, f ...form) {
	code := ledger.ErrorCode(err)
	if code == ledger.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status := statusOf[code]
	msg := views.ErrorText(r.Context(), err)
	as, _ := r.Context().Value(errorsAsKey{}).(errorsAs)
	switch {
	case as == errorsAsJSON:
		s.writeJSON(w, status, map[string]string{"error": msg, "code": code})
	case as == errorsAsText:
		http.Error(w, msg, status)
	case len(f) > 0:
		s.render(w, r, status, f[0](views.FormError{Message: msg, Field: ledger.FieldOf(err)}))
	case code == ledger.EUNAUTHORIZED:
		// Not signed in (or the session expired): offer the sign-in form,
		// coming back here afterwards if this was a page.
		vm := views.LoginVM{Error: msg}
		if r.Method == http.MethodGet {
			vm.Return = localPath(r.URL.RequestURI())
		}
		s.render(w, r, status, views.LoginPage(vm))
	default:
		s.render(w, r, status, views.ErrorPage(msg))
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, ledger.Errorf(ledger.ENOTFOUND, "there is no such page"))
}
