package ledger

import (
	"encoding/hex"
	"fmt"
)

// Chains holds the latest entry of every subject seen so far, so that each
// entry's prev links can be checked against the log itself: the per-item
// hash chains that trace pages show and the verifier re-walks.
type Chains map[string]chainTip

// chainTip is a subject's latest entry: its index and leaf hash, kept as
// bytes (a verifier advances a chain for every subject of every entry).
type chainTip struct {
	index int64
	leaf  [32]byte
}

// is reports whether l links to the tip, its hash in lowercase hex as
// entries write it.
func (t chainTip) is(l Link) bool {
	var h [64]byte
	hex.Encode(h[:], t.leaf[:])
	return l.Index == t.index && l.Hash == string(h[:])
}

// Check returns an error naming index if e's prev links are not exactly the
// latest entries (index and leaf hash) of its subjects.
func (c Chains) Check(index int64, e *Entry) error {
	for _, subj := range e.Subjects {
		if err := c.CheckSubject(index, e, subj); err != nil {
			return err
		}
	}
	return nil
}

// CheckSubject checks e's prev link for one subject only, for a verifier
// that follows a single item's chain.
func (c Chains) CheckSubject(index int64, e *Entry, subj string) error {
	want, had := c[subj]
	got, has := e.PrevOf(subj)
	switch {
	case had && !has:
		return fmt.Errorf("entry %d: no prev link for %s (its previous entry is %d)", index, subj, want.index)
	case !had && has:
		return fmt.Errorf("entry %d: prev link for %s points at entry %d, but %s has no earlier entry", index, subj, got.Index, subj)
	case had && !want.is(got):
		return fmt.Errorf("entry %d: prev link for %s is %d/%s, want %d/%x", index, subj, got.Index, got.Hash, want.index, want.leaf)
	}
	return nil
}

// Advance records the entry at index, whose RFC 6962 leaf hash is leaf, as
// the latest entry of each of its subjects.
func (c Chains) Advance(index int64, leaf [32]byte, e *Entry) {
	for _, subj := range e.Subjects {
		c[subj] = chainTip{index, leaf}
	}
}
