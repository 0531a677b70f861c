package views

// View models of the custody pages: a lot on the phone, a shipment, the
// stock page, confirmations and label sheets.

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// Link is a labelled link.
type Link struct{ Label, Href string }

// TraceHref is the public URL path of a lot or pledge code.
func TraceHref(code string) string { return "/t/" + code }

func lotLink(code string) Link { return Link{ledger.FormatCode(code), TraceHref(code)} }

func itemName(ctx context.Context, it ledger.Item) string { return ItemName(ctx, it) }

// ChainRow is one entry of a lot's chain, marked if declared wrong.
type ChainRow struct {
	EntryRow
	CorrectedBy int64
	Prev        string // hex leaf hash of the subject's previous entry; "" for the first
	PrevIndex   int64
	Verified    bool // its inclusion proof checks against the latest signed checkpoint
}

// ChainRows lists a subject's own hash chain (lot or pledge), each step with
// the hash it links back to and its "verified" mark.
func ChainRows(ctx context.Context, subject string, es []*ledger.StoredEntry, names ledger.Names, corrected map[int64]int64) []ChainRow {
	rows := make([]ChainRow, 0, len(es))
	for i, r := range EntryRows(ctx, es, names) {
		c := ChainRow{EntryRow: r, CorrectedBy: corrected[es[i].Index], Verified: es[i].Verified}
		if es[i].Entry != nil {
			if l, ok := es[i].Entry.PrevOf(subject); ok {
				c.Prev, c.PrevIndex = l.Hash, l.Index
			}
		}
		rows = append(rows, c)
	}
	return rows
}

// LotVM is /t/{code} for a lot.
type LotVM struct {
	Code, Display                string
	IsPack                       bool
	ItemName, Spec, Unit         string
	Held, InTransit              string
	HeldQty                      int64
	HolderName, HolderHref       string
	Condition, Batch, Expiry     string
	GTIN                         string
	Since, HeldFor               string
	Origin, Parent, PackedIn     *Link
	Children, Contents           []Link
	Open                         []Link // open shipments carrying it
	Receive                      []Link // of those, the ones the viewer's organisation receives
	Chain                        []ChainRow
	SignedIn                     bool
	LoginHref                    string
	Actions                      map[string]bool
	Receivers, Carriers, Correct []Option
	Causes                       []Option
	Today                        string
	// Refused names the action form shown again after it was refused
	// ("split", "dispatch", "use", "writeoff", "correct"), with what was
	// typed (Form) and why (Error).
	Refused               string
	Form                  url.Values
	Error                 FormError
	PrefillTo, PrefillQty string // dispatch's default: the lot's need's recipient, or "dispatch to this need" from the stock page; "" makes the user choose
	Counts                []CountRowVM
	Pending               *CountRowVM // a count waiting for a second member
	CanReview             bool        // the viewer may approve or reject it
	CountReasons          []Option
}

// Can reports whether the viewer may take action a now.
func (vm LotVM) Can(a string) bool { return vm.Actions[a] }

