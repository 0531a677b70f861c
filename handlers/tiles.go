package handlers

import (
	"net/http"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/go-chi/chi/v5"
	"github.com/transparency-dev/tessera/api/layout"
)

// Full tiles and bundles never change; partial ones and the checkpoint do.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "no-cache"
)

func (s *Server) handleCheckpoint(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", cacheShort)
	w.Write(s.store.Latest().Note)
}

func (s *Server) handleVerifierKey(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(s.store.VerifierKey() + "\n"))
}

func (s *Server) handleTile(w http.ResponseWriter, r *http.Request) {
	level, index, width, err := layout.ParseTileLevelIndexPartial(chi.URLParam(r, "level"), chi.URLParam(r, "*"))
	if err != nil || !canonicalTilePath(r.URL.Path, layout.TilePath(level, index, width)) {
		s.Error(w, r, ledger.Errorf(ledger.ENOTFOUND, "no such tile"))
		return
	}
	data, err := s.store.ReadTile(r.Context(), int64(level), int64(index), int(width))
	s.writeTile(w, r, data, width, err)
}

func (s *Server) handleEntryBundle(w http.ResponseWriter, r *http.Request) {
	index, width, err := layout.ParseTileIndexPartial(chi.URLParam(r, "*"))
	if err != nil || !canonicalTilePath(r.URL.Path, layout.EntriesPath(index, width)) {
		s.Error(w, r, ledger.Errorf(ledger.ENOTFOUND, "no such tile"))
		return
	}
	data, err := s.store.ReadEntryBundle(r.Context(), int64(index), int(width))
	s.writeTile(w, r, data, width, err)
}

// canonicalTilePath accepts only the one spelling of each tile path, so a
// cache never holds two copies and odd spellings get a 404.
func canonicalTilePath(got, want string) bool { return strings.TrimPrefix(got, "/") == want }

func (s *Server) writeTile(w http.ResponseWriter, r *http.Request, data []byte, width uint8, err error) {
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if width == 0 {
		w.Header().Set("Cache-Control", cacheImmutable)
	} else {
		w.Header().Set("Cache-Control", cacheShort)
	}
	w.Write(data)
}
