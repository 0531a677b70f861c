package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
)

// statusOf maps domain error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	ledger.EINVALID:      http.StatusUnprocessableEntity,
	ledger.EMALFORMED:    http.StatusBadRequest,
	ledger.ENOTFOUND:     http.StatusNotFound,
	ledger.ECONFLICT:     http.StatusConflict,
	ledger.EUNAUTHORIZED: http.StatusUnauthorized,
	ledger.EFORBIDDEN:    http.StatusForbidden,
	ledger.ETOOMANY:      http.StatusTooManyRequests,
	ledger.EUNAVAILABLE:  http.StatusServiceUnavailable,
	ledger.EINTERNAL:     http.StatusInternalServerError,
}

// retryAfter is the Retry-After of a 503, in seconds: long enough for a
// start-up check at 1M entries (about 4 s) to pass in two tries.
const retryAfter = "2"

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

// keyed is the request's context carrying its form's one-time key (the
// hidden "nonce" field) for the store's write: see sqlite.WithFormKey. The
// key is required: a form sent without one is refused ("this form has
// expired"), so no state-changing form can be applied twice.
func keyed(r *http.Request) context.Context {
	key := r.PostFormValue("nonce")
	if key == "" {
		key = noKey
	}
	return sqlite.WithFormKey(r.Context(), key)
}

// noKey stands for a missing form key: too short to be one, so the store
// refuses the write.
const noKey = "-"

// once is keyed for forms that make something a second submission would
// make again (a pledge, a need, a lot, a shipment): sent again by the same
// member with a NEW key but the same content within minutes (the back
// button re-fetched the form, whose key is new, then submit), it is asked
// about first (sqlite.Resent, answered by Error) unless the sender ticked
// that they mean a second one.
func once(r *http.Request) context.Context {
	ctx := keyed(r)
	m := currentMember(r.Context())
	if !m.SignedIn() {
		return ctx
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00", m.User, r.URL.Path)
	for _, k := range slices.Sorted(maps.Keys(r.PostForm)) {
		if k == "nonce" || k == views.AgainField {
			continue
		}
		for _, v := range r.PostForm[k] {
			fmt.Fprintf(h, "%q=%q\x00", k, strings.TrimSpace(v))
		}
	}
	// A form with a file (the spending's invoice) is the same only with
	// the same file: its content counts, not its name.
	for k, fh := range uploads(r) {
		fmt.Fprintf(h, "%q=file:%x\x00", k, fileSum(fh))
	}
	return sqlite.WithFormContent(ctx, hex.EncodeToString(h.Sum(nil)), r.PostFormValue(views.AgainField) != "")
}

// fileSum is the SHA-256 of an uploaded file, or nil if it cannot be read.
func fileSum(fh *multipart.FileHeader) []byte {
	f, err := fh.Open()
	if err != nil {
		return nil
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	return h.Sum(nil)
}

// sentFiles names the files a form carried (field and file name): the
// question about a form sent again asks for them once more.
func sentFiles(r *http.Request) []views.FormField {
	var out []views.FormField
	for k, fh := range uploads(r) {
		out = append(out, views.FormField{Name: k, Value: fh.Filename})
	}
	return out
}

// uploads yields the files a multipart form carried, by field name in order.
func uploads(r *http.Request) iter.Seq2[string, *multipart.FileHeader] {
	return func(yield func(string, *multipart.FileHeader) bool) {
		if r.MultipartForm == nil {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(r.MultipartForm.File)) {
			for _, fh := range r.MultipartForm.File[k] {
				if !yield(k, fh) {
					return
				}
			}
		}
	}
}

// made answers a form that made or changed something with a redirect to
// the page of what it made (POST/redirect/GET), noted against the form's
// key so that sending the form again leads there too.
func (s *Server) made(w http.ResponseWriter, r *http.Request, page string) {
	if key := r.PostFormValue("nonce"); key != "" && key != noKey {
		if err := s.store.FormMade(context.WithoutCancel(r.Context()), key, page); err != nil {
			// What was made is saved; only a replay's way to it is lost.
			s.log.Error("noting a form's page", "path", r.URL.Path, "err", err)
		}
	}
	http.Redirect(w, r, page, http.StatusSeeOther)
}

// replayed returns the page a form sent again leads to: the page of what
// its first submission made, waiting a moment for the first submission
// (a double tap) to note it. "" if err is no replay or nothing is noted.
func (s *Server) replayed(r *http.Request, err error) string {
	var rp *sqlite.Replayed
	if !errors.As(err, &rp) {
		return ""
	}
	key := r.PostFormValue("nonce")
	for i := 0; rp.Made == "" && key != "" && i < 40; i++ {
		select {
		case <-r.Context().Done():
			return ""
		case <-time.After(50 * time.Millisecond):
		}
		page, err := s.store.FormPage(r.Context(), key)
		if err != nil {
			return ""
		}
		rp.Made = page
	}
	return rp.Made
}

// Error is the one place an error becomes a response (as WTF Dial's
// Error). It takes the status from the error's code and logs an internal
// error, once, here. It answers JSON or text clients in kind; a refused
// form (f given) is shown again with the message beside the field, whatever
// the error, so what was typed is never lost; otherwise someone not signed
// in gets the sign-in form (coming back afterwards) and anyone else an
// error page.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error, f ...form) {
	if page := s.replayed(r, err); page != "" {
		http.Redirect(w, r, page, http.StatusSeeOther)
		return
	}
	as, _ := r.Context().Value(errorsAsKey{}).(errorsAs)
	if rs := (*sqlite.Resent)(nil); as == errorsAsPage && errors.As(err, &rs) {
		vm := views.NewResentVM(r.Context(), rs.Made, rs.At, s.now(), localPath(r.URL.RequestURI()), r.PostForm)
		vm.Files = sentFiles(r)
		s.render(w, r, http.StatusConflict, views.ResentPage(vm))
		return
	}
	code := ledger.ErrorCode(err)
	if code == ledger.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status := statusOf[code]
	if status == http.StatusServiceUnavailable {
		// Nothing was done and nothing is wrong with the request: a
		// client may ask again (aidtrail-verify does, within a bound).
		w.Header().Set("Retry-After", retryAfter)
	}
	msg := views.ErrorText(r.Context(), err)
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
