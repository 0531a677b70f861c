package views

// View models of the ledger browser and the entry page, built from the
// store's pages; the templates only lay them out.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
)

// LedgerQuery is the browser's filter as typed in the form (GET parameters).
type LedgerQuery struct {
	Type, Org, Item, From, To string
}

// Values returns the filter as URL parameters, without the empty ones.
func (q LedgerQuery) Values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"type": q.Type, "org": q.Org, "item": q.Item, "from": q.From, "to": q.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// Option is one choice of a select.
type Option struct{ Value, Label string }

// EntryRow is one entry in a list, in plain words.
type EntryRow struct {
	Index    int64
	Href     string
	Time     string
	Type     string
	Sentence string
	Leaf     string    // hex
	Sig      SigMarkVM // signed by a key of the organisation, or recorded by the platform
}

// LedgerVM is the ledger browser.
type LedgerVM struct {
	Query                LedgerQuery
	Types, Orgs, Items   []Option
	Rows                 []EntryRow
	OlderHref, NewerHref string
}

// NewLedgerVM lays out a page of entries with the filter q.
func NewLedgerVM(ctx context.Context, p *ledger.EntryPage, q LedgerQuery) LedgerVM {
	vm := LedgerVM{Query: q, Rows: EntryRows(ctx, p.Entries, p.Names)}
	for _, t := range ledger.Types() {
		vm.Types = append(vm.Types, Option{t, EntryType(ctx, t)})
	}
	for _, o := range p.Orgs {
		vm.Orgs = append(vm.Orgs, Option{strconv.FormatInt(o.ID, 10), o.Name})
	}
	d := Describing{Lang: LangOf(ctx), Names: p.Names}
	for id := range p.Names.Items {
		vm.Items = append(vm.Items, Option{id, d.Item(id)})
	}
	sort.Slice(vm.Items, func(i, j int) bool { return vm.Items[i].Label < vm.Items[j].Label })
	page := func(k string, n int64) string {
		v := q.Values()
		v.Set(k, strconv.FormatInt(n, 10))
		return "/ledger?" + v.Encode()
	}
	if p.Older > 0 {
		vm.OlderHref = page("before", p.Older)
	}
	if p.Newer > 0 {
		vm.NewerHref = page("after", p.Newer)
	}
	return vm
}

// EntryRows describes entries for a list.
func EntryRows(ctx context.Context, es []*ledger.StoredEntry, names ledger.Names) []EntryRow {
	rows := make([]EntryRow, 0, len(es))
	for _, e := range es {
		r := EntryRow{Index: e.Index, Href: entryHref(e.Index), Leaf: hex.EncodeToString(e.Leaf[:]), Sentence: Describe(ctx, names, e.Entry)}
		if e.Entry != nil {
			r.Time, r.Type = displayTime(e.Entry.Time), e.Entry.Type
			r.Sig = NewSigMark(e.Entry, e.Index, Describing{T: T(ctx), Names: names, Entry: e.Entry}.Org(e.Entry.Actor.Org), names)
		}
		rows = append(rows, r)
	}
	return rows
}

func entryHref(i int64) string { return "/ledger/" + strconv.FormatInt(i, 10) }

// displayTime shortens an entry time for tables: "2026-02-03 14:05".
func displayTime(t string) string {
	if len(t) < 16 {
		return t
	}
	return t[:10] + " " + t[11:16]
}

// LinkVM is a link to another entry in a subject's chain.
type LinkVM struct {
	Subject string
	Index   int64
	Href    string
	Hash    string
}

// SubjectVM is a subject with the public page about it, if any.
type SubjectVM struct {
	Key, Label, Href string
}

// EntryVM is one entry with its proof.
type EntryVM struct {
	Index             int64
	Type, Time, Actor string
	Sentence          string
	Verified          bool
	Leaf              string
	Pretty, Exact     string
	Proof             []string
	CheckpointSize    int64
	CheckpointNote    string
	Prev, Next        []LinkVM
	Subjects          []SubjectVM
	Undecoded         bool
	Sig               SigMarkVM
}

