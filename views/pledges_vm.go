package views

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// PledgeFormVM is /pledge: goods against the need's lines (or any items in
// general) or money, named or anonymous, how and when it is handed over.
type PledgeFormVM struct {
	Need       *NeedVM
	Items      []Option
	Currencies []string
	Handovers  []Option
	Form       url.Values // what was sent, when the form comes back with an error
	Error      FormError
	Rows       []int // row numbers of the general item rows
	MinDue     string
	// DeliverTo offers where it will be delivered: the need's recipient
	// (first, the default) and the verified warehouses.
	DeliverTo []Option
	// Beyond is, per need line, how much the pledge gives beyond what the
	// line still needs, when the donor must confirm it (see SetBeyondNeed).
	Beyond map[int]int64
}

// GeneralRows is how many item rows a general pledge form offers.
const GeneralRows = 5

// NewPledgeFormVM builds the pledge form.
func NewPledgeFormVM(ctx context.Context, d *ledger.PledgeFormData, form url.Values, fe FormError, now time.Time) PledgeFormVM {
	vm := PledgeFormVM{Form: form, Error: fe, MinDue: now.UTC().Format(ledger.DateFormat)}
	if vm.Form == nil {
		vm.Form = url.Values{}
	}
	if d.Need != nil {
		n := NewNeedVM(ctx, d.Need)
		vm.Need = &n
	} else {
		for i := 1; i <= GeneralRows; i++ {
			vm.Rows = append(vm.Rows, i)
		}
	}
	if d.Need != nil {
		vm.DeliverTo = append(vm.DeliverTo, Option{strconv.FormatInt(d.Need.OrgID, 10), sprintf(T(ctx).Needs.DeliverToRecipient, d.Need.OrgName)})
	}
	for _, o := range d.Warehouses {
		vm.DeliverTo = append(vm.DeliverTo, Option{strconv.FormatInt(o.ID, 10), o.Name})
	}
	for _, it := range d.Items {
		label := ItemName(ctx, it) + " (" + Unit(ctx, it.Unit) + ")"
		if it.Standard != "" {
			label += " · " + it.Standard
		}
		vm.Items = append(vm.Items, Option{it.ID, label})
	}
	for c := range ledger.Currencies {
		vm.Currencies = append(vm.Currencies, c)
	}
	sort.Strings(vm.Currencies)
	for _, kind := range []string{ledger.PledgeGoods, ledger.PledgeMoney} {
		for _, h := range ledger.HandoverMethods[kind] {
			vm.Handovers = append(vm.Handovers, Option{h, T(ctx).Needs.Handover[h]})
		}
	}
	return vm
}

// SetBeyondNeed marks the lines of a pledge refused for giving more than
// its need lines still need, so the form asks the donor to confirm.
func (vm *PledgeFormVM) SetBeyondNeed(err error) {
	var b *ledger.BeyondNeedError
	if errors.As(err, &b) {
		vm.Beyond = b.Lines
	}
}

// Value returns a field's earlier value, or def.
func (vm PledgeFormVM) Value(field, def string) string {
	if v := vm.Form.Get(field); v != "" {
		return v
	}
	return def
}

// PledgeReceiptVM is shown once, right after pledging: the code and
// secret, and what was pledged, for which need, where and by when to bring
// it, as a page to print.
type PledgeReceiptVM struct {
	Code     string
	Secret   string
	TraceURL string // absolute: what the QR code encodes
	Pledge   PledgeVM
}

// NewPledgeReceiptVM builds the receipt for pledge p, just made with secret.
func NewPledgeReceiptVM(ctx context.Context, p *ledger.Pledge, secret, baseURL string, now time.Time) PledgeReceiptVM {
	return PledgeReceiptVM{Code: p.Code, Secret: secret, TraceURL: TraceURL(baseURL, p.Code), Pledge: NewPledgeVM(ctx, p, now)}
}

// TraceURL is the absolute URL a code's QR label points at.
func TraceURL(baseURL, code string) string { return baseURL + "/t/" + code }

// PledgeVM is a pledge for its donor (my donations) or, without the
// private parts, for the public trace.
type PledgeVM struct {
	Code      string
	Kind      string
	Status    string
	What      string
	NeedID    int64
	NeedTitle string
	Name      string // '' = anonymous
	Handover  string
	Due       string
	Pledged   string
	Overdue   bool
	CanCancel bool
	DeliverTo string // the organisation that receives it
	Lines     []PledgeLineVM
	// Places are the delivery places (city and district) of the need lines
	// it answers; Deadline the earliest of their deadlines ("" if none).
	Places   []string
	Deadline string
}

// PledgeLineVM is one line of goods.
type PledgeLineVM struct {
	ItemName string
	Quantity int64
	Unit     string
	NeedLine int
	Place    string // the need line's delivery place
	Received int64  // received so far
	Over     int64  // of which more than pledged (a stated over-delivery)
}

