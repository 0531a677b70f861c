package views

// View models of the money pages: the public funds page, an
// organisation's money desk, and what a money pledge became.

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// BalanceRowVM is one organisation's money in one currency, as text.
type BalanceRowVM struct {
	OrgName, OrgHref, Currency                          string
	Donated, TransferredIn, Disbursed, Spent, Overheads string
	WrittenOff, Held, InTransit                         string
	ByCategory                                          []string // aligned with the page's Categories
}

func orgHref(id int64) string { return "/orgs/" + strconv.FormatInt(id, 10) }

func newBalanceRow(b *ledger.Balance, name string, cats []string) BalanceRowVM {
	a := func(n int64) string { return Amount(b.Currency, n) }
	r := BalanceRowVM{OrgName: name, OrgHref: orgHref(b.Org), Currency: b.Currency, Donated: a(b.Donated), TransferredIn: a(b.TransferredIn),
		Disbursed: a(b.Disbursed), Spent: a(b.SpentTotal()), Overheads: a(b.SpentTotal() - b.Spent[ledger.SpendSupplies]),
		WrittenOff: a(b.WrittenOff), Held: a(b.Held), InTransit: a(b.InTransit)}
	for _, c := range cats {
		r.ByCategory = append(r.ByCategory, a(b.Spent[c]))
	}
	return r
}

// FundsCurrencyVM is the funds page's part for one currency.
type FundsCurrencyVM struct {
	Currency   string
	Chart      Sankey
	Drawn, Of  int      // transfers between the organisations the chart draws, of how many (Of > Drawn: only the largest)
	Categories []Option // categories with any spending
	Rows       []BalanceRowVM
	Total      BalanceRowVM
}

// FundsVM is the public funds page.
type FundsVM struct {
	Currencies []FundsCurrencyVM
	Next       string // the next page of organisations, "" if none
}

// NewFundsVM builds the funds page: per currency a table of the page's
// organisations' figures with the platform's totals, and a flow chart from
// donors through the page's organisations to what the money was spent on
// and what is still held.
func NewFundsVM(ctx context.Context, r *ledger.FundsReport) FundsVM {
	t := T(ctx)
	var vm FundsVM
	byCur := map[string][]*ledger.Balance{}
	for _, b := range r.Balances {
		byCur[b.Currency] = append(byCur[b.Currency], b)
	}
	for _, total := range r.Totals { // sorted by currency
		cur := total.Currency
		cv := FundsCurrencyVM{Currency: cur}
		var cats []string
		for _, c := range ledger.SpendCategories {
			if total.Spent[c] > 0 {
				cats = append(cats, c)
				cv.Categories = append(cv.Categories, Option{c, t.Category(c)})
			}
		}
		for _, b := range byCur[cur] {
			cv.Rows = append(cv.Rows, newBalanceRow(b, r.Names[b.Org], cats))
		}
		cv.Total = newBalanceRow(total, t.Funds.Totals, cats)
		cv.Chart = fundsChart(ctx, cur, byCur[cur], r.Transfers, r.Names)
		for _, tr := range r.Transfers {
			if tr.Currency == cur {
				cv.Drawn++
			}
		}
		cv.Of = r.TransferCounts[cur]
		vm.Currencies = append(vm.Currencies, cv)
	}
	return vm
}