// NewEntryVM lays out an entry page.
func NewEntryVM(ctx context.Context, d *ledger.EntryDetail) EntryVM {
	vm := EntryVM{
		Index:          d.Index,
		Verified:       d.Verified,
		Leaf:           hex.EncodeToString(d.Leaf[:]),
		Exact:          string(d.Data),
		CheckpointSize: d.Checkpoint.Size,
		CheckpointNote: string(d.Checkpoint.Note),
		Sentence:       Describe(ctx, d.Names, d.Entry),
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, d.Data, "", "  ") == nil {
		vm.Pretty = pretty.String()
	}
	for _, h := range d.Proof {
		vm.Proof = append(vm.Proof, hex.EncodeToString(h[:]))
	}
	e := d.Entry
	if e == nil {
		vm.Undecoded = true
		return vm
	}
	dsc := Describing{T: T(ctx), Lang: LangOf(ctx), Names: d.Names, Entry: e}
	vm.Type, vm.Time, vm.Actor = e.Type, e.Time, dsc.Org(e.Actor.Org)
	vm.Sig = NewSigMark(e, d.Index, vm.Actor, d.Names)
	label := func(s string) string { return dsc.Subject(s) }
	for _, l := range e.Prev {
		vm.Prev = append(vm.Prev, LinkVM{label(l.Subject), l.Index, entryHref(l.Index), l.Hash})
	}
	for _, l := range d.Next {
		vm.Next = append(vm.Next, LinkVM{label(l.Subject), l.Index, entryHref(l.Index), l.Hash})
	}
	for _, s := range e.Subjects {
		vm.Subjects = append(vm.Subjects, SubjectVM{Key: s, Label: label(s), Href: SubjectHref(s)})
	}
	return vm
}

// SubjectHref is the public page of a subject, or "" if it has none.
func SubjectHref(s string) string {
	kind, id := ledger.SplitSubject(s)
	switch kind {
	case ledger.SubjectLot, ledger.SubjectPledge:
		return "/t/" + url.PathEscape(id)
	case ledger.SubjectOrg:
		return "/orgs/" + url.PathEscape(id)
	case ledger.SubjectNeed:
		return "/needs/" + url.PathEscape(id)
	case ledger.SubjectItem:
		return "/ledger?item=" + url.QueryEscape(id)
	}
	return ""
}

// EntryJSON is the machine-readable form of an entry page.
type EntryJSON struct {
	Index          int64           `json:"index"`
	LeafHash       string          `json:"leaf_hash"`
	Entry          json.RawMessage `json:"entry,omitempty"`
	EntryBytes     string          `json:"entry_base64"`
	Verified       bool            `json:"verified"`
	CheckpointSize int64           `json:"checkpoint_size"`
	CheckpointRoot string          `json:"checkpoint_root"`
	Checkpoint     string          `json:"checkpoint"`
	InclusionProof []string        `json:"inclusion_proof"`
	Prev           []ledger.Link   `json:"prev"`
	Next           []ledger.Link   `json:"next"`
}

// NewEntryJSON is the entry page as JSON: the exact bytes (base64, and as
// JSON when they parse), the leaf hash, and the proof in hex.
func NewEntryJSON(d *ledger.EntryDetail) EntryJSON {
	j := EntryJSON{
		Index:          d.Index,
		LeafHash:       hex.EncodeToString(d.Leaf[:]),
		EntryBytes:     base64.StdEncoding.EncodeToString(d.Data),
		Verified:       d.Verified,
		CheckpointSize: d.Checkpoint.Size,
		CheckpointRoot: base64.StdEncoding.EncodeToString(d.Checkpoint.Root[:]),
		Checkpoint:     string(d.Checkpoint.Note),
		InclusionProof: []string{},
		Prev:           []ledger.Link{},
		Next:           append([]ledger.Link{}, d.Next...),
	}
	if json.Valid(d.Data) {
		j.Entry = d.Data
	}
	for _, h := range d.Proof {
		j.InclusionProof = append(j.InclusionProof, hex.EncodeToString(h[:]))
	}
	if d.Entry != nil {
		j.Prev = append(j.Prev, d.Entry.Prev...)
	}
	return j
}

// shortHex abbreviates a hex hash for tables; the full value is in a title.
func shortHex(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}
