// Package handlers is Aidtrail's HTTP surface: routes.go lists every URL;
// each handler parses, authorises, makes one store call and renders.
package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/witness"
	"github.com/aidtrail/aidtrail/views"
	"github.com/gorilla/sessions"
)

// Config is what the server needs from its wiring.
type Config struct {
	Store   *sqlite.Store
	Logger  *slog.Logger
	BaseURL string // public base URL, e.g. https://aidtrail.example
	// SessionKeys sign and encrypt session cookies (LoadOrCreateSessionKeys
	// keeps them in the data directory); nil means fresh keys for this run.
	SessionKeys *SessionKeys
	// LoginsPerIP caps sign-in attempts per client IP per minute
	// (0 means DefaultLoginsPerIP).
	LoginsPerIP int
	// Now is the clock for session expiry; nil means time.Now.
	Now func() time.Time
	// Done is closed when the server shuts down, ending long-lived
	// responses (the /events streams). Nil means never.
	Done <-chan struct{}
	// MaxEventClients bounds concurrent /events streams (default 256).
	MaxEventClients int
	// PageCacheBytes bounds the rendered public pages kept in memory
	// (0 means DefaultPageCacheBytes, negative none).
	PageCacheBytes int64
	// Witnesses, if set, choose the checkpoint /checkpoint serves (the newest
	// that meets the witness policy) and report on /verify.
	Witnesses *witness.Service
}

// Server holds the handlers' dependencies.
type Server struct {
	store       *sqlite.Store
	witnesses   *witness.Service // nil: no witness policy
	log         *slog.Logger
	baseURL     string
	now         func() time.Time
	sessions    *sessions.CookieStore
	cookieName  string
	loginsPerIP int
	logins      *loginLimiter
	done        <-chan struct{}
	streams     chan struct{} // one token per open /events stream
	cursors     cursors       // seal and open list pages' keyset cursors
	pages       *pageCache    // anonymous public pages of the latest checkpoint; nil: none
}

// New returns the whole application as one http.Handler.
func New(cfg Config) http.Handler {
	secure := isSecureURL(cfg.BaseURL)
	s := &Server{store: cfg.Store, log: cfg.Logger, baseURL: cfg.BaseURL, now: cfg.Now, witnesses: cfg.Witnesses,
		cookieName: sessionCookieName(secure), loginsPerIP: cfg.LoginsPerIP, done: cfg.Done}
	if cfg.MaxEventClients <= 0 {
		cfg.MaxEventClients = 256
	}
	s.streams = make(chan struct{}, cfg.MaxEventClients)
	switch {
	case cfg.PageCacheBytes == 0:
		s.pages = newPageCache(DefaultPageCacheBytes)
	case cfg.PageCacheBytes > 0:
		s.pages = newPageCache(cfg.PageCacheBytes)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loginsPerIP <= 0 {
		s.loginsPerIP = DefaultLoginsPerIP
	}
	keys := cfg.SessionKeys
	if keys == nil {
		var err error
		if keys, err = NewSessionKeys(); err != nil {
			panic(err) // the system's random source failed
		}
	}
	s.sessions = newCookieStore(keys, secure)
	s.cursors = newCursors(keys)
	s.logins = newLoginLimiter(s.now)
	return s.routes()
}

// render writes a templ component with an explicit status, buffered so a
// failed render never leaves half a page behind a 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.Error("render failed", "path", r.URL.Path, "err", err)
		http.Error(w, views.T(r.Context()).Common.InternalError, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageContext adds the frame's data (language, latest checkpoint) to ctx.
func (s *Server) pageContext(r *http.Request) context.Context {
	cp := s.store.Latest()
	ctx := views.WithLang(r.Context(), views.RequestLang(r))
	return views.WithChrome(ctx, views.Chrome{LogSize: cp.Size, LogRoot: cp.Root[:], Path: r.URL.RequestURI(), Member: currentMember(r.Context())})
}