// NewLotVM lays out a lot for viewer m; nonce is the one-time token of its forms.
func NewLotVM(ctx context.Context, p *ledger.LotPage, m ledger.Member, now time.Time) LotVM {
	l := p.Lot
	t := T(ctx)
	vm := LotVM{
		Code: l.Code, Display: ledger.FormatCode(l.Code), IsPack: l.IsPack(),
		ItemName: itemName(ctx, p.Item), Spec: l.Spec, Unit: Unit(ctx, l.Unit),
		Held: GroupDigits(l.Held), InTransit: GroupDigits(l.InTransit), HeldQty: l.Held,
		HolderName: p.HolderName, Condition: t.Public.Reasons[l.Condition], Batch: l.Batch, Expiry: l.Expiry, GTIN: l.GTIN,
		Since: displayTime(l.Since), HeldFor: heldFor(ctx, l.Since, now),
		SignedIn: m.SignedIn(), LoginHref: "/login?" + url.Values{"return": {TraceHref(l.Code)}}.Encode(),
		Actions: map[string]bool{}, Today: now.UTC().Format(time.DateOnly),
	}
	if l.IsMoney() { // minor units, written as an amount
		vm.ItemName, vm.Held = t.Funds.NavFunds, Amount(l.Unit, l.Held)
		if l.InTransit > 0 {
			vm.InTransit = Amount(l.Unit, l.InTransit)
		}
	}
	if l.Holder != 0 {
		vm.HolderHref = "/orgs/" + strconv.FormatInt(l.Holder, 10)
	} else {
		vm.HolderName = t.Custody.Nobody
	}
	if l.Pledge != "" {
		vm.Origin = &Link{ledger.FormatCode(l.Pledge), TraceHref(l.Pledge)}
	}
	if l.Parent != "" {
		k := lotLink(l.Parent)
		vm.Parent = &k
	}
	if l.Pack != "" {
		k := lotLink(l.Pack)
		vm.PackedIn = &k
	}
	for _, c := range p.Children {
		vm.Children = append(vm.Children, lotLink(c))
	}
	for _, c := range p.Contents {
		vm.Contents = append(vm.Contents, Link{ledger.FormatCode(c.Code) + " · " + Qty(ctx, c.Held, c.Unit), TraceHref(c.Code)})
	}
	for _, h := range p.Open {
		k := Link{sprintf(t.Custody.HandoffTitle, h.ID) + " → " + h.ToName, handoffHref(h.ID)}
		vm.Open = append(vm.Open, k)
		if m.Org != 0 && h.To == m.Org && h.Arrived() {
			vm.Receive = append(vm.Receive, Link{sprintf(t.Custody.ReceiveLink, h.ID), handoffHref(h.ID)})
		}
	}
	vm.Chain = ChainRows(ctx, ledger.Subject(ledger.SubjectLot, p.Lot.Code), p.Chain, p.Names, p.Corrected)
	for _, a := range p.Actions {
		vm.Actions[a] = true
	}
	for _, o := range p.Receivers {
		if o.ID == p.NeedRecipient {
			vm.PrefillTo = strconv.FormatInt(o.ID, 10) // the need the donation answers
		}
		vm.Receivers = append(vm.Receivers, Option{strconv.FormatInt(o.ID, 10), o.Name})
	}
	for _, o := range p.Carriers {
		vm.Carriers = append(vm.Carriers, Option{strconv.FormatInt(o.ID, 10), o.Name})
	}
	for _, i := range p.Correctable {
		vm.Correct = append(vm.Correct, Option{strconv.FormatInt(i, 10), sprintf(t.Public.EntryTitle, i)})
	}
	for _, c := range ledger.WriteOffCauses {
		vm.Causes = append(vm.Causes, Option{c, t.Public.Reasons[c]})
	}
	vm.addCounts(ctx, p, m)
	return vm
}

func handoffHref(id int64) string { return "/handoffs/" + strconv.FormatInt(id, 10) }

// heldFor says how long ago since (an entry time) was, in days.
func heldFor(ctx context.Context, since string, now time.Time) string {
	t, err := time.Parse(ledger.TimeFormat, since)
	if err != nil {
		return ""
	}
	return sprintf(T(ctx).Custody.Days, int(now.Sub(t).Hours()/24))
}

// HandoffLineVM is one line of a shipment.
type HandoffLineVM struct {
	N                          int
	Lot                        Link
	Code, Item, Unit           string
	Sent, Received, Difference string
	SentQty                    int64
	Condition, Reason, Note    string
	IsPack                     bool
}

// HandoffVM is /handoffs/{id}.
type HandoffVM struct {
	ID                                int64
	FromName, ToName, ViaName, Status string
	Dispatched                        string
	Lines                             []HandoffLineVM
	Received                          bool // the receiver has counted
	CanPickUp, CanDeliver, CanReceive bool
	CanReject                         bool // the receiver may refuse it, delivered or not
	// AwaitsCarrier: the viewer receives it, but the carrier has not
	// delivered it yet, so there is nothing to count.
	AwaitsCarrier       bool
	Conditions, Reasons []Option
	Error               FormError // why a confirmation was refused
	Refused             string    // which form was: "received", "rejected", ...
	Form                url.Values
}

// typed is what was typed into field of form f when f was refused, else def.
func (vm HandoffVM) typed(f, field, def string) string {
	if vm.Refused != f {
		return def
	}
	return vm.Form.Get(field)
}

// errorIn is why form f was refused, or nothing if it was not.
func (vm HandoffVM) errorIn(f string) FormError {
	if vm.Refused != f {
		return FormError{}
	}
	return vm.Error
}