// NewPledgeVM copies a pledge's shareable facts; never its donor's account.
func NewPledgeVM(ctx context.Context, p *ledger.Pledge, now time.Time) PledgeVM {
	vm := PledgeVM{Code: p.Code, Kind: p.Kind, Status: p.Status, What: PledgeWhat(ctx, p), NeedID: p.NeedID, NeedTitle: p.NeedTitle,
		Name: p.DisplayName, Handover: p.Handover, Due: p.Due, Pledged: dateOf(p.Created), Overdue: p.Overdue(now),
		CanCancel: ledger.CanCancelPledge(p.Status) == nil, DeliverTo: p.HolderName}
	for _, l := range p.Lines {
		vm.Lines = append(vm.Lines, PledgeLineVM{ItemName: ItemName(ctx, l.Item), Quantity: l.Quantity, Unit: Unit(ctx, l.Item.Unit), NeedLine: l.NeedLine,
			Place: l.Place, Received: l.Received, Over: l.Over})
		if l.Place != "" && !slices.Contains(vm.Places, l.Place) {
			vm.Places = append(vm.Places, l.Place)
		}
		if l.Deadline != "" && (vm.Deadline == "" || l.Deadline < vm.Deadline) {
			vm.Deadline = l.Deadline
		}
	}
	return vm
}

// MyDonationsVM is the donor's list of their pledges.
type MyDonationsVM struct {
	Pledges []PledgeVM
}

// NewMyDonationsVM lists pledges newest first.
func NewMyDonationsVM(ctx context.Context, ps []*ledger.Pledge, now time.Time) MyDonationsVM {
	var vm MyDonationsVM
	for _, p := range ps {
		vm.Pledges = append(vm.Pledges, NewPledgeVM(ctx, p, now))
	}
	return vm
}

// DonationVM is one of the donor's pledges, with its QR code and cancel form.
type DonationVM struct {
	Pledge   PledgeVM
	TraceURL string
	Notice   string
}

// ProveVM is the "prove it's mine" page: Result is nil before a check.
type ProveVM struct {
	Code   string
	Result *bool
	Error  string
}

// PledgeTraceVM is /t/{code} for a pledge.
type PledgeTraceVM struct {
	Pledge PledgeVM
	Lots   []string
	Chain  []ChainRow
	// WhereSummary answers "where did my donation go" in one line; Where is
	// the tree: per item, each place its goods are now.
	WhereSummary string
	Where        []WhereItem
	// ReceiveHref is the custody form that receives a delivery of the
	// pledge as lots, for a member of a warehouse or recipient ("" if none).
	ReceiveHref string
	Money       *MoneyTraceVM // a money pledge: what it became
}

// NewPledgeTraceVM builds the public trace of a pledge.
func NewPledgeTraceVM(ctx context.Context, t *ledger.PledgeTrace, now time.Time) PledgeTraceVM {
	vm := PledgeTraceVM{Pledge: NewPledgeVM(ctx, t.Pledge, now), Lots: t.Lots}
	vm.Pledge.CanCancel = false
	if t.Money != nil {
		vm.Money = NewMoneyTraceVM(ctx, t.Money)
	}
	vm.Chain = ChainRows(ctx, ledger.Subject(ledger.SubjectPledge, t.Pledge.Code), t.Chain, t.Names, t.Corrected)
	vm.WhereSummary, vm.Where = whereNow(ctx, t)
	return vm
}

func donorName(ctx context.Context, name string) string {
	if name == "" {
		return T(ctx).Needs.AnonymousDonor
	}
	return name
}

func needHref(id int64) string { return "/needs/" + strconv.FormatInt(id, 10) }

// WhereItem is one item of a pledge and the places its goods are now.
type WhereItem struct {
	Item   string
	Places []string
}

// whereNow builds the summary line and the tree of where a pledge's goods
// are: used first, then held, on the way, written off.
func whereNow(ctx context.Context, t *ledger.PledgeTrace) (string, []WhereItem) {
	tx := T(ctx).Common
	if len(t.Where) == 0 {
		return "", nil
	}
	order := map[string]int{ledger.PlaceUsed: 0, ledger.PlaceHeld: 1, ledger.PlaceInTransit: 2, ledger.PlaceWrittenOff: 3}
	format := map[string]string{ledger.PlaceUsed: tx.WhereUsed, ledger.PlaceHeld: tx.WhereHeld, ledger.PlaceInTransit: tx.WhereTransit, ledger.PlaceWrittenOff: tx.WhereWrittenOff}
	places := slices.Clone(t.Where)
	slices.SortStableFunc(places, func(a, b ledger.PledgePlace) int {
		return cmp.Or(cmp.Compare(a.Item, b.Item), cmp.Compare(order[a.Kind], order[b.Kind]))
	})
	var items []WhereItem
	var usedAt, heldBy []string
	for _, p := range places {
		name := t.Names.Orgs[p.Org]
		if item := ItemName(ctx, t.Names.Items[p.Item]); len(items) == 0 || items[len(items)-1].Item != item {
			items = append(items, WhereItem{Item: item})
		}
		it := &items[len(items)-1]
		it.Places = append(it.Places, sprintf(format[p.Kind], Qty(ctx, p.Quantity, p.Unit), name))
		switch p.Kind {
		case ledger.PlaceUsed:
			if !slices.Contains(usedAt, name) {
				usedAt = append(usedAt, name)
			}
		case ledger.PlaceHeld, ledger.PlaceInTransit:
			if !slices.Contains(heldBy, name) {
				heldBy = append(heldBy, name)
			}
		}
	}
	list := func(names []string) string {
		if len(names) == 0 {
			return tx.WhereNobody
		}
		return strings.Join(names, ", ")
	}
	return sprintf(tx.WhereSummary, list(usedAt), list(heldBy)), items
}
