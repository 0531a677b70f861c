// Package witness has the log's side of C2SP witnessing: the policy of
// which witnesses must cosign, pushing each new checkpoint to them with a
// consistency proof (tlog-witness add-checkpoint), keeping their verified
// cosignatures, and choosing the newest checkpoint that meets the policy.
package witness

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/transparency-dev/tessera"
	"golang.org/x/mod/sumdb/note"
)

// Policy is a witness policy in the Sigsum/Tessera format
// (witness NAME VKEY URL, group NAME K NAME..., quorum NAME), parsed by
// tessera.NewWitnessGroupFromPolicy.
type Policy struct {
	group     tessera.WitnessGroup
	witnesses []Witness
	text      []byte
}

// Witness is one witness of the policy.
type Witness struct {
	Name     string // the policy's name for it
	VKey     string // its cosignature/v1 verifier key, as the policy gives it
	URL      string // its add-checkpoint URL
	Verifier note.Verifier
}

// LoadPolicy reads and parses a policy file.
func LoadPolicy(path string) (*Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading witness policy: %w", err)
	}
	p, err := ParsePolicy(b)
	if err != nil {
		return nil, fmt.Errorf("witness policy %s: %w", path, err)
	}
	return p, nil
}

// ParsePolicy parses a policy with tessera.NewWitnessGroupFromPolicy. Every
// witness needs a URL (the log pushes to it), and the quorum must not be none.
func ParsePolicy(text []byte) (*Policy, error) {
	g, err := tessera.NewWitnessGroupFromPolicy(text)
	if err != nil {
		return nil, err
	}
	if g.N <= 0 {
		return nil, fmt.Errorf("the quorum is none: no witness would be needed")
	}
	p := &Policy{group: g, text: bytes.Clone(text)}
	// Tessera keeps each witness's verifier and URL but not the policy's name
	// for it or its vkey text, which /verify shows: take those from the
	// witness lines Tessera has just accepted, matched by URL.
	named := map[string][2]string{}
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if f := strings.Fields(line); len(f) == 4 && f[0] == "witness" {
			if u, err := url.Parse(f[3]); err == nil {
				named[u.JoinPath("/add-checkpoint").String()] = [2]string{f[1], f[2]}
			}
		}
	}
	for u, v := range g.Endpoints() {
		nv := named[u]
		p.witnesses = append(p.witnesses, Witness{Name: nv[0], VKey: nv[1], URL: u, Verifier: v})
	}
	sort.Slice(p.witnesses, func(i, j int) bool { return p.witnesses[i].Name < p.witnesses[j].Name })
	return p, nil
}

// Witnesses returns the policy's witnesses, by name.
func (p *Policy) Witnesses() []Witness { return p.witnesses }

// Satisfied reports whether the signed checkpoint carries enough valid
// cosignatures to meet the quorum.
func (p *Policy) Satisfied(signed []byte) bool { return p.group.Satisfied(signed) }

// Quorum is the top-level threshold: how many of its components must cosign.
func (p *Policy) Quorum() (k, n int) { return p.group.N, len(p.group.Components) }

// Text is the policy as given.
func (p *Policy) Text() []byte { return p.text }