// fundsChart lays out donors -> organisations (deeper columns for money
// passed on) -> spending categories, what is held and what was lost.
// Values are minor units; the chart's table writes them as amounts.
func fundsChart(ctx context.Context, cur string, bs []*ledger.Balance, transfers []ledger.Transfer, names map[int64]string) Sankey {
	t := T(ctx)
	col := map[int64]int{}
	for _, b := range bs {
		col[b.Org] = 1
	}
	for range len(bs) { // a transfer puts its receiver right of its sender
		for _, tr := range transfers {
			if tr.Currency == cur && col[tr.To] <= col[tr.From] && col[tr.From] < 6 {
				col[tr.To] = col[tr.From] + 1
			}
		}
	}
	last := 2
	for _, c := range col {
		last = max(last, c+1)
	}
	nodes := []SankeyNode{{ID: "donors", Label: t.Funds.ChartDonors, Column: 0}}
	var links []SankeyLink
	org := func(id int64) string { return "org-" + strconv.FormatInt(id, 10) }
	for _, b := range bs {
		nodes = append(nodes, SankeyNode{ID: org(b.Org), Label: names[b.Org], Column: col[b.Org]})
		links = append(links, SankeyLink{From: "donors", To: org(b.Org), Value: b.Donated})
	}
	for _, tr := range transfers {
		if tr.Currency == cur {
			links = append(links, SankeyLink{From: org(tr.From), To: org(tr.To), Value: tr.Amount})
		}
	}
	for _, c := range ledger.SpendCategories {
		nodes = append(nodes, SankeyNode{ID: c, Label: t.Category(c), Column: last})
	}
	nodes = append(nodes, SankeyNode{ID: "held", Label: t.Funds.ChartHeld, Column: last}, SankeyNode{ID: "lost", Label: t.Funds.ColWrittenOff, Column: last})
	for _, b := range bs {
		for _, c := range ledger.SpendCategories {
			links = append(links, SankeyLink{From: org(b.Org), To: c, Value: b.Spent[c]})
		}
		links = append(links, SankeyLink{From: org(b.Org), To: "held", Value: b.Held}, SankeyLink{From: org(b.Org), To: "lost", Value: b.WrittenOff})
	}
	links = slices.DeleteFunc(links, func(l SankeyLink) bool { return l.Value <= 0 })
	sk := NewSankey("funds-flow-"+cur, t.Funds.ChartTitle+" ("+cur+")", t.Funds.ChartDesc, cur, nodes, links)
	sk.Currency = cur
	return sk
}

// MoneyLotVM is a money lot held.
type MoneyLotVM struct {
	Code, Display, Href string
	Currency, Amount    string
	AmountInput         string // the whole amount, as a form would take it
	Pledge              Link
}

// TransferVM is a disbursement waiting for its receiver.
type TransferVM struct {
	ID               int64
	From, To         string
	Lot, Currency    string
	Amount, AmountIn string
	LotHref          string
}

// Form names the transfer's confirm/reject form (MoneyDeskVM.Refused).
func (tr TransferVM) Form() string { return fmt.Sprintf("transfer-%d", tr.ID) }

// SpendingVM is one spending listed.
type SpendingVM struct {
	Entry, Category, Amount, Supplier, Purpose, Date string
	EntryHref, InvoiceHref, Invoice                  string
}

// MoneyDeskVM is /funds/desk: an organisation's money.
type MoneyDeskVM struct {
	OrgName, Notice, Today       string
	Error                        FormError // why the form Refused was refused
	Refused                      string    // "receive", "disburse", "spend", "transfer-<id>"
	Balances                     []BalanceRowVM
	Lots                         []MoneyLotVM
	Receivers, Items, Categories []Option
	Reasons                      []Option
	Incoming, Outgoing           []TransferVM
	Spendings                    []SpendingVM
	Form                         url.Values // what was sent, when a form is shown again
	MoneyLines, BoughtLines      []int
}

// In returns what was typed into field k of form f when f was refused (or
// filled in beforehand), "" for the other forms on the desk.
func (vm MoneyDeskVM) In(f, k string) string {
	if vm.Refused != "" && vm.Refused != f {
		return ""
	}
	return vm.Form.Get(k)
}

// ErrorIn is why form f was refused, or nothing if another one was.
func (vm MoneyDeskVM) ErrorIn(f string) FormError {
	if vm.Refused != f {
		return FormError{}
	}
	return vm.Error
}

// Money desk form sizes: lines of money and of lots bought on one purchase.
const (
	SpendMoneyLines  = 3
	SpendBoughtLines = 2
)

