package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/tessera/api"
	"golang.org/x/mod/sumdb/tlog"
)

// TestTileBounds: only tiles within the latest checkpoint exist: full ones,
// and the last partial one of each level at any width up to its own.
func TestTileBounds(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t, "", testKey(t, testOrigin))
	const size = 2*256 + 44 // level 0: tiles 0, 1 full, 2 partial (44); level 1: partial (2)
	if err := s.write(ctx, func(tx *Tx) error {
		for i := range size {
			if _, err := tx.AppendNew(typeTestNote, ledger.Actor{Org: 1}, []string{"lot:T"}, &testNote{N: i}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		level, index int64
		w            int
		want         int // bytes of hashes, 0 for none
	}{
		{0, 0, 0, 256 * 32},
		{0, 1, 0, 256 * 32},
		{0, 2, 0, 0},
		{0, 2, 44, 44 * 32},
		{0, 2, 1, 32},
		{0, 2, 45, 0},
		{0, 1, 44, 44 * 32}, // a prefix of the full tile, for clients holding an older checkpoint
		{0, 3, 1, 0},
		{1, 0, 2, 2 * 32},
		{1, 0, 1, 32},
		{1, 0, 0, 0},
		{1, 0, 3, 0},
		{2, 0, 1, 0},
		{0, 1 << 56, 0, 0}, // index<<8 wraps to 0
		{0, 1<<56 + 2, 44, 0},
		{0, -1, 0, 0},
		{64, 0, 1, 0},
		{0, 2, 256, 0},
		{0, 2, -1, 0},
	} {
		data, err := s.ReadTile(ctx, tc.level, tc.index, tc.w)
		if tc.want == 0 {
			if ledger.ErrorCode(err) != ledger.ENOTFOUND {
				t.Errorf("tile %d/%d.p/%d: %d bytes, err %v; want ENOTFOUND", tc.level, tc.index, tc.w, len(data), err)
			}
			continue
		}
		if err != nil || len(data) != tc.want {
			t.Errorf("tile %d/%d.p/%d: %d bytes, err %v; want %d bytes", tc.level, tc.index, tc.w, len(data), err, tc.want)
		}
		if tc.level == 0 {
			b, err := s.ReadEntryBundle(ctx, tc.index, tc.w)
			if n := tc.want / 32; err != nil || len(b) < n*2 {
				t.Errorf("entry bundle %d.p/%d: %d bytes, err %v; want %d entries", tc.index, tc.w, len(b), err, n)
			}
		}
	}
	if b, err := s.ReadEntryBundle(ctx, 1<<56, 0); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("entry bundle 2^56: %d bytes, err %v; want ENOTFOUND", len(b), err)
	}
	sameTilesAsTheEntries(t, s, size)
}

// sameTilesAsTheEntries checks every tile of a log of size entries, and
// the hashes a proof reads, against the tree recomputed from its entry
// bundles: tiles are read by id range where their ids are dense (level 0)
// and by id list above, and a proof's list may name an id twice.
func sameTilesAsTheEntries(t *testing.T, s *Store, size int64) {
	t.Helper()
	ctx := context.Background()
	var tree []tlog.Hash
	memory := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, id := range ix {
			out[i] = tree[id]
		}
		return out, nil
	})
	for n := int64(0); n < size; n += 256 {
		data, err := s.ReadEntryBundle(ctx, n>>8, int(min(size-n, 256)%256))
		if err != nil {
			t.Fatal(err)
		}
		var b api.EntryBundle
		if err := b.UnmarshalText(data); err != nil {
			t.Fatal(err)
		}
		for i, e := range b.Entries {
			hs, err := tlog.StoredHashes(n+int64(i), e, memory)
			if err != nil {
				t.Fatal(err)
			}
			tree = append(tree, hs...)
		}
	}
	tiles := tlog.NewTiles(TileHeight, 0, size)
	tiles = append(tiles, tlog.Tile{H: TileHeight, L: 1, N: 0, W: 1}, tlog.Tile{H: TileHeight, L: 0, N: 1, W: 7})
	for _, tile := range tiles {
		want, err := tlog.ReadTileData(tile, memory)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.ReadTile(ctx, int64(tile.L), tile.N, tile.W%256)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("tile %s: %x, err %v; want the tree's %x", tile.Path(), got, err, want)
		}
	}
	ids := []int64{tlog.StoredHashIndex(8, 1), 3, tlog.StoredHashIndex(0, size-1), 3}
	got, err := s.hashReader(ctx).ReadHashes(ids)
	if want, _ := memory.ReadHashes(ids); err != nil || !slices.Equal(got, want) {
		t.Errorf("hashes %v: %x, err %v; want %x", ids, got, err, want)
	}
}

