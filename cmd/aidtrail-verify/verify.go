package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"iter"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/tessera/api"
	"github.com/transparency-dev/tessera/api/layout"
	"github.com/transparency-dev/tessera/client"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is the C2SP tlog-tiles height: 256 hashes or entries per tile.
const tileHeight = 8

// source is where the log is read from: a server (client.HTTPFetcher) or a
// mirror directory (client.FileFetcher).
type source interface {
	ReadCheckpoint(ctx context.Context) ([]byte, error)
	ReadTile(ctx context.Context, l, i uint64, p uint8) ([]byte, error)
	ReadEntryBundle(ctx context.Context, i uint64, p uint8) ([]byte, error)
}

// bundleReleaser is a source that reuses the buffer of a bundle it read
// once the bundle's entries have been checked (httpSource).
type bundleReleaser interface {
	releaseBundle([]byte)
}

// Both of tessera's fetchers are sources.
var (
	_ source = client.FileFetcher{}
	_ source = (*client.HTTPFetcher)(nil)
)

type config struct {
	verifier      note.Verifier // the log's key, given by the user; its name is the origin
	source        string        // URL or directory, for the report
	subject       string        // one subject to verify, or "" for the whole log
	statePath     string        // "" for no state file
	workers       uint
	progressEvery int            // bundles between progress lines
	exports       *exports       // the server's /data/ exports to compare, or nil
	policy        *witnessPolicy // -policy: the witnesses' quorum required, or nil
}

// verify checks the log at src and reports every problem found. It saves
// the checkpoint to the state file only if everything holds.
func verify(ctx context.Context, cfg config, src source, progress io.Writer) *report {
	start := time.Now()
	rep := &report{Source: cfg.source, Subject: cfg.subject, StateFile: cfg.statePath, Problems: []problem{}}
	defer func() { rep.Seconds = time.Since(start).Seconds() }()

	raw, err := src.ReadCheckpoint(ctx)
	if err != nil {
		rep.add(kindCheckpoint, "cannot read the checkpoint: %v", err)
		return rep
	}
	cp, err := openCheckpoint(raw, cfg.verifier)
	if err != nil {
		rep.add(kindCheckpoint, "%v", err)
		return rep
	}
	rep.Checkpoint = newCheckpointInfo(cp)
	if cfg.policy != nil {
		cfg.policy.check(raw, rep)
	}
	prev, err := loadState(cfg.statePath, cfg.verifier)
	if err != nil {
		rep.add(kindState, "%v", err)
		return rep
	}
	if prev != nil {
		rep.Previous = prev.info()
	}
	if cfg.subject == "" {
		verifyLog(ctx, cfg, src, cp, prev, rep, progress)
	} else {
		verifySubject(ctx, cfg, src, cp, prev, rep, progress)
	}
	if ctx.Err() != nil && !rep.failed() {
		rep.add(kindFetch, "interrupted: %v", ctx.Err())
	}
	rep.OK = !rep.failed()
	if rep.OK && cfg.statePath != "" {
		if err := saveState(cfg.statePath, cp, raw); err != nil {
			rep.add(kindState, "%v", err)
			rep.OK = false
		} else {
			rep.StateSaved = true
		}
	}
	return rep
}

// openCheckpoint checks the checkpoint's signature against the user's key
// and that it names the key's log.
func openCheckpoint(raw []byte, v note.Verifier) (*log.Checkpoint, error) {
	n, err := note.Open(raw, note.VerifierList(v))
	if err != nil {
		if unv, ok := errors.AsType[*note.UnverifiedNoteError](err); ok {
			var by []string
			for _, s := range unv.Note.UnverifiedSigs {
				by = append(by, fmt.Sprintf("%s+%08x", s.Name, s.Hash))
			}
			return nil, fmt.Errorf("the checkpoint is not signed by the given key %s+%08x (it is signed by %s): this is not the log you trust, or it was forged",
				v.Name(), v.KeyHash(), strings.Join(by, ", "))
		}
		return nil, fmt.Errorf("the checkpoint does not verify with the given key: %v", err)
	}
	var cp log.Checkpoint
	if _, err := cp.Unmarshal([]byte(n.Text)); err != nil {
		return nil, fmt.Errorf("the signed checkpoint is malformed: %v", err)
	}
	if cp.Origin != v.Name() {
		return nil, fmt.Errorf("the checkpoint is for origin %q, but the key is for %q", cp.Origin, v.Name())
	}
	if len(cp.Hash) != tlog.HashSize || cp.Size > 1<<62 {
		return nil, errors.New("the signed checkpoint is malformed: bad root hash or size")
	}
	return &cp, nil
}

