package handlers

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/gorilla/sessions"
)

// SessionLifetime is how long a sign-in lasts, checked on the server as
// well as by the cookie's Max-Age.
const SessionLifetime = 12 * time.Hour

// SessionKeys sign (HMAC-SHA256) and encrypt (AES-256) the session cookie.
type SessionKeys struct {
	Hash  []byte // 64 bytes
	Block []byte // 32 bytes
}

// NewSessionKeys returns fresh random keys.
func NewSessionKeys() (*SessionKeys, error) {
	b := make([]byte, 96)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return &SessionKeys{Hash: b[:64], Block: b[64:]}, nil
}

// LoadOrCreateSessionKeys reads the session keys from path, creating the
// file (mode 0600) with new keys on first start.
func LoadOrCreateSessionKeys(path string) (*SessionKeys, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, err := NewSessionKeys()
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("creating session keys: %w", err)
		}
		if _, err := f.Write(append(append([]byte{}, k.Hash...), k.Block...)); err != nil {
			f.Close()
			return nil, fmt.Errorf("writing session keys: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("writing session keys: %w", err)
		}
		return k, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading session keys: %w", err)
	}
	if len(b) != 96 {
		return nil, fmt.Errorf("session keys in %s: want 96 bytes, have %d", path, len(b))
	}
	return &SessionKeys{Hash: b[:64], Block: b[64:]}, nil
}

// Session values.
const (
	sessUser    = "uid"
	sessIssued  = "iat" // unix nanoseconds
	sessExpires = "exp" // unix seconds
)

// newCookieStore sets every cookie option explicitly instead of trusting
// the library's defaults (30 days, SameSite=None).
func newCookieStore(k *SessionKeys, secure bool) *sessions.CookieStore {
	cs := sessions.NewCookieStore(k.Hash, k.Block)
	cs.MaxAge(int(SessionLifetime / time.Second))
	cs.Options.Path = "/"
	cs.Options.HttpOnly = true
	cs.Options.Secure = secure
	cs.Options.SameSite = http.SameSiteLaxMode
	return cs
}

// sessionCookieName uses the __Host- prefix over https, so no subdomain
// or plain-http page can set it.
func sessionCookieName(secure bool) string {
	if secure {
		return "__Host-aidtrail"
	}
	return "aidtrail"
}

type memberKey struct{}

// viewer is who makes the request: the member, and why they are signed
// out if a session was presented but is no longer valid.
type viewer struct {
	member ledger.Member
	err    error // EUNAUTHORIZED "session expired", or nil
}

// currentMember returns the signed-in member, or the zero Member.
func currentMember(ctx context.Context) ledger.Member {
	v, _ := ctx.Value(memberKey{}).(viewer)
	return v.member
}

// withMember loads the member of the session cookie from the store on
// every request, so a removed member loses access at once. A forged or
// garbled cookie counts as signed out; an expired one too, remembering why.
func (s *Server) withMember(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v viewer
		sess, err := s.sessions.New(r, s.cookieName)
		if err == nil && !sess.IsNew {
			uid, _ := sess.Values[sessUser].(int64)
			iat, _ := sess.Values[sessIssued].(int64)
			exp, _ := sess.Values[sessExpires].(int64)
			switch {
			case uid <= 0:
			case s.now().Unix() >= exp:
				v.err = ledger.Errorf(ledger.EUNAUTHORIZED, "your session has expired; please sign in again")
			default:
				m, err := s.store.SessionMember(r.Context(), uid, time.Unix(0, iat))
				if ledger.ErrorCode(err) == ledger.EUNAUTHORIZED {
					v.err = err
				} else if err != nil {
					s.Error(w, r, err)
					return
				}
				v.member = m
			}
		}
		if v.err != nil {
			s.endSession(w) // a dead cookie is dropped, not sent again and again
		}
		if v.member.SignedIn() {
			// Pages for a signed-in member are theirs alone.
			w.Header().Set("Cache-Control", "private, no-store")
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), memberKey{}, v)))
	})
}

// startSession issues a fresh session cookie for m, discarding whatever
// the request carried (no session fixation).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, m ledger.Member) error {
	sess := sessions.NewSession(s.sessions, s.cookieName)
	opts := *s.sessions.Options
	sess.Options = &opts
	now := s.now()
	sess.Values[sessUser] = m.User
	sess.Values[sessIssued] = now.UnixNano()
	sess.Values[sessExpires] = now.Add(SessionLifetime).Unix()
	return s.sessions.Save(r, w, sess)
}

// endSession deletes the session cookie.
func (s *Server) endSession(w http.ResponseWriter) {
	opts := *s.sessions.Options
	opts.MaxAge = -1
	http.SetCookie(w, sessions.NewCookie(s.cookieName, "", &opts))
}

// actor returns the signed-in member if may allows them, else answers 401
// (not signed in, or the session expired) or 403 and returns false.
func (s *Server) actor(w http.ResponseWriter, r *http.Request, may func(ledger.Member) bool) (ledger.Member, bool) {
	v, _ := r.Context().Value(memberKey{}).(viewer)
	if !v.member.SignedIn() && v.err != nil {
		s.Error(w, r, v.err)
		return v.member, false
	}
	if err := v.member.Require(may == nil || may(v.member)); err != nil {
		s.Error(w, r, err)
		return v.member, false
	}
	return v.member, true
}

// signedIn lets any signed-in member through.
var signedIn func(ledger.Member) bool

func isSecureURL(base string) bool { return strings.HasPrefix(strings.ToLower(base), "https://") }

// setFlash keeps a one-time value (a pledge's secret, an invitation link)
// in the encrypted session cookie for the page a POST redirects to: shown
// there once, never in a URL, a log or a public page.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, key, value string) error {
	sess, err := s.sessions.New(r, s.cookieName)
	if err != nil || sess.IsNew {
		return ledger.Errorf(ledger.EUNAUTHORIZED, "your session has expired; please sign in again")
	}
	sess.AddFlash(value, key)
	return s.sessions.Save(r, w, sess)
}

// takeFlash returns the value setFlash kept under key, once, or "".
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, key string) string {
	sess, err := s.sessions.New(r, s.cookieName)
	if err != nil || sess.IsNew {
		return ""
	}
	fl := sess.Flashes(key)
	if len(fl) == 0 {
		return ""
	}
	if err := s.sessions.Save(r, w, sess); err != nil {
		return "" // not shown rather than shown twice
	}
	v, _ := fl[len(fl)-1].(string)
	return v
}
