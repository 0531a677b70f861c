package handlers

import (
	"net/http"

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
	ledger.EINTERNAL:     http.StatusInternalServerError,
}

// fail renders err as an error page in the user's language. Only internal
// errors are logged, here, once.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := ledger.ErrorCode(err)
	if code == ledger.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == ledger.EUNAUTHORIZED {
		// Not signed in (or the session expired): offer the sign-in form,
		// coming back here afterwards if this was a page.
		vm := views.LoginVM{Error: views.ErrorText(r.Context(), err)}
		if r.Method == http.MethodGet {
			vm.Return = localPath(r.URL.RequestURI())
		}
		s.render(w, r, statusOf[code], views.LoginPage(vm))
		return
	}
	s.render(w, r, statusOf[code], views.ErrorPage(views.ErrorText(r.Context(), err)))
}

// failPlain answers machine clients (tiles, checkpoint) in plain text.
func (s *Server) failPlain(w http.ResponseWriter, r *http.Request, err error) {
	code := ledger.ErrorCode(err)
	if code == ledger.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	http.Error(w, err.Error(), statusOf[code])
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, views.ErrorPage(views.T(r.Context()).Common.NotFound))
}