// NewMoneyDeskVM builds the money desk.
func NewMoneyDeskVM(ctx context.Context, d *ledger.MoneyDesk, form url.Values, fe FormError, notice string, now time.Time) MoneyDeskVM {
	t := T(ctx)
	vm := MoneyDeskVM{OrgName: d.Org.Name, Notice: notice, Error: fe, Today: now.UTC().Format(ledger.DateFormat), Form: form}
	for i := range SpendMoneyLines {
		vm.MoneyLines = append(vm.MoneyLines, i+1)
	}
	for i := range SpendBoughtLines {
		vm.BoughtLines = append(vm.BoughtLines, i+1)
	}
	for _, b := range d.Balances {
		vm.Balances = append(vm.Balances, newBalanceRow(b, d.Org.Name, nil))
	}
	for _, l := range d.Lots {
		vm.Lots = append(vm.Lots, MoneyLotVM{Code: l.Code, Display: ledger.FormatCode(l.Code), Href: TraceHref(l.Code), Currency: l.Unit,
			Amount: Money(l.Unit, l.Held), AmountInput: amountInput(l.Unit, l.Held), Pledge: lotLink(l.Pledge)})
	}
	for _, o := range d.Receivers {
		vm.Receivers = append(vm.Receivers, Option{strconv.FormatInt(o.ID, 10), o.Name})
	}
	for _, it := range d.Items {
		vm.Items = append(vm.Items, Option{it.ID, itemName(ctx, it) + " (" + Unit(ctx, it.Unit) + ")"})
	}
	for _, c := range ledger.SpendCategories {
		vm.Categories = append(vm.Categories, Option{c, t.Category(c)})
	}
	vm.Reasons = append(vm.Reasons, Option{"", t.Funds.NoReason})
	for _, r := range ledger.DiscrepancyReasons {
		vm.Reasons = append(vm.Reasons, Option{r, reasonText(t, r)})
	}
	for _, hs := range []struct {
		in  []*ledger.HandoffView
		out *[]TransferVM
	}{{d.Incoming, &vm.Incoming}, {d.Outgoing, &vm.Outgoing}} {
		for _, h := range hs.in {
			for i, ln := range h.Lines {
				cur := h.Units[i]
				*hs.out = append(*hs.out, TransferVM{ID: h.ID, From: h.FromName, To: h.ToName, Lot: ln.Lot, Currency: cur,
					Amount: Money(cur, ln.Quantity), AmountIn: amountInput(cur, ln.Quantity), LotHref: TraceHref(ln.Lot)})
			}
		}
	}
	for _, s := range d.Spendings {
		sv := SpendingVM{Entry: strconv.FormatInt(s.Entry, 10), EntryHref: entryHref(s.Entry), Category: t.Category(s.Category),
			Amount: Money(s.Currency, s.Total), Supplier: s.Supplier, Purpose: s.Purpose, Date: s.Date}
		if s.InvoiceSHA256 != "" {
			sv.InvoiceHref, sv.Invoice = "/files/"+s.InvoiceSHA256, shortHex(s.InvoiceSHA256)
		}
		vm.Spendings = append(vm.Spendings, sv)
	}
	return vm
}