// NewHandoffVM lays out a shipment for viewer m.
func NewHandoffVM(ctx context.Context, h *ledger.HandoffView, m ledger.Member) HandoffVM {
	t := T(ctx)
	vm := HandoffVM{ID: h.ID, FromName: h.FromName, ToName: h.ToName, ViaName: h.ViaName,
		Status: t.Custody.Statuses[h.Status], Dispatched: displayTime(h.Dispatched), Received: h.Status == ledger.StatusReceived}
	money := false
	for i, ln := range h.Lines {
		v := HandoffLineVM{N: i, Lot: lotLink(ln.Lot), Code: ln.Lot, Item: itemName(ctx, h.Items[i]), Unit: Unit(ctx, h.Units[i]),
			Sent: GroupDigits(ln.Quantity), SentQty: ln.Quantity, IsPack: h.Items[i].ID == ""}
		if vm.Received {
			v.Received, v.Condition, v.Reason, v.Note = GroupDigits(ln.Received), t.Public.Reasons[ln.Condition], t.Public.Reasons[ln.Reason], ln.Note
			if d := ln.Received - ln.Quantity; d != 0 {
				v.Difference = GroupDigits(d)
			}
			if ln.NewLot != "" {
				v.Lot = Link{v.Lot.Label + " → " + ledger.FormatCode(ln.NewLot), TraceHref(ln.NewLot)}
			}
		}
		if h.Items[i].ID == ledger.ItemMoney { // money: amounts, confirmed on the money desk
			money = true
			v.Item, v.Sent = t.Funds.NavFunds, Amount(h.Units[i], ln.Quantity)
			if vm.Received {
				v.Received = Amount(h.Units[i], ln.Received)
				if d := ln.Received - ln.Quantity; d != 0 {
					v.Difference = Amount(h.Units[i], d)
				}
			}
		}
		vm.Lines = append(vm.Lines, v)
	}
	open := h.Status == ledger.StatusDispatched || h.Status == ledger.StatusPickedUp || h.Status == ledger.StatusDelivered
	carrier := m.ActsFor(ledger.OrgLogistics) && m.Org == h.Via
	vm.CanPickUp = carrier && h.Status == ledger.StatusDispatched
	vm.CanDeliver = carrier && h.Status == ledger.StatusPickedUp
	receiver := open && m.ActsFor(ledger.OrgWarehouse, ledger.OrgRecipient) && m.Org == h.To && !money
	vm.CanReceive = receiver && h.Arrived()
	vm.CanReject = receiver
	vm.AwaitsCarrier = receiver && !h.Arrived()
	for _, c := range ledger.Conditions {
		vm.Conditions = append(vm.Conditions, Option{c, t.Public.Reasons[c]})
	}
	for _, r := range ledger.DiscrepancyReasons {
		vm.Reasons = append(vm.Reasons, Option{r, t.Public.Reasons[r]})
	}
	return vm
}

// StockLotVM is one lot card on the stock page: code, item, quantity,
// expiry with its mark, and how long it has been held.
type StockLotVM struct {
	Lot                  Link
	Code                 string
	Pack                 bool
	ItemName, Held       string
	Expiry               string
	ExpiryMark           string // "expired 12 days ago", "expires in 9 days"; "" if not within 30 days
	Expired, ExpiresSoon bool
	Since, For           string
}

// StockItemVM is one item's total on the stock page, with "dispatch to
// this need" links.
type StockItemVM struct {
	ItemName, Unit, Held string
	Needs                []Link
}

// ExpectedVM is a pledge to be delivered: what, for which need, when
// promised, how long ago pledged, and whether it is overdue.
type ExpectedVM struct {
	Pledge      Link
	Code        string
	What        []string
	Need        *Link
	Due, Age    string
	OverdueMark string // "overdue by 3 days", "" if not overdue
	Partly      bool   // some of it was received
	ReceiveHref string // the receipt form, for a member who may receive it
}

// StockDayVM is an organisation's day, on /stock and its public page:
// pledges to be delivered, shipments on the way, and its stock as cards.
type StockDayVM struct {
	Items                        []StockItemVM
	Lots                         []StockLotVM
	MoreLots, FirstLots          string // links to the next page and back to the first
	Expected                     []ExpectedVM
	MoreExpected, FirstExpected  string
	Incoming, Outgoing, Carrying []Link
}

// StockVM is /stock.
type StockVM struct {
	OrgName string
	Day     StockDayVM
}

// expiryWarnDays is how close an expiry is marked.
const expiryWarnDays = 30

