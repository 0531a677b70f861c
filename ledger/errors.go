// Package ledger is Aidtrail's domain: the entry envelope and its event
// vocabulary, the rules of custody and conservation, and the errors they
// raise. It knows nothing of SQL or HTTP.
package ledger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error codes, mapped to HTTP statuses in one place (handlers/errors.go).
const (
	EINVALID      = "invalid"      // bad input; nothing changed
	EMALFORMED    = "malformed"    // a request no form makes (a mangled or forged link)
	ENOTFOUND     = "not_found"    // no such thing
	ECONFLICT     = "conflict"     // the state moved on (double confirmation, concurrent action)
	EUNAUTHORIZED = "unauthorized" // not signed in, or the session expired
	EFORBIDDEN    = "forbidden"    // signed in but not allowed
	ETOOMANY      = "too_many"     // throttled
	EUNAVAILABLE  = "unavailable"  // not saved: the disk is full or failing; nothing changed, try later
	EINTERNAL     = "internal"     // a bug or a broken disk; logged once at the edge
)

// Error is a domain error. Format is the English message and doubles as the
// key of its translations, so the user sees it in their own language.
type Error struct {
	Code   string
	Format string
	Args   []any
	// Field names the input the error is about, as the form calls it
	// ("reason", "quantity"), so a form can mark it; "" for none.
	Field string
}

var _ error = (*Error)(nil)

func (e *Error) Error() string { return fmt.Sprintf(e.Format, e.Args...) }

// In returns a copy of e about the input field.
func (e *Error) In(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Format: format, Args: args}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for any other error.
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

// InField returns err about the input field, if it is a domain error not
// yet about one; any other error unchanged.
func InField(err error, field string) error {
	var e *Error
	if errors.As(err, &e) && e.Field == "" {
		return e.In(field)
	}
	return err
}

// LineField names input k ("item", "quantity") of line n of a form with
// lines (a need's, a pledge's), as errors about it carry it.
func LineField(n int, k string) string { return fmt.Sprintf("line_%d_%s", n, k) }

// ParseLineField is LineField's inverse: ok is false for any other name.
func ParseLineField(field string) (n int, k string, ok bool) {
	rest, ok := strings.CutPrefix(field, "line_")
	if !ok {
		return 0, "", false
	}
	num, k, ok := strings.Cut(rest, "_")
	if n, err := strconv.Atoi(num); ok && err == nil && n > 0 && k != "" {
		return n, k, true
	}
	return 0, "", false
}

// FieldOf returns the input a domain error is about, or "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
