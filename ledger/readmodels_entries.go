package ledger

import (
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// StoredEntry is an entry as stored, with its place in the log.
type StoredEntry struct {
	Index int64
	Data  []byte // byte-exact
	Leaf  tlog.Hash
	Entry *Entry // decoded; nil if Data does not decode
	// Verified: the bytes are included in the latest checkpoint, by an
	// inclusion proof checked against the signed root (set by trace readers).
	Verified bool
}

// Names are the public names entries refer to by id: organisations (their
// registered name, never a contact) and catalogue items.
type Names struct {
	Orgs     map[int64]string
	Items    map[string]Item
	Lots     map[string]LotFacts    // by code
	Handoffs map[int64]HandoffFacts // by id
	// SignedWith holds, by index, the unsigned entries a signed entry
	// before them covers (a correction's corrective use): that entry.
	SignedWith map[int64]SignedWith
}

// OrgName is an organisation's id and public name.
type OrgName struct {
	ID   int64
	Name string
}

// SignedWith is the signed entry that covers another: its index and the
// key.enrolled entry of the passkey that signed it.
type SignedWith struct {
	Entry, Enrolled int64
}

// LotFacts is what a sentence about a lot needs.
type LotFacts struct {
	Item string // "" for a pack
	Unit string
}

// HandoffFacts is what a sentence about a shipment needs.
type HandoffFacts struct {
	From, To, Via int64
	Sent          map[string]int64 // quantity sent, by lot code
}

// Org returns the organisation's public name, or "" if it has none.
func (n Names) Org(id int64) string { return n.Orgs[id] }

// EntryPage is one page of the ledger browser, newest first.
type EntryPage struct {
	Entries []*StoredEntry
	Names   Names
	Older   int64     // Before cursor of the next older page, 0 if none
	Newer   int64     // After cursor of the next newer page, 0 if none
	Orgs    []OrgName // every verified organisation, by name, for the filter
}

// EntryDetail is one entry as its public page shows it: the bytes, the
// inclusion proof against the latest checkpoint, and its neighbours in each
// subject's hash chain.
type EntryDetail struct {
	*StoredEntry
	Checkpoint Checkpoint
	Proof      tlog.RecordProof
	Verified   bool   // the bytes hash to a leaf proven in the checkpoint
	Next       []Link // per subject, the entry whose prev link points here
	Names      Names
}

// CheckpointPage is a page of the signed checkpoint history, largest first.
type CheckpointPage struct {
	Checkpoints []Checkpoint
	Older       int64 // Before cursor for the next page, 0 if none
}

// Checkpoint is a signed tree head as published.
type Checkpoint struct {
	Size    int64
	Root    tlog.Hash
	Note    []byte // the C2SP tlog-checkpoint signed note
	Created time.Time
}
