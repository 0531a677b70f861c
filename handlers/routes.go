package handlers

import (
	"net/http"

	"github.com/aidtrail/aidtrail/static"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// routes is the whole URL surface. Public URLs are a contract: printed QR
// codes point at /t/{code} for years.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer, s.logRequests, securityHeaders)
	r.Use(http.NewCrossOriginProtection().Handler)
	r.Use(s.withPage)
	r.NotFound(s.notFound)

	r.Get("/healthz", s.handleHealthz)
	r.Handle("/static/*", http.StripPrefix("/static/", staticFiles(static.FS)))

	// C2SP tlog-tiles.
	r.Get("/checkpoint", s.handleCheckpoint)
	r.Get("/tile/entries/*", s.handleEntryBundle)
	r.Get("/tile/{level}/*", s.handleTile)
	r.Get("/verify/key", s.handleVerifierKey)

	r.Get("/", s.handleHome)

	// Public face: ledger browser, entry proofs, verification, open data.
	r.Get("/ledger", s.handleLedger)
	r.Get("/ledger/{index}", s.handleEntry)
	r.Get("/verify", s.handleVerify)
	r.Get("/data", http.RedirectHandler("/data/", http.StatusMovedPermanently).ServeHTTP)
	r.Get("/data/", s.handleDataIndex)
	r.Get("/data/entries.jsonl", s.handleEntriesExport)
	r.Post("/lang", s.handleSetLang)
	return r
}
