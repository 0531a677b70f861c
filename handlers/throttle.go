package handlers

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

// Login throttling: per client IP (all attempts) and per account (failed
// attempts), so neither one address nor many can guess a password.
const (
	DefaultLoginsPerIP  = 30 // per minute; hospitals sit behind shared NATs
	accountFailures     = 5
	accountWindow       = 15 * time.Minute
	accountLimiterLimit = 100_000 // accounts tracked at once
)

func errTooMany() error {
	return ledger.Errorf(ledger.ETOOMANY, "too many failed attempts; try again in a few minutes")
}

// limitByIP limits requests per client IP, as set by
// middleware.ClientIPFromRemoteAddr (never a client-supplied header).
func (s *Server) limitByIP(perMinute int) func(http.Handler) http.Handler {
	return httprate.Limit(perMinute, time.Minute,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) {
			return middleware.GetClientIP(r.Context()), nil
		}),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, errTooMany())
		}))
}

// accountLimiter counts failed logins per e-mail address in memory.
type accountLimiter struct {
	mu   sync.Mutex
	now  func() time.Time
	seen map[string]*failures
}

type failures struct {
	n     int
	since time.Time
}

func newAccountLimiter(now func() time.Time) *accountLimiter {
	return &accountLimiter{now: now, seen: map[string]*failures{}}
}

func accountKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// check returns ETOOMANY if the account has failed too often lately.
func (l *accountLimiter) check(email string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.seen[accountKey(email)]
	if f != nil && l.now().Sub(f.since) < accountWindow && f.n >= accountFailures {
		return errTooMany()
	}
	return nil
}

// failed counts a failed attempt; succeeded forgets the account.
func (l *accountLimiter) failed(email string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, k := l.now(), accountKey(email)
	f := l.seen[k]
	if f == nil || now.Sub(f.since) >= accountWindow {
		if len(l.seen) >= accountLimiterLimit {
			l.sweep(now)
		}
		f = &failures{since: now}
		l.seen[k] = f
	}
	f.n++
}

func (l *accountLimiter) succeeded(email string) {
	l.mu.Lock()
	delete(l.seen, accountKey(email))
	l.mu.Unlock()
}

// sweep drops expired windows; if the map is still full, it starts over
// (the per-IP limit bounds how fast it can refill).
func (l *accountLimiter) sweep(now time.Time) {
	for k, f := range l.seen {
		if now.Sub(f.since) >= accountWindow {
			delete(l.seen, k)
		}
	}
	if len(l.seen) >= accountLimiterLimit {
		clear(l.seen)
	}
}
