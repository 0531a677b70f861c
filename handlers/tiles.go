package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/go-chi/chi/v5"
	"github.com/transparency-dev/tessera/api/layout"
)

// A tile path names fixed bytes, full or partial (.p/W is the first W of
// the tile, for ever); only the checkpoint changes.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "no-cache"
)

// handleCheckpoint serves the latest checkpoint or, under a witness policy,
// the newest one that meets it, with its cosignatures (see witness.Service.Served).
func (s *Server) handleCheckpoint(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", cacheShort)
	note := s.store.Latest().Note
	if s.witnesses != nil {
		sv := s.witnesses.Served()
		if sv == nil {
			w.Header().Set("Retry-After", "5")
			http.Error(w, "no checkpoint has met the witness policy yet; see /verify", http.StatusServiceUnavailable)
			return
		}
		note = sv.Note
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(note)))
	if r.Method != http.MethodHead {
		w.Write(note)
	}
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
	w.Header().Set("Vary", "Accept-Encoding")
	if !acceptsGzip(r) {
		data, err := s.store.ReadEntryBundle(r.Context(), int64(index), int(width))
		s.writeTile(w, r, data, width, err)
		return
	}
	// Entries are JSON and compress several times over; a full bundle is
	// compressed once (the store's tile cache).
	data, err := s.store.ReadEntryBundleGzip(r.Context(), int64(index), int(width))
	if err == nil {
		w.Header().Set("Content-Encoding", "gzip")
	}
	s.writeTile(w, r, data, width, err)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q, _ = strconv.ParseFloat(v, 64)
		}
		return q > 0
	}
	return false
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
	w.Header().Set("Cache-Control", cacheImmutable)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
