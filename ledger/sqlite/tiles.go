package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// TileHeight is the C2SP tlog-tiles tile height.
const TileHeight = 8

// Latest returns the latest published checkpoint.
func (s *Store) Latest() ledger.Checkpoint { return *s.latest.Load() }

func (s *Store) loadLatestCheckpoint(ctx context.Context) (*ledger.Checkpoint, error) {
	cps, err := s.queryCheckpoints(ctx, `ORDER BY size DESC LIMIT 1`)
	if err != nil || len(cps) == 0 {
		return nil, err
	}
	return &cps[0], nil
}

// Checkpoints returns every published checkpoint, oldest first.
func (s *Store) Checkpoints(ctx context.Context) ([]ledger.Checkpoint, error) {
	return s.queryCheckpoints(ctx, `ORDER BY size`)
}

func (s *Store) queryCheckpoints(ctx context.Context, tail string) ([]ledger.Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT size, root, note, created FROM checkpoints `+tail)
	if err != nil {
		return nil, fmt.Errorf("reading checkpoints: %w", err)
	}
	defer rows.Close()
	var out []ledger.Checkpoint
	for rows.Next() {
		var c ledger.Checkpoint
		var root []byte
		var created string
		if err := rows.Scan(&c.Size, &root, &c.Note, &created); err != nil {
			return nil, err
		}
		copy(c.Root[:], root)
		c.Created, _ = time.Parse(ledger.TimeFormat, created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// hashReader reads stored hashes outside the writer; published hashes never change.
// A proof's hashes are scattered over the tree: they are read in one query.
func (s *Store) hashReader(ctx context.Context) tlog.HashReader {
	return tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		if len(ix) == 0 {
			return nil, nil
		}
		return queryHashList(ctx, s.db, ix)
	})
}

// ReadTile returns the data of hash tile (level, index) of width w (0 for a
// full tile) as C2SP tlog-tiles serves it; a full tile from the tile cache
// once it has been read. Returns ENOTFOUND for a tile beyond the latest
// checkpoint.
func (s *Store) ReadTile(ctx context.Context, level, index int64, w int) ([]byte, error) {
	t, err := s.tileWithin(level, index, w)
	if err != nil {
		return nil, err
	}
	var file string
	if t.W == 1<<TileHeight && s.tiles.dir != "" {
		root, err := s.fullTileRoot(ctx, t.L, t.N)
		if err != nil {
			return nil, err
		}
		file = s.tiles.file(strconv.Itoa(t.L), t.N, root)
		if data, ok := s.tiles.get(file); ok {
			return data, nil
		}
	}
	ids := make([]int64, 0, t.W)
	start := t.N << TileHeight
	lvl := t.L * TileHeight
	for i := int64(0); i < int64(t.W); i++ {
		ids = append(ids, tlog.StoredHashIndex(lvl, start+i))
	}
	hs, err := readHashesIn(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(hs)*tlog.HashSize)
	for _, h := range hs {
		out = append(out, h[:]...)
	}
	if file != "" {
		s.tiles.put(file, out)
	}
	return out, nil
}

// tileWithin checks that the tile exists within the latest checkpoint: a
// full tile, or a partial tile of width w that some checkpoint up to the
// latest had as its last: the partial last tile of its level, or any prefix
// of a full tile (a client proving against an older checkpoint asks for the
// width that checkpoint had, long after the tile filled up).
func (s *Store) tileWithin(level, index int64, w int) (tlog.Tile, error) {
	if level < 0 || level > 63 || index < 0 || w < 0 || w >= 1<<TileHeight {
		return tlog.Tile{}, ledger.Errorf(ledger.ENOTFOUND, "no such tile")
	}
	if s.checking.Load() {
		// Full tiles are cached for ever: none is served from a file
		// that may yet be found damaged (startcheck.go).
		return tlog.Tile{}, errStillChecking
	}
	// Divide rather than multiply: index comes from the URL and
	// index<<TileHeight can overflow.
	levelSize := s.Latest().Size >> (level * TileHeight)
	full := levelSize >> TileHeight // complete tiles at this level
	width := 1 << TileHeight
	switch {
	case w == 0 && index < full:
	case w > 0 && index < full:
		width = w
	case w > 0 && index == full && int64(w) <= levelSize%(1<<TileHeight):
		width = w
	default:
		return tlog.Tile{}, ledger.Errorf(ledger.ENOTFOUND, "no such tile")
	}
	return tlog.Tile{H: TileHeight, L: int(level), N: index, W: width}, nil
}

// readHashesIn reads many hashes in one query, in the order asked. Leaves
// and nodes of one level are interleaved with the other levels' ids, densely
// at level 0 (a range read: half the rows it passes are wanted) and ever
// more sparsely above (256 nodes of level 8 span 131,000 ids): a sparse
// set is looked up id by id.
func readHashesIn(ctx context.Context, db queryer, ids []int64) ([]tlog.Hash, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	lo, hi := ids[0], ids[0]
	for _, id := range ids {
		lo, hi = min(lo, id), max(hi, id)
	}
	if hi-lo >= 4*int64(len(ids)) {
		return queryHashList(ctx, db, ids)
	}
	rows, err := db.QueryContext(ctx, `SELECT id, hash FROM hashes WHERE id BETWEEN ? AND ?`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("reading tile: %w", err)
	}
	return scanHashes(rows, ids)
}

// queryHashList reads the hashes ids in one statement for any number of
// them (jsonList).
func queryHashList(ctx context.Context, db queryer, ids []int64) ([]tlog.Hash, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, hash FROM hashes WHERE id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("reading tree hashes: %w", err)
	}
	return scanHashes(rows, ids)
}

// scanHashes returns the hashes ids from rows of (id, hash), in the order
// of ids, and closes rows. Rows not asked for are passed over.
func scanHashes(rows *sql.Rows, ids []int64) ([]tlog.Hash, error) {
	defer rows.Close()
	at := make(map[int64]int, len(ids)) // an id's first place in ids
	for i, id := range ids {
		if _, ok := at[id]; !ok {
			at[id] = i
		}
	}
	out := make([]tlog.Hash, len(ids))
	found := make([]bool, len(ids))
	for rows.Next() {
		var id int64
		var h sql.RawBytes // copied below: no allocation per row
		if err := rows.Scan(&id, &h); err != nil {
			return nil, err
		}
		i, ok := at[id]
		if !ok {
			continue
		}
		if len(h) != tlog.HashSize {
			return nil, fmt.Errorf("tree hash %d is malformed", id)
		}
		copy(out[i][:], h)
		found[i] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if first := at[id]; !found[first] {
			return nil, fmt.Errorf("tree hash %d is missing", id)
		} else if first != i {
			out[i] = out[first]
		}
	}
	return out, nil
}

// ReadEntryBundle returns entry bundle index of width w (0 for full) in the
// C2SP format: each entry prefixed by its big-endian 16-bit length.
func (s *Store) ReadEntryBundle(ctx context.Context, index int64, w int) ([]byte, error) {
	t, err := s.tileWithin(0, index, w)
	if err != nil {
		return nil, err
	}
	first := t.N << TileHeight
	rows, err := s.db.QueryContext(ctx, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, first, first+int64(t.W))
	if err != nil {
		return nil, fmt.Errorf("reading entries: %w", err)
	}
	defer rows.Close()
	var out []byte
	next := first
	for rows.Next() {
		var idx int64
		var data sql.RawBytes // appended below: no copy per entry
		if err := rows.Scan(&idx, &data); err != nil {
			return nil, err
		}
		if idx != next {
			return nil, fmt.Errorf("entry %d is missing", next)
		}
		next++
		out = binary.BigEndian.AppendUint16(out, uint16(len(data)))
		out = append(out, data...)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if next != first+int64(t.W) {
		return nil, fmt.Errorf("entry %d is missing", next)
	}
	return out, nil
}

// readChainHashes sets each entry's stored leaf hash and checks its
// inclusion proof against cp (a checkpoint taken before q's transaction
// began, so q sees every hash it covers), for the leaf hashes and
// "verified" marks of trace pages. The leaves and the proofs' hashes not
// kept in memory (keptHash) are read at once: one query, not one per entry.
func (s *Store) readChainHashes(ctx context.Context, q queryer, cp ledger.Checkpoint, es []*ledger.StoredEntry) error {
	ids := make([]int64, len(es), 8*len(es))
	proofs := make([][2]int, len(es)) // where each entry's proof hashes are in ids
	for i, e := range es {
		ids[i] = tlog.StoredHashIndex(0, e.Index)
		if e.Index < cp.Size {
			proofs[i][0] = len(ids)
			ids = append(ids, proofIndexes(cp.Size, e.Index)...)
			proofs[i][1] = len(ids)
		}
	}
	hs, err := readThrough(ids, s.keptHash, func(ix []int64) ([]tlog.Hash, error) {
		return queryHashList(ctx, q, ix)
	}, s.keepHashes(cp.Size))
	if err != nil {
		return err
	}
	for i, e := range es {
		e.Leaf = hs[i]
		want, have := ids[proofs[i][0]:proofs[i][1]], hs[proofs[i][0]:proofs[i][1]]
		e.Verified = leafVerified(cp, e, tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
			if !slices.Equal(ix, want) {
				return nil, fmt.Errorf("the proof of entry %d needs other tree hashes than were read", e.Index)
			}
			return have, nil
		}))
	}
	return nil
}

// errNoted stops tlog.ProveRecord once proofIndexes has what it asks for.
var errNoted = errors.New("hash indexes noted")

// proofIndexes returns the stored hash indexes tlog.ProveRecord reads, in
// the order it asks for them, to prove entry n in a tree of size entries:
// it asks for them all at once, and is stopped there.
func proofIndexes(size, n int64) []int64 {
	var ids []int64
	tlog.ProveRecord(size, n, tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		ids = ix
		return nil, errNoted
	}))
	return ids
}

// upperHashes keeps the stored hashes of the upper levels of the tree, which
// every inclusion proof against a recent checkpoint shares and which never
// change once stored; the lower levels, particular to each entry, are read
// from the database. About 32k hashes (~3 MB) at any size of log.
type upperHashes struct {
	mu sync.RWMutex
	m  map[int64]tlog.Hash
}

// upperHashesMax bounds upperHashes (emptied when full).
const upperHashesMax = 1 << 16

// get returns stored hash id if kept.
func (u *upperHashes) get(id int64) (tlog.Hash, bool) {
	u.mu.RLock()
	defer u.mu.RUnlock()
	h, ok := u.m[id]
	return h, ok
}

// keepFrom returns what keeps a stored hash read if it is at level low or
// above (see upperLevel).
func (u *upperHashes) keepFrom(low int) func(int64, tlog.Hash) {
	return func(id int64, h tlog.Hash) {
		if level, _ := tlog.SplitStoredHashIndex(id); level < low {
			return
		}
		u.mu.Lock()
		defer u.mu.Unlock()
		keepBounded(&u.m, upperHashesMax, id, h)
	}
}

// upperLevel is the lowest level of the tree upperHashes keeps for a log of
// size entries: the top ~15 levels, never below level 4.
func upperLevel(size int64) int {
	return max(4, bits.Len64(uint64(size))-14)
}

// proofHashes reads stored hashes for proofs, those kept in memory
// (keptHash) from there.
func (s *Store) proofHashes(ctx context.Context) tlog.HashReader {
	db := s.hashReader(ctx)
	return tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		return readThrough(ix, s.keptHash, db.ReadHashes, s.keepHashes(s.Latest().Size))
	})
}

// keptHash returns stored hash id if memory keeps it: the upper levels
// (upperHashes) or the middle ones (midHashes).
func (s *Store) keptHash(id int64) (tlog.Hash, bool) {
	if h, ok := s.mid.get(id); ok {
		return h, true
	}
	return s.upper.get(id)
}

// keepHashes returns what keeps a stored hash read for a proof in a log of
// size entries, if it is of a level memory keeps.
func (s *Store) keepHashes(size int64) func(int64, tlog.Hash) {
	upper, mid := s.upper.keepFrom(upperLevel(size)), midLevel(size)
	return func(id int64, h tlog.Hash) {
		level, n := tlog.SplitStoredHashIndex(id)
		if level < mid {
			return
		}
		if level < upperLevel(size) {
			s.mid.keep(level, n, mid, size, h)
			return
		}
		upper(id, h)
	}
}

// midHashes keeps the stored hashes of the levels of the tree from
// midLevel to below upperLevel, dense by level (a hash and a bit per node):
// every proof reads one of each level, scattered over the whole tree, and
// a stored hash never changes once written. At most ~2^19 hashes (16 MB);
// at 1M entries levels 2 to 5.
type midHashes struct {
	mu     sync.RWMutex
	levels []midLevelHashes // by level; nil below the lowest kept
}

type midLevelHashes struct {
	h    []tlog.Hash
	have []uint64 // bit n: h[n] is kept
}

// midLevel is the lowest level of the tree midHashes keeps for a log of
// size entries: level 2, or higher once the levels from 2 up would hold
// more than ~2^19 hashes.
func midLevel(size int64) int {
	return max(2, bits.Len64(uint64(size))-18)
}

// get returns stored hash id if kept.
func (m *midHashes) get(id int64) (tlog.Hash, bool) {
	level, n := tlog.SplitStoredHashIndex(id)
	m.mu.RLock()
	defer m.mu.RUnlock()
	if level >= len(m.levels) {
		return tlog.Hash{}, false
	}
	l := &m.levels[level]
	if n >= int64(len(l.h)) || l.have[n/64]&(1<<(n%64)) == 0 {
		return tlog.Hash{}, false
	}
	return l.h[n], true
}

// keep keeps node n of level (at least low, the lowest level kept in a
// log of size entries), dropping any level below low.
func (m *midHashes) keep(level int, n int64, low int, size int64, h tlog.Hash) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.levels) <= level {
		m.levels = append(m.levels, midLevelHashes{})
	}
	for i := range low {
		m.levels[i] = midLevelHashes{}
	}
	l := &m.levels[level]
	if n >= int64(len(l.h)) {
		// Room for the level's nodes in the log as it is, and some.
		want := max(n+1, size>>level+1024)
		l.h = slices.Grow(l.h, int(want)-len(l.h))[:want]
		l.have = slices.Grow(l.have, int(want/64+1)-len(l.have))[:want/64+1]
	}
	l.h[n] = h
	l.have[n/64] |= 1 << (n % 64)
}

// Entry returns the entry at index within the latest checkpoint. Returns
// ENOTFOUND if there is none.
func (s *Store) Entry(ctx context.Context, index int64) (*ledger.StoredEntry, error) {
	if index < 0 || index >= s.Latest().Size {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no entry %d", index)
	}
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM entries WHERE idx = ?`, index).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no entry %d", index)
	} else if err != nil {
		return nil, fmt.Errorf("reading entry %d: %w", index, err)
	}
	hs, err := readHashes(ctx, s.db, []int64{tlog.StoredHashIndex(0, index)})
	if err != nil {
		return nil, err
	}
	se := &ledger.StoredEntry{Index: index, Data: data, Leaf: hs[0]}
	se.Entry, _ = ledger.Decode(data)
	return se, nil
}

// InclusionProof proves entry index is in the tree of the given size.
func (s *Store) InclusionProof(ctx context.Context, index, size int64) (tlog.RecordProof, error) {
	if index < 0 || index >= size || size > s.Latest().Size {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no entry %d in a tree of size %d", index, size)
	}
	return tlog.ProveRecord(size, index, s.proofHashes(ctx))
}

// ConsistencyProof proves the tree of size old is a prefix of the tree of size size.
func (s *Store) ConsistencyProof(ctx context.Context, old, size int64) (tlog.TreeProof, error) {
	if old < 0 || old > size || size > s.Latest().Size {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no tree of size %d", size)
	}
	return tlog.ProveTree(size, old, s.proofHashes(ctx))
}

// LeafVerified reports whether the stored entry at index is included in the
// latest checkpoint: its bytes hash to a leaf whose inclusion proof checks
// against the signed root. Trace and entry pages show this as "verified".
func (s *Store) LeafVerified(ctx context.Context, e *ledger.StoredEntry) bool {
	return leafVerified(s.Latest(), e, s.proofHashes(ctx))
}

// leafVerified checks e's inclusion proof, its hashes read from r, against cp.
func leafVerified(cp ledger.Checkpoint, e *ledger.StoredEntry, r tlog.HashReader) bool {
	if e.Index >= cp.Size {
		return false
	}
	p, err := tlog.ProveRecord(cp.Size, e.Index, r)
	if err != nil {
		return false
	}
	return tlog.CheckRecord(p, cp.Size, cp.Root, e.Index, tlog.RecordHash(e.Data)) == nil
}
