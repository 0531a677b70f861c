// Package handlers is Aidtrail's HTTP surface: routes.go lists every URL;
// each handler parses, authorises, makes one store call and renders.
package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
)

// Config is what the server needs from its wiring.
type Config struct {
	Store   *sqlite.Store
	Logger  *slog.Logger
	BaseURL string // public base URL, e.g. https://aidtrail.example
}

// Server holds the handlers' dependencies.
type Server struct {
	store   *sqlite.Store
	log     *slog.Logger
	baseURL string
}

// New returns the whole application as one http.Handler.
func New(cfg Config) http.Handler {
	s := &Server{store: cfg.Store, log: cfg.Logger, baseURL: cfg.BaseURL}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
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
	return views.WithChrome(ctx, views.Chrome{LogSize: cp.Size, LogRoot: cp.Root[:], Path: r.URL.RequestURI()})
}