// NewStockDayVM lays out an organisation's day as of now; page is the
// URL of the page it is on (for the paging links), receiver the viewer's
// organisation when it may receive the pledges (0 on the public page).
func NewStockDayVM(ctx context.Context, st *ledger.Stock, page *url.URL, m ledger.Member, now time.Time) StockDayVM {
	t, tx := T(ctx), StockT(ctx)
	var vm StockDayVM
	today := now.UTC().Format(ledger.DateFormat)
	items := map[string]ledger.Item{}
	for _, si := range st.Items {
		items[si.Item.ID] = si.Item
	}
	for _, l := range st.Lots {
		lv := StockLotVM{Lot: lotLink(l.Code), Code: l.Code, ItemName: itemName(ctx, items[l.Item]), Held: Qty(ctx, l.Held, l.Unit),
			Expiry: l.Expiry, Since: displayTime(l.Since), For: heldFor(ctx, l.Since, now)}
		if l.IsPack() {
			lv.Pack, lv.ItemName, lv.Held = true, l.Spec, t.Custody.Packs
		}
		if d, ok := daysFrom(today, l.Expiry); ok {
			switch {
			case d < 0:
				lv.Expired, lv.ExpiryMark = true, sprintf(tx.Expired, -d)
			case d <= expiryWarnDays:
				lv.ExpiresSoon, lv.ExpiryMark = true, sprintf(tx.ExpiresIn, d)
			}
		}
		vm.Lots = append(vm.Lots, lv)
	}
	for _, si := range st.Items {
		iv := StockItemVM{ItemName: itemName(ctx, si.Item), Unit: Unit(ctx, si.Item.Unit), Held: GroupDigits(si.Held)}
		for _, n := range si.Needs {
			if si.First.Code == "" {
				break // all of it is packed: nothing loose to send
			}
			q := url.Values{"to": {strconv.FormatInt(n.Org, 10)}, "need": {strconv.FormatInt(n.Need, 10)},
				"quantity": {strconv.FormatInt(min(n.Remaining, si.First.Held), 10)}}
			href := TraceHref(si.First.Code) + "?" + q.Encode() + "#dispatch-form"
			iv.Needs = append(iv.Needs, Link{sprintf(t.Custody.DispatchToNeed, n.OrgName) + " (" + GroupDigits(n.Remaining) + " " + t.Custody.Remaining + ")", href})
		}
		vm.Items = append(vm.Items, iv)
	}
	for _, p := range st.Expected {
		e := ExpectedVM{Pledge: Link{ledger.FormatCode(p.Code), TraceHref(p.Code)}, Code: p.Code, Due: p.Due,
			Age: sprintf(tx.PledgedAgo, int(p.Age(now).Hours()/24)), Partly: p.Status == ledger.PledgeStatusReceived}
		for _, l := range p.Lines {
			w := Qty(ctx, l.Quantity, l.Item.Unit) + " " + ItemName(ctx, l.Item)
			if l.Received > 0 {
				w += " (" + sprintf(tx.ReceivedOf, GroupDigits(l.Received)) + ")"
			}
			e.What = append(e.What, w)
		}
		if p.NeedID != 0 {
			e.Need = &Link{p.NeedTitle, needHref(p.NeedID)}
		}
		if d, ok := daysFrom(today, p.Due); ok && p.Overdue(now) {
			e.OverdueMark = sprintf(tx.OverdueBy, -d)
		}
		if m.Org != 0 && p.Receivable(m) {
			e.ReceiveHref = TraceHref(p.Code) + "/receive"
		}
		vm.Expected = append(vm.Expected, e)
	}
	vm.MoreLots, vm.FirstLots = pageLinks(page, "after", st.Next, "#stock-lots-h")
	vm.MoreExpected, vm.FirstExpected = pageLinks(page, "expected_after", st.ExpectedNext, "#stock-expected-h")
	shipments := func(hs []*ledger.HandoffView) []Link {
		var out []Link
		for _, h := range hs {
			out = append(out, Link{sprintf(t.Custody.HandoffTitle, h.ID) + ": " + h.FromName + " → " + h.ToName + " (" + t.Custody.Statuses[h.Status] + ")", handoffHref(h.ID)})
		}
		return out
	}
	vm.Incoming, vm.Outgoing, vm.Carrying = shipments(st.Incoming), shipments(st.Outgoing), shipments(st.Carrying)
	return vm
}

