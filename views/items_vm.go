package views

import (
	"context"
	"fmt"
	"net/url"

	"github.com/aidtrail/aidtrail/ledger"
)

// ItemUseRow is one organisation's use of an item.
type ItemUseRow struct {
	Org, Href, Quantity string
}

// ItemFlowRow is one flow of an item.
type ItemFlowRow struct {
	From, FromHref, To, ToHref, Quantity string
}

// ItemVM is one item's public figures: its totals, who used it and every
// flow, each list a page at a time.
type ItemVM struct {
	Item, Name, Unit, LedgerHref string
	Totals                       TotalRow
	Users                        []ItemUseRow
	Flows                        []ItemFlowRow
	// The next page of each list, "" on its last.
	UsersNext, FlowsNext string
}

// NewItemVM lays out an item's figures.
func NewItemVM(ctx context.Context, f *ledger.ItemFigures) ItemVM {
	d := Describing{T: T(ctx), Lang: LangOf(ctx), Names: f.Names}
	unit := UnitIn(d.Lang, f.Item.Unit)
	vm := ItemVM{Item: f.Item.ID, Name: d.Item(f.Item.ID), Unit: unit, LedgerHref: "/ledger?item=" + url.QueryEscape(f.Item.ID)}
	t := f.Totals
	vm.Totals = TotalRow{Item: t.Item, Name: vm.Name, Unit: unit, Pledged: GroupDigits(t.Pledged), Received: GroupDigits(t.Received),
		Delivered: GroupDigits(t.Delivered), Used: GroupDigits(t.Used), WrittenOff: GroupDigits(t.WrittenOff)}
	orgHref := func(id int64) string { return fmt.Sprintf("/orgs/%d", id) }
	for _, u := range f.Users {
		vm.Users = append(vm.Users, ItemUseRow{Org: d.Org(u.Org), Href: orgHref(u.Org), Quantity: GroupDigits(u.Quantity)})
	}
	for _, fl := range f.Flows {
		r := ItemFlowRow{To: d.Org(fl.To), ToHref: orgHref(fl.To), Quantity: GroupDigits(fl.Quantity)}
		switch {
		case fl.From != 0:
			r.From, r.FromHref = d.Org(fl.From), orgHref(fl.From)
		case fl.Anonymous:
			r.From = d.T.Public.AnonymousDonors
		case fl.Purchased:
			r.From = d.T.Public.Purchased
		default:
			r.From = fl.Donor
		}
		vm.Flows = append(vm.Flows, r)
	}
	return vm
}
