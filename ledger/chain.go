package ledger

import (
	"encoding/hex"
	"fmt"
)

// Chains holds the latest entry of every subject seen so far, so that each
// entry's prev links can be checked against the log itself: the per-item
// hash chains that trace pages show and the verifier re-walks.
type Chains map[string]Link

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
		return fmt.Errorf("entry %d: no prev link for %s (its previous entry is %d)", index, subj, want.Index)
	case !had && has:
		return fmt.Errorf("entry %d: prev link for %s points at entry %d, but %s has no earlier entry", index, subj, got.Index, subj)
	case had && got != want:
		return fmt.Errorf("entry %d: prev link for %s is %d/%s, want %d/%s", index, subj, got.Index, got.Hash, want.Index, want.Hash)
	}
	return nil
}

// Advance records the entry at index, whose RFC 6962 leaf hash is leaf, as
// the latest entry of each of its subjects.
func (c Chains) Advance(index int64, leaf [32]byte, e *Entry) {
	h := hex.EncodeToString(leaf[:])
	for _, subj := range e.Subjects {
		c[subj] = Link{Subject: subj, Index: index, Hash: h}
	}
}
