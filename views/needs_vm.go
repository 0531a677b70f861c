package views

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// View models of the needs board, need pages and pledges. The JSON tags are
// the public JSON of /needs.json and /needs/{id}.json: no donor's account,
// e-mail or name unless they chose to be named.

// NeedVM is one need as the public sees it.
type NeedVM struct {
	ID          int64        `json:"id"`
	URL         string       `json:"url"`
	Title       string       `json:"title"`
	Recipient   OrgRefVM     `json:"recipient"`
	Status      string       `json:"status"`
	Urgency     string       `json:"urgency"`
	Deadline    string       `json:"deadline"`
	Published   string       `json:"published,omitempty"`
	CloseReason string       `json:"close_reason,omitempty"`
	Met         bool         `json:"met"`
	Lines       []NeedLineVM `json:"lines"`
	Total       TotalVM      `json:"total"`
	Money       []MoneyVM    `json:"money_pledged"`
	// Waiting counts the pledges to the need not yet received; Oldest is
	// how many days the oldest of them has waited.
	Waiting    int `json:"pledges_not_received"`
	OldestDays int `json:"oldest_waiting_days"`
	Reviews    int `json:"-"`
	Approvals  int `json:"-"`
}

// OrgRefVM names an organisation publicly.
type OrgRefVM struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// NeedLineVM is one line with its progress.
type NeedLineVM struct {
	Line     int        `json:"line"`
	Item     string     `json:"item"`
	ItemName string     `json:"item_name"`
	Standard string     `json:"standard,omitempty"`
	Spec     string     `json:"spec,omitempty"`
	Unit     string     `json:"unit"`
	Quantity int64      `json:"quantity"`
	Urgency  string     `json:"urgency"`
	Deadline string     `json:"deadline"`
	Place    string     `json:"place"`
	Notes    string     `json:"notes,omitempty"`
	Removed  bool       `json:"removed,omitempty"`
	Progress ProgressVM `json:"progress"`
	// Gap is pledged but not yet received (never negative).
	Gap int64 `json:"pledged_not_received"`
	// Beyond is pledged beyond the quantity asked for (never negative).
	Beyond int64 `json:"pledged_beyond_need,omitempty"`
}

// ProgressVM is pledged / received / delivered / used, in the item's unit.
type ProgressVM struct {
	Pledged   int64 `json:"pledged"`
	Received  int64 `json:"received"`
	Delivered int64 `json:"delivered"`
	Used      int64 `json:"used"`
}

// TotalVM sums a need's open lines (mixed units, so shown as shares).
type TotalVM struct {
	Quantity        int64      `json:"quantity"`
	Progress        ProgressVM `json:"progress"`
	Gap             int64      `json:"pledged_not_received"`
	PledgedPercent  int        `json:"pledged_percent"`
	ReceivedPercent int        `json:"received_percent"`
}

// MoneyVM is an amount of money.
type MoneyVM struct {
	Currency    string `json:"currency"`
	AmountMinor int64  `json:"amount_minor"`
	Text        string `json:"text"`
}

// GapVM is a pledge not yet received: the promised-but-not-arrived list.
type GapVM struct {
	Code      string `json:"code"`
	URL       string `json:"url"`
	Donor     string `json:"donor,omitempty"` // only if the donor chose to be named
	Anonymous bool   `json:"anonymous"`
	What      string `json:"what"`
	NeedID    int64  `json:"need,omitempty"`
	NeedTitle string `json:"need_title,omitempty"`
	Pledged   string `json:"pledged"`
	AgeDays   int    `json:"age_days"`
	Due       string `json:"due"`
	Overdue   bool   `json:"overdue"`
}

// NeedsBoardVM is /needs.
type NeedsBoardVM struct {
	Item, Place, Org string // the filters as given
	Items            []Option
	Recipients       []Option
	Needs            []NeedVM
	Unreceived       []GapVM
	JSONURL          string
	First, Next      string // the board's first and next page, "" if none
}