// Proofs read the tree's upper and middle levels from memory (upperHashes,
// midHashes): for every entry of a growing log and every checkpoint size
// they equal the proofs read wholly from the database, and check against
// the tree's root; only those levels are kept, each hash at its place.
func TestProofHashesFromMemory(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t, "", testKey(t, testOrigin))
	for _, grow := range []int{300, 257, 40} {
		if err := s.write(ctx, func(tx *Tx) error {
			for i := range grow {
				if _, err := tx.AppendNew(typeTestNote, ledger.Actor{Org: 1}, []string{"lot:T"}, &testNote{N: i}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		size := s.Latest().Size
		root, err := tlog.TreeHash(size, s.hashReader(ctx))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int64{size, size - 1, size / 2} {
			for i := int64(0); i < n; i += 7 {
				got, err := s.InclusionProof(ctx, i, n)
				if err != nil {
					t.Fatal(err)
				}
				want, err := tlog.ProveRecord(n, i, s.hashReader(ctx))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("proof of %d in %d differs from the database's", i, n)
				}
			}
		}
		e, err := s.Entry(ctx, size/3)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := s.InclusionProof(ctx, e.Index, size); tlog.CheckRecord(p, size, root, e.Index, e.Leaf) != nil || !s.LeafVerified(ctx, e) {
			t.Errorf("entry %d not verified at %d", e.Index, size)
		}
	}
	if len(s.upper.m) == 0 {
		t.Error("no upper hashes kept")
	}
	for id := range s.upper.m {
		if level, _ := tlog.SplitStoredHashIndex(id); level < upperLevel(s.Latest().Size) {
			t.Errorf("hash %d of level %d kept", id, level)
		}
	}
	// The middle levels' hashes kept are the stored ones, at their places.
	var ids []int64
	var kept []tlog.Hash
	for level, l := range s.mid.levels {
		for n := range l.h {
			if l.have[n/64]&(1<<(n%64)) == 0 {
				continue
			}
			if level < midLevel(s.Latest().Size) || level >= upperLevel(s.Latest().Size) {
				t.Errorf("node %d of level %d kept", n, level)
			}
			id := tlog.StoredHashIndex(level, int64(n))
			if h, ok := s.mid.get(id); !ok || h != l.h[n] {
				t.Errorf("kept hash %d not found", id)
			}
			ids, kept = append(ids, id), append(kept, l.h[n])
		}
	}
	if len(ids) == 0 {
		t.Fatal("no middle hashes kept")
	}
	stored, err := queryHashList(ctx, s.db, ids)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stored, kept) {
		t.Error("the middle hashes kept differ from the stored ones")
	}
}

// TestTileCacheEqualsTheRows: full tiles and gzipped full bundles served
// from the tile cache are the ones the rows give: once cached, after a
// cache file is damaged, and after another log is written in the same
// directory (a stale file of the first log must never be served for it).
func TestTileCacheEqualsTheRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aidtrail.db")
	const size = 2*256 + 44
	fill := func(s *Store, first int) {
		t.Helper()
		if err := s.write(ctx, func(tx *Tx) error {
			for i := range size {
				if _, err := tx.AppendNew(typeTestNote, ledger.Actor{Org: 1}, []string{"lot:T"}, &testNote{N: first + i}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	// same reads every full tile and gzipped bundle twice (the second from
	// the cache), and checks them against the tree and the rows.
	same := func(s *Store) {
		t.Helper()
		for range 2 {
			sameTilesAsTheEntries(t, s, size)
			for n := int64(0); n < size>>8; n++ {
				gz, err := s.ReadEntryBundleGzip(ctx, n, 0)
				if err != nil {
					t.Fatal(err)
				}
				want, err := s.ReadEntryBundle(ctx, n, 0)
				if err != nil {
					t.Fatal(err)
				}
				zr, err := gzip.NewReader(bytes.NewReader(gz))
				if err != nil {
					t.Fatal(err)
				}
				if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, want) {
					t.Errorf("gzipped bundle %d: %d bytes (err %v), not the %d of the rows", n, len(got), err, len(want))
				}
			}
		}
	}
	cached := func() []string {
		t.Helper()
		files, err := filepath.Glob(filepath.Join(filepath.Dir(path), "tile-cache", "*", "*"))
		if err != nil {
			t.Fatal(err)
		}
		return files
	}

	s := openTestStore(t, path, testKey(t, testOrigin))
	fill(s, 0)
	same(s)
	// Level 0's two full tiles and two full bundles; partial ones are not kept.
	if files := cached(); len(files) != 4 {
		t.Fatalf("tile cache holds %v, want 2 tiles and 2 bundles", files)
	}
	for _, f := range cached() {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 1
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same(s)

	// Another log in the same directory: the first one's files stay.
	s.Close()
	for _, suffix := range []string{"", "-wal", "-shm", "-closed"} {
		os.Remove(path + suffix)
	}
	os.Remove(filepath.Join(filepath.Dir(path), "checkpoint"))
	s = openTestStore(t, path, testKey(t, testOrigin))
	fill(s, 1000)
	same(s)
	if files := cached(); len(files) != 8 {
		t.Fatalf("tile cache holds %v, want both logs' tiles and bundles", files)
	}
}

// TestKeepBounded: the read caches (upper hashes, lots' and shipments'
// facts) never hold more than their bound: a map at its bound is emptied
// before the next entry goes in.
func TestKeepBounded(t *testing.T) {
	var m map[int64]int
	for i := range int64(10) {
		keepBounded(&m, 4, i, int(i))
		if len(m) > 4 {
			t.Fatalf("after %d puts the map holds %d, over its bound of 4", i+1, len(m))
		}
	}
	if len(m) != 2 || m[9] != 9 || m[8] != 8 {
		t.Errorf("after 10 puts with a bound of 4: %v, want the last 2 (emptied at the 5th and the 9th)", m)
	}
}

// TestProofIndexes: readChainHashes reads the hashes of each proof by the
// indexes proofIndexes gives and hands them to tlog.ProveRecord in that
// order; they must be the ones it asks for, at every size and leaf
// (including the fringes of trees that are not a power of two).
func TestProofIndexes(t *testing.T) {
	check := func(size, n int64) {
		var want []int64
		if _, err := tlog.ProveRecord(size, n, tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
			want = append(want, ix...)
			return make([]tlog.Hash, len(ix)), nil
		})); err != nil {
			t.Fatal(err)
		}
		if got := proofIndexes(size, n); !slices.Equal(got, want) {
			t.Fatalf("proof of %d in %d: indexes %v, ProveRecord reads %v", n, size, got, want)
		}
	}
	for size := int64(1); size <= 300; size++ {
		for n := range size {
			check(size, n)
		}
	}
	for _, size := range []int64{1 << 20, 1_000_334, 1<<40 + 12345} {
		for _, n := range []int64{0, 1, size / 3, size - 257, size - 2, size - 1} {
			check(size, n)
		}
	}
}
