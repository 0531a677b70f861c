package handlers_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/transparency-dev/tessera/api"
	"github.com/transparency-dev/tessera/api/layout"
)

// FuzzTilePath sends tile and entry-bundle paths through the whole handler
// over a log of 556 entries: nothing panics or fails with a 5xx, and a path
// is served (200) exactly when it is the canonical spelling of a tile within
// the checkpoint, with the tile's width of hashes or entries.
func FuzzTilePath(f *testing.F) {
	for _, p := range [][2]string{
		{"0", "000"}, {"0", "001"}, {"0", "002"}, {"0", "002.p/44"}, {"0", "002.p/45"}, {"0", "002.p/1"},
		{"1", "000.p/2"}, {"1", "000"}, {"2", "000.p/1"}, {"0", "000.p/8"}, {"0", "x001/x234/067"},
		{"0", "x001/002.p/255"}, {"0", "001.p/0"}, {"0", "x/000"}, {"0", "1"}, {"0", "000.p/256"},
		{"00", "000"}, {"63", "000"}, {"64", "000"}, {"0", "x000/001"}, {"0", "x072/x057/x594/x037/x927/936"},
		{"entries", "001"}, {"entries", "002.p/44"}, {"entries", "x072/x057/x594/x037/x927/938.p/1"},
		{"0", "002.p/044"}, {"0", "000/"}, {"", "0/000"},
	} {
		f.Add(p[0], p[1])
	}
	s := sqlitetest.Open(f)
	const size = 2*256 + 44
	growTo(f, s, size)
	h := handlers.New(handlers.Config{Store: s, Logger: slog.New(slog.DiscardHandler)})
	f.Fuzz(func(t *testing.T, level, index string) {
		path := "/tile/" + level + "/" + index
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL = &url.URL{Path: path}
		req.RequestURI = path
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		width, ok := servedTile(path, size)
		switch {
		case rec.Code >= 500:
			t.Fatalf("GET %q: %d %s", path, rec.Code, rec.Body)
		case !ok && rec.Code != http.StatusNotFound:
			t.Fatalf("GET %q: %d, want 404", path, rec.Code)
		case ok && rec.Code != http.StatusOK:
			t.Fatalf("GET %q: %d, want 200", path, rec.Code)
		case !ok:
			return
		}
		if !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("GET %q: Cache-Control %q", path, rec.Header().Get("Cache-Control"))
		}
		if level == "entries" {
			var b api.EntryBundle
			if err := b.UnmarshalText(rec.Body.Bytes()); err != nil || len(b.Entries) != width {
				t.Fatalf("GET %q: %d entries (%v), want %d", path, len(b.Entries), err, width)
			}
		} else if rec.Body.Len() != 32*width {
			t.Fatalf("GET %q: %d bytes, want %d hashes", path, rec.Body.Len(), width)
		}
	})
}

// servedTile reports whether path is the canonical path of a hash tile or
// entry bundle that a log of the given size serves, and its width: full
// tiles, any prefix of a full tile (as an older checkpoint saw it), and the
// partial last tile of a level at any width up to its own.
func servedTile(path string, size uint64) (width int, ok bool) {
	lvl, idx, _ := strings.Cut(strings.TrimPrefix(path, "/tile/"), "/")
	var l, n uint64
	var w uint8
	var err error
	var canonical string
	if lvl == "entries" {
		n, w, err = layout.ParseTileIndexPartial(idx)
		canonical = layout.EntriesPath(n, w)
	} else {
		l, n, w, err = layout.ParseTileLevelIndexPartial(lvl, idx)
		canonical = layout.TilePath(l, n, w)
	}
	if err != nil || "/"+canonical != path {
		return 0, false
	}
	levelSize := size >> (8 * l)
	full := levelSize / 256
	if w == 0 {
		return 256, n < full
	}
	return int(w), n < full || n == full && uint64(w) <= levelSize%256
}