// BoardJSON is /needs.json.
type BoardJSON struct {
	Needs      []NeedVM `json:"needs"`
	Unreceived []GapVM  `json:"unreceived_pledges"`
	Next       string   `json:"next,omitempty"` // the next page's URL
}

// JSON returns the board's public JSON.
func (vm NeedsBoardVM) JSON() BoardJSON {
	return BoardJSON{Needs: vm.Needs, Unreceived: vm.Unreceived, Next: vm.Next}
}

// NeedPageVM is /needs/{id}.
type NeedPageVM struct {
	Need       NeedVM
	Unreceived []GapVM
	CanPledge  bool
	CanReview  bool // the viewer is an auditor and the need waits for review
}

// NeedPageJSON is /needs/{id}.json.
type NeedPageJSON struct {
	NeedVM
	Unreceived []GapVM `json:"unreceived_pledges"`
}

// JSON returns the need page's public JSON.
func (vm NeedPageVM) JSON() NeedPageJSON {
	return NeedPageJSON{NeedVM: vm.Need, Unreceived: vm.Unreceived}
}

// ItemName names an item in the reader's language.
func ItemName(ctx context.Context, it ledger.Item) string {
	if LangOf(ctx) == ZH {
		return it.NameZH
	}
	return it.NameEN
}

func percent(part, whole int64) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	if part >= whole {
		return 100
	}
	return int(part * 100 / whole)
}

// NewNeedVM copies a need for the public.
func NewNeedVM(ctx context.Context, n *ledger.Need) NeedVM {
	vm := NeedVM{ID: n.ID, URL: "/needs/" + strconv.FormatInt(n.ID, 10), Title: n.Title, Recipient: OrgRefVM{n.OrgID, n.OrgName},
		Status: n.Status, Urgency: n.Urgency(), Deadline: n.Deadline(), Published: dateOf(n.Published), CloseReason: n.CloseReason,
		Met: n.Met(), Lines: []NeedLineVM{}, Money: []MoneyVM{}, Reviews: n.Reviews, Approvals: n.Approvals}
	for _, l := range n.Lines {
		p := ProgressVM{l.Progress.Pledged, l.Progress.Received, l.Progress.Delivered, l.Progress.Used}
		vm.Lines = append(vm.Lines, NeedLineVM{Line: l.Line, Item: l.Item.ID, ItemName: ItemName(ctx, l.Item), Standard: l.Item.Standard,
			Spec: l.Spec, Unit: Unit(ctx, l.Item.Unit), Quantity: l.Quantity, Urgency: l.Urgency, Deadline: l.Deadline, Place: l.Place, Notes: l.Notes,
			Removed: l.Removed, Progress: p, Gap: max(0, p.Pledged-p.Received), Beyond: max(0, p.Pledged-l.Quantity)})
	}
	q, p := n.Total()
	vm.Total = TotalVM{Quantity: q, Progress: ProgressVM{p.Pledged, p.Received, p.Delivered, p.Used}, Gap: max(0, p.Pledged-p.Received)}
	// Shares count each line at most in full, so one over-pledged line
	// cannot hide another that nobody pledged to.
	var pledged, received int64
	for _, l := range n.OpenLines() {
		pledged += min(l.Progress.Pledged, l.Quantity)
		received += min(l.Progress.Received, l.Quantity)
	}
	vm.Total.PledgedPercent, vm.Total.ReceivedPercent = percent(pledged, q), percent(received, q)
	for _, m := range n.Money {
		vm.Money = append(vm.Money, MoneyVM{m.Currency, m.AmountMinor, Money(m.Currency, m.AmountMinor)})
	}
	return vm
}

