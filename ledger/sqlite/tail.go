package sqlite

// The writer remembers the tail of the log it wrote: each recent subject's
// last entry (for the next entry's prev link), the tree hashes it wrote
// or read (for the next leaf's stored hashes and prev links) and the
// organisations' signature policies (checked for every entry). Each was a
// query per entry and subject, some eight of a custody write's thirty
// statements (issue 13). Only the writer goroutine touches it.

import (
	"database/sql"
	"errors"
	"fmt"
	"maps"

	"golang.org/x/mod/sumdb/tlog"
)

// tailCap bounds each map of the committed layer; past it the layer
// starts empty again (the database still answers).
const tailCap = 1 << 17

// tailLayer is what a set of entries says of the chain: the last entry of
// each subject they touch (-1: a new code, known to have none yet) and the
// tree hashes they stored.
type tailLayer struct {
	last     map[string]int64
	hashes   map[int64]tlog.Hash
	policies map[int64]orgPolicy // by organisation
	// figs are additions to the summed figures not written yet (own and
	// batch layers only: the batch writes them before it commits).
	figs *figDeltas
}

// orgPolicy is an organisation's signature policy: whether its entries
// must be signed, since which entry.
type orgPolicy struct {
	required bool
	entry    int64
}

func newTailLayer() *tailLayer {
	return &tailLayer{last: map[string]int64{}, hashes: map[int64]tlog.Hash{}, policies: map[int64]orgPolicy{}, figs: newFigDeltas()}
}

// merge adds what o says, which is newer than what l says.
func (l *tailLayer) merge(o *tailLayer) {
	maps.Copy(l.last, o.last)
	maps.Copy(l.hashes, o.hashes)
	maps.Copy(l.policies, o.policies)
	l.figs.merge(o.figs)
}

// bound empties the maps that have grown past tailCap.
func (l *tailLayer) bound() {
	if len(l.last) > tailCap {
		clear(l.last)
	}
	if len(l.hashes) > tailCap {
		clear(l.hashes)
	}
	if len(l.policies) > tailCap {
		clear(l.policies)
	}
}

// tailView is one write's view: its own entries, then the batch's kept
// writes, then what is committed. Only committed facts (entries before the
// batch's start) read from the database go into the committed layer, and
// a batch's entries join it once the batch has committed.
type tailView struct {
	own, batch, committed *tailLayer
	start                 int64 // the log's size when the batch began
}

// find looks k up in the map m picks of each layer, the newest first.
func find[K comparable, V any](c *tailView, m func(*tailLayer) map[K]V, k K) (V, bool) {
	for _, l := range []*tailLayer{c.own, c.batch, c.committed} {
		if v, ok := m(l)[k]; ok {
			return v, true
		}
	}
	var zero V
	return zero, false
}

// lastEntry returns the index of subj's last entry, or -1.
func (tx *Tx) lastEntry(subj string) (int64, error) {
	c := tx.tail
	if idx, ok := find(c, func(l *tailLayer) map[string]int64 { return l.last }, subj); ok {
		return idx, nil
	}
	var idx int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT max(idx) FROM entry_subjects WHERE subject = ?`, subj).Scan(&nullInt{&idx}); err != nil {
		return 0, fmt.Errorf("reading chain of %s: %w", subj, err)
	}
	if idx >= 0 && idx < c.start {
		c.committed.last[subj] = idx
	}
	return idx, nil
}

// ReadHashes implements tlog.HashReader through the open transaction, so
// the batch sees its own hashes.
func (tx *Tx) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	c := tx.tail
	committed := tlog.StoredHashIndex(0, c.start)
	return readThrough(indexes,
		func(id int64) (tlog.Hash, bool) {
			return find(c, func(l *tailLayer) map[int64]tlog.Hash { return l.hashes }, id)
		},
		func(ids []int64) ([]tlog.Hash, error) { return readHashes(tx.ctx, tx, ids) },
		func(id int64, h tlog.Hash) {
			if id < committed {
				c.committed.hashes[id] = h
			}
		})
}

// readThrough reads stored hashes ids from memory (known), the others with
// one call of read, and hands each hash read to keep: the tail's view of
// the tree (Tx.ReadHashes) and the proofs' upper levels (proofHashes, readChainHashes).
func readThrough(ids []int64, known func(int64) (tlog.Hash, bool), read func([]int64) ([]tlog.Hash, error), keep func(int64, tlog.Hash)) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ids))
	var missing []int64
	var at []int
	for i, id := range ids {
		if h, ok := known(id); ok {
			out[i] = h
		} else {
			missing, at = append(missing, id), append(at, i)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	hs, err := read(missing)
	if err != nil {
		return nil, err
	}
	for j, id := range missing {
		out[at[j]] = hs[j]
		keep(id, hs[j])
	}
	return out, nil
}

// orgPolicy returns org's signature policy. The database's answer is the
// committed one unless this batch set it, which the own and batch layers
// say first (setPolicy is the only writer of org_policies).
func (tx *Tx) orgPolicy(org int64) (orgPolicy, error) {
	c := tx.tail
	if p, ok := find(c, func(l *tailLayer) map[int64]orgPolicy { return l.policies }, org); ok {
		return p, nil
	}
	var p orgPolicy
	err := tx.QueryRowContext(tx.ctx, `SELECT require_signatures, entry FROM org_policies WHERE org_id = ?`, org).Scan(&p.required, &p.entry)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return p, fmt.Errorf("reading signature policy: %w", err)
	}
	c.committed.policies[org] = p
	return p, nil
}

// setPolicy writes org's signature policy.
func (tx *Tx) setPolicy(org int64, p orgPolicy) error {
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO org_policies (org_id, require_signatures, entry) VALUES (?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET require_signatures = excluded.require_signatures, entry = excluded.entry`, org, p.required, p.entry); err != nil {
		return err
	}
	tx.tail.own.policies[org] = p
	return nil
}