// memTree holds every stored hash of the tree (tlog.StoredHashIndex order),
// recomputed from the entries.
type memTree []tlog.Hash

func (t *memTree) ReadHashes(ix []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ix))
	for i, id := range ix {
		if id < 0 || id >= int64(len(*t)) {
			return nil, fmt.Errorf("tree hash %d not computed", id)
		}
		out[i] = (*t)[id]
	}
	return out, nil
}

// root is the RFC 6962 root of the first n entries.
func (t *memTree) root(n int64) (tlog.Hash, error) {
	if n == 0 {
		return sha256.Sum256(nil), nil
	}
	return tlog.TreeHash(n, t)
}

// readEntry is one entry as read, with its leaf hash and decoded form when
// eachEntry was asked to decode.
type readEntry struct {
	index int64
	data  []byte
	leaf  tlog.Hash
	entry *ledger.Entry // nil if it does not decode (err says why)
	err   error
}

// readBatch is one bundle's entries, hashed and decoded by a worker, or
// the problem that ends the stream there.
type readBatch struct {
	first   int64
	entries []readEntry
	bundle  []byte        // the bundle as read, which entries' data point into
	done    chan struct{} // closed once entries are hashed and decoded
	kind    string        // a problem: its kind and message
	problem string
}

// eachEntry streams the log's entries [0, size) in order, checking each
// bundle's form. With decode, workers on every core hash and decode the
// entries of the bundles ahead (each entry decoded once) while fn takes
// them one by one, in order. It stops at the first bundle it cannot use,
// since the tree cannot be recomputed past it, and reports whether it read
// them all.
func eachEntry(ctx context.Context, cfg config, src source, size uint64, decode bool, rep *report, progress io.Writer, fn func(*readEntry)) bool {
	workers := runtime.GOMAXPROCS(0)
	ready := make(chan *readBatch, 4*workers) // in log order
	work := make(chan *readBatch, 4*workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	stop := make(chan struct{}) // closed first when fn's side is done: the reader and workers end
	defer close(stop)
	for range workers {
		wg.Go(func() {
			for b := range work {
				for i := range b.entries {
					if decode {
						d := &b.entries[i]
						d.leaf = tlog.RecordHash(d.data)
						d.entry, d.err = ledger.Decode(d.data)
					}
				}
				close(b.done)
			}
		})
	}
	go func() {
		defer close(ready)
		defer close(work)
		send := func(b *readBatch) bool {
			select {
			case ready <- b:
			case <-stop:
				return false
			}
			if b.done == nil {
				return true
			}
			select {
			case work <- b:
				return true
			case <-stop:
				return false
			}
		}
		next := int64(0)
		for b, err := range entryBundles(ctx, cfg.workers, src, size) {
			path := layout.EntriesPath(b.RangeInfo.Index, b.RangeInfo.Partial)
			if err != nil {
				send(&readBatch{kind: kindFetch, problem: fmt.Sprintf("cannot read %s: %v", path, err)})
				return
			}
			var eb api.EntryBundle
			if err := eb.UnmarshalText(b.Data); err != nil {
				send(&readBatch{kind: kindBundle, problem: fmt.Sprintf("%s is malformed: %v", path, err)})
				return
			}
			first := int64(b.RangeInfo.Index)<<tileHeight + int64(b.RangeInfo.First)
			if first != next {
				send(&readBatch{kind: kindBundle, problem: fmt.Sprintf("%s starts at entry %d, want %d", path, first, next)})
				return
			}
			want := int(b.RangeInfo.First + b.RangeInfo.N)
			if len(eb.Entries) < want {
				send(&readBatch{kind: kindBundle, problem: fmt.Sprintf("%s holds %d entries, want %d", path, len(eb.Entries), want)})
				return
			}
			batch := &readBatch{first: first, bundle: b.Data, done: make(chan struct{}), entries: make([]readEntry, 0, b.RangeInfo.N)}
			for i, data := range eb.Entries[b.RangeInfo.First:want] {
				batch.entries = append(batch.entries, readEntry{index: first + int64(i), data: data})
			}
			if !send(batch) {
				return
			}
			next = first + int64(b.RangeInfo.N)
		}
	}()
	bundles, next := 0, int64(0)
	for b := range ready {
		if b.problem != "" {
			rep.add(b.kind, "%s", b.problem)
			return false
		}
		<-b.done
		for i := range b.entries {
			fn(&b.entries[i])
		}
		next = b.first + int64(len(b.entries))
		if r, ok := src.(bundleReleaser); ok {
			r.releaseBundle(b.bundle) // fn keeps no entry's bytes
		}
		bundles++
		if cfg.progressEvery > 0 && bundles%cfg.progressEvery == 0 {
			fmt.Fprintf(progress, "aidtrail-verify: %d of %d entries read (%d%%)\n", next, size, next*100/max(int64(size), 1))
		}
	}
	if next != int64(size) {
		rep.add(kindFetch, "read %d entries, want %d", next, size)
		return false
	}
	return true
}

// entryBundles streams the bundles of a log of size entries, fetching
// ahead with workers (client.EntryBundles), or one by one for one worker.
func entryBundles(ctx context.Context, workers uint, src source, size uint64) iter.Seq2[client.Bundle, error] {
	if workers > 1 {
		getSize := func(context.Context) (uint64, error) { return size, nil }
		return client.EntryBundles(ctx, workers, getSize, src.ReadEntryBundle, 0, size)
	}
	return func(yield func(client.Bundle, error) bool) {
		for ri := range layout.Range(0, size, size) {
			data, err := src.ReadEntryBundle(ctx, ri.Index, ri.Partial)
			if !yield(client.Bundle{RangeInfo: ri, Data: data}, err) || err != nil {
				return
			}
		}
	}
}

// verifyLog recomputes the whole tree from the entries, checks it against
// the checkpoint and every served hash tile, checks every entry and replays
// the domain, and checks consistency with the previous checkpoint.
func verifyLog(ctx context.Context, cfg config, src source, cp *log.Checkpoint, prev *savedState, rep *report, progress io.Writer) {
	size := int64(cp.Size)
	// A signed size is still outside input: grow rather than trust it.
	tree := make(memTree, 0, min(tlog.StoredHashCount(size), 1<<22))
	// About two subjects for every three entries in a simulated operation
	// (0.64 at 100k): sized once rather than rehashed as it grows (a fifth
	// of the chains' CPU at 1M); bounded, since the size is the server's word.
	chains := make(ledger.Chains, min(size*2/3, 1<<20))
	state := ledger.NewState()
	var hashErr error
	var open *openData
	if cfg.exports != nil {
		open = newOpenData()
	}
	complete := eachEntry(ctx, cfg, src, cp.Size, true, rep, progress, func(d *readEntry) {
		if hashErr == nil {
			hs, err := tlog.StoredHashesForRecordHash(d.index, d.leaf, &tree)
			if err != nil {
				hashErr = fmt.Errorf("entry %d: %v", d.index, err)
			}
			tree = append(tree, hs...)
		}
		rep.Entries++
		checkEntry(d, chains, state, rep)
		if open != nil && d.entry != nil {
			open.collect(d, state)
		}
	})
	rep.NotReplayed = ledger.TypesWithoutRule()
	if !complete {
		return
	}
	if hashErr != nil {
		rep.add(kindRoot, "recomputing the tree: %v", hashErr)
		return
	}
	root, err := tree.root(size)
	if err != nil {
		rep.add(kindRoot, "recomputing the root: %v", err)
		return
	}
	if !bytes.Equal(root[:], cp.Hash) {
		rep.add(kindRoot, "the entries served hash to root %s, but the checkpoint of size %d signs root %s: the entries are not the ones signed",
			b64(root[:]), size, b64(cp.Hash))
	}
	compareTiles(ctx, cfg, src, size, &tree, rep)
	if prev != nil {
		checkHistory(prev, cp, rep, func() error {
			p, err := tlog.ProveTree(size, prev.Size, &tree)
			if err != nil {
				return err
			}
			return tlog.CheckTree(p, size, root, prev.Size, prev.root)
		})
	}
	if cfg.exports != nil {
		compareExports(ctx, cfg.exports, &derived{size: size, tree: &tree, state: state, origin: cp.Origin, open: open}, rep)
	}
}

// checkEntry checks one entry's form and prev links and replays it.
func checkEntry(d *readEntry, chains ledger.Chains, state *ledger.State, rep *report) {
	index, leaf, e := d.index, d.leaf, d.entry
	if d.err != nil {
		rep.addAt(index, kindEntry, "does not decode: %v", d.err)
		return
	}
	if err := chains.Check(index, e); err != nil {
		rep.addAt(index, kindChain, "%v", err)
	}
	chains.Advance(index, leaf, e)
	checkSignatures(index, e, state, rep)
	if err := state.Apply(index, e); err != nil {
		if v, ok := ledger.AsViolation(err); ok {
			rep.addAt(index, kindRule, "%s: %v", v.Type, v.Err)
		} else {
			rep.addAt(index, kindRule, "%v", err)
		}
	}
}

// compareTiles fetches every hash tile of the tree and compares it with the
// one recomputed from the entries, so a server cannot serve proofs from a
// tree other than the one its entries make.
func compareTiles(ctx context.Context, cfg config, src source, size int64, tree *memTree, rep *report) {
	tiles := tlog.NewTiles(tileHeight, 0, size)
	rep.Tiles = len(tiles)
	type result struct {
		t    tlog.Tile
		data []byte
		err  error
	}
	results := make([]result, len(tiles))
	fetch := func(i int) {
		t := tiles[i]
		data, err := src.ReadTile(ctx, uint64(t.L), uint64(t.N), partial(t))
		results[i] = result{t, data, err}
	}
	if cfg.workers <= 1 {
		for i := range tiles {
			fetch(i)
		}
	} else {
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range min(cfg.workers, uint(len(tiles))) {
			wg.Go(func() {
				for i := range jobs {
					fetch(i)
				}
			})
		}
		for i := range tiles {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}
	for _, r := range results {
		path := layout.TilePath(uint64(r.t.L), uint64(r.t.N), partial(r.t))
		if r.err != nil {
			rep.add(kindFetch, "cannot read %s: %v", path, r.err)
			continue
		}
		want, err := tlog.ReadTileData(r.t, tree)
		if err != nil {
			rep.add(kindTile, "recomputing %s: %v", path, err)
			continue
		}
		// A full tile may stand in for a partial one (C2SP fallback).
		if r.t.W < 1<<tileHeight && len(r.data) == tlog.HashSize<<tileHeight {
			r.data = r.data[:len(want)]
		}
		if len(r.data) != len(want) {
			rep.add(kindTile, "%s is %d bytes, want %d", path, len(r.data), len(want))
			continue
		}
		reportTileDiff(rep, r.t, path, r.data, want)
	}
}

// reportTileDiff reports the first hash where a served tile differs.
func reportTileDiff(rep *report, t tlog.Tile, path string, got, want []byte) {
	differ, first := 0, -1
	for k := 0; k < t.W; k++ {
		a, b := got[k*tlog.HashSize:(k+1)*tlog.HashSize], want[k*tlog.HashSize:(k+1)*tlog.HashSize]
		if !bytes.Equal(a, b) {
			if first < 0 {
				first = k
			}
			differ++
		}
	}
	if first < 0 {
		return
	}
	k := int64(first)
	a, b := got[k*tlog.HashSize:(k+1)*tlog.HashSize], want[k*tlog.HashSize:(k+1)*tlog.HashSize]
	n := t.N<<tileHeight + k
	if t.L == 0 {
		rep.addAt(n, kindTile, "%s serves leaf hash %s for entry %d, but the entry as served hashes to %s (%d of %d hashes in the tile differ)",
			path, b64(a), n, b64(b), differ, t.W)
		return
	}
	rep.add(kindTile, "%s serves %s for tree node %d at level %d, but the entries give %s (%d of %d hashes in the tile differ)",
		path, b64(a), n, t.L*tileHeight, b64(b), differ, t.W)
}

// partial is the C2SP partial width of a tile: 0 for a full one.
func partial(t tlog.Tile) uint8 { return uint8(t.W % (1 << tileHeight)) }

// checkHistory reports a fork or rollback against the checkpoint verified
// before; prove checks a consistency proof from prev to the new tree.
func checkHistory(prev *savedState, cp *log.Checkpoint, rep *report, prove func() error) {
	size := int64(cp.Size)
	switch {
	case size < prev.Size:
		rep.add(kindRollback, "ROLLBACK: the log now has %d entries, but %d were verified on %s (state %s): a log never shrinks, so history was rewritten or this is a stale copy",
			size, prev.Size, prev.Verified, rep.StateFile)
	case size == prev.Size && !bytes.Equal(cp.Hash, prev.root[:]):
		rep.add(kindFork, "FORK: the log of size %d now has root %s, but root %s was verified at that size on %s (state %s): its history was rewritten",
			size, b64(cp.Hash), prev.Root, prev.Verified, rep.StateFile)
	case prev.Size == 0:
		// The empty tree is a prefix of every tree.
	default:
		if err := prove(); err != nil {
			rep.add(kindFork, "FORK: this log (size %d) is not an extension of the one of size %d verified on %s (state %s): entries before %d were changed (%v)",
				size, prev.Size, prev.Verified, rep.StateFile, prev.Size, err)
		}
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