// NewGapVMs lists pledges not yet received, with their age as of now.
func NewGapVMs(ctx context.Context, ps []*ledger.Pledge, now time.Time) []GapVM {
	out := []GapVM{}
	for _, p := range ps {
		out = append(out, GapVM{Code: p.Code, URL: "/t/" + p.Code, Donor: p.DisplayName, Anonymous: p.DisplayName == "",
			What: PledgeWhat(ctx, p), NeedID: p.NeedID, NeedTitle: p.NeedTitle, Pledged: dateOf(p.Created),
			AgeDays: int(p.Age(now).Hours() / 24), Due: p.Due, Overdue: p.Overdue(now)})
	}
	return out
}

// PledgeWhat says what a pledge offers: "1,000 pcs of Surgical mask" or "CNY 500.00".
func PledgeWhat(ctx context.Context, p *ledger.Pledge) string {
	if p.Kind == ledger.PledgeMoney {
		return Money(p.Currency, p.AmountMinor)
	}
	t := T(ctx)
	var parts []string
	for _, l := range p.Lines {
		parts = append(parts, fmt.Sprintf(t.Public.LotQty, Qty(ctx, l.Quantity, l.Item.Unit), ItemName(ctx, l.Item)))
	}
	return strings.Join(parts, t.Public.ListSep)
}

// dateOf returns the date part of an entry time.
func dateOf(t string) string {
	if len(t) >= 10 {
		return t[:10]
	}
	return t
}

// NewNeedsBoardVM builds /needs from the store's board and the filters given.
func NewNeedsBoardVM(ctx context.Context, b *ledger.Board, f url.Values, now time.Time) NeedsBoardVM {
	vm := NeedsBoardVM{Item: f.Get("item"), Place: f.Get("place"), Org: f.Get("org"), Needs: []NeedVM{},
		Unreceived: NewGapVMs(ctx, b.Unreceived, now), JSONURL: "/needs.json"}
	if q := f.Encode(); q != "" {
		vm.JSONURL += "?" + q
	}
	for _, it := range b.Items {
		vm.Items = append(vm.Items, Option{it.ID, ItemName(ctx, it)})
	}
	for _, o := range b.Recipients {
		vm.Recipients = append(vm.Recipients, Option{strconv.FormatInt(o.ID, 10), o.Name})
	}
	for _, n := range b.Needs {
		vm.Needs = append(vm.Needs, withWaiting(NewNeedVM(ctx, n), n, now))
	}
	return vm
}

// withWaiting adds how many of the need's pledges wait to be received and
// how long the oldest has waited.
func withWaiting(vm NeedVM, n *ledger.Need, now time.Time) NeedVM {
	vm.Waiting = n.Waiting.Pledges
	if vm.Waiting > 0 {
		vm.OldestDays = int((&ledger.Pledge{Created: n.Waiting.Oldest}).Age(now).Hours() / 24)
	}
	return vm
}

// NewNeedPageVM builds /needs/{id} for viewer m.
func NewNeedPageVM(ctx context.Context, d *ledger.NeedDetail, m ledger.Member, now time.Time) NeedPageVM {
	gaps := NewGapVMs(ctx, d.Unreceived, now)
	return NeedPageVM{Need: withWaiting(NewNeedVM(ctx, d.Need), d.Need, now), Unreceived: gaps,
		CanPledge: d.Need.Status == ledger.NeedStatusPublished,
		CanReview: m.IsAuditor() && d.Need.Status == ledger.NeedStatusSubmitted}
}

// progressBars are a line's four bars, each with its figure as text.
func progressBars(ctx context.Context, id string, p ProgressVM, of int64, unit string) []progressBar {
	t := T(ctx).Needs
	bar := func(key, label string, v int64) progressBar {
		return progressBar{ID: id + "-" + key, Label: label, Value: min(v, of), Max: of,
			Text: fmt.Sprintf(t.OfQuantity, GroupDigits(v), Qty(ctx, of, unit), percent(v, of))}
	}
	return []progressBar{bar("pledged", t.Pledged, p.Pledged), bar("received", t.Received, p.Received),
		bar("delivered", t.Delivered, p.Delivered), bar("used", t.Used, p.Used)}
}

type progressBar struct {
	ID    string
	Label string
	Value int64
	Max   int64
	Text  string
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }
