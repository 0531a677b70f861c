package handlers

import (
	"testing"

	"github.com/transparency-dev/tessera/api/layout"
)

// FuzzTilePath: the tile path parser never panics, and a path it accepts is
// served only under its one canonical spelling.
func FuzzTilePath(f *testing.F) {
	for _, p := range []string{"000", "x001/x234/067", "000.p/8", "x001/002.p/255", "001.p/0", "x/000", "1", "000.p/256"} {
		f.Add("0", p)
	}
	f.Fuzz(func(t *testing.T, level, index string) {
		l, i, w, err := layout.ParseTileLevelIndexPartial(level, index)
		if err != nil {
			return
		}
		canon := layout.TilePath(l, i, w)
		if canonicalTilePath("/tile/"+level+"/"+index, canon) {
			// Accepted spelling must round-trip exactly.
			l2, i2, w2, err := layout.ParseTileLevelIndexPartial(level, index)
			if err != nil || l2 != l || i2 != i || w2 != w {
				t.Fatalf("canonical path %q does not round-trip", canon)
			}
		}
	})
}
