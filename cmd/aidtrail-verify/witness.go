package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	f_note "github.com/transparency-dev/formats/note"
	"github.com/transparency-dev/tessera"
	"golang.org/x/mod/sumdb/note"
)

// kindWitness: the checkpoint lacks the witnesses' quorum, or its newest
// cosignature is too old.
const kindWitness = "witness"

// witnessPolicy is what -policy and -max-age ask of the checkpoint.
type witnessPolicy struct {
	group  tessera.WitnessGroup
	maxAge time.Duration // 0: any age
	now    func() time.Time
}

// loadWitnessPolicy parses a policy file with tessera.NewWitnessGroupFromPolicy
// (the format of the log's /verify page, Sigsum's and Tessera's).
func loadWitnessPolicy(path string, maxAge time.Duration) (*witnessPolicy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the witness policy: %w", err)
	}
	g, err := tessera.NewWitnessGroupFromPolicy(b)
	if err != nil {
		return nil, fmt.Errorf("witness policy %s: %w", path, err)
	}
	return &witnessPolicy{group: g, maxAge: maxAge, now: time.Now}, nil
}

// witnessInfo is one witness's valid cosignature on the checkpoint.
type witnessInfo struct {
	Name     string `json:"name"`
	Cosigned string `json:"cosigned_at"` // RFC 3339
}

// check reports a WITNESS problem unless the checkpoint carries the quorum's
// cosignatures and, with -max-age, the newest of them is recent enough.
func (p *witnessPolicy) check(raw []byte, rep *report) {
	var newest time.Time
	for _, v := range p.group.Endpoints() {
		n, err := note.Open(raw, note.VerifierList(v))
		if err != nil || len(n.Sigs) != 1 {
			continue
		}
		t, err := f_note.CoSigV1Timestamp(n.Sigs[0])
		if err != nil {
			continue
		}
		rep.Witnesses = append(rep.Witnesses, witnessInfo{Name: v.Name(), Cosigned: t.UTC().Format(time.RFC3339)})
		if t.After(newest) {
			newest = t
		}
	}
	sort.Slice(rep.Witnesses, func(i, j int) bool { return rep.Witnesses[i].Name < rep.Witnesses[j].Name })
	rep.Witnessed = true
	if !p.group.Satisfied(raw) {
		var names []string
		for _, w := range rep.Witnesses {
			names = append(names, w.Name)
		}
		who := "no witness of the policy"
		if len(names) > 0 {
			who = "only " + strings.Join(names, ", ")
		}
		rep.add(kindWitness, "WITNESS: the checkpoint does not meet the witness policy (%d of its %d components needed): %s cosigned it; a checkpoint the witnesses have not seen may be a view shown to you alone",
			p.group.N, len(p.group.Components), who)
		return
	}
	if p.maxAge > 0 {
		if age := p.now().Sub(newest); age > p.maxAge {
			rep.add(kindWitness, "WITNESS: the newest cosignature is from %s, %s ago, older than -max-age %s: the witnesses have not confirmed this log recently",
				newest.UTC().Format(time.RFC3339), age.Round(time.Second), p.maxAge)
		}
	}
}
