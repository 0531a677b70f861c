package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/transparency-dev/formats/log"
)

// Kinds of problem, as the JSON report names them.
const (
	kindCheckpoint = "checkpoint" // the checkpoint is missing, unsigned or for another log
	kindFetch      = "fetch"      // a bundle or tile could not be read
	kindBundle     = "bundle"     // an entry bundle is malformed or short
	kindRoot       = "root"       // the entries do not hash to the signed root
	kindTile       = "tile"       // a served hash tile differs from the one recomputed
	kindEntry      = "entry"      // an entry does not decode (unknown version or type, bad fields)
	kindChain      = "chain"      // a prev link does not name the subject's previous entry
	kindRule       = "rule"       // an entry breaks a domain rule on replay
	kindInclusion  = "inclusion"  // an entry's inclusion proof fails
	kindSubject    = "subject"    // the subject asked for has no entries
	kindFork       = "fork"       // history differs from the checkpoint verified before
	kindRollback   = "rollback"   // the log is smaller than the checkpoint verified before
	kindState      = "state"      // the state file cannot be read or written
	kindExport     = "export"     // a /data/ export differs from the verified log
)

// maxProblems caps the report; a broken log would otherwise list every entry.
const maxProblems = 1000

type problem struct {
	Index   *int64 `json:"index,omitempty"` // the entry concerned, if one is
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// chainLink is one verified entry of a subject's hash chain.
type chainLink struct {
	Index int64  `json:"index"`
	Type  string `json:"type"`
	Time  string `json:"time"`
	Leaf  string `json:"leaf_hash"` // hex, as prev links give it
}

type checkpointInfo struct {
	Origin string `json:"origin"`
	Size   int64  `json:"size"`
	Root   string `json:"root"` // base64, as in the checkpoint
	When   string `json:"verified_at,omitempty"`
}

// report is what a run found; -json prints it as is.
type report struct {
	OK          bool            `json:"ok"`
	Source      string          `json:"source"`
	Subject     string          `json:"subject,omitempty"`
	Checkpoint  *checkpointInfo `json:"checkpoint,omitempty"`
	Previous    *checkpointInfo `json:"previous,omitempty"`  // the state's checkpoint this one was checked against
	Witnessed   bool            `json:"witness_policy"`      // -policy was given
	Witnesses   []witnessInfo   `json:"witnesses,omitempty"` // the policy's witnesses that cosigned the checkpoint
	Entries     int64           `json:"entries"`             // entries verified (the subject's, with -subject)
	Scanned     int64           `json:"scanned,omitempty"`   // entries read to find the subject's
	Tiles       int             `json:"tiles,omitempty"`     // hash tiles compared
	Exports     int             `json:"exports,omitempty"`   // /data/ exports compared
	Signatures  int             `json:"signatures"`          // party signatures verified
	Unsigned    int             `json:"unsigned"`            // confirmations recorded without one
	Chain       []chainLink     `json:"chain,omitempty"`     // the subject's entries, with -subject
	NotReplayed []string        `json:"not_replayed,omitempty"`
	StateFile   string          `json:"state_file,omitempty"`
	StateSaved  bool            `json:"state_saved"`
	Problems    []problem       `json:"problems"`
	Omitted     int             `json:"problems_omitted,omitempty"`
	Seconds     float64         `json:"seconds"`
}

func (r *report) add(kind, format string, args ...any) {
	r.addAt(-1, kind, format, args...)
}

// addAt records a problem about the entry at index (none if index < 0).
func (r *report) addAt(index int64, kind, format string, args ...any) {
	if len(r.Problems) >= maxProblems {
		r.Omitted++
		return
	}
	p := problem{Kind: kind, Message: fmt.Sprintf(format, args...)}
	if index >= 0 {
		p.Index = &index
		// The ledger's errors name the entry too; say it once.
		p.Message = strings.TrimPrefix(p.Message, fmt.Sprintf("entry %d: ", index))
	}
	r.Problems = append(r.Problems, p)
}

func (r *report) failed() bool { return len(r.Problems) > 0 || r.Omitted > 0 }

func newCheckpointInfo(cp *log.Checkpoint) *checkpointInfo {
	return &checkpointInfo{Origin: cp.Origin, Size: int64(cp.Size), Root: base64.StdEncoding.EncodeToString(cp.Hash)}
}

// print writes the human summary.
func (r *report) print(w io.Writer) {
	what := "the whole log"
	if r.Subject != "" {
		what = r.Subject
	}
	fmt.Fprintf(w, "aidtrail-verify: %s of %s\n", what, r.Source)
	if cp := r.Checkpoint; cp != nil {
		fmt.Fprintf(w, "checkpoint:   %s, size %d, root %s\n", cp.Origin, cp.Size, cp.Root)
	}
	if r.Witnessed {
		var ws []string
		for _, w := range r.Witnesses {
			ws = append(ws, w.Name+" at "+w.Cosigned)
		}
		if len(ws) == 0 {
			ws = []string{"none"}
		}
		fmt.Fprintf(w, "witnesses:    cosigned by %s\n", strings.Join(ws, ", "))
	}
	switch {
	case r.Checkpoint == nil:
	case r.Subject != "":
		fmt.Fprintf(w, "entries:      %d of %s found, chain and inclusion proofs checked (%d scanned)\n", r.Entries, r.Subject, r.Scanned)
	default:
		fmt.Fprintf(w, "entries:      %d read, tree recomputed, %d hash tiles compared\n", r.Entries, r.Tiles)
	}
	if r.Checkpoint != nil && r.Entries > 0 {
		fmt.Fprintf(w, "signatures:   %d party signature(s) verified; %d confirmation(s) recorded by the platform, not signed\n", r.Signatures, r.Unsigned)
	}
	if r.Exports > 0 {
		fmt.Fprintf(w, "open data:    %d /data/ export(s) compared with the verified log\n", r.Exports)
	}
	for _, c := range r.Chain {
		fmt.Fprintf(w, "  entry %-8d %-20s %s  %s\n", c.Index, c.Type, c.Time, c.Leaf)
	}
	if p := r.Previous; p != nil {
		fmt.Fprintf(w, "history:      checked against size %d verified %s\n", p.Size, p.When)
	} else if r.StateFile != "" {
		fmt.Fprintf(w, "history:      no earlier checkpoint in %s (first run)\n", r.StateFile)
	}
	if len(r.NotReplayed) > 0 {
		fmt.Fprintf(w, "not replayed: %s (no rule yet: form and chains checked only)\n", strings.Join(r.NotReplayed, ", "))
	}
	fmt.Fprintf(w, "time:         %.2fs\n", r.Seconds)
	for _, p := range r.Problems {
		at := ""
		if p.Index != nil {
			at = fmt.Sprintf(" entry %d", *p.Index)
		}
		fmt.Fprintf(w, "PROBLEM [%s]%s: %s\n", p.Kind, at, p.Message)
	}
	if r.Omitted > 0 {
		fmt.Fprintf(w, "... and %d more problems\n", r.Omitted)
	}
	if r.OK {
		saved := ""
		if r.StateSaved {
			saved = "; checkpoint saved to " + r.StateFile
		}
		fmt.Fprintf(w, "OK: everything holds%s\n", saved)
	} else {
		fmt.Fprintf(w, "FAILED: %d problem(s)\n", len(r.Problems)+r.Omitted)
	}
}
