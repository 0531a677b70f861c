package handlers

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

// Sign-in throttling, built so that nobody can lock a person out:
//   - per client IP, every attempt at the guarded forms (sign-in, sign-up,
//     password, proof of a pledge), right or wrong, is counted: a rate limit;
//   - per (account, client IP), failed sign-ins are limited: one address
//     cannot keep guessing one account's password, but the owner signing in
//     from anywhere else is not affected;
//   - per account, failed sign-ins from all addresses together are slowed:
//     after a few, each further failure is answered late and one at a time,
//     bounding guesses per second over many addresses. The right password
//     is never delayed.
const (
	DefaultLoginsPerIP = 30 // attempts per client IP per minute; hospitals sit behind shared NATs
	pairFailures       = 5  // failed sign-ins per (account, client IP) per loginWindow
	loginWindow        = 15 * time.Minute
	slowAfter          = 5                      // an account's failures (from anywhere) before each is slowed
	slowStep           = 250 * time.Millisecond // the first slowed failure's delay, doubling after
	slowMax            = 4 * time.Second
	loginLimiterLimit  = 100_000 // accounts and pairs tracked at once
)

// limitByIP limits requests per client IP, as set by
// middleware.ClientIPFromRemoteAddr (never a client-supplied header). Its
// message says what is counted: every attempt, successful ones included.
func (s *Server) limitByIP(perMinute int) func(http.Handler) http.Handler {
	return httprate.Limit(perMinute, time.Minute,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) {
			return middleware.GetClientIP(r.Context()), nil
		}),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.Error(w, r, ledger.Errorf(ledger.ETOOMANY, "too many attempts from your network address (at most %d a minute, successful ones included); try again in a minute", perMinute))
		}))
}

// loginLimiter counts failed sign-ins in memory, per (account, client IP)
// and per account.
type loginLimiter struct {
	mu       sync.Mutex
	now      func() time.Time
	pairs    map[pairKey]*failures
	accounts map[string]*failures
}

type pairKey struct{ account, ip string }

type failures struct {
	n     int
	since time.Time
	turn  chan struct{} // one slowed failure of the account at a time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{now: now, pairs: map[pairKey]*failures{}, accounts: map[string]*failures{}}
}

func accountKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// check returns ETOOMANY if this address has failed too often lately for
// this account, naming the minutes left.
func (l *loginLimiter) check(email, ip string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.pairs[pairKey{accountKey(email), ip}]
	if f == nil || now.Sub(f.since) >= loginWindow || f.n < pairFailures {
		return nil
	}
	minutes := int((loginWindow - now.Sub(f.since) + time.Minute - 1) / time.Minute)
	return ledger.Errorf(ledger.ETOOMANY, "too many failed sign-ins to this account from your network address; try again in %d minutes", minutes)
}

// failed counts a failed sign-in and then waits the account's delay, in
// turn with the account's other failures (or until ctx ends).
func (l *loginLimiter) failed(ctx context.Context, email, ip string) {
	l.mu.Lock()
	now, k := l.now(), accountKey(email)
	count(l.pairs, pairKey{k, ip}, now)
	a := count(l.accounts, k, now)
	delay, turn := slowDelay(a.n), a.turn
	l.mu.Unlock()
	if delay == 0 {
		return
	}
	select {
	case turn <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-turn }()
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// succeeded forgets the address's failures for the account; the
// account's own count (others may still be guessing) runs out by itself.
func (l *loginLimiter) succeeded(email, ip string) {
	l.mu.Lock()
	delete(l.pairs, pairKey{accountKey(email), ip})
	l.mu.Unlock()
}

// slowDelay is how long the n-th failure of an account within the window
// is held: nothing for the first few, then doubling up to slowMax.
func slowDelay(n int) time.Duration {
	if n <= slowAfter {
		return 0
	}
	d := slowStep
	for i := slowAfter + 1; i < n && d < slowMax; i++ {
		d *= 2
	}
	return min(d, slowMax)
}

// count adds a failure to m[k], starting a new window if the last one
// ended; a full map drops expired windows first, and starts over if that
// is not enough (the per-IP limit bounds how fast it can refill).
func count[K comparable](m map[K]*failures, k K, now time.Time) *failures {
	f := m[k]
	if f == nil || now.Sub(f.since) >= loginWindow {
		if len(m) >= loginLimiterLimit {
			for k, f := range m {
				if now.Sub(f.since) >= loginWindow {
					delete(m, k)
				}
			}
			if len(m) >= loginLimiterLimit {
				clear(m)
			}
		}
		f = &failures{since: now, turn: make(chan struct{}, 1)}
		m[k] = f
	}
	f.n++
	return f
}
