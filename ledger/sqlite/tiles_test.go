package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
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
}

// Proofs read the tree's upper levels from memory (upperHashes): for every
// entry of a growing log and every checkpoint size they equal the proofs
// read wholly from the database, and check against the tree's root; only
// upper levels are kept.
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
}