// pageLinks are the links of one paged list on page: to the page after
// code next ("" on the last page) and back to its first page ("" when on
// it), each ending at the list's heading (anchor).
func pageLinks(page *url.URL, param, next, anchor string) (more, first string) {
	if page == nil {
		return "", ""
	}
	link := func(v string) string {
		q := page.Query()
		if v == "" {
			q.Del(param)
		} else {
			q.Set(param, v)
		}
		u := url.URL{Path: page.Path, RawQuery: q.Encode()}
		return u.String() + anchor
	}
	if next != "" {
		more = link(next)
	}
	if page.Query().Get(param) != "" {
		first = link("")
	}
	return more, first
}

// daysFrom is the number of days from today to date (negative if past);
// false if date is not a date.
func daysFrom(today, date string) (int, bool) {
	a, err1 := time.Parse(ledger.DateFormat, today)
	b, err2 := time.Parse(ledger.DateFormat, date)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return int(b.Sub(a).Hours() / 24), true
}

// NewStockVM lays out an organisation's /stock for member m.
func NewStockVM(ctx context.Context, st *ledger.Stock, page *url.URL, m ledger.Member, now time.Time) StockVM {
	return StockVM{OrgName: st.Org.Name, Day: NewStockDayVM(ctx, st, page, m, now)}
}

// DoneVM is the confirmation after an action.
type DoneVM struct {
	Message string
	Lots    []Link // lots made by the action
	Labels  string // link to print their labels
	Back    Link
}

// NewDoneVM confirms an action; codes are the lots it made, back where to go next.
func NewDoneVM(message string, codes []string, back Link) DoneVM {
	vm := DoneVM{Message: message, Back: back}
	if len(codes) > 0 {
		vm.Labels = LabelsHref(codes)
	}
	for _, c := range codes {
		vm.Lots = append(vm.Lots, lotLink(c))
	}
	return vm
}

// LabelsHref is the label sheet of the given lots.
func LabelsHref(codes []string) string {
	return "/labels?" + url.Values{"lot": slices.Clone(codes)}.Encode()
}

// ReceiveLineVM is one pledged item on the receipt form.
type ReceiveLineVM struct {
	N                 int
	Item              string
	ItemName, Unit    string
	Pledged, Quantity string
	Received          string // received so far
}

// ReceivePledgeVM is the form that records a pledged delivery as lots.
type ReceivePledgeVM struct {
	// HandOn offers the organisations the pledge may be handed on to;
	// Refused is "hand-on" when that form was refused.
	HandOn        []Option
	Refused       string
	Code, Display string
	Lines         []ReceiveLineVM
	Conditions    []Option
	Scan          *GS1VM // a manufacturer's barcode scanned for line ScanLine
	ScanLine      int
	ScanError     string
	Form          url.Values // what was typed, when the form was refused
	Error         FormError  // why it was refused
}

// typed is what was typed into field when the receipt form was refused,
// else def.
func (vm ReceivePledgeVM) typed(field, def string) string {
	if vm.Form == nil || vm.Refused != "" {
		return def
	}
	return vm.Form.Get(field)
}

// handOnReason is the reason typed when the hand-on form was refused.
func (vm ReceivePledgeVM) handOnReason() string {
	if vm.Refused != "hand-on" {
		return ""
	}
	return vm.Form.Get("reason")
}

// errorIn is why form f ("" the receipt, "hand-on") was refused, if it was.
func (vm ReceivePledgeVM) errorIn(f string) FormError {
	if vm.Refused != f {
		return FormError{}
	}
	return vm.Error
}

// NewReceivePledgeVM lays out the receipt form of pledge p.
func NewReceivePledgeVM(ctx context.Context, p *ledger.Pledge) ReceivePledgeVM {
	vm := ReceivePledgeVM{Code: p.Code, Display: ledger.FormatCode(p.Code)}
	for i, l := range p.Lines {
		vm.Lines = append(vm.Lines, ReceiveLineVM{N: i, Item: l.Item.ID, ItemName: itemName(ctx, l.Item), Unit: Unit(ctx, l.Item.Unit),
			Pledged: GroupDigits(l.Quantity), Received: GroupDigits(l.Received), Quantity: strconv.FormatInt(max(l.Quantity-l.Received, 0), 10)})
	}
	for _, c := range ledger.Conditions {
		vm.Conditions = append(vm.Conditions, Option{c, T(ctx).Public.Reasons[c]})
	}
	return vm
}
