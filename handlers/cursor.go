package handlers

// Keyset cursors in URLs. A list page links to its next page with the sort
// key of its last row, sealed with an HMAC so the link is opaque: a mangled
// or forged cursor is refused with 400 instead of being read.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// cursorParam is the query parameter every keyset-paged list reads.
const cursorParam = "after"

// cursorMAC is the length of a cursor's tag in bytes.
const cursorMAC = 12

// cursors seals and opens the store's page keys for one server.
type cursors struct{ key []byte }

// newCursors derives the cursor key from the session keys, so cursors stay
// valid across restarts of the same data directory.
func newCursors(k *SessionKeys) cursors {
	m := hmac.New(sha256.New, k.Hash)
	m.Write([]byte("aidtrail page cursors"))
	return cursors{key: m.Sum(nil)}
}

func (c cursors) tag(list, key string) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(list))
	m.Write([]byte{0})
	m.Write([]byte(key))
	return m.Sum(nil)[:cursorMAC]
}

// seal turns a store's page key of list into an opaque cursor.
func (c cursors) seal(list, key string) string {
	b := append([]byte(key), c.tag(list, key)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sealKey is seal for a page key that may be "" (no next page): "" stays "".
func (c cursors) sealKey(list, key string) string {
	if key == "" {
		return ""
	}
	return c.seal(list, key)
}

// errBadCursor is the answer to a cursor this server did not make.
var errBadCursor = sqlite.ErrBadPageKey

// open returns the page key of list sealed in the request's cursor, "" if
// it has none. Returns EMALFORMED if the cursor was not sealed by this
// server for this list.
func (c cursors) open(r *http.Request, list string) (string, error) {
	return c.openAt(r, cursorParam, list)
}

// openAt is open for a page of several lists, each with its own parameter.
func (c cursors) openAt(r *http.Request, param, list string) (string, error) {
	raw := r.URL.Query().Get(param)
	if raw == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(b) <= cursorMAC {
		return "", errBadCursor
	}
	key, tag := string(b[:len(b)-cursorMAC]), b[len(b)-cursorMAC:]
	if !hmac.Equal(tag, c.tag(list, key)) {
		return "", errBadCursor
	}
	return key, nil
}

// nextURL is the request's page with the cursor of the page after key, or
// "" if there is none (key "").
func (c cursors) nextURL(r *http.Request, list, key string) string {
	return c.nextURLAt(r, cursorParam, list, key)
}

// nextURLAt is nextURL for a page of several lists, each with its own
// parameter (the others' cursors are kept).
func (c cursors) nextURLAt(r *http.Request, param, list, key string) string {
	if key == "" {
		return ""
	}
	q := r.URL.Query()
	q.Set(param, c.seal(list, key))
	return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
}

// firstURL is the request's page without a cursor (the first page of the
// same filters), or "" if the request is already there.
func firstURL(r *http.Request) string {
	q := r.URL.Query()
	if !q.Has(cursorParam) {
		return ""
	}
	q.Del(cursorParam)
	u := &url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return strings.TrimSuffix(u.String(), "?")
}