// amountInput writes an amount as a form field takes it: "1234.56".
func amountInput(cur string, n int64) string {
	s := Amount(cur, n)
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ',' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func reasonText(t *Text, r string) string {
	if w, ok := t.Public.Reasons[r]; ok {
		return w
	}
	return r
}

// MoneyTraceVM is what a money pledge became, on its /t/{code} page.
type MoneyTraceVM struct {
	Currency, Pledged, Received, Difference string
	Short                                   bool
	ReceivedBy, RefSHA256                   string
	ReceivedLot                             Link
	Lots                                    []MoneyLotVM
	Transfers                               []string
	Spendings                               []TracedSpendingVM
	StillHeld                               string
}

// TracedSpendingVM is one spending drawing on the pledge's money.
type TracedSpendingVM struct {
	Entry                          int64
	EntryHref, Title, Date         string
	Supplier, Invoice, InvoiceHref string
	Share, Total                   string
	Overhead, Shared               bool
	Bought                         []BoughtLotVM
}

// BoughtLotVM is a lot bought, this pledge's part of it, and where it is.
type BoughtLotVM struct {
	Lot            Link
	Item, Quantity string
	Share          string
	Places         []string
}

// NewMoneyTraceVM builds the money part of a pledge's trace.
func NewMoneyTraceVM(ctx context.Context, tr *ledger.MoneyTrace) *MoneyTraceVM {
	t := T(ctx)
	p := tr.Pledge
	vm := &MoneyTraceVM{Currency: p.Currency, Pledged: Money(p.Currency, p.AmountMinor)}
	if tr.Receipt == nil {
		return vm
	}
	r := tr.Receipt
	vm.Received = Money(r.Currency, r.AmountMinor)
	vm.ReceivedBy = sprintf(t.Funds.ReceivedBy, tr.Names[r.Org], r.Date)
	vm.RefSHA256, vm.ReceivedLot = r.RefSHA256, lotLink(r.Lot)
	switch d := r.AmountMinor - p.AmountMinor; {
	case d < 0:
		vm.Difference, vm.Short = sprintf(t.Funds.Shortfall, Money(r.Currency, -d)), true
	case d > 0:
		vm.Difference = sprintf(t.Funds.Surplus, Money(r.Currency, d))
	}
	var held int64
	for _, l := range tr.Lots {
		held += l.Held + l.InTransit
		vm.Lots = append(vm.Lots, MoneyLotVM{Code: l.Code, Display: ledger.FormatCode(l.Code), Href: TraceHref(l.Code), Currency: l.Unit,
			Amount: Money(l.Unit, l.Held), Pledge: lotLink(l.Pledge)})
	}
	vm.StillHeld = Money(p.Currency, held)
	for _, h := range tr.Transfers {
		for i, ln := range h.Lines {
			s := sprintf(t.Funds.TransferLine, Money(h.Units[i], ln.Quantity), h.ToName)
			if h.Status == ledger.StatusReceived && ln.Discrepancy() { // money is received in good condition (Store.ConfirmTransfer): the amount differs
				s += " · " + t.Funds.ReceivedAmount + " " + Money(h.Units[i], ln.Received)
			} else if h.Open() {
				s += " · " + t.Funds.InTransitTo
			}
			vm.Transfers = append(vm.Transfers, s)
		}
	}
	for _, sp := range tr.Spendings {
		b := sp.Body
		sv := TracedSpendingVM{Entry: sp.Entry, EntryHref: entryHref(sp.Entry), Date: b.Date, Supplier: b.Supplier,
			Share: Money(b.Currency, sp.Share.Amount), Total: Money(b.Currency, b.Total()), Overhead: b.Category != ledger.SpendSupplies, Shared: sp.Donors > 1}
		sv.Title = tr.Names[sp.Org] + " · " + t.Category(b.Category)
		if b.Purpose != "" {
			sv.Title += " · " + b.Purpose
		}
		if b.InvoiceSHA256 != "" {
			sv.Invoice, sv.InvoiceHref = b.InvoiceSHA256, "/files/"+b.InvoiceSHA256
		}
		for i, bl := range sp.Bought {
			bv := BoughtLotVM{Lot: lotLink(bl.Code), Item: itemName(ctx, bl.Item), Quantity: Qty(ctx, bl.Quantity, bl.Unit),
				Share: Qty(ctx, sp.Share.Quantities[i], bl.Unit)}
			for _, pl := range bl.Places {
				var f string
				switch pl.Kind {
				case ledger.PlaceUsed:
					f = t.Funds.UsedBy
				case ledger.PlaceInTransit:
					f = t.Funds.InTransitTo + " · " + t.Funds.HeldBy
				default:
					f = t.Funds.HeldBy
				}
				bv.Places = append(bv.Places, Qty(ctx, pl.Quantity, bl.Unit)+" "+sprintf(f, tr.Names[pl.Org])+" ("+ledger.FormatCode(pl.Lot)+")")
			}
			sv.Bought = append(sv.Bought, bv)
		}
		vm.Spendings = append(vm.Spendings, sv)
	}
	return vm
}
